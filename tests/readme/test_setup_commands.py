"""The README's two set-up commands, in a fresh environment.

The first ("try it") runs exactly as written in a fresh copy of the repository (a new venv,
`pip install -e '.[demo]'` from PyPI with pip's usual cache), with `-c ...` appended to
`gshell --demo` so the shell runs one call on the demo app and exits instead of prompting.
The second (`./tests/run`) is the command running this very test; here it is checked to
exist, to be executable and to be what `.ci/run` runs.  About 35 s with a warm pip cache.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
CALL = "Invoke-GradioSessionApi greet @{name='fresh'} | Update-GradioSessionApiResult | % { $_.data[0] }"


def quick_start_commands() -> list[str]:
    """The ```bash blocks of the Quick start section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", section, re.DOTALL)]


def fresh_copy(dest: Path) -> None:
    """The repository's files as a clone would have them (tracked and new, not ignored)."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)


def test_quick_start_commands_are_the_first_thing_after_the_intro() -> None:
    cmds = quick_start_commands()
    assert cmds[0] == "python3 -m venv .venv && .venv/bin/pip install -q -e '.[demo]' && .venv/bin/gshell --demo"
    assert cmds[1] == "./tests/run"
    text = README.read_text(encoding="utf-8")
    assert text.index("## Quick start") < min(text.index(h) for h in re.findall(r"^## .*$", text, re.M)
                                                if h != "## Quick start")


def test_test_command_is_what_ci_runs() -> None:
    run = ROOT / "tests" / "run"
    assert run.is_file() and os.access(run, os.X_OK)
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^exec \./tests/run\s*$", ci, re.M), ci


@pytest.mark.timeout(1800)  # a hang guard: pip installs the demo extra, slow on a loaded machine
def test_try_it_command_in_a_fresh_copy(tmp_path: Path) -> None:
    work = tmp_path / "gshell"
    fresh_copy(work)
    assert not (work / ".venv").exists()
    command = quick_start_commands()[0]
    assert command.endswith("gshell --demo")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GSHELL_", "GRADIO_", "HF_", "VIRTUAL_ENV", "PYTHON"))}
    env.update(HF_HOME=str(tmp_path / "hf-home"), NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    r = subprocess.run(["bash", "-c", f"{command} -c \"$CALL\""], cwd=str(work), env={**env, "CALL": CALL},
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.splitlines() == ["Hello, fresh!"], r.stdout
    assert re.search(r"demo app ready at http://127\.0\.0\.1:\d+ \(gradio \d", r.stderr), r.stderr[-2000:]
    gshell = work / ".venv" / "bin" / "gshell"
    assert gshell.is_file()
    # the demo ran on the fresh venv's own Python (no GSHELL_DEMO_PYTHON), which has gradio
    probe = subprocess.run([str(work / ".venv" / "bin" / "python"), "-c", "import gradio, numpy, PIL"],
                           capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr
