"""Parameter binding (docs/language.md, edge cases c.5 / c.7) on declared commands."""

from __future__ import annotations

from typing import Any

import pytest

from gshell.runtime.binding import (
    BindingError,
    Named,
    Positional,
    assign,
    bind,
    bind_pipeline,
    check_mandatory,
    resolve_parameter,
)
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter
from gshell.runtime.registry import Command, Parameter, Registry
from gshell.runtime.values import Hashtable, Record, ScriptBlock


def _noop(inv: Any) -> list[Any]:
    return []


RANDOM = Command("Get-Random", _noop, params=[
    Parameter("Minimum", "int", aliases=("min",)), Parameter("Maximum", "int", position=0, aliases=("max",)),
    Parameter("Count", "int"), Parameter("SetSeed", "int"),
])
SESSION = Command("Set-GradioSession", _noop, params=[
    Parameter("Session", "object", position=0), Parameter("Default", "switch"),
    Parameter("MaxCalls", "int", position=1), Parameter("Mode", "string", choices=("error", "warning", "remove")),
])
API = Command("Invoke-Api", _noop, params=[
    Parameter("ApiName", "string", position=0, mandatory=True), Parameter("Params", "object[]", position=1),
    Parameter("ApiResultMap", "string[]", aliases=("map", "arm")), Parameter("Block", "scriptblock"),
    Parameter("InputObject", "object", from_pipeline=True),
    Parameter("Name", "string", from_pipeline_by_name=True),
])


def test_prefix_alias_and_case() -> None:
    assert resolve_parameter(RANDOM, "min").name == "Minimum"
    assert resolve_parameter(RANDOM, "MAX").name == "Maximum"
    assert resolve_parameter(RANDOM, "Minim").name == "Minimum"
    assert resolve_parameter(API, "apin").name == "ApiName"
    assert resolve_parameter(API, "map").name == "ApiResultMap"
    assert resolve_parameter(API, "verb").name == "Verbose"  # common parameters take part


def test_ambiguous_prefix_lists_candidates() -> None:
    with pytest.raises(BindingError) as e:
        resolve_parameter(RANDOM, "M")
    assert "ambiguous" in e.value.message and "-Minimum" in e.value.message and "-Maximum" in e.value.message


def test_unknown_parameter() -> None:
    with pytest.raises(BindingError, match="cannot be found that matches parameter name 'Nope'"):
        bind(RANDOM, [Named("Nope", None, False)])


def test_switch_never_consumes_next_token() -> None:
    b = bind(SESSION, [Named("Default"), Positional("app2")])
    assert b["Default"] is True and b["Session"] == "app2"
    b = bind(SESSION, [Named("Default"), Positional(False)])
    assert b["Default"] is True and b["Session"] is False
    b = bind(SESSION, [Named("Default", False, True), Positional("x")])
    assert b["Default"] is False and b["Session"] == "x"


def test_positional_order_and_extra_argument_error() -> None:
    b = bind(SESSION, [Positional("s"), Positional("5")])
    assert b["Session"] == "s" and b["MaxCalls"] == 5
    with pytest.raises(BindingError, match="positional parameter cannot be found that accepts argument 'z'"):
        bind(SESSION, [Positional("s"), Positional(5), Positional("z")])


def test_type_coercion_and_errors() -> None:
    assert bind(RANDOM, [Named("Max"), Positional("10")])["Maximum"] == 10
    with pytest.raises(BindingError, match="Cannot process argument transformation on parameter 'Maximum'"):
        bind(RANDOM, [Named("Max"), Positional("ten")])
    assert bind(API, [Positional("echo"), Positional(1)])["Params"] == [1]
    assert bind(API, [Positional("echo"), Positional([1, 2])])["Params"] == [1, 2]
    assert bind(API, [Named("map"), Positional("a=0")])["ApiResultMap"] == ["a=0"]
    with pytest.raises(BindingError):
        bind(API, [Named("Block"), Positional("not a block")])


def test_choices_case_insensitive() -> None:
    assert bind(SESSION, [Named("Mode"), Positional("WARNING")])["Mode"] == "warning"
    with pytest.raises(BindingError, match='does not belong to the set "error,warning,remove"'):
        bind(SESSION, [Named("Mode"), Positional("x")])


def test_missing_value_and_mandatory() -> None:
    with pytest.raises(BindingError, match="Missing an argument for parameter 'Maximum'"):
        bind(RANDOM, [Named("Maximum")])
    b = bind(API, [])
    with pytest.raises(BindingError, match="missing mandatory parameters: ApiName."):
        check_mandatory(b)


def test_defaults_and_given() -> None:
    b = bind(SESSION, [])
    assert b["Default"] is False and "Default" not in b and b.get("Session") is None


def test_pipeline_binding_by_value_and_property_name() -> None:
    b = bind(API, [Positional("echo")])
    rec = Record(Name="n1")
    pb = bind_pipeline(b, rec)
    assert pb["InputObject"] is rec and pb["Name"] == "n1"
    assert "Name" not in b  # the original is untouched


def test_lenient_assign_for_the_completer() -> None:
    a = assign(SESSION, [Named("Default")], lenient=True)
    assert a.free_positional(SESSION).name == "Session" and a.last is None
    a = assign(SESSION, [Named("Mode")], lenient=True)
    assert a.pending.name == "Mode"
    a = assign(SESSION, [Positional("x")], lenient=True)
    assert a.last.name == "Session" and a.free_positional(SESSION).name == "MaxCalls"
    a = assign(SESSION, [Positional("x"), Named("Mode", "error", True)], lenient=True)
    assert a.last.name == "Mode" and a.values == {"session": "x", "mode": "error"}
    # what bind refuses, the completer passes over
    a = assign(RANDOM, [Named("M"), Positional("1"), Named("Nope"), Positional("2"), Positional("3")], lenient=True)
    assert a.values == {"maximum": "1"} and a.last is None
    with pytest.raises(BindingError):
        assign(RANDOM, [Named("M"), Positional("1")])


def _interp_with(*cmds: Command) -> Interpreter:
    reg = Registry()
    for c in cmds:
        reg.add(c)
    return Interpreter(reg, host=CaptureHost())


def test_splatting_and_end_to_end_binding() -> None:
    seen: dict[str, Any] = {}

    def run(inv: Any) -> list[Any]:
        seen.update({k: v for k, v in inv.args.items()})
        return [inv.args["Session"]]

    cmd = Command("Set-GradioSession", run, params=SESSION.params)
    it = _interp_with(cmd)
    assert it.evaluate("$p = @{Session='s1'; Default=$true}; Set-GradioSession @p") == ["s1"]
    assert seen["Default"] is True
    assert it.evaluate("$a = 's2', 3; Set-GradioSession @a") == ["s2"]
    assert seen["MaxCalls"] == 3


def test_argument_mode_values() -> None:
    captured: list[Any] = []

    def run(inv: Any) -> list[Any]:
        captured.append(inv.args["Params"])
        return []

    cmd = Command("Send-It", run, params=[Parameter("Params", "object", position=0),
                                          Parameter("Direction", "int")])
    it = _interp_with(cmd)
    it.evaluate("Send-It -Params @(1)")
    it.evaluate("Send-It -Params 1,2")
    it.evaluate("Send-It -Params 1")
    it.evaluate("Send-It A*,B*,C*")
    it.evaluate("Send-It http://127.0.0.1:7860")
    assert captured == [[1], [1, 2], 1, ["A*", "B*", "C*"], "http://127.0.0.1:7860"]
    it.evaluate("Send-It x -direction -1")


def test_script_block_parameter() -> None:
    def run(inv: Any) -> Any:
        yield from inv.invoke(inv.args["Block"], dollar_under=21)

    cmd = Command("Use-Block", run, params=[Parameter("Block", "scriptblock", position=0)])
    it = _interp_with(cmd)
    assert it.evaluate("Use-Block { $_ * 2 }") == [42]
    assert isinstance(it.evaluate("{ 1 }")[0], ScriptBlock)
    _ = Hashtable


def test_bare_bool_parameter_is_a_flag_that_may_take_a_bool_value() -> None:
    cmd = Command("T", run=lambda inv: [], params=[Parameter("Flag", "bool"), Parameter("Text", "string", position=0)])
    cases = [
        ([Named("Flag")], True, None),
        ([Named("Flag"), Positional(False)], False, None),
        ([Named("Flag"), Positional("false")], False, None),
        ([Named("Flag"), Positional(1)], True, None),
        ([Named("Flag"), Positional("hello")], True, "hello"),
        ([Named("Flag", False, True)], False, None),
    ]
    for elements, flag, text in cases:
        bound = bind(cmd, elements)
        assert (bound.get("Flag"), bound.get("Text")) == (flag, text), elements
