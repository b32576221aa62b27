"""The ``cxmap`` program's fast start and exit keep its behaviour (issue 14).

The program imports only the subcommand it is asked for, keeps pydantic's plugin
loader from importing ``importlib.metadata``, runs with cyclic GC off, and leaves
with ``os._exit`` after flushing. These tests run the real program in a subprocess:
outputs complete, exit codes as documented, no temp files left, tracebacks under
``--debug``. How fast it starts is measured by ``bench/bench_validate.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cxmap.cli import COMMANDS, asked_command
from tests.helpers import SHOES_EXAMPLE, cli

CXMAP = str(Path(sys.executable).parent / "cxmap")
PROBE = """
import atexit, sys
import cxmap.cli
WATCHED = ("cxmap.cli.", "importlib.metadata")
atexit.register(
    lambda: print(sorted(m for m in sys.modules if m.startswith(WATCHED)), file=sys.stderr)
)
sys.argv = ["cxmap", *sys.argv[1:]]
cxmap.cli.run()
"""


def run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """The installed ``cxmap`` program, run in a subprocess."""
    return subprocess.run(
        [CXMAP, *map(str, args)], capture_output=True, text=True, check=False, **kwargs
    )  # type: ignore[call-overload, no-any-return]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["validate", "x.yaml"], ("validate",)),
        (["lint", "--format", "json", "x"], ("lint",)),
        (["--help"], COMMANDS),
        (["--version"], COMMANDS),
        ([], COMMANDS),
        (["valdate"], COMMANDS),  # typer's "did you mean" needs every name
        (["--no-such-option", "validate"], COMMANDS),
    ],
)
def test_only_the_asked_command_is_needed(args: list[str], expected: tuple[str, ...]) -> None:
    assert asked_command(args) == expected


def validate_with(probe: str) -> str:
    """What ``probe`` printed last on stderr after ``cxmap validate`` of the example map."""
    done = subprocess.run(
        [sys.executable, "-c", probe, "validate", str(SHOES_EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "no problems in 1 file\n"
    return done.stderr.strip().splitlines()[-1]


def test_a_run_imports_only_its_command_and_no_package_metadata() -> None:
    assert validate_with(PROBE) == "['cxmap.cli.common', 'cxmap.cli.validate']"


def test_root_help_lists_every_command() -> None:
    done = run("--help")
    assert done.returncode == 0
    listed = [line.split()[0] for line in done.stdout.split("Commands:")[1].strip().splitlines()]
    assert listed == list(COMMANDS)


def test_exit_codes_and_large_output_are_kept(tmp_path: Path) -> None:
    from bench.genmap import generate_map

    big = tmp_path / "big.cxmap.yaml"
    big.write_text(generate_map(2000), encoding="utf-8")
    lint = ["lint", "--format", "concise", "--fail-on", "warning", "--today", "2026-11-01", big]
    done = run(*lint)
    expected = cli(*lint)
    assert done.returncode == expected.exit_code == 1
    assert len(done.stdout) > 100_000  # more than one pipe buffer: flushed whole at exit
    assert done.stdout == expected.stdout
    assert run("validate", SHOES_EXAMPLE).returncode == 0
    missing = run("validate", tmp_path / "missing.yaml")
    assert missing.returncode == 2
    assert "no such file" in missing.stderr
    assert run("valdate").returncode == 2


def test_output_file_leaves_no_temp_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    done = run("validate", "--format", "json", "-o", out, SHOES_EXAMPLE)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert out.read_text(encoding="utf-8").startswith("{")


def test_full_disk_or_closed_stdout_is_exit_2() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [CXMAP, "validate", str(SHOES_EXAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == "cxmap: cannot write the result to stdout (No space left on device)\n"
    closed = subprocess.run(
        f"'{CXMAP}' validate '{SHOES_EXAMPLE}' >&-",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert closed.returncode == 2
    assert "stdout is closed" in closed.stderr


BROKEN = """
import sys
import cxmap.cli, cxmap.validate
def boom(*args, **kwargs):
    raise RuntimeError("planted bug")
cxmap.validate.validate_path = boom
sys.argv = ["cxmap", *sys.argv[1:]]
cxmap.cli.run()
"""


def test_internal_error_is_exit_3_and_debug_shows_the_traceback() -> None:
    plain = subprocess.run(
        [sys.executable, "-c", BROKEN, "validate", str(SHOES_EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode == 3
    assert plain.stderr.startswith("cxmap: internal error: RuntimeError: planted bug")
    assert "Traceback" not in plain.stderr
    debug = subprocess.run(
        [sys.executable, "-c", BROKEN, "--debug", "validate", str(SHOES_EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "RuntimeError: planted bug" in debug.stderr


def test_stored_root_help_is_what_typer_prints() -> None:
    from cxmap.cli.roothelp import typer_help
    from cxmap.cli.roothelp_text import TEXT

    assert typer_help() == TEXT, "regenerate it: python -m cxmap.cli.roothelp"


def test_root_help_is_printed_without_typer() -> None:
    probe = (
        "import atexit, sys\n"
        "import cxmap.cli\n"
        "atexit.register(lambda: print('typer' in sys.modules, file=sys.stderr))\n"
        "sys.argv = ['cxmap', '--help']\n"
        "cxmap.cli.run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0
    assert done.stderr == "False\n"
    assert done.stdout.startswith("Usage: cxmap [OPTIONS] COMMAND [ARGS]...")


def test_a_narrow_terminal_gets_typer_s_own_layout() -> None:
    done = run("--help", env={"COLUMNS": "60", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0
    assert max(len(line) for line in done.stdout.splitlines()) <= 60
    assert "validate" in done.stdout


DEFERRED_PROBE = """
import sys, types
import cxmap.cli
loaded = lambda name: type(sys.modules.get(name)).__name__
cxmap.cli._defer_imports()
before = [loaded(n) for n in ("subprocess", "secrets")]
import subprocess                      # an import of a deferred module does not load it
still = loaded("subprocess")
from subprocess import PIPE            # the first attribute read loads the real module
done = subprocess.run([sys.executable, "-c", "print(6 * 7)"], stdout=PIPE, text=True)
print(before, still, loaded("subprocess"), done.stdout.strip(),
      subprocess.run is sys.modules["subprocess"].run, "_hashlib" in sys.modules)
"""


def test_deferred_modules_load_whole_on_first_use() -> None:
    done = subprocess.run(
        [sys.executable, "-S", "-c", DEFERRED_PROBE], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "['_Deferred',",
        "'_Deferred']",
        "_Deferred",
        "module",
        "42",
        "True",
        "False",
    ]


def test_a_validate_run_leaves_the_deferred_modules_unloaded() -> None:
    probe = PROBE.replace(
        'WATCHED = ("cxmap.cli.", "importlib.metadata")',
        'WATCHED = ("subprocess", "secrets", "_hashlib")',
    ).replace(
        "sorted(m for m in sys.modules if m.startswith(WATCHED))",
        "[(m, type(sys.modules[m]).__name__) for m in WATCHED if m in sys.modules]",
    )
    modules = validate_with(probe)
    assert modules == "[('subprocess', '_Deferred'), ('secrets', '_Deferred')]"
