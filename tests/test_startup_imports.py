"""`gshell -c 1` stays light (docs/architecture.md, Start-up): it imports no command module and
none of the standard modules the runtime defers (the start-up time is measured by
bench/prompt_bench.py; this checks the structure that keeps it low)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFERRED = ("typing", "threading", "datetime", "decimal", "contextlib", "importlib", "math", "prompt_toolkit",
            "httpx", "gshell.gradio", "gshell.repl", "signal", "weakref", "gshell.writeguard",
            "gshell.runtime.layout", "gshell.runtime.strformat", "gshell.runtime.regex", "gshell.runtime.pslist",
            "gshell.runtime.binding", "gshell.runtime.casts", "gshell.runtime.members", "gshell.runtime.operators",
            "gshell.runtime.traps", "gshell.runtime.error_view")

PROBE = """
import json, sys
before = set(sys.modules)
sys.argv = ["gshell", "-c", SOURCE]
from gshell.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def _imported_by(source: str) -> list[str]:
    # -S: no site (and no editable-install finder), so only what gshell itself imports shows
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-S", "-c", PROBE.replace("SOURCE", repr(source))], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_gshell_c_1_imports_no_deferred_module() -> None:
    imported = _imported_by("1")
    assert [m for m in imported if m.split(".")[0] in DEFERRED or m.startswith(DEFERRED)] == []
    assert [m for m in imported if m.startswith("gshell.commands.") and m != "gshell.commands._index"] == []


def test_printing_text_and_records_does_not_import_datetime_or_decimal() -> None:
    imported = _imported_by("'text'; @{a = 1}; [pscustomobject]@{x = 1; y = 'two'}; 1..3")
    assert "datetime" not in imported and "decimal" not in imported


def test_deferred_runtime_modules_load_when_used() -> None:
    imported = _imported_by("'{0:N1}' -f 2.25; 'abc' -match 'b'; 1..2 | % { [pscustomobject]@{n = $_} } | Format-Table;"
                            " $l = [System.Collections.Generic.List[int]]::new(); $l.Add(1); $l; $l.Count")
    assert {"gshell.runtime.layout", "gshell.runtime.strformat", "gshell.runtime.regex",
            "gshell.runtime.pslist", "gshell.runtime.binding", "gshell.runtime.casts", "gshell.runtime.members",
            "gshell.runtime.operators"} <= set(imported)


def test_errors_and_traps_load_their_modules_when_used() -> None:
    imported = _imported_by("trap { 'trapped' } ; try { throw 'x' } catch { } ; Write-Error 'shown'")
    assert {"gshell.runtime.traps", "gshell.runtime.error_view"} <= set(imported)


PROMPT_PROBE = """
import json, sys
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from gshell.repl.app import build_session
from gshell.repl.context import Deferred, RuntimeContext
from gshell.repl.history import open_history
from gshell.repl.sensitive import SensitiveLines
built = []
interp = Deferred(lambda: built.append(1), start=False)
ctx = RuntimeContext(interp)
history = open_history(None, SensitiveLines(lambda: ctx.registry))
with create_pipe_input() as pipe:
    build_session(ctx, history=history, input=pipe, output=DummyOutput())
modules = sorted(m for m in sys.modules if m.startswith("gshell."))
interp.get()
print(json.dumps({"modules": modules, "built": built}))
"""


def test_the_first_prompt_needs_no_interpreter_and_no_completion_analysis() -> None:
    """What the interactive shell loads before its first prompt is drawn (docs/architecture.md,
    Start-up): the completion analysis loads on the first keypress, the interpreter (the
    language, the runtime, the command index) is built once the prompt is on the screen."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", PROMPT_PROBE], env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    later = ("gshell.repl.suggest", "gshell.repl.analysis", "gshell.repl.matching", "gshell.repl.paths",
             "gshell.runtime.interpreter", "gshell.runtime.registry", "gshell.commands", "gshell.lang")
    assert [m for m in result["modules"] if m in later or m.startswith(tuple(f"{x}." for x in later))] == []
    assert result["built"] == [1]   # a Deferred(start=False) is built by its first get()


def test_the_repl_builds_the_interpreter_after_the_first_prompt_is_drawn() -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from gshell.repl import app

    rendered: list[int] = []
    seen: list[int] = []
    original = app.build_session

    def counting_session(*args: object, **kwargs: object) -> object:
        session = original(*args, **kwargs)  # type: ignore[arg-type]
        session.app.before_render += lambda _app: rendered.append(1)
        return session

    def factory() -> None:
        seen.append(len(rendered))
        return None

    with create_pipe_input() as pipe:
        pipe.send_text("\x04")
        app.build_session = counting_session  # type: ignore[assignment]
        try:
            assert app.run_repl(interpreter_factory=factory, input=pipe, output=DummyOutput()) == 0
        finally:
            app.build_session = original  # type: ignore[assignment]
    assert len(seen) == 1 and seen[0] >= 1
