"""Layer 4: line editing in the real shell in a pseudo-terminal (history search, wrapping)."""
from __future__ import annotations

from test_pty import quit_shell, ready, spawn


def test_ctrl_r_search_ignores_case(env):
    child = spawn(env)
    child.send("'MixedCase' + 'Marker42'\r")
    child.expect_exact("MixedCaseMarker42")
    ready(child)
    child.sendcontrol("r")
    child.send("mixedcase' + 'marker")          # typed in lower case
    child.expect_exact("marker")
    child.send("\r")                           # accept the line the search found
    child.send("\r")                           # and run it (a search that found nothing: no output)
    child.expect_exact("MixedCaseMarker42")
    assert quit_shell(child) == 0


def test_a_line_wrapped_on_screen_has_no_continuation_mark(env):
    child = spawn(env)
    long_value = "w" * 150                      # the terminal is 120 columns wide
    child.send(f"'{long_value}'.Length")
    child.expect_exact("Length")               # the whole line is drawn, wrapped once
    drawn = child.before
    child.send("\r")
    child.expect_exact("150")
    drawn += child.before
    assert "wwww" in drawn and ">> " not in drawn
    ready(child)
    child.send("@(1,\r")                       # a real continuation line still has it
    child.expect_exact(">> ")
    child.send("2).Count\r")
    child.expect_exact("2")
    assert quit_shell(child) == 0
