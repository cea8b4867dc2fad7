"""The minimal line-reading loop (used until gshell/repl lands) and output streaming."""

from __future__ import annotations

import io
from typing import Any

from gshell.cli import Options, simple_repl
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter
from gshell.runtime.registry import Command, Registry


def test_continuation_lines_and_leading_pipe(capsys: Any) -> None:
    stream = io.StringIO("1..3\n| % { $_ * 2 }\n$x = @(\n1\n2)\n$x.Count\nexit 3\n")
    assert simple_repl(Options(no_color=True), stream) == 3
    assert capsys.readouterr().out.split() == ["2", "4", "6", "2"]


def test_each_input_runs_on_its_own(capsys: Any) -> None:
    stream = io.StringIO("'a'\nthrow 'x'\n'b'\n")
    simple_repl(Options(no_color=True), stream)
    captured = capsys.readouterr()
    assert captured.out.split() == ["a", "b"] and "x" in captured.err


def test_output_streams_while_the_pipeline_runs() -> None:
    host = CaptureHost()
    seen_before_second: list[str] = []

    def slow(inv: Any) -> Any:
        yield "first"
        seen_before_second.append(host.out)
        yield "second"

    reg = Registry()
    reg.add(Command("Get-Slow", slow))
    it = Interpreter(reg, host=host)
    it.run_text("Get-Slow")
    assert seen_before_second == ["first\n"]
    assert host.out == "first\nsecond\n"
