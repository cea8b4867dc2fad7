"""Text no encoder accepts (lone surrogates: a server's JSON "\\ud800", [char]0xD800) and
terminals that are not UTF-8: every writer shows U+FFFD (or '?') and goes on: the terminal at
the prompt (a pty), `gshell -c` to a pipe, errors, warnings, verbose lines, Write-Host, files
(Out-File, Set-Content, Add-Content, `>`, `2>`), the history file.  Never an "internal error"."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest
from robust_support import ROOT, assert_clean_stderr, gshell_cli, gshell_env

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "servers"))
import hostile_json as H  # noqa: E402

READY = "\x1b[?2004h"
LONE = "'x' + [char]0xD800 + 'y'"   # the surrogate made in the language: the same string a server's JSON gives


@pytest.fixture(scope="module")
def hj():
    srv = H.start()
    yield srv
    srv.stop()


@pytest.mark.parametrize("src, out, err", [
    (f"{LONE}; 'next'", "x\ufffdy\nnext\n", ""),
    (f"Write-Host ({LONE}); 'next'", "x\ufffdy\nnext\n", ""),
    (f"Write-Error ({LONE}); 'next'", "next\n", "Write-Error: x\ufffdy\n"),
    (f"Write-Warning ({LONE}); Write-Verbose -Verbose ({LONE})", "", "WARNING: x\ufffdy\nVERBOSE: x\ufffdy\n"),
    (f"@{{ a = {LONE} }} | ConvertTo-Json -Compress", '{"a":"x\ufffdy"}\n', ""),
    (f"throw ({LONE})", "", "Exception: x\ufffdy\n"),
])
def test_terminal_writers_show_u_fffd(src, out, err):
    r = gshell_cli("-c", src)
    assert_clean_stderr(r.stderr)
    assert r.stdout == out
    assert r.stderr == err


@pytest.mark.parametrize("write", [
    "{v} | Out-File {f}", "{v} | Set-Content {f}", "{v} | Add-Content {f}", "{v} > {f}",
    "Write-Error ({v}) 2> {f}", "{v} | Out-File {f} -Encoding unicode",
])
def test_files_get_u_fffd(tmp_path, write):
    f = tmp_path / "out.txt"
    r = gshell_cli("-c", write.format(v=f"({LONE})", f=f) + "; 'written'")
    assert_clean_stderr(r.stderr)
    assert r.stdout == "written\n" and r.stderr == ""
    data = f.read_bytes()
    text = data.decode("utf-16") if "unicode" in write else data.decode("utf-8")
    assert "x\ufffdy" in text, data


def test_a_stdout_that_is_not_utf8_gets_question_marks():
    r = gshell_cli("-c", f"'caf\u00e9'; {LONE}; Write-Error 'd\u00e9j\u00e0'; 'next'",
                   env=gshell_env(PYTHONIOENCODING="ascii"))
    assert_clean_stderr(r.stderr)
    assert r.stdout == "caf?\nx?y\nnext\n"
    assert r.stderr.startswith("Write-Error: d")


def _repl(tmp_path: Path, **extra: str) -> pexpect.spawn:
    env = gshell_env(HOME=str(tmp_path), GSHELL_HISTORY=str(tmp_path / "history"), PROMPT_TOOLKIT_NO_CPR="1",
                     TERM="xterm-256color", COLUMNS="120", LINES="30", **extra)
    child = pexpect.spawn(sys.executable, ["-m", "gshell"], env=env, cwd=str(ROOT), encoding="utf-8",
                          codec_errors="replace", dimensions=(30, 120), timeout=60)
    child.expect_exact(READY)
    return child


def _still_alive_then_exit(child) -> str:
    """The shell still answers; then Ctrl-D ends it.  Everything it printed."""
    child.send("'still alive'\r")
    child.expect_exact("still alive")
    child.expect_exact(READY)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    return child.before


def test_the_prompt_reads_and_shows_a_value_at_the_depth_cap(hj, tmp_path):
    """GSHELL_MAX_JSON_DEPTH raised past the cap: a value nested 10,000 deep is read, shown,
    listed and serialized at the prompt.  The REPL builds its interpreter in a loading thread,
    which must still raise the stack limit the main thread grows to (it crashed with 8 MB)."""
    child = _repl(tmp_path, GSHELL_MAX_JSON_DEPTH="1000000")
    try:
        child.send(f"$s = New-GradioSession {hj.base}/deep10k-event; $r = $s | Invoke-GradioSessionApi -ApiName x "
                   "-Params @{text='hi'} | Update-GradioSessionApiResult; $r; $r | Format-List; "
                   "($r.data | ConvertTo-Json -Depth 100 -WarningAction SilentlyContinue).Length; 'shown'\r")
        child.expect_exact("complete")
        child.expect_exact("shown\r")
        child.expect_exact(READY)
        before = _still_alive_then_exit(child)
    finally:
        child.close(force=True)
    assert child.signalstatus is None, child.signalstatus
    assert "Traceback" not in before and "internal error" not in before.lower()


def test_the_prompt_survives_hostile_text(hj, tmp_path):
    """At the prompt: a server's lone surrogate is shown as U+FFFD, a too-deep answer is one
    line, bytes that are not UTF-8 typed or pasted are shown and stored as replacements; the
    shell goes on and the history file holds every line."""
    child = _repl(tmp_path)
    try:
        call = "Invoke-GradioSessionApi -ApiName x -Params @{text='hi'} | Update-GradioSessionApiResult"
        child.send(f"$s = New-GradioSession {hj.base}/surrogate-event; ($s | {call}).data\r")
        child.expect_exact("lone \ufffd here")
        child.expect_exact(READY)
        child.send(f"$d = New-GradioSession {hj.base}/deep-event; $d | {call}\r")
        child.expect_exact("nested deeper than 1,000 levels")
        child.expect_exact(READY)
        child.send(f"{LONE}\r")
        child.expect_exact("x\ufffdy")
        child.expect_exact(READY)
        os.write(child.child_fd, b"'bad\xff\xfebytes'\r")
        child.expect_exact("bad\ufffd\ufffdbytes")
        child.expect_exact(READY)
        before = _still_alive_then_exit(child)
    finally:
        child.close(force=True)
    assert "Traceback" not in before and "internal error" not in before.lower()
    history = (tmp_path / "history").read_bytes().decode("utf-8")   # valid UTF-8: nothing raw stored
    assert "+'bad??bytes'" in history and "+'still alive'" in history


@pytest.mark.parametrize("src", [
    "[bigint]('9' * 5000)", "[int]('9' * 5000)", "$x = [bigint]2 -shl 20000; \"$x\"",
    "function f { [long]('9' * 5000) }; f",
    "[bigint]2 -shl 20000",   # fails when shown, outside the try: not caught there (as in pwsh)
])
def test_integers_past_4300_digits_give_one_line(src):
    r = gshell_cli("-c", f"{src}; 'next'; try {{ {src} }} catch {{ 'caught' }}")
    assert_clean_stderr(r.stderr)
    caught = "-shl" not in src or "$x" in src
    assert r.stdout.split() == (["next", "caught"] if caught else ["next"]), r.stdout
    assert r.stderr == (1 if caught else 2) * ("InvalidOperation: The number has more than 4,300 digits: gshell converts integers only "
                        "up to 4,300 digits to or from text.\n"), r.stderr


def test_convert_from_json_refuses_deep_and_long_numbers_in_one_line():
    r = gshell_cli("-c", "('[' * 200000) + (']' * 200000) | ConvertFrom-Json; "
                         "'[' * 20000 | ConvertFrom-Json -Depth 1000000; ('[' + '9' * 5000 + ']') | ConvertFrom-Json; 'next'")
    assert_clean_stderr(r.stderr)
    assert r.stdout == "next\n"
    lines = r.stderr.splitlines()
    assert lines[0].endswith("The reader's MaxDepth of 1024 has been exceeded."), lines
    assert lines[1].endswith("The reader's MaxDepth of 10000 has been exceeded."), lines
    assert "more than 4,300 digits" in lines[2] and len(lines) == 3, lines
