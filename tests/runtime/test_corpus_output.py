"""Every grammar/corpus case with an `--- output` section runs and prints exactly that."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "lang"))

from corpus import load_cases  # noqa: E402

from gshell.commands import builtin_registry  # noqa: E402
from gshell.runtime.host import CaptureHost  # noqa: E402
from gshell.runtime.interpreter import Interpreter  # noqa: E402

CASES = [c for c in load_cases() if "output" in c.sections]


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip("\n").split("\n"))


@pytest.mark.skipif(not CASES, reason="no output cases")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_output(case, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(os, "environ", dict(os.environ))  # cases may set $env: variables
    interp = Interpreter(builtin_registry(), host=CaptureHost(width=120))
    interp.run_text(case.input)
    assert _norm(interp.host.out) == _norm(case.sections["output"]), interp.host.err
