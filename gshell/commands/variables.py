"""Variable cmdlets: Get-Variable, Set-Variable, New-Variable, Remove-Variable, Clear-Variable.

They work on the interpreter's current ``Scope`` (``gshell.runtime.scope``), reached through
``inv.runtime.scope`` (or ``current_scope``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from gshell.commands._common import E, P, S, as_list, has_wildcard, to_bool, to_str, wildcard_match
from gshell.runtime.registry import Invocation, command
from gshell.runtime.scope import Scope
from gshell.runtime.values import Record

MODULE = "gshell.Core"
_UNSET = object()


def scope_of(inv: Invocation) -> Scope:
    """The caller's variable scope."""
    return inv.scope


def get_variable_value(inv: Invocation, name: str, default: Any = None) -> Any:
    try:
        return scope_of(inv).get(name, default)
    except Exception:  # noqa: BLE001 - no scope (unit tests of other cmdlets)
        return default


def set_variable_value(inv: Invocation, name: str, value: Any) -> None:
    scope_of(inv).set(name, value)


def preference(inv: Invocation, name: str) -> str:
    """A preference variable ($DebugPreference, ...) folded to lower case ('' if unset)."""
    return to_str(get_variable_value(inv, name, "")).casefold()


def _variable_record(name: str, value: Any) -> Record:
    return Record([("Name", name), ("Value", value)], type_name="PSVariable")


def _display_name(scope: Scope, key: str) -> str:
    return scope.display_names.get(key, key)


def _matching(inv: Invocation, patterns: list[str], exclude: list[str]) -> list[tuple[str, Any]]:
    scope = scope_of(inv)
    found: list[tuple[str, Any]] = []
    for key in sorted(scope.names()):
        if exclude and any(wildcard_match(key, x) for x in exclude):
            continue
        if not patterns or any(wildcard_match(key, p) for p in patterns):
            found.append((_display_name(scope, key), scope.get(key)))
    return found


@command(
    "Get-Variable",
    aliases=("gv",),
    module=MODULE,
    synopsis="Gets variables of the current scope (names with wildcards).",
    params=[
        P("Name", "string[]", 0, help="Variable names (without $); wildcards allowed.", complete="variable"),
        S("ValueOnly", help="Outputs only the values."),
        P("Exclude", "string[]", help="Names to leave out (wildcards allowed)."),
        P("Scope", "string", help="Accepted for compatibility (gshell looks up the current scope chain)."),
    ],
    examples=[
        E("Get-Variable", "All variables."),
        E("Get-Variable app* -ValueOnly", "The values of the variables whose name starts with app."),
    ],
)
def get_variable(inv: Invocation) -> Iterator[Any]:
    names = [to_str(n) for n in as_list(inv.args.Name)]
    exclude = [to_str(n) for n in as_list(inv.args.Exclude)]
    value_only = to_bool(inv.args.ValueOnly)
    scope = scope_of(inv)
    if names:
        for n in names:
            if has_wildcard(n):
                for name, value in _matching(inv, [n], exclude):
                    yield value if value_only else _variable_record(name, value)
                continue
            value = scope.get(n, _UNSET)
            if value is _UNSET:
                inv.error(f"Cannot find a variable with the name '{n}'.", category="ObjectNotFound", target=n)
                continue
            yield value if value_only else _variable_record(n, value)
        return
    for name, value in _matching(inv, [], exclude):
        yield value if value_only else _variable_record(name, value)


@command(
    "Set-Variable",
    aliases=("set", "sv"),
    module=MODULE,
    synopsis="Sets the value of a variable (creating it if needed).",
    params=[
        P("Name", "string[]", 0, mandatory=True, help="Variable name(s), without $.", complete="variable"),
        P("Value", "object", 1, from_pipeline=True, help="The value."),
        S("PassThru", help="Outputs the variable."),
        P("Scope", "string", help="Global or Script write to the top scope; Local (default) to the current one."),
    ],
    examples=[E("Set-Variable -Name n -Value 5", "Same as $n = 5.")],
)
def set_variable(inv: Invocation) -> Iterator[Any]:
    scope = scope_of(inv)
    if to_str(inv.args.Scope).casefold() in ("global", "script"):
        scope = scope.root
    value = inv.args.Value
    if inv.expecting_input:
        items = list(inv.input)
        value = items[0] if len(items) == 1 else items
    for n in as_list(inv.args.Name):
        scope.set(to_str(n), value)
        if to_bool(inv.args.PassThru):
            yield _variable_record(to_str(n), value)


@command(
    "New-Variable",
    aliases=("nv",),
    module=MODULE,
    synopsis="Creates a variable (error if it already exists, unless -Force).",
    params=[
        P("Name", "string", 0, mandatory=True, help="Variable name, without $."),
        P("Value", "object", 1, from_pipeline=True, help="The initial value."),
        S("Force", help="Replaces an existing variable."),
        S("PassThru", help="Outputs the variable."),
        P("Scope", "string", help="Global or Script create it in the top scope."),
    ],
    examples=[E("New-Variable -Name answer -Value 42", "Creates $answer.")],
)
def new_variable(inv: Invocation) -> Iterator[Any]:
    scope = scope_of(inv)
    if to_str(inv.args.Scope).casefold() in ("global", "script"):
        scope = scope.root
    name = to_str(inv.args.Name)
    if name.casefold() in scope.vars and not to_bool(inv.args.Force):
        raise inv.fail(f"A variable with name '{name}' already exists.", category="ResourceExists")
    scope.set(name, inv.args.Value)
    if to_bool(inv.args.PassThru):
        yield _variable_record(name, inv.args.Value)


@command(
    "Remove-Variable",
    aliases=("rv",),
    module=MODULE,
    synopsis="Deletes variables.",
    params=[
        P("Name", "string[]", 0, mandatory=True, help="Variable names (wildcards allowed).", complete="variable"),
        P("Scope", "string", help="Accepted for compatibility."),
        S("Force", help="Accepted for compatibility."),
    ],
    examples=[E("Remove-Variable result", "Deletes $result.")],
)
def remove_variable(inv: Invocation) -> Iterable[Any]:
    scope = scope_of(inv)
    for n in as_list(inv.args.Name):
        n = to_str(n)
        names = [k for k, _ in _matching(inv, [n], [])] if has_wildcard(n) else [n]
        for name in names:
            if not scope.remove(name):
                inv.error(f"Cannot find a variable with the name '{name}'.", category="ObjectNotFound", target=name)
    return ()


@command(
    "Clear-Variable",
    aliases=("clv",),
    module=MODULE,
    synopsis="Sets variables to $null (they still exist).",
    params=[
        P("Name", "string[]", 0, mandatory=True, help="Variable names (wildcards allowed).", complete="variable"),
        S("PassThru", help="Outputs the variables."),
        P("Scope", "string", help="Accepted for compatibility."),
    ],
    examples=[E("Clear-Variable result", "$result becomes $null.")],
)
def clear_variable(inv: Invocation) -> Iterator[Any]:
    scope = scope_of(inv)
    for n in as_list(inv.args.Name):
        n = to_str(n)
        names = [k for k, _ in _matching(inv, [n], [])] if has_wildcard(n) else [n]
        for name in names:
            owner = scope.find_owner(name.casefold())
            if owner is None:
                inv.error(f"Cannot find a variable with the name '{name}'.", category="ObjectNotFound", target=name)
                continue
            owner.set(name, None)
            if to_bool(inv.args.PassThru):
                yield _variable_record(name, None)
