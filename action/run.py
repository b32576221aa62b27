"""The GitHub Action's one step: install cxmap from the action's checkout, then run it.

``action.yml`` calls this script with the action's inputs in the environment,
never spliced into shell text (a map path or command cannot inject shell):

- ``CXMAP_ACTION_PATH``: the action's own checkout (``github.action_path``);
- ``INPUT_COMMAND``: the cxmap arguments, split like a POSIX shell (``shlex``),
  without glob expansion: name folders (``lint maps/``), not patterns;
- ``INPUT_VERSION``: the cxmap version the workflow expects; empty means
  whatever the action's ref holds. A different version is refused (exit 2);
- ``INPUT_GRAPHVIZ``: ``true`` installs Graphviz (``apt-get install graphviz``)
  when ``dot`` is missing.

cxmap is installed (not editable) into the Python that runs this script,
once: a later step of the same job with the same version skips the install.
The exit code is cxmap's own.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path


def inert(text: str) -> str:
    """``text`` safe in a workflow log line: ``%``, CR and LF escaped as the workflow-command
    rules say (so user text can never start a command of its own), other controls visible.
    cxmap is not installed yet when this runs, so ``cxmap.escape`` cannot be used."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def fail(message: str) -> int:
    """Print ``message`` as a workflow error annotation and return exit code 2."""
    print(f"::error title=cxmap action::{inert(message)}", flush=True)
    return 2


def checkout_version(action_path: Path) -> str:
    """The version in the action checkout's pyproject.toml."""
    with (action_path / "pyproject.toml").open("rb") as handle:
        version: str = tomllib.load(handle)["project"]["version"]
    return version


def installed_version(cxmap: Path) -> str | None:
    """The version ``cxmap --version`` prints, or None when it is not installed."""
    if not cxmap.exists():
        return None
    done = subprocess.run([str(cxmap), "--version"], capture_output=True, text=True, check=False)
    words = done.stdout.split()
    return words[-1] if done.returncode == 0 and words else None


def install_graphviz() -> int:
    """Install Debian/Ubuntu's graphviz when ``dot`` is missing; 0 on success."""
    if shutil.which("dot"):
        return 0
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("installing Graphviz (apt-get install graphviz)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "graphviz"]):
        if subprocess.run([*sudo, *step], env=env, check=False).returncode != 0:
            return fail("could not install Graphviz; render and report need it for svg/png/pdf")
    return 0


def main() -> int:
    """Install, then run ``cxmap INPUT_COMMAND``; return the exit code."""
    action_path = Path(
        os.environ.get("CXMAP_ACTION_PATH") or Path(__file__).resolve().parent.parent
    )
    try:
        args = shlex.split(os.environ.get("INPUT_COMMAND", ""))
    except ValueError as err:
        return fail(f"the command input cannot be split into arguments: {err}")
    if not args:
        return fail("the command input is empty; e.g. command: lint maps/ --format github")
    if args[0] == "cxmap":
        args = args[1:]
    wanted = os.environ.get("INPUT_VERSION", "").strip().removeprefix("v")
    have = checkout_version(action_path)
    if wanted and wanted != have:
        return fail(
            f"version {wanted} was asked for, but this action's ref holds cxmap {have}; "
            f"use the ref of that version in 'uses:' or leave 'version' empty"
        )
    if os.environ.get("INPUT_GRAPHVIZ", "false").strip().lower() == "true":
        status = install_graphviz()
        if status:
            return status
    cxmap = Path(sys.executable).parent / "cxmap"
    if installed_version(cxmap) != have:
        print(f"installing cxmap {have} from {action_path}", flush=True)
        pip = [sys.executable, "-m", "pip", "install", "--quiet", str(action_path)]
        if subprocess.run(pip, check=False).returncode != 0:
            return fail(f"pip could not install cxmap from {action_path}")
    print(inert(f"cxmap {shlex.join(args)}"), flush=True)
    return subprocess.run([str(cxmap), *args], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
