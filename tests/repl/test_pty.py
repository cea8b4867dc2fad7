"""Layer 4: the real shell in a pseudo-terminal (pexpect)."""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[2]
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
TIMEOUT = 15


def _cli_uses_repl() -> bool:
    cli = ROOT / "gshell" / "cli.py"
    main = ROOT / "gshell" / "__main__.py"
    return cli.exists() and main.exists() and "run_repl" in cli.read_text(encoding="utf-8")


def shell_argv() -> list[str]:
    if _cli_uses_repl():
        return ["-m", "gshell"]
    return ["-c", "from gshell.repl.app import main; raise SystemExit(main())"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = dict(os.environ)
    e.update({
        "GSHELL_HISTORY": str(tmp_path / "hist" / "history"),
        "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "30",
        "PYTHONPATH": str(ROOT), "NO_COLOR": "",
    })
    e.pop("GSHELL_EDIT_MODE", None)
    return e


def spawn(env: dict[str, str]) -> "pexpect.spawn":
    child = pexpect.spawn(sys.executable, shell_argv(), env=env, cwd=str(ROOT), encoding="utf-8",
                          dimensions=(30, 120), timeout=TIMEOUT)
    child.expect_exact("gshell")
    child.expect_exact("> ")
    return child


def quit_shell(child: "pexpect.spawn") -> int:
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_prompt_and_ctrl_d_exit(env):
    child = spawn(env)
    assert quit_shell(child) == 0


def test_tab_completes_command_and_parameter(env):
    child = spawn(env)
    child.send("Select-Obj\t")
    child.expect_exact("Select-Object")
    child.send(" -Firs\t")
    child.expect_exact("-First")
    child.sendcontrol("c")      # abandon the line: Ctrl-C at the prompt only clears it
    child.expect_exact("> ")
    assert quit_shell(child) == 0


def test_multiline_paste_shows_continuation(env):
    child = spawn(env)
    child.send(PASTE_START + "PS C:\\> $a = @(1,\n>> 2)\n" + PASTE_END)
    child.expect_exact(">> ")
    child.expect_exact("2)")
    child.sendcontrol("c")
    assert quit_shell(child) == 0


def test_history_never_holds_a_token_and_is_private(env, tmp_path: Path):
    child = spawn(env)
    child.send("Set-HuggingFaceToken hf_SuperSecret123\r")
    child.expect_exact("> ")
    child.send("$plain = 42\r")
    child.expect_exact("> ")
    assert quit_shell(child) == 0
    hist = Path(env["GSHELL_HISTORY"])
    data = hist.read_text(encoding="utf-8")
    assert "$plain = 42" in data
    assert "hf_SuperSecret123" not in data and "HuggingFaceToken" not in data
    assert stat.S_IMODE(os.stat(hist).st_mode) == 0o600
