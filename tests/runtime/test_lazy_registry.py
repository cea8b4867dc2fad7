"""Command modules load on demand behind the generated name index (gshell/commands/_index.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gshell.commands import builtin_registry, index_source
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter
from gshell.runtime.registry import Command, Registry

INDEX_FILE = Path(__file__).resolve().parents[2] / "gshell" / "commands" / "_index.py"


def test_the_index_is_current() -> None:
    assert INDEX_FILE.read_text(encoding="utf-8") == index_source(), \
        "gshell/commands/_index.py is stale: run `python -m gshell.commands`"


def _modules_after(source: str) -> list[str]:
    code = ("import json, sys\n"
            "from gshell.commands import builtin_registry\n"
            "from gshell.runtime.host import CaptureHost\n"
            "from gshell.runtime.interpreter import Interpreter\n"
            f"Interpreter(builtin_registry(), host=CaptureHost()).evaluate({source!r})\n"
            "print(json.dumps(sorted(m.rpartition('.')[2] for m in sys.modules\n"
            "                        if m.startswith('gshell.commands.') and not m.startswith('gshell.commands._'))))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


def test_a_script_without_commands_imports_none() -> None:
    assert _modules_after("1 + 1") == []


def test_a_command_imports_its_module_only() -> None:
    assert _modules_after("Get-Date | Out-Null") == ["misc", "output"]


def _interp() -> Interpreter:
    return Interpreter(builtin_registry(), host=CaptureHost())


def test_lookups_and_aliases_load_on_demand() -> None:
    it = _interp()
    assert it.evaluate("(1, 3, 2 | sort) -join ','") == ["1,2,3"]
    assert it.registry.lookup("gci") is not None and it.registry.resolve_alias("gci") == "Get-ChildItem"
    assert {"Get-Date", "Invoke-GradioSessionApi", "Should"} <= {c.name for c in it.registry.commands()}


def test_what_the_script_defines_wins_over_a_later_load() -> None:
    it = _interp()
    assert it.evaluate("function Get-Random { 'mine' }; Set-Alias gd Get-Random; gd; Get-Random") == ["mine", "mine"]
    assert it.evaluate("function Measure-Object { 'mine too' }; 1 | measure") == ["mine too"]


def test_a_lazy_registry_over_a_source() -> None:
    source = Registry()
    loaded: list[str] = []

    def load(module: str) -> None:
        loaded.append(module)
        source.add(Command("Get-Thing", lambda inv: (), aliases=("gt",)))

    lazy = Registry().with_index({"get-thing": "things", "gt": "things"}, load)
    lazy._source = source
    assert loaded == [] and lazy.resolve_alias("gt") == "Get-Thing" and loaded == ["things"]
    assert lazy.lookup("gt") is source.lookup("Get-Thing")
    lazy.add(Command("Get-Thing", lambda inv: ()))   # replaces, no second load
    assert loaded == ["things"] and lazy.lookup("Get-Thing") is not source.lookup("Get-Thing")
