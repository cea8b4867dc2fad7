"""Growable lists: System.Collections.ArrayList and System.Collections.Generic.List[T].

Everyday scripts build results with them::

    $list = [System.Collections.Generic.List[string]]::new()
    $list.Add('a')                   # List[T].Add returns nothing
    $al = New-Object System.Collections.ArrayList
    [void]$al.Add(1)                 # ArrayList.Add returns the new index (0), as in pwsh

A ``PSList`` is a Python list (so it enumerates, indexes and counts as an array) that knows its
.NET type name and, for List[T], converts added items to T.  Made by ``new_list`` from a type
literal (``[...]::new()``, a cast, New-Object); ``call_list_method`` runs its methods.
"""

from __future__ import annotations

from collections.abc import Callable

from gshell.lazy import LazyRegex
from gshell.runtime import conversions as conv
from gshell.runtime.errors import method_error

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any
else:
    Any = object  # the runtime uses Any in a base class below

_GENERIC = LazyRegex(r"^(?:system\.)?(?:collections\.generic\.)?list\[(.+)\]$")
_ARRAYLIST = {"system.collections.arraylist", "collections.arraylist", "arraylist"}
_ITEM_FULL = {"string": "System.String", "int": "System.Int32", "int32": "System.Int32", "long": "System.Int64",
              "double": "System.Double", "object": "System.Object", "psobject": "System.Management.Automation.PSObject",
              "bool": "System.Boolean", "hashtable": "System.Collections.Hashtable"}


class PSList(list[Any]):
    """An ArrayList (``item_type`` None) or a List[T] (``item_type`` the type literal T)."""

    __slots__ = ("item_type", "converter")

    def __init__(self, items: Any = (), item_type: str | None = None,
                 converter: Callable[[Any], Any] | None = None) -> None:
        super().__init__()
        self.item_type = item_type
        self.converter = converter      # List[T]: the cast to T (from gshell.runtime.casts)
        for x in items:
            self.append(self.convert(x))

    @property
    def type_name(self) -> str:
        return "ArrayList" if self.item_type is None else "List`1"

    @property
    def full_name(self) -> str:
        if self.item_type is None:
            return "System.Collections.ArrayList"
        t = self.item_type.casefold().removeprefix("system.")
        return f"System.Collections.Generic.List`1[{_ITEM_FULL.get(t, self.item_type)}]"

    def convert(self, value: Any) -> Any:
        return value if self.converter is None else self.converter(value)


def list_kind(type_name: str) -> tuple[bool, str | None] | None:
    """(True, item type or None) when ``type_name`` names ArrayList or List[T]; else None."""
    key = type_name.strip().replace(" ", "").strip("'\"")
    if key.startswith("[") and key.endswith("]") and key.count("[") > key.count("]") - 1:
        key = key[1:-1]
    low = key.casefold()
    if low in _ARRAYLIST:
        return True, None
    m = _GENERIC.match(low)
    if m is None:
        return None
    inner = key[m.start(1):m.end(1)]
    return True, inner.strip("[]") or "object"


def new_list(type_name: str, args: list[Any],
             converter_for: Callable[[str], Callable[[Any], Any] | None]) -> PSList | None:
    """``[type]::new(args)`` / New-Object for a list type; None when ``type_name`` is not one.
    ``converter_for(T)`` gives the conversion of the items of a List[T]."""
    kind = list_kind(type_name)
    if kind is None:
        return None
    conv_fn = converter_for(kind[1]) if kind[1] is not None else None
    source = args[0] if args else None
    if source is None or (conv.is_number(source) and not isinstance(source, bool)):
        return PSList(item_type=kind[1], converter=conv_fn)   # new() / new(capacity)
    items = source if isinstance(source, (list, tuple)) else [source]
    return PSList(items, item_type=kind[1], converter=conv_fn)


def _index(lst: PSList, value: Any, name: str) -> int:
    i = conv.to_int(value)
    if not 0 <= i < len(lst):
        raise method_error(name, 1, "Index was out of range. Must be non-negative and less than the size of "
                           "the collection. (Parameter 'index')", "ArgumentOutOfRangeException")
    return i


def _add(lst: PSList, a: list[Any]) -> int | None:
    lst.append(lst.convert(a[0] if a else None))
    return len(lst) - 1 if lst.item_type is None else None


def _same(x: Any, target: Any) -> bool:
    return (type(x) is type(target) or (conv.is_number(x) and conv.is_number(target))) and x == target


def _remove(lst: PSList, a: list[Any]) -> bool | None:
    target = a[0] if a else None
    i = next((k for k, x in enumerate(lst) if _same(x, target)), -1)
    if i >= 0:
        del lst[i]
    return (i >= 0) if lst.item_type is not None else None


def _insert(lst: PSList, a: list[Any]) -> None:
    i = conv.to_int(a[0])
    if not 0 <= i <= len(lst):
        _index(lst, a[0], "Insert")
    lst.insert(i, lst.convert(a[1] if len(a) > 1 else None))


def _sort(lst: PSList, a: list[Any]) -> None:
    lst.sort(key=conv.sort_key)


def _remove_at(lst: PSList, a: list[Any]) -> None:
    del lst[_index(lst, a[0] if a else None, "RemoveAt")]


LIST_METHODS: dict[str, Callable[[PSList, list[Any]], Any]] = {
    "add": _add,
    "addrange": lambda lst, a: lst.extend(lst.convert(x) for x in (a[0] if isinstance(a[0], (list, tuple))
                                                                   else [a[0]])) if a else None,
    "insert": _insert,
    "remove": _remove,
    "removeat": _remove_at,
    "clear": lambda lst, a: lst.clear(),
    "toarray": lambda lst, a: list(lst),
    "sort": _sort,
    "reverse": lambda lst, a: lst.reverse(),
    "clone": lambda lst, a: PSList(lst, lst.item_type, lst.converter),
}


def call_list_method(lst: PSList, key: str, args: list[Any]) -> tuple[bool, Any]:
    """(True, result) when ``key`` is one of the list's own methods."""
    fn = LIST_METHODS.get(key)
    if fn is None:
        return False, None
    return True, fn(lst, args)
