"""The CLI: a script's param() block binds its arguments (FILE, -c, stdin), errors follow pwsh
(statement- vs script-terminating) with the exit status of contracts.md, and deep recursion is
pwsh's call depth overflow, never a crash."""
from __future__ import annotations

import io
import subprocess
import sys
import textwrap

from gshell.cli import parse_args, simple_repl
from gshell.commands import builtin_registry
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter

SCRIPT = textwrap.dedent("""\
    param($Who = 'World', [int]$Times = 1)
    foreach ($i in 1..$Times) { "Hi $Who" }
    "rest: $($args -join ',')"
""")


def gshell(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gshell", *args], input=stdin, capture_output=True, text=True,
                          timeout=120)


def test_param_block_binds_file_arguments(tmp_path):
    path = tmp_path / "p.ps1"
    path.write_text(SCRIPT)
    assert gshell(str(path)).stdout == "Hi World\nrest: \n"
    assert gshell(str(path), "-Who", "Ada", "-Times", "2", "x", "y").stdout == "Hi Ada\nHi Ada\nrest: x,y\n"
    assert gshell(str(path), "Bob", "2").stdout == "Hi Bob\nHi Bob\nrest: \n"
    assert gshell(str(path), "-Who:Eve").stdout == "Hi Eve\nrest: \n"
    bad = gshell(str(path), "-Times", "abc")
    assert bad.returncode == 1 and "Cannot convert value" in bad.stderr and bad.stdout == ""


def test_param_block_binds_for_c_and_stdin():
    assert gshell("-c", "param($n = 1) \"n=$n\"", "5").stdout == "n=5\n"
    assert gshell(stdin="param($n = 7)\n\"n=$n\"\n").stdout == "n=7\n"


def test_errors_end_their_statement_and_set_the_exit_status():
    p = gshell("-c", "'a'; nosuch; 'b'")
    assert p.stdout == "a\nb\n" and p.returncode == 1 and "nosuch" in p.stderr
    p = gshell("-c", "'a'; throw 'stop'; 'b'")
    assert p.stdout == "a\n" and p.returncode == 1
    p = gshell("-c", "nosuch; exit 3")
    assert p.returncode == 3
    p = gshell("-c", "try { nosuch } catch { 'handled' }")
    assert p.stdout == "handled\n" and p.returncode == 0


def test_deep_recursion_never_crashes_the_process():
    for src in ("function r { r }; r", "filter g { $_ | g }; 1 | g", "$b = { & $b }; & $b",
                "function a { b }; function b { a }; a", "function t { 1 | ForEach-Object { t } }; t"):
        p = gshell("-c", src + "; 'not reached'")
        assert p.returncode == 1, (src, p.returncode, p.stderr[-300:])
        assert "The script failed due to call depth overflow." in p.stderr and "not reached" not in p.stdout
    ok = gshell("-c", "function f($n) { if ($n -gt 0) { f ($n - 1) } else { 'ok' } }; f 9000")
    assert ok.returncode == 0 and ok.stdout == "ok\n"


def test_the_prompt_goes_on_after_a_call_depth_overflow(capsys):
    host = CaptureHost(width=120)
    interp = Interpreter(builtin_registry(), host=host, interactive=True)
    simple_repl(parse_args([]), stdin=io.StringIO("function r { r }\nr\n'still here'\n"), interp=interp)
    assert "call depth overflow" in host.err and "still here" in host.out
