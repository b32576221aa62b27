"""cxmap installs the way people install their tools, and a plain clone stands alone.

Each test here works as a user would: a fresh virtual environment, a clone with
nothing beside it, pre-commit against the repository, the GitHub Action's
script. They need the package registry for cxmap's dependencies (pip's cache
makes the second run quick).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

EXAMPLES = ROOT / "examples"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def run(args: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a program with a clean environment (no PYTHONPATH, no virtualenv of ours)."""
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env={**clean, "NO_COLOR": "1", **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def fresh_venv(where: Path) -> Path:
    """A new virtual environment with pip; returns its bin folder."""
    venv.EnvBuilder(with_pip=True, clear=True).create(where)
    return where / "bin"


def committed_clone(into: Path) -> Path:
    """A clone of this repository's committed HEAD, in a folder with nothing beside it."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of cxmap")
    into.mkdir()
    clone = into / "cxmap"
    done = run(["git", "clone", "--quiet", ROOT, clone], cwd=into)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in into.iterdir()) == ["cxmap"]
    return clone


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One plain clone for the tests of this module."""
    return committed_clone(tmp_path_factory.mktemp("plain") / "alone")


def test_nothing_in_the_tree_reads_outside_the_clone(clone: Path) -> None:
    done = run(
        ["git", "grep", "-n", "-E", r"\.\./shared|parent / [\"']shared[\"']", "--", "."], clone
    )
    hits = [line for line in done.stdout.splitlines() if not line.split(":", 1)[0].endswith(".md")]
    assert hits == []


def test_the_suite_passes_in_a_plain_clone(clone: Path) -> None:
    """The fast part of the suite, run from a clone whose parent holds nothing else."""
    fast = [
        "tests/test_cli_validate.py",
        "tests/test_api_schema.py",
        "tests/test_validate_fixtures.py",
        "tests/test_findings_golden.py",
        "tests/test_gaps_cli.py",
        "tests/test_docs.py",
    ]
    done = run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *fast],
        clone,
        PYTHONPATH=str(clone),
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    where = run(
        [sys.executable, "-c", "import cxmap; print(cxmap.__file__)"], clone, PYTHONPATH=str(clone)
    )
    assert where.stdout.strip().startswith(str(clone)), "the suite did not test the clone"


def test_the_wheel_installs_and_runs_outside_the_clone(clone: Path, tmp_path: Path) -> None:
    """``pip wheel`` + ``pip install`` into a fresh venv: every command works from elsewhere."""
    dist = tmp_path / "dist"
    built = run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, clone], tmp_path
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("cxmap-*.whl")
    bin_ = fresh_venv(tmp_path / "venv")
    installed = run([bin_ / "python", "-m", "pip", "install", "--quiet", wheel], tmp_path)
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    for name in ("running-shoes.cxmap.yaml", "surveys/running-shoes.csv"):
        (elsewhere / Path(name).name).write_bytes((clone / "examples" / name).read_bytes())
    cxmap = bin_ / "cxmap"
    steps: list[list[str | Path]] = [
        [cxmap, "--version"],
        [cxmap, "validate", "running-shoes.cxmap.yaml"],
        [cxmap, "lint", "running-shoes.cxmap.yaml"],
        [cxmap, "gaps", "running-shoes.cxmap.yaml", "-s", "running-shoes.csv", "-f", "json"],
        [cxmap, "render", "running-shoes.cxmap.yaml", "--format", "dot", "-o", "shoes.dot"],
        [cxmap, "init", "new.cxmap.yaml", "--template", "hotel"],
        [cxmap, "validate", "new.cxmap.yaml"],
    ]
    if shutil.which("dot"):
        steps.append(
            [
                cxmap,
                "report",
                "running-shoes.cxmap.yaml",
                "-s",
                "running-shoes.csv",
                "-o",
                "report.html",
            ]
        )
    for step in steps:
        done = run(step, elsewhere)
        assert done.returncode == 0, f"{step[1:]}: {done.stdout}{done.stderr}"
    assert VERSION in run([cxmap, "--version"], elsewhere).stdout
    assert (elsewhere / "shoes.dot").read_text().startswith("digraph")
    if shutil.which("dot"):
        assert "<html" in (elsewhere / "report.html").read_text(encoding="utf-8")
    origin = run([bin_ / "python", "-c", "import cxmap; print(cxmap.__file__)"], elsewhere)
    assert str(tmp_path / "venv") in origin.stdout, "cxmap was not imported from the wheel"


def test_the_action_is_valid_and_its_inputs_are_used_right() -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    done = run([checker, "--builtin-schema", "vendor.github-actions", ROOT / "action.yml"], ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"command", "version", "graphviz"} <= set(action["inputs"])
    workflow = yaml.safe_load((EXAMPLES / "ci" / "github-actions.yml").read_text("utf-8"))
    ours = [
        s
        for (job,) in [workflow["jobs"].values()]
        for s in job["steps"]
        if str(s.get("uses", "")).endswith(("/cxmap@REF",))
    ]
    assert ours, "the CI example does not use the action"
    assert all(set(s["with"]) <= set(action["inputs"]) for s in ours)
    text = (EXAMPLES / "ci" / "github-actions.yml").read_text("utf-8")
    assert "pip install" not in text, "the CI example installs a package from the registry"


def test_the_action_installs_from_its_checkout_and_runs(clone: Path, tmp_path: Path) -> None:
    """action/run.py, as action.yml calls it, in a fresh Python: install, version, run."""
    bin_ = fresh_venv(tmp_path / "venv")
    script = clone / "action" / "run.py"
    maps = tmp_path / "maps"
    maps.mkdir()
    shutil.copy(clone / "examples" / "hotel-stay.cxmap.yaml", maps)
    inputs = {"CXMAP_ACTION_PATH": str(clone), "INPUT_GRAPHVIZ": "false"}
    done = run(
        [bin_ / "python", script],
        tmp_path,
        **inputs,
        INPUT_COMMAND="validate --format github 'maps'",
        INPUT_VERSION=VERSION,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"installing cxmap {VERSION}" in done.stdout
    assert (bin_ / "cxmap").exists()
    again = run([bin_ / "python", script], tmp_path, **inputs, INPUT_COMMAND="lint maps")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "installing" not in again.stdout  # installed once per job
    broken = maps / "broken.cxmap.yaml"
    broken.write_text("cxmap: 1\nid: Bad Id\ntitle: x\nphases: []\n", encoding="utf-8")
    failed = run(
        [bin_ / "python", script], tmp_path, **inputs, INPUT_COMMAND="validate --format github maps"
    )
    assert failed.returncode == 1
    assert "::error file=" in failed.stdout
    injected = run(
        [bin_ / "python", script], tmp_path, **inputs, INPUT_COMMAND="validate maps; touch pwned"
    )
    assert not (tmp_path / "pwned").exists()
    assert injected.returncode == 2  # 'maps;' and 'touch' are not files
    wrong = run(
        [bin_ / "python", script],
        tmp_path,
        **inputs,
        INPUT_COMMAND="validate maps",
        INPUT_VERSION="9.9.9",
    )
    assert wrong.returncode == 2
    assert "version 9.9.9 was asked for" in wrong.stdout


def test_pre_commit_try_repo_runs_the_hook(clone: Path, tmp_path: Path) -> None:
    """The README's pre-commit snippet, against a local clone (``pre-commit try-repo``)."""
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed (make test installs it)")
    scratch = tmp_path / "maps-repo"
    scratch.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    assert run([*git, "init", "-q"], scratch).returncode == 0
    shutil.copy(clone / "examples" / "hotel-stay.cxmap.yaml", scratch)
    assert run([*git, "add", "."], scratch).returncode == 0
    home = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    good = run([pre_commit, "try-repo", clone, "cxmap-validate", "--all-files"], scratch, **home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "cxmap validate" in good.stdout and "Passed" in good.stdout
    (scratch / "bad.cxmap.yaml").write_text("cxmap: 1\nid: x\ntitle: X\nphases: []\n", "utf-8")
    assert run([*git, "add", "."], scratch).returncode == 0
    bad = run([pre_commit, "try-repo", clone, "cxmap-validate", "--all-files"], scratch, **home)
    assert bad.returncode == 1
    assert "bad.cxmap.yaml:4:9" in bad.stdout
