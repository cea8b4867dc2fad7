"""Invoke-GradioDynamicApi: call an endpoint with its parameters given by name, through a proxy
declaration made on the fly (PowerShAI's huggingface.ps1)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gshell.commands import gradio_views as gv
from gshell.commands._common import E, P, as_list, to_str
from gshell.commands.proxy import MODULE, build_command, build_spec, run_call
from gshell.runtime.errors import PSError
from gshell.runtime.registry import Command, Invocation, command

# =========================================================================================
# Invoke-GradioDynamicApi
# =========================================================================================


def _split_named(rest: list[Any]) -> tuple[list[Any], list[tuple[str, bool, Any]]] | None:
    """The binder hands unknown ``-Name`` elements over as the strings '-Name' (value given
    separately as a positional) or '-Name:' (followed by its value), after the positional
    values.  Returns (positional values, [(name, has_value, value)]) or None."""
    named: list[tuple[str, bool, Any]] = []
    i = 0
    while i < len(rest):
        tok = rest[i]
        if not isinstance(tok, str) or len(tok) < 2 or tok[0] != "-":
            return None
        if tok.endswith(":"):
            if i + 1 >= len(rest):
                return None
            named.append((tok[1:-1], True, rest[i + 1]))
            i += 2
        else:
            named.append((tok[1:], False, None))
            i += 1
    return [], named


def dynamic_elements(cmd: Command, rest: list[Any]) -> list[Any]:
    """Rebuild named elements from the remaining arguments: the k-th '-Name' without a value
    takes the k-th positional value; a bool parameter without one is a switch."""
    from gshell.runtime import binding
    for split in range(len(rest) + 1):
        parsed = _split_named(rest[split:])
        if parsed is None:
            continue
        values = list(rest[:split])
        named = parsed[1]
        bare = [n for n in named if not n[1]]
        if len(values) > len(bare):
            continue
        need_switch = len(bare) - len(values)
        elements: list[Any] = []
        for name, has_value, value in named:
            if has_value:
                elements.append(binding.Named(name, value, True))
                continue
            try:
                p = binding.resolve_parameter(cmd, name)
            except PSError:
                p = None
            if need_switch > 0 and p is not None and p.type in ("bool", "switch"):
                elements.append(binding.Named(name, True, True))
                need_switch -= 1
            elif values:
                elements.append(binding.Named(name, values.pop(0), True))
            else:
                elements.append(binding.Named(name, None, False))
        elements += [binding.Positional(v) for v in values]
        return elements
    return [binding.Positional(v) for v in rest]


@command(
    "Invoke-GradioDynamicApi",
    module=MODULE,
    synopsis="Calls an endpoint with its parameters given by name, without creating a function.",
    description=(
        "Invoke-GradioDynamicApi -ApiName x -<param> value ... takes the endpoint's parameters (named as a "
        "proxy function would name them, with unambiguous prefixes), validates and converts them from /info, "
        "uploads files and emits the events like a proxy function (-Manual returns the call record). "
        "Parameter names that are prefixes of -ApiName or -Session must be written in full."),
    params=[
        P("ApiName", "string", 0, mandatory=True, complete="endpoint", help="The endpoint ('echo' or '/echo')."),
        P("ApiArguments", "object[]", 1, remaining=True,
          help="The endpoint's parameters: -<name> <value> ... (and -Manual, -ApiToken)."),
        P("Session", "object", default=".", complete="session", help="The session; '.' is the default."),
    ],
    examples=[E("Invoke-GradioDynamicApi echo -Text 'hello' | % { $_.data }", "Calls /echo.")],
)
def invoke_dynamic_api(inv: Invocation) -> Iterator[Any]:
    from gshell.runtime import binding
    session = gv.resolve_session(inv, inv.args.Session)
    gv.bind(inv, session)
    try:
        ep = session.endpoint(to_str(inv.args.ApiName))
    except Exception as exc:  # noqa: BLE001
        if gv.is_engine_error(exc):
            raise gv.fail(inv, exc) from None
        raise
    spec = build_spec(session.name, session.url, ep)
    cmd = build_command(f"Invoke-GradioDynamicApi -ApiName {ep.name.lstrip('/')}", spec)
    rest = as_list(inv.args.ApiArguments)
    try:
        args = binding.bind(cmd, dynamic_elements(cmd, rest))
    except PSError as e:
        e.record.command_name = "Invoke-GradioDynamicApi"
        raise
    yield from run_call(inv, cmd, spec, args, None, False)

