"""Shared helpers of the REPL tests and benchmarks: the /info fixtures, the 200 x 20
generator, and command declarations shaped like gshell's Gradio cmdlets (names and
positions from PowerShAI), so completion tests do not depend on which cmdlets exist yet."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from gshell.runtime.registry import Command, Parameter, Registry

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "info"


def load_info(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("gshell_info_generate", FIXTURES / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_info(endpoints: int = 200, params: int = 20, seed: int = 0) -> dict[str, Any]:
    return _generator().make_info(endpoints, params, seed)


def _noop(inv: Any) -> list[Any]:
    return []


def make_registry() -> Registry:
    """Declarations shaped like gshell's Gradio cmdlets (names/positions from PowerShAI)."""
    reg = Registry()
    reg.add(Command("Invoke-GradioSessionApi", _noop, synopsis="Call an endpoint in a session.", params=[
        Parameter("ApiName", "string", position=0, complete="endpoint", help="Endpoint name"),
        Parameter("Params", "object", position=1, complete="params", help="Inputs (hashtable or list)"),
        Parameter("EventId", "object", position=2),
        Parameter("Session", "object", position=3, complete="session", help="Session name or object"),
        Parameter("Token", "string", position=4),
    ]))
    reg.add(Command("Send-GradioApi", _noop, synopsis="Call an endpoint of an app URL.", params=[
        Parameter("AppUrl", "string", position=0, mandatory=True),
        Parameter("ApiName", "string", position=1, complete="endpoint"),
        Parameter("Params", "object", position=2, complete="params"),
    ]))
    reg.add(Command("Set-GradioSession", _noop, synopsis="Change session settings.", params=[
        Parameter("Session", "object", position=0, complete="session"),
        Parameter("Default", "switch"),
        Parameter("MaxCalls", "int"),
        Parameter("MaxCallsPolicy", "string", choices=("Error", "Remove", "Warning")),
    ]))
    reg.add(Command("Get-GradioSession", _noop, synopsis="List sessions.", params=[
        Parameter("Name", "string", position=0, complete="session")]))
    reg.add(Command("Get-Help", _noop, synopsis="Show help.", params=[
        Parameter("Name", "string", position=0, complete="help-topic"), Parameter("Full", "switch")]))
    reg.add(Command("Get-Command", _noop, synopsis="List commands.", params=[
        Parameter("Name", "string", position=0, complete="command")]))
    reg.add(Command("Out-File", _noop, synopsis="Write to a file.", params=[
        Parameter("FilePath", "path", position=0), Parameter("Append", "switch")]))
    reg.add(Command("ForEach-Object", _noop, synopsis="Run a script block per item.",
                    aliases=("%", "foreach"), params=[Parameter("Process", "scriptblock", position=0)]))
    reg.add(Command("Select-Object", _noop, synopsis="Select properties.", aliases=("select",),
                    params=[Parameter("Property", "object[]", position=0), Parameter("First", "int")]))
    return reg
