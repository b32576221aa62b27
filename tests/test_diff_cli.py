"""``cxmap diff`` on the command line: formats, --exit-code, git REV:PATH, git's diff driver."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, cli

SHOES = ROOT / "examples" / "running-shoes.cxmap.yaml"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def changed_shoes(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of the running-shoes example with each (old, new) text replaced once."""
    text = SHOES.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "new.cxmap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


TRY_ON_MOVED = (
    "name: Tries the shortlisted models\n    phase: evaluation",
    "name: Tries the models\n    phase: purchase",
)
PURCHASE_TARGETS = ("targets: {csat: 4.3, nps: 30}", "targets: {csat: 4.5, nps: 30}")


def test_text_lists_each_change_on_a_line(tmp_path: Path) -> None:
    new = changed_shoes(
        tmp_path, TRY_ON_MOVED, PURCHASE_TARGETS, ("status: planned", "status: done")
    )
    run = cli("diff", SHOES, new)
    assert run.exit_code == 0
    assert run.stdout == (
        f"running-shoes: 4 changes (3 touchpoint, 1 action), {SHOES} -> {new}\n"
        "~ touchpoint 'try-on': renamed 'Tries the shortlisted models' -> 'Tries the models'\n"
        "~ touchpoint 'try-on': moved from phase 'evaluation' to 'purchase'\n"
        "~ touchpoint 'purchase': target csat 4.3 -> 4.5\n"
        "~ action 'gait-booking': status 'planned' -> 'done'\n"
    )


def test_exit_code_option(tmp_path: Path) -> None:
    new = changed_shoes(tmp_path, PURCHASE_TARGETS)
    assert cli("diff", SHOES, new, "--exit-code").exit_code == 1
    assert cli("diff", SHOES, new).exit_code == 0
    same = cli("diff", SHOES, SHOES, "--exit-code")
    assert same.exit_code == 0
    assert same.stdout == f"running-shoes: no changes ({SHOES} -> {SHOES})\n"


def test_json_keys(tmp_path: Path) -> None:
    new = changed_shoes(
        tmp_path, ("questions: {Q5: csat, Q6: nps}", "questions: {Q5: ces, Q6: nps}")
    )
    doc = json.loads(cli("diff", SHOES, new, "--format", "json").stdout)
    assert doc == {
        "old": {"name": str(SHOES), "id": "running-shoes"},
        "new": {"name": str(new), "id": "running-shoes"},
        "changed": True,
        "counts": {"touchpoint": 1},
        "changes": [
            {
                "kind": "touchpoint",
                "id": "purchase",
                "change": "changed",
                "field": "questions.Q5",
                "old": "csat",
                "new": "ces",
            }
        ],
    }


def test_markdown_is_a_table_that_user_text_cannot_break(tmp_path: Path) -> None:
    new = changed_shoes(
        tmp_path, ("name: Buys one model", "name: 'Buys | pays `cash` <script>x</script>'")
    )
    run = cli("diff", SHOES, new, "--format", "markdown")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[0] == "### cxmap diff: `running-shoes`"
    assert "| | part | change |" in lines
    row = lines[-1]
    assert row == (
        "| ✏️ | touchpoint `purchase` | renamed `Buys one model` -> "
        "``Buys \\| pays `cash` <script>x</script>`` |"
    )
    # the only unescaped pipes are the four cell borders
    assert row.replace("\\|", "").count("|") == 4


def test_output_file(tmp_path: Path) -> None:
    new = changed_shoes(tmp_path, PURCHASE_TARGETS)
    out = tmp_path / "diff.md"
    run = cli("diff", SHOES, new, "-f", "markdown", "-o", out)
    assert run.exit_code == 0 and run.stdout == ""
    assert "target csat 4.3 -> 4.5" in out.read_text(encoding="utf-8")


def test_invalid_version_exits_1_with_its_findings(tmp_path: Path) -> None:
    new = changed_shoes(tmp_path, ("phase: first-use", "phase: first-usage"))
    run = cli("diff", SHOES, new)
    assert run.exit_code == 1
    assert f"{new}:" in run.stderr and "first-usage" in run.stderr
    assert "not a valid map" in run.stderr


def test_missing_file_and_wrong_arguments_exit_2(tmp_path: Path) -> None:
    run = cli("diff", SHOES, tmp_path / "gone.yaml")
    assert run.exit_code == 2
    assert "no such file" in run.stderr
    assert cli("diff", SHOES).exit_code == 2
    assert cli("diff", SHOES, SHOES, SHOES).exit_code == 2


def test_dev_null_is_a_new_map() -> None:
    doc = json.loads(cli("diff", "/dev/null", SHOES, "-f", "json").stdout)
    assert doc["old"]["id"] is None
    assert doc["counts"]["touchpoint"] == 6
    assert {c["change"] for c in doc["changes"]} == {"added"}


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity; return stdout."""
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with two commits of maps/shoes.cxmap.yaml (a target changed)."""
    git(tmp_path, "init", "-q")
    (tmp_path / "maps").mkdir()
    target = tmp_path / "maps" / "shoes.cxmap.yaml"
    shutil.copy(SHOES, target)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    changed = changed_shoes(tmp_path, PURCHASE_TARGETS)
    shutil.move(changed, target)
    git(tmp_path, "commit", "-qam", "second")
    return tmp_path


@needs_git
def test_rev_path_reads_through_git(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    run = cli("diff", "HEAD~1:maps/shoes.cxmap.yaml", "maps/shoes.cxmap.yaml", "--exit-code")
    assert run.exit_code == 1
    assert run.stdout.splitlines()[1:] == ["~ touchpoint 'purchase': target csat 4.3 -> 4.5"]
    same = cli("diff", "HEAD:maps/shoes.cxmap.yaml", "maps/shoes.cxmap.yaml", "--exit-code")
    assert same.exit_code == 0


@needs_git
def test_unknown_revision_or_path_exits_2(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    run = cli("diff", "HEAD~5:maps/shoes.cxmap.yaml", "maps/shoes.cxmap.yaml")
    assert run.exit_code == 2
    assert "HEAD~5:maps/shoes.cxmap.yaml: git cannot read it" in run.stderr
    run = cli("diff", "HEAD:maps/other.yaml", "maps/shoes.cxmap.yaml")
    assert run.exit_code == 2
    assert "does not exist" in run.stderr


@needs_git
def test_git_diff_uses_cxmap_as_diff_driver(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.cxmap.yaml diff=cxmap\n", encoding="utf-8")
    git(repo, "config", "diff.cxmap.command", f"{sys.executable} -m cxmap diff")
    out = git(repo, "diff", "HEAD~1", "HEAD", "--", "maps/shoes.cxmap.yaml")
    assert out == (
        "running-shoes: 1 change (1 touchpoint), "
        "maps/shoes.cxmap.yaml -> maps/shoes.cxmap.yaml\n"
        "~ touchpoint 'purchase': target csat 4.3 -> 4.5\n"
    )


# ------------------------------------------------------------ maps with include:

CATALOGUE = """\
channels:
  - {id: web, name: Website and search, type: online, purpose: awareness}
  - {id: social, name: Friends who run, type: offline, purpose: awareness}
  - {id: store, name: Sports store, type: offline, purpose: sales-support}
"""
CHANNELS_IN_MAP = (
    "channels:\n"
    "  - {id: web, name: Website and search, type: online, purpose: awareness}\n"
    "  - {id: social, name: Friends who run, type: offline, purpose: awareness}\n"
    "  - {id: store, name: Sports store, type: offline, purpose: sales-support}\n"
)


@pytest.fixture
def catalogue_repo(tmp_path: Path) -> Path:
    """maps/shoes.cxmap.yaml takes its channels from catalogues/channels.yaml; two commits,
    the second changes only the catalogue (the store's purpose).
    """
    git(tmp_path, "init", "-q")
    (tmp_path / "maps").mkdir()
    (tmp_path / "catalogues").mkdir()
    text = SHOES.read_text(encoding="utf-8")
    assert text.count(CHANNELS_IN_MAP) == 1
    text = text.replace(CHANNELS_IN_MAP, "include: [../catalogues/channels.yaml]\n")
    (tmp_path / "maps" / "shoes.cxmap.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "catalogues" / "channels.yaml").write_text(CATALOGUE, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    changed = CATALOGUE.replace("purpose: sales-support", "purpose: service")
    (tmp_path / "catalogues" / "channels.yaml").write_text(changed, encoding="utf-8")
    git(tmp_path, "commit", "-qam", "second")
    return tmp_path


@needs_git
def test_rev_path_reads_the_catalogue_of_that_revision(
    catalogue_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(catalogue_repo / "maps")
    for old in ("HEAD~1:maps/shoes.cxmap.yaml", "HEAD~1:./shoes.cxmap.yaml"):
        run = cli("diff", old, "shoes.cxmap.yaml")
        assert run.exit_code == 0, run.stderr
        assert run.stdout.splitlines()[1:] == [
            "~ channel 'store': purpose 'sales-support' -> 'service'"
        ]
    assert (
        cli("diff", "HEAD:maps/shoes.cxmap.yaml", "shoes.cxmap.yaml", "--exit-code").exit_code == 0
    )


@needs_git
def test_catalogue_missing_in_a_revision_is_reported(
    catalogue_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(catalogue_repo, "rm", "-q", "catalogues/channels.yaml")
    git(catalogue_repo, "commit", "-qm", "third")
    monkeypatch.chdir(catalogue_repo)
    run = cli("diff", "HEAD~1:maps/shoes.cxmap.yaml", "HEAD:maps/shoes.cxmap.yaml")
    assert run.exit_code == 1
    assert "HEAD:maps/shoes.cxmap.yaml:" in run.stderr
    assert "'../catalogues/channels.yaml' does not exist" in run.stderr


@needs_git
def test_git_diff_driver_with_includes(catalogue_repo: Path) -> None:
    (catalogue_repo / ".gitattributes").write_text("*.cxmap.yaml diff=cxmap\n", encoding="utf-8")
    git(catalogue_repo, "config", "diff.cxmap.command", f"{sys.executable} -m cxmap diff")
    target = catalogue_repo / "maps" / "shoes.cxmap.yaml"
    target.write_text(target.read_text().replace("emotion: 0", "emotion: -1"), encoding="utf-8")
    out = git(catalogue_repo, "diff", "HEAD", "--", "maps/shoes.cxmap.yaml")
    assert out.splitlines()[1:] == ["~ touchpoint 'store-advice': emotion 0 -> -1"]


@needs_git
def test_git_driver_goes_on_past_an_invalid_map_and_handles_new_and_renamed_maps(
    repo: Path,
) -> None:
    (repo / ".gitattributes").write_text("*.cxmap.yaml diff=cxmap\n", encoding="utf-8")
    git(repo, "config", "diff.cxmap.command", f"{sys.executable} -m cxmap diff")
    maps = repo / "maps"
    broken = SHOES.read_text(encoding="utf-8").replace("phase: first-use", "phase: nowhere")
    (maps / "a-broken.cxmap.yaml").write_text(broken, encoding="utf-8")
    shutil.copy(SHOES, maps / "b-new.cxmap.yaml")
    git(repo, "add", ".")
    git(repo, "mv", "maps/shoes.cxmap.yaml", "maps/z-moved.cxmap.yaml")
    out = git(repo, "diff", "--cached", "-M", "HEAD", "--", "maps")
    lines = out.splitlines()
    assert lines[0] == (
        "cxmap: maps/a-broken.cxmap.yaml: not a valid map; fix it (cxmap validate) before diffing"
    )
    # git went on: the new map is all additions, the moved one is compared with its old self
    assert lines[1].startswith("running-shoes: 25 changes (")
    assert lines[1].endswith("maps/b-new.cxmap.yaml -> maps/b-new.cxmap.yaml")
    assert lines[-1] == (
        "running-shoes: no changes (maps/shoes.cxmap.yaml -> maps/z-moved.cxmap.yaml)"
    )


# ------------------------------------------------------------ --textconv


def test_textconv_lists_one_fact_per_line(tmp_path: Path) -> None:
    path = tmp_path / "tiny.cxmap.yaml"
    path.write_text(
        'cxmap: 1\nid: tiny\ntitle: "Two\\nlines"\nsegments: [new]\n'
        "phases: [{id: p, name: P}]\n"
        "channels: [{id: web, name: Web, type: online}]\n"
        "metrics: [{id: wait, name: Wait, scale: [0, 60], higher_is_better: false}]\n"
        "touchpoints:\n"
        "  - {id: a, name: A, phase: p, channel: web, needs: [N1, N2], targets: {csat: 4}}\n"
        "  - {id: b, name: B, phase: p, channel: web, emotion: -1}\n",
        encoding="utf-8",
    )
    run = cli("diff", "--textconv", path)
    assert run.exit_code == 0
    assert run.stdout == (
        "map: cxmap: 1\n"
        "map: id: tiny\n"
        "map: title: Two\\nlines\n"
        "segment: new\n"
        "phase p: name: P\n"
        "channel web: name: Web\n"
        "channel web: type: online\n"
        "metric wait: name: Wait\n"
        "metric wait: scale: [0, 60]\n"
        "metric wait: higher_is_better: false\n"
        "touchpoint a: name: A\n"
        "touchpoint a: phase: p\n"
        "touchpoint a: channel: web\n"
        "touchpoint a: needs: N1\n"
        "touchpoint a: needs: N2\n"
        "touchpoint a: targets.csat: 4\n"
        "touchpoint b: name: B\n"
        "touchpoint b: phase: p\n"
        "touchpoint b: channel: web\n"
        "touchpoint b: emotion: -1\n"
        "flow: a -> b\n"
    )


def test_textconv_shows_text_that_is_not_a_map_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("cxmap: 1\nid: [unclosed\n", encoding="utf-8")
    run = cli("diff", "--textconv", path)
    assert run.exit_code == 0
    assert run.stdout.startswith("# cxmap: not read as a map (YAML syntax error")
    assert run.stdout.endswith("\ncxmap: 1\nid: [unclosed\n")
    assert cli("diff", "--textconv", path, path).exit_code == 2


@needs_git
def test_git_log_uses_textconv(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.cxmap.yaml diff=cxmap\n", encoding="utf-8")
    git(repo, "config", "diff.cxmap.textconv", f"{sys.executable} -m cxmap diff --textconv")
    target = repo / "maps" / "shoes.cxmap.yaml"
    target.write_text(target.read_text().replace(*TRY_ON_MOVED), encoding="utf-8")
    git(repo, "commit", "-qam", "third")
    out = git(repo, "log", "-p", "-1", "--format=", "--", "maps/shoes.cxmap.yaml")
    changed = [line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changed == [
        "-touchpoint try-on: name: Tries the shortlisted models",
        "-touchpoint try-on: phase: evaluation",
        "+touchpoint try-on: name: Tries the models",
        "+touchpoint try-on: phase: purchase",
    ]


def test_a_revision_is_never_read_as_a_git_option() -> None:
    run = cli("diff", "--", "--output=/tmp/cxmap-pwned:x.cxmap.yaml", "x.cxmap.yaml")
    assert run.exit_code == 2
    assert "a revision cannot start with '-'" in run.stderr
    assert not Path("/tmp/cxmap-pwned").exists()
