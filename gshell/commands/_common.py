"""Helpers shared by the built-in cmdlets: parameter shorthands, member access, wildcards,
pipeline input and access to the runtime through the Invocation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from gshell.runtime.registry import Example, Invocation, Parameter, Registry
from gshell.runtime.values import CIDict, ScriptBlock

# -- declarations -------------------------------------------------------------------------

def P(name: str, type: str = "object", position: int | None = None, **kw: Any) -> Parameter:  # noqa: A002
    """Shorthand for a Parameter declaration."""
    return Parameter(name, type, position, **kw)


def S(name: str, help: str = "", **kw: Any) -> Parameter:  # noqa: A002
    """A switch parameter."""
    return Parameter(name, "switch", help=help, **kw)


def E(code: str, remarks: str = "") -> Example:
    return Example(code, remarks)


# -- values -------------------------------------------------------------------------------

def is_scriptblock(v: Any) -> bool:
    return isinstance(v, ScriptBlock)


def as_list(v: Any) -> list[Any]:
    """A parameter value as a list (None → [], scalar → [v])."""
    if v is None:
        return []
    if isinstance(v, (list, tuple)):
        return list(v)
    return [v]


def to_str(v: Any) -> str:
    from gshell.runtime.conversions import to_str as _to_str
    return _to_str(v)


def to_bool(v: Any) -> bool:
    from gshell.runtime.conversions import to_bool as _to_bool
    return _to_bool(v)


def member(obj: Any, name: str) -> Any:
    """`$obj.Name` with the interpreter's rules (case-insensitive; None when absent;
    `.Length`/`.Count` intrinsic; member-access enumeration on arrays)."""
    from gshell.runtime.members import get_member
    return get_member(obj, name)


def property_names(obj: Any) -> list[str]:
    """Names of an object's properties (Records, Hashtable members, ps members, strings...)."""
    from gshell.runtime.members import property_pairs
    return [str(n) for n, _ in property_pairs(obj)]


def wildcard_match(text: str, pattern: str, case_sensitive: bool = False) -> bool:
    from gshell.runtime.regex import like
    return like(text, pattern, case_sensitive)


def has_wildcard(pattern: str) -> bool:
    from gshell.runtime.regex import has_wildcard as _hw
    return _hw(pattern)


def inputs(inv: Invocation, param: str = "InputObject") -> Iterator[Any]:
    """The objects a collecting cmdlet works on: the pipeline input when something is
    piped, else the value given to ``-InputObject`` as one object (PowerShell does not
    enumerate an array passed to -InputObject)."""
    if inv.expecting_input:
        yield from inv.input
    elif param in inv.args:
        yield inv.args[param]


def calculated(h: CIDict, what: str = "property") -> tuple[str, Any]:
    """(name, expression) of a calculated property `@{n=...; e=...}`; the expression is a
    script block or a property name.  Keys may be abbreviated as PowerShell allows."""
    name = None
    expr = None
    for key, value in h.items():
        k = str(key).casefold()
        if k in ("n", "name", "l", "label") or (len(k) > 1 and ("name".startswith(k) or "label".startswith(k))):
            name = value
        elif k == "e" or "expression".startswith(k):
            expr = value
    if expr is None:
        raise ValueError(f"The {what} hashtable has no 'Expression' key.")
    if name is None:
        name = to_str(expr) if not is_scriptblock(expr) else str(getattr(expr, "text", expr)).strip()
    return to_str(name), expr


def evaluate(inv: Invocation, expr: Any, obj: Any) -> Any:
    """Value of a property expression (name or script block) for one object."""
    if is_scriptblock(expr):
        out = inv.invoke(expr, dollar_under=obj)
        if not out:
            return None
        return out[0] if len(out) == 1 else list(out)
    return member(obj, to_str(expr))


# -- runtime access -------------------------------------------------------------------------

def console_width(inv: Invocation) -> int:
    """The output width (the runtime's console width)."""
    return inv.runtime.width


def color_enabled(inv: Invocation) -> bool:
    return inv.runtime.color


def registry_of(inv: Invocation) -> Registry:
    """The registry the runtime resolves names with (built-ins plus functions/proxies)."""
    return inv.runtime.registry


def cwd(inv: Invocation) -> str:
    return inv.runtime.location()


def resolve_path(inv: Invocation, path: str) -> str:
    """An absolute path for ``path`` (relative to the current location, `~` expanded)."""
    path = to_str(path)
    if path == "~" or path.startswith(("~/", "~\\")):
        path = os.path.expanduser(path)
    if not os.path.isabs(path):
        path = os.path.join(cwd(inv), path)
    return os.path.normpath(path)
