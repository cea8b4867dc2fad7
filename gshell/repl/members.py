"""Members of runtime values, for `$var.<Tab>` completion (no evaluation of code)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_SIMPLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ELEMENTS_SAMPLED = 20

#: Intrinsic members offered by value type (after the value's own keys/properties).
INTRINSIC: tuple[tuple[type | tuple[type, ...], tuple[tuple[str, str], ...]], ...] = (
    (str, (("Length", "int"), ("ToUpper()", "method"), ("ToLower()", "method"),
           ("Trim()", "method"), ("Split(", "method"), ("Replace(", "method"),
           ("Contains(", "method"), ("StartsWith(", "method"), ("EndsWith(", "method"),
           ("Substring(", "method"))),
    ((list, tuple), (("Count", "int"), ("Length", "int"))),
    (Mapping, (("Count", "int"), ("Keys", "collection"), ("Values", "collection"),
               ("ContainsKey(", "method"))),
)


def quote_member(name: str) -> str:
    """`name` as written after a dot: bare when it is a simple name, else single-quoted."""
    if _SIMPLE_NAME.match(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def _type_name(value: Any) -> str:
    type_name = getattr(value, "type_name", None)
    if isinstance(type_name, str):
        return type_name
    return {str: "string", bool: "bool", int: "int", float: "double", list: "Object[]",
            tuple: "Object[]", type(None): "null"}.get(type(value), type(value).__name__)


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return f"{_type_name(value)} ({len(value)} keys)"
    if isinstance(value, (list, tuple)):
        return f"Object[] ({len(value)})"
    if isinstance(value, str):
        text = value if len(value) <= 30 else value[:27] + "..."
        return f"string {text!r}"
    if value is None or isinstance(value, (bool, int, float)):
        return f"{_type_name(value)} {value!r}"
    return _type_name(value)


def _own_members(value: Any) -> list[tuple[str, str]]:
    if isinstance(value, Mapping):
        return [(str(k), _describe(v)) for k, v in value.items()]
    if isinstance(value, (str, bytes, int, float, bool, list, tuple)) or value is None:
        return []
    names: list[tuple[str, str]] = []
    attrs = getattr(type(value), "__slots__", None) or ()
    # stored attributes only: a property could do I/O (never on a keystroke)
    pool = list(attrs) + list(getattr(value, "__dict__", {}).keys())
    seen: set[str] = set()
    for name in pool:
        if name.startswith("_") or name in seen:
            continue
        seen.add(name)
        try:
            names.append((name, _describe(getattr(value, name))))
        except Exception:
            continue
    return names


def members_of(value: Any) -> list[tuple[str, str]]:
    """(member name, description) pairs: keys/properties, elements' members for lists
    (member-access enumeration), then the intrinsic members of the type."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(pairs: Iterable[tuple[str, str]]) -> None:
        for name, desc in pairs:
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                out.append((name, desc))

    if isinstance(value, (list, tuple)):
        for element in value[:_ELEMENTS_SAMPLED]:
            add(_own_members(element))
    else:
        add(_own_members(value))
    for types, pairs in INTRINSIC:
        if isinstance(value, types):
            add(pairs)
    return out


def get_member(value: Any, name: str) -> Any:
    """PowerShell member access without side effects: case-insensitive keys/attributes,
    enumeration over lists, None when missing."""
    if isinstance(value, (list, tuple)):
        found: list[Any] = []
        for element in value:
            v = get_member(element, name)
            if v is None:
                continue
            if isinstance(v, (list, tuple)):
                found.extend(v)
            else:
                found.append(v)
        if found or not value:
            return found
        return None
    if isinstance(value, Mapping):
        if name in value:
            return value[name]
        folded = name.casefold()
        for k, v in value.items():
            if isinstance(k, str) and k.casefold() == folded:
                return v
        return None
    if value is None or name.startswith("_"):
        return None
    stored = list(getattr(type(value), "__slots__", None) or ()) + list(getattr(value, "__dict__", {}))
    for attr in stored:
        if attr.casefold() == name.casefold() and not attr.startswith("_"):
            member = getattr(value, attr, None)
            return None if callable(member) else member
    return None
