"""The value model shared by the runtime, the cmdlets and the Gradio engine.

PowerShell values map onto plain Python where they can:

========================  =============================================================
PowerShell                gshell
========================  =============================================================
$null                     None
[bool] / [int] / [double] bool / int / float
[string]                  str
Object[] (arrays)         list (tuples are accepted and treated as arrays)
[hashtable], [ordered]    Hashtable (case-insensitive keys, insertion order kept)
[pscustomobject]          Record (case-insensitive members, original spelling kept)
[datetime]                datetime.datetime
script block              ScriptBlock (defined by the runtime)
error record              ErrorRecord (defined by the runtime errors module)
========================  =============================================================

JSON from Gradio (``/info``, event data) becomes Records and lists via ``from_json``, so
``$info.named_endpoints.'/predict'.parameters.parameter_name`` works as in PowerShell.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any
else:
    Any = object  # the runtime uses Any in a base class or alias below


class CIDict(MutableMapping[str, Any]):
    """A dict with case-insensitive string keys that keeps the first spelling and the
    insertion order.  Non-string keys are allowed (compared as themselves)."""

    __slots__ = ("_data",)

    def __init__(self, items: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None = None, **kw: Any):
        self._data: dict[Any, tuple[Any, Any]] = {}
        if items is not None:
            pairs = items.items() if isinstance(items, Mapping) else items
            for k, v in pairs:
                self[k] = v
        for k, v in kw.items():
            self[k] = v

    @staticmethod
    def _fold(key: Any) -> Any:
        return key.casefold() if isinstance(key, str) else key

    def __getitem__(self, key: Any) -> Any:
        return self._data[self._fold(key)][1]

    def __setitem__(self, key: Any, value: Any) -> None:
        folded = self._fold(key)
        old = self._data.get(folded)
        self._data[folded] = (old[0] if old is not None else key, value)

    def __delitem__(self, key: Any) -> None:
        del self._data[self._fold(key)]

    def __contains__(self, key: object) -> bool:
        return self._fold(key) in self._data

    def __iter__(self) -> Iterator[Any]:
        return (k for k, _ in self._data.values())

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: Any, default: Any = None) -> Any:
        item = self._data.get(self._fold(key))
        return default if item is None else item[1]

    def original_key(self, key: Any) -> Any:
        """The spelling under which ``key`` was first stored."""
        return self._data[self._fold(key)][0]

    def copy(self) -> CIDict:
        return type(self)(self.items())

    def __repr__(self) -> str:
        inner = ", ".join(f"{k!r}: {v!r}" for k, v in self.items())
        return f"{type(self).__name__}({{{inner}}})"

    def __eq__(self, other: object) -> bool:
        return self is other


class Hashtable(CIDict):
    """`@{...}` and `[ordered]@{...}`.  Not enumerated by the pipeline; formats as a
    Name/Value table."""

    __slots__ = ()
    ordered: bool = False  # True for [ordered]@{} (OrderedHashtable)


class OrderedHashtable(Hashtable):
    """`[ordered]@{...}` (PowerShell's OrderedDictionary); same behaviour, other type name."""

    __slots__ = ()
    ordered = True


class Record(CIDict):
    """`[pscustomobject]@{...}`, JSON objects, and the records cmdlets emit.  ``type_name``
    is what `.GetType().Name` / Get-Member report (e.g. 'GradioApiEventResult')."""

    __slots__ = ("type_name",)

    def __init__(self, items: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None = None,
                 type_name: str = "PSCustomObject", **kw: Any):
        super().__init__(items, **kw)
        self.type_name = type_name

    def copy(self) -> Record:
        return Record(self.items(), type_name=self.type_name)


def from_json(value: Any) -> Any:
    """Convert parsed JSON (dict/list/scalars) into gshell values (Records and lists)."""
    if isinstance(value, dict):
        return Record((k, from_json(v)) for k, v in value.items())
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


def to_plain(value: Any) -> Any:
    """Convert gshell values back into plain JSON-able Python (for HTTP bodies)."""
    if isinstance(value, CIDict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


class ScriptBlock:
    """A script block value `{ ... }`.  ``node`` is the ``gshell.lang.ast.ScriptBlockExpr``;
    the runtime runs it (script blocks are not closures in PowerShell: they see the scope
    they are invoked in).  ``ToString()`` is the source text between the braces."""

    __slots__ = ("node", "text", "compiled", "__weakref__")

    def __init__(self, node: Any, text: str | None = None) -> None:
        self.node = node
        self.text = text if text is not None else getattr(node, "text", "")
        self.compiled: Any = None  # cache slot for the interpreter

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"ScriptBlock({self.text!r})"
