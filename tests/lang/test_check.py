"""`gshell --check`'s error list (gshell/lang/check.py)."""
from __future__ import annotations

from gshell.lang.check import check


def test_no_errors():
    assert check("'a'\nforeach ($i in 1..2) { $i }\n") == []


def test_every_error_with_its_position():
    errors = check("$x = 1 +* 2\nfunction f {\n  $y = )\n}\n@{ a = }\n'ok'\n", "f.ps1")
    assert [(e.line, e.col) for e in errors] == [(1, 9), (3, 8), (5, 8)]
    assert all(e.location().startswith("f.ps1:") for e in errors)


def test_an_input_that_ends_too_early_is_the_last_error():
    errors = check("$x = )\n$h = @{\n")
    assert [e.line for e in errors] == [1, 2] and errors[-1].incomplete


def test_a_line_that_keeps_failing_is_reported_once():
    errors = check("}\n")
    assert len(errors) == 1
