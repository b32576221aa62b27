"""``examples/ci/github-actions.yml``: a valid workflow whose cxmap steps really work.

The run steps are executed with bash in a scratch repository laid out as the
workflow expects (maps/, surveys/, diagrams/), the way a runner would run them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from cxmap.cli import COMMANDS
from tests.helpers import ROOT, cli

WORKFLOW = ROOT / "examples" / "ci" / "github-actions.yml"
CXMAP_CALL = re.compile(r"\bcxmap ([a-z]+)([^|;&>\n]*)")


def steps() -> list[dict[str, Any]]:
    """The steps of the workflow's one job."""
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = data["jobs"].values()
    return list(job["steps"])


def is_our_action(step: dict[str, Any]) -> bool:
    """Whether the step uses cxmap's own action (``OWNER/cxmap@REF``)."""
    return bool(re.fullmatch(r"[\w.-]+/cxmap@[\w.-]+", step.get("uses", "")))


def cxmap_calls() -> list[tuple[str, list[str]]]:
    """Every ``cxmap SUBCOMMAND --options`` in the run scripts and in our action's commands."""
    calls = []
    for step in steps():
        script = step.get("run", "").replace("\\\n", " ")
        if is_our_action(step):
            script = "cxmap " + str(step["with"]["command"])
        for sub, rest in CXMAP_CALL.findall(script):
            calls.append((sub, re.findall(r"(?<!\S)(--?[a-zA-Z][\w-]*)", rest)))
    return calls


def test_workflow_is_valid_for_github() -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    if not checker.exists():
        pytest.skip("check-jsonschema is not installed (make bench installs it)")
    done = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_folder_walk_does_not_take_the_workflow_for_a_map() -> None:
    run = cli("validate", ROOT / "examples")
    assert run.exit_code == 0
    assert "github-actions" not in run.stdout + run.stderr


def test_workflow_covers_the_whole_loop() -> None:
    uses = [step.get("uses", "") for step in steps()]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    used = {(sub, opt) for sub, opts in cxmap_calls() for opt in opts}
    assert {
        ("validate", "--format"),
        ("lint", "--format"),
        ("gaps", "--fail-below"),
        ("render", "--check"),
        ("diff", "--format"),
    } <= used
    assert "--format sarif" in WORKFLOW.read_text(encoding="utf-8")


@pytest.mark.parametrize("sub", ["validate", "lint", "gaps", "render", "diff", "report"])
def test_every_option_the_workflow_uses_exists(sub: str) -> None:
    if sub not in COMMANDS:
        pytest.skip(f"the {sub} command has not landed yet")
    helptext = cli(sub, "--help").stdout
    options = {opt for called, opts in cxmap_calls() if called == sub for opt in opts}
    assert options, f"the workflow does not call cxmap {sub}"
    for option in options:
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", helptext), option


# ------------------------------------------------------------ running the steps


def git(repo: Path, *args: str) -> None:
    """Run git in ``repo`` with a fixed identity."""
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        capture_output=True,
        check=True,
    )


def run_step(
    name: str, repo: Path, summary: Path, base: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run the step called ``name`` as GitHub's bash would (``bash -eo pipefail``).

    A step that uses cxmap's own action runs the action's script (action/run.py) with the
    step's inputs, as action.yml passes them; cxmap is already installed here, so the script
    only checks the version and runs the command.
    """
    (step,) = [s for s in steps() if s.get("name") == name]
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    env = {
        **os.environ,
        **{k: str(v) for k, v in data["env"].items()},
        **{
            k: str(v).replace("${{ github.base_ref }}", base)
            for k, v in step.get("env", {}).items()
        },
        "GITHUB_STEP_SUMMARY": str(summary),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
    }
    if is_our_action(step):
        inputs = {
            f"INPUT_{k.upper()}": str(v).lower() if isinstance(v, bool) else str(v)
            for k, v in step["with"].items()
        }
        env.update(inputs, CXMAP_ACTION_PATH=str(ROOT))
        command = [sys.executable, str(ROOT / "action" / "run.py")]
    else:
        command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]]
    return subprocess.run(
        command,
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A map repository as the workflow expects it, with fresh diagrams and a survey."""
    for needed in ("lint", "gaps", "render", "report"):
        if needed not in COMMANDS:
            pytest.skip(f"the {needed} command has not landed yet")
    if shutil.which("git") is None or shutil.which("dot") is None:
        pytest.skip("git and Graphviz's dot are needed to run the workflow's steps")
    for folder in ("maps", "surveys", "diagrams"):
        (tmp_path / folder).mkdir()
    for name in ("hotel-stay", "saas-onboarding"):
        shutil.copy(ROOT / "examples" / f"{name}.cxmap.yaml", tmp_path / "maps")
        svg = tmp_path / "diagrams" / f"{name}.svg"
        assert cli("render", tmp_path / "maps" / f"{name}.cxmap.yaml", "-o", svg).exit_code == 0
    rows = ["touchpoint,metric,value"] + [f"check-in,csat,{4 + i % 2}" for i in range(60)]
    (tmp_path / "surveys" / "hotel-stay.csv").write_text("\n".join(rows) + "\n")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "maps")
    return tmp_path


def test_steps_pass_on_a_clean_repository(repo: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    for name in (
        "Validate",
        "Lint (SARIF for code scanning)",
        "Lint (annotations)",
        "Gaps against the survey exports",
        "Diagrams are up to date",
        "HTML reports",
    ):
        done = run_step(name, repo, summary)
        assert done.returncode == 0, f"{name}: {done.stdout}{done.stderr}"
    assert (repo / "cxmap.sarif").is_file()
    hotel = (repo / "reports" / "hotel-stay.html").read_text(encoding="utf-8")
    assert '<table id="gap-table">' in hotel  # its survey was used
    saas = (repo / "reports" / "saas-onboarding.html").read_text(encoding="utf-8")
    assert '<table id="gap-table">' not in saas and "No survey given" in saas
    assert "no survey for maps/saas-onboarding.cxmap.yaml; skipped" in (
        run_step("Gaps against the survey exports", repo, summary).stdout
    )


def test_gaps_step_fails_below_the_threshold(repo: Path, tmp_path: Path) -> None:
    rows = ["touchpoint,metric,value"] + [f"check-in,csat,{1 + i % 2}" for i in range(60)]
    (repo / "surveys" / "hotel-stay.csv").write_text("\n".join(rows) + "\n")
    done = run_step("Gaps against the survey exports", repo, tmp_path / "summary.md")
    assert done.returncode == 1


def test_a_stale_diagram_fails_the_build(repo: Path, tmp_path: Path) -> None:
    hotel = repo / "maps" / "hotel-stay.cxmap.yaml"
    hotel.write_text(hotel.read_text().replace("Checks in at the front desk", "Checks in"))
    done = run_step("Diagrams are up to date", repo, tmp_path / "summary.md")
    assert done.returncode == 1
    assert "::error file=diagrams/hotel-stay.svg::stale diagram" in done.stdout
    assert "diagrams/saas-onboarding.svg" not in done.stdout


def test_pull_request_summary_holds_the_semantic_diff(repo: Path, tmp_path: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    hotel = repo / "maps" / "hotel-stay.cxmap.yaml"
    hotel.write_text(
        hotel.read_text().replace(
            "targets: {csat: 4.3, checkin-wait: 5}", "targets: {csat: 4.5, checkin-wait: 5}"
        )
    )
    shutil.copy(ROOT / "examples" / "running-shoes.cxmap.yaml", repo / "maps")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "change")
    git(repo, "update-ref", "refs/remotes/origin/main", "main")
    summary = tmp_path / "summary.md"
    done = run_step("What changed in the maps (job summary)", repo, summary, base="main")
    assert done.returncode == 0, done.stderr
    text = summary.read_text()
    assert "### cxmap diff: `hotel-stay`" in text
    assert "| ✏️ | touchpoint `check-in` | target csat 4.3 -> 4.5 |" in text
    assert "### cxmap diff: `running-shoes`" in text  # a new map: diffed against /dev/null
    assert "saas-onboarding" not in text  # unchanged maps are left out
