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
            "gshell.runtime.layout", "gshell.runtime.strformat", "gshell.runtime.regex")

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
    imported = _imported_by("'{0:N1}' -f 2.25; 'abc' -match 'b'; 1..2 | % { [pscustomobject]@{n = $_} } | Format-Table")
    assert {"gshell.runtime.layout", "gshell.runtime.strformat", "gshell.runtime.regex"} <= set(imported)
