"""Hostile input through the commands: bounded output, clear exit 2, inputs never harmed.

Every fixture is built here, in the test, from a small valid map.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import cli
from tests.hostile_cases import SMALL_MAP
from tests.hostile_cases import git as _git

TODAY = "2026-01-01"
MAP = SMALL_MAP


def write(tmp_path: Path, text: str, name: str = "m.cxmap.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def findings(run_stdout: str) -> list[tuple[int, str]]:
    return [(f["line"], f["code"]) for f in json.loads(run_stdout)["findings"]]


# ---------------------------------------------------------------- line counting


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_suppression_counts_lines_as_yaml_does(tmp_path: Path, newline: str) -> None:
    # a NEL inside a quoted scalar is a line break for YAML (and for the findings' lines)
    text = MAP.replace('description: "x"', 'description: "x\x85y"').replace(
        "channel: web}", "channel: web}  # cxmap: ignore[CX503]"
    )
    path = write(tmp_path, text.replace("\n", newline))
    run = cli("lint", "-f", "json", "--today", TODAY, path)
    found = findings(run.stdout)
    assert (11, "CX301") in found  # the touchpoint's line, counted after the NEL
    assert (11, "CX503") not in found
    assert "CX901" not in {code for _, code in found}


def test_text_excerpt_shows_the_line_yaml_counts(tmp_path: Path) -> None:
    text = MAP.replace('description: "x"', 'description: "x\u2028y"')
    path = write(tmp_path, text.replace("\n", "\r"))
    run = cli("lint", "--today", TODAY, "--select", "CX503", path)
    assert "    11 |   - {id: t, name: T, phase: p, channel: web}" in run.stdout


# ---------------------------------------------------------------- bounded output


def test_lint_text_of_a_long_one_line_map_is_bounded(tmp_path: Path) -> None:
    flow = ", ".join(f"{{id: t{i}, name: T, phase: p, channel: web}}" for i in range(1000))
    text = (
        "{cxmap: 1, id: m, title: M, phases: [{id: p, name: P}], "
        f"channels: [{{id: web, name: Web, type: online}}], touchpoints: [{flow}]}}\n"
    )
    path = write(tmp_path, text)
    assert len(text) > 40_000
    run = cli("lint", "--today", TODAY, path)
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert len(lines) > 4000  # thousands of findings, each with its excerpt...
    assert max(len(line) for line in lines) < 400  # ...clipped to a window
    assert len(run.stdout) < 2_000_000


# ---------------------------------------------------------------- numbers

NUMBERS = MAP.replace(
    "touchpoints:\n",
    "metrics:\n  - {id: wait, name: Wait, scale: [0, 60]}\ntouchpoints:\n",
)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("scale: [0, 60]", "scale: [0, 1e999]", "too large to be a number"),
        ("scale: [0, 60]", "scale: [0, 1e300]", "it must be at most"),
        ("scale: [0, 60]", "scale: [false, true]", "should be a number, not false"),
        ("channel: web}", "channel: web, emotion: true}", "should be a whole number, not true"),
        ("channel: web}", "channel: web, targets: {wait: 1e999}}", "too large to be a number"),
        ("channel: web}", "channel: web, targets: {wait: true}}", "should be a number, not true"),
        ("channel: web}", "channel: web, targets: {wait: -.nan}}", "should be a number"),
        ("scale: [0, 60]}", "scale: [0, 60], labels: {ok: true}}", "should be a number, not true"),
        ("scale: [0, 60]}", "scale: [0, 60], higher_is_better: 0}", "should be true or false"),
        ("cxmap: 1", "cxmap: true", "should be a whole number, not true"),
    ],
)
def test_numbers_are_finite_and_never_booleans(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    assert old in NUMBERS
    path = write(tmp_path, NUMBERS.replace(old, new, 1))
    run = cli("validate", "-f", "json", path)
    assert run.exit_code == 1
    found = json.loads(run.stdout)["findings"]
    assert {f["code"] for f in found} == {"CX010"}
    assert any(words in f["message"] for f in found), found


def _strict(text: str) -> object:
    def refuse(constant: str) -> object:
        raise AssertionError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_every_json_output_is_strict(tmp_path: Path) -> None:
    shoes = Path(__file__).resolve().parent.parent / "examples" / "running-shoes.cxmap.yaml"
    survey = shoes.parent / "surveys" / "running-shoes.csv"
    for args in (
        ("validate", "-f", "json", shoes),
        ("lint", "-f", "json", shoes),
        ("lint", "-f", "sarif", shoes),
        ("gaps", "-f", "json", shoes, "--survey", survey),
        ("diff", "-f", "json", shoes, shoes),
        ("rules", "--format", "json"),
        ("schema",),
    ):
        run = cli(*args)
        assert run.exit_code in (0, 1), (args, run.stderr)
        _strict(run.stdout)


def test_strict_json_refuses_what_is_not_json() -> None:
    from cxmap.escape import strict_json

    with pytest.raises(ValueError):
        strict_json({"x": float("inf")})


@pytest.mark.parametrize(
    "args",
    [
        ("gaps", "--fail-below", "nan"),
        ("gaps", "--fail-below", "inf"),
        ("render", "--timeout", "inf"),
        ("render", "--timeout", "nan"),
        ("report", "--timeout", "inf"),
    ],
)
def test_numeric_options_are_finite(tmp_path: Path, args: tuple[str, ...]) -> None:
    path = write(tmp_path, MAP)
    survey = tmp_path / "s.csv"
    survey.write_text("touchpoint,metric,value\nt,csat,4\n")
    extra = ("--survey", str(survey)) if args[0] == "gaps" else ()
    run = cli(args[0], path, *args[1:], *extra)
    assert run.exit_code == 2
    assert f"Invalid value for '{args[1]}'" in run.stderr


# ---------------------------------------------------------------- config


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ("fail-on = []\n", "'fail-on' is []; use one of"),
        ('fail-on = ["error"]\n', "'fail-on' is ['error']; use one of"),
        ('[severity]\nCX301 = ["error"]\n', "severity of 'CX301' is ['error']"),
        ('[rules.CX201]\nstages = [["awareness"]]\n', "must be a list of funnel stages"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nests arrays or tables too deeply"),
        ("a = " + "{b = " * 5000 + "1" + "}" * 5000 + "\n", "nests arrays or tables too deeply"),
        ("# " + "x" * (1024 * 1024) + "\n", "larger than 1024 KiB"),
        ("fail-on = 'error'\n\udcff\n", "not UTF-8"),
        (
            '[per-file-ignores]\n"' + "*a" * 200 + '" = ["CX3"]\n',
            "longer than 256 characters",
        ),
        (
            "[per-file-ignores]\n" + "".join(f'"g{i}" = ["CX3"]\n' for i in range(501)),
            "more than 500 globs",
        ),
    ],
)
def test_bad_config_is_exit_2_with_a_message(tmp_path: Path, config: str, words: str) -> None:
    path = write(tmp_path, MAP)
    (tmp_path / "c.toml").write_bytes(config.encode("utf-8", "surrogateescape"))
    run = cli("lint", "--config", tmp_path / "c.toml", path)
    assert run.exit_code == 2, run.stderr
    assert words in run.stderr


def test_config_from_a_device_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    run = cli("lint", "--config", "/dev/zero", write(tmp_path, MAP))
    assert run.exit_code == 2
    assert "larger than 1024 KiB" in run.stderr


# ---------------------------------------------------------------- git blobs


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_large_git_blob_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxmap import gitread

    _git(tmp_path, "init", "-q")
    big = tmp_path / "big.cxmap.yaml"
    big.write_bytes(MAP.encode() + b"# padding\n" * (11 * 1024 * 1024 // 10))
    (tmp_path / "catalogue.yaml").write_bytes(b"# padding\n" * (11 * 1024 * 1024 // 10))
    write(tmp_path, MAP.replace("phases:", "include: [catalogue.yaml]\nphases:"), "inc.cxmap.yaml")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "big")
    calls: list[list[str]] = []
    real = gitread._git

    def recording(args: list[str], spec: str, cwd: object) -> object:
        calls.append(args)
        return real(args, spec, cwd)  # type: ignore[arg-type]

    monkeypatch.setattr(gitread, "_git", recording)
    monkeypatch.chdir(tmp_path)
    run = cli("diff", "HEAD:big.cxmap.yaml", "/dev/null")
    assert run.exit_code == 1
    assert "larger than 10 MiB" in run.stderr and "[CX003]" in run.stderr
    run = cli("diff", "HEAD:inc.cxmap.yaml", "/dev/null")
    assert run.exit_code == 1
    assert "HEAD:catalogue.yaml: the file is larger than 10 MiB" in run.stderr
    blobs = [args for args in calls if args[:2] == ["cat-file", "blob"]]
    assert blobs == [["cat-file", "blob", "HEAD:inc.cxmap.yaml"]]


# ---------------------------------------------------------------- long labels

LONG = '"' * 4000 + "word " * 2400  # 16 KB; each quote is six characters once escaped


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("view", ["journey", "channels", "emotion"])
def test_a_16_kb_label_is_clipped_and_the_map_renders(tmp_path: Path, view: str) -> None:
    import xml.etree.ElementTree as ET

    quoted = json.dumps(LONG)
    text = (
        MAP.replace("name: T,", f"name: {quoted}, emotion: 1, pain_points: [{quoted}],")
        .replace("name: P,", f"name: {quoted},")
        .replace('title: "M"', f"title: {quoted}\nstart: {quoted}\nend: {quoted}")
    )
    path = write(tmp_path, text)
    out = tmp_path / "out.svg"
    run = cli("render", path, "--view", view, "--detail", "full", "-o", out)
    assert run.exit_code == 0, run.stderr
    svg = out.read_text(encoding="utf-8")
    ET.fromstring(svg)
    assert "…" in svg
    assert len(svg) < 200_000
    mermaid = cli("render", path, "-f", "mermaid")
    assert mermaid.exit_code == 0
    assert max(len(line) for line in mermaid.stdout.splitlines()) < 8000


# ---------------------------------------------------------------- outputs never harm inputs


def _survey(tmp_path: Path) -> Path:
    survey = tmp_path / "s.csv"
    survey.write_text("touchpoint,metric,value\nt,csat,4\n")
    return survey


@pytest.mark.parametrize(
    "command",
    [
        ("gaps", "{map}", "--survey", "{survey}", "-o", "{survey}"),
        ("gaps", "{map}", "--survey", "{survey}", "-o", "{map}"),
        ("gaps", "{map}", "--survey", "{survey}", "--compare", "{old}", "-o", "{old}"),
        ("render", "{map}", "-f", "dot", "-o", "{map}"),
        ("render", "{map}", "-f", "dot", "-o", "{link}"),
        ("render", "{map}", "-f", "dot", "--survey", "{survey}", "-o", "{survey}"),
        ("report", "{map}", "-o", "{map}"),
        ("validate", "{folder}", "-o", "{map}"),
        ("lint", "{folder}", "-o", "{map}"),
        ("lint", "{map}", "--config", "{config}", "-o", "{config}"),
        ("diff", "{map}", "{map}", "-o", "{map}"),
        ("diff", "--textconv", "{map}", "-o", "{map}"),
    ],
)
def test_output_naming_an_input_is_refused(tmp_path: Path, command: tuple[str, ...]) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    path = write(folder, MAP)
    survey = _survey(tmp_path)
    config = tmp_path / "c.toml"
    config.write_text("fail-on = 'error'\n")
    (tmp_path / "link.dot").symlink_to(path)
    old = tmp_path / "old.csv"
    old.write_bytes(survey.read_bytes())
    names = {"map": path, "survey": survey, "folder": folder, "config": config, "old": old}
    names["link"] = tmp_path / "link.dot"
    before = {p: p.read_bytes() for p in (path, survey, config, old)}
    run = cli(*(part.format(**names) for part in command))
    assert run.exit_code == 2, run.stderr
    assert "that is one of the command's inputs" in run.stderr
    assert {p: p.read_bytes() for p in before} == before


def _fake_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    dot = bin_dir / "dot"
    dot.write_text("#!/bin/sh\n" + script)
    dot.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")


def _assert_stopped(pid: int, after: str) -> None:
    """``pid`` is gone or a zombie within 5 s (else it is killed and the test fails)."""
    stat_file = Path(f"/proc/{pid}/stat")
    for _ in range(50):  # the kill is sent; give the kernel a moment
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        if not stat_file.exists() or ") Z " in stat_file.read_text():
            return  # a zombie: killed, waiting for its parent to reap it
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    pytest.fail(f"dot's child survived {after}")


def test_dot_timeout_kills_the_whole_process_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "child.pid"
    _fake_dot(tmp_path, monkeypatch, f"sleep 60 &\necho $! > {pid_file}\nwait\n")
    out = tmp_path / "out.svg"
    start = time.monotonic()
    run = cli("render", write(tmp_path, MAP), "-o", out, "--timeout", "1")
    assert run.exit_code == 2
    assert "dot took longer than 1 s" in run.stderr
    assert time.monotonic() - start < 10
    assert not out.exists()
    _assert_stopped(int(pid_file.read_text()), "the timeout")


@pytest.mark.parametrize("command", ["render", "report"])
def test_non_utf8_answer_from_dot_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    _fake_dot(tmp_path, monkeypatch, "cat > /dev/null\nprintf '<svg>\\377\\376</svg>'\n")
    out = tmp_path / ("out.svg" if command == "render" else "out.html")
    run = cli(command, write(tmp_path, MAP), "-o", out)
    assert run.exit_code == 2, run.stderr
    assert "dot answered with svg that is not UTF-8 text (byte 0xff" in run.stderr
    assert not out.exists()


def _cxmap() -> str:
    return str(Path(sys.executable).parent / "cxmap")


@pytest.mark.parametrize(
    ("redirect", "words"),
    [(">&-", "stdout is closed"), ("> /dev/full", "No space left on device")],
)
def test_stdout_closed_or_full_is_exit_2(tmp_path: Path, redirect: str, words: str) -> None:
    if redirect.endswith("/dev/full") and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    path = write(tmp_path, MAP)
    done = subprocess.run(
        f"'{_cxmap()}' lint '{path}' {redirect}", shell=True, capture_output=True, text=True
    )
    assert done.returncode == 2, done.stderr
    assert words in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_closed_pipe_is_exit_2(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        MAP.replace(
            "touchpoints:\n",
            "touchpoints:\n"
            + "".join(f"  - {{id: t{i}, name: T, phase: p, channel: web}}\n" for i in range(3000)),
        ),
    )
    process = subprocess.Popen(
        [_cxmap(), "lint", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.wait(timeout=60) == 2
    said = process.stderr.read().decode()
    assert "cannot write the result to stdout (Broken pipe)" in said
    assert "Exception ignored" not in said


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_a_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    from cxmap import output
    from cxmap.cli import main

    target = tmp_path / "out.dot"
    target.write_text("old\n")

    def interrupted_fsync(fd: int) -> None:
        os.kill(os.getpid(), signum)
        time.sleep(1)  # the handler runs here

    monkeypatch.setattr(output.os, "fsync", interrupted_fsync)
    monkeypatch.setattr(
        sys, "argv", ["cxmap", "render", str(write(tmp_path, MAP)), "-o", str(target)]
    )
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 128 + signum
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.cxmap.yaml", "out.dot"]
    assert target.read_text() == "old\n"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_sigterm_while_dot_runs_stops_dot_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "child.pid"
    _fake_dot(tmp_path, monkeypatch, f"sleep 60 &\necho $! > {pid_file}\nwait\n")
    out = tmp_path / "out.svg"
    process = subprocess.Popen(
        [_cxmap(), "render", str(write(tmp_path, MAP)), "-o", str(out)],
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    for _ in range(100):
        if pid_file.exists() and pid_file.read_text().strip():
            break
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 128 + signal.SIGTERM
    assert process.stderr is not None
    assert "terminated by signal 15; nothing was written" in process.stderr.read().decode()
    assert not out.exists()
    _assert_stopped(int(pid_file.read_text()), "SIGTERM of cxmap")


@pytest.mark.parametrize("command", ["gaps", "render"])
def test_output_naming_an_included_catalogue_is_refused(tmp_path: Path, command: str) -> None:
    (tmp_path / ".git").mkdir()
    catalogue = tmp_path / "shared.yaml"
    catalogue.write_text("channels:\n  - {id: web, name: Web, type: online}\n")
    text = MAP.replace("channels:\n  - {id: web, name: Web, type: online}\n", "")
    path = write(tmp_path, text.replace("phases:", "include: [shared.yaml]\nphases:"))
    extra = ["--survey", str(_survey(tmp_path))] if command == "gaps" else ["-f", "dot"]
    before = catalogue.read_bytes()
    run = cli(command, path, *extra, "-o", catalogue)
    assert run.exit_code == 2, run.stderr
    assert "that is one of the command's inputs" in run.stderr
    assert catalogue.read_bytes() == before


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(
    ("include", "words"),
    [
        ("../../outside.yaml", "lies outside the repository"),
        ("/etc/passwd", "lies outside the repository"),
        ("shared", "'shared' is a folder, not a catalogue file"),
        ("missing.yaml", "does not exist in HEAD"),
    ],
)
def test_includes_read_from_git_stay_in_the_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, include: str, words: str
) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "c.yaml").write_text("segments: [a]\n")
    write(tmp_path, MAP.replace("phases:", f"include: [{json.dumps(include)}]\nphases:"))
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "one")
    monkeypatch.chdir(tmp_path)
    run = cli("diff", "HEAD:m.cxmap.yaml", "m.cxmap.yaml")
    assert run.exit_code == 1
    assert words in run.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    "args",
    ["schema", "rules", "rules CX101", "rules -f json", "init -", "--version", "lint --help"],
)
def test_every_command_on_a_full_disk_is_exit_2(args: str) -> None:
    done = subprocess.run(
        f"'{_cxmap()}' {args} > /dev/full", shell=True, capture_output=True, text=True
    )
    assert done.returncode == 2, done.stderr
    assert "No space left on device" in done.stderr
    assert "internal error" not in done.stderr and "Exception ignored" not in done.stderr


# ---------------------------------------------------------------- inert outputs, end to end

#: what no human-facing output may hold besides its own line ends (and rich's colours: none here)
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
EVIL = "x\x1b]0;pwned\x07\u202e\r\n::error file=forged::forged | <b>[a](b)</b>"


def _evil_map(tmp_path: Path) -> Path:
    folder = tmp_path / "evil\x1b[31m\nname"
    folder.mkdir()
    text = MAP.replace('title: "M"', f"title: {json.dumps(EVIL)}").replace(
        "name: T,", f"name: {json.dumps(EVIL)}, x-{EVIL[:1]}: 1, owner: {json.dumps(EVIL)},"
    )
    text = text.replace("channel: web}", f"channel: web, pain_points: [{json.dumps(EVIL)}]}}")
    text += f"actions:\n  - {{id: {json.dumps(EVIL)}, touchpoint: t, description: d}}\n"
    return write(folder, text)


@pytest.mark.parametrize(
    ("command", "fmt"),
    [
        ("validate", "text"),
        ("validate", "github"),
        ("lint", "text"),
        ("lint", "concise"),
        ("lint", "github"),
    ],
)
def test_findings_of_a_hostile_map_stay_inert(tmp_path: Path, command: str, fmt: str) -> None:
    path = _evil_map(tmp_path)
    run = cli(command, "-f", fmt, "--allow-include-outside", path)
    assert run.exit_code == 1
    assert FORBIDDEN.search(run.stdout) is None, run.stdout
    lines = run.stdout.splitlines()
    if fmt == "github":
        assert all(
            line.startswith(("::error ", "::warning ", "::notice ", "cxmap: ")) for line in lines
        )
        assert not any("file=forged" in line.split("::")[1] for line in lines if "::" in line)
    if fmt == "concise":
        from cxmap.escape import visible

        assert all(line.startswith(visible(str(path)) + ":") for line in lines[:-1])


def test_gaps_and_diff_of_hostile_text_stay_inert(tmp_path: Path) -> None:
    path = write(
        tmp_path, MAP.replace("name: T,", f"name: {json.dumps(EVIL)}, targets: {{csat: 4}},")
    )
    survey = tmp_path / "s.csv"
    column = EVIL.replace("\r\n", " ").replace('"', "")
    survey.write_text(f'touchpoint,csat,"{column}"\n' + "t,4,1\n" * 40, encoding="utf-8")
    for fmt in ("text", "markdown"):
        run = cli("gaps", path, "--survey", survey, "--layout", "wide", "-f", fmt)
        assert run.exit_code == 0, run.stderr
        assert FORBIDDEN.search(run.stdout) is None, run.stdout
    run = cli("gaps", path, "--survey", survey, "--layout", "wide", "-f", "csv")
    assert FORBIDDEN.search(run.stderr) is None
    old = write(tmp_path, MAP, "old.cxmap.yaml")
    for fmt in ("text", "markdown"):
        run = cli("diff", old, path, "-f", fmt)
        assert run.exit_code == 0, run.stderr
        assert FORBIDDEN.search(run.stdout) is None, run.stdout
        assert "forged" in run.stdout and "\n::error" not in run.stdout


def test_output_to_a_device_that_is_also_an_input_is_fine(tmp_path: Path) -> None:
    run = cli("diff", os.devnull, write(tmp_path, MAP), "-o", os.devnull)
    assert run.exit_code == 0, run.stderr
