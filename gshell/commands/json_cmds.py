"""ConvertTo-Json and ConvertFrom-Json, with PowerShell 7's layout and depth rules."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from gshell.commands._common import E, P, S, inputs, to_bool, to_str
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import CIDict, OrderedHashtable, ScriptBlock, from_json

MODULE = "gshell.Core"
DEPTH_WARNING = "Resulting JSON is truncated as serialization has exceeded the set depth of {0}."
# characters JSON writes as a two-character escape (the other control characters become \uXXXX)
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
                  "\f": "\\f"}


class JsonWriter:
    """Serialises gshell values like PowerShell 7 (Newtonsoft.Json, 2-space indentation).

    Depth: the top value is at depth 0; containers deeper than ``max_depth`` are written as
    their string conversion (``@{a=1}`` for a record, ``System.Collections.Hashtable``,
    space-joined arrays), and ``truncated`` becomes True (the caller warns once)."""

    def __init__(self, max_depth: int = 2, compress: bool = False, escape: str = "Default") -> None:
        self.max_depth = max_depth
        self.compress = compress
        self.escape = escape.casefold()
        self.truncated = False

    # -- scalars ---------------------------------------------------------------------------
    def string(self, s: str) -> str:
        out = ['"']
        for ch in s:
            short = _SHORT_ESCAPES.get(ch)
            if short is not None:
                out.append(short)
                continue
            code = ord(ch)
            if code < 0x20 or code in (0x85, 0x2028, 0x2029):
                out.append(f"\\u{code:04x}")
            elif self.escape == "escapenonascii" and code > 0x7F:
                out.extend(f"\\u{u:04x}" for u in _utf16_units(ch))
            elif self.escape == "escapehtml" and ch in "<>&'\"":
                out.append(f"\\u{code:04x}")
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)

    @staticmethod
    def number(v: Any) -> str:
        if isinstance(v, float):
            from gshell.runtime.conversions import format_float, format_float_roundtrip
            if v != v or v in (float("inf"), float("-inf")):
                return '"' + format_float(v) + '"'
            text = format_float_roundtrip(v)
            if "." not in text and "E" not in text:
                text += ".0"   # Newtonsoft writes doubles with a fraction: 5.0
            return text
        if isinstance(v, Decimal):
            return format(v, "f")
        return str(v)

    @staticmethod
    def date(d: _dt.datetime) -> str:
        text = d.strftime("%Y-%m-%dT%H:%M:%S")
        if d.microsecond:
            text += "." + f"{d.microsecond:06d}0".rstrip("0")
        if d.tzinfo is not None:
            off = d.utcoffset() or _dt.timedelta()
            if off == _dt.timedelta():
                text += "Z"
            else:
                minutes = int(off.total_seconds() // 60)
                sign = "+" if minutes >= 0 else "-"
                h, m = divmod(abs(minutes), 60)
                text += f"{sign}{h:02d}:{m:02d}"
        return '"' + text + '"'

    # -- values ----------------------------------------------------------------------------
    def write(self, value: Any) -> str:
        return self._value(value, 0, 0)

    def _value(self, v: Any, depth: int, indent: int) -> str:
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float, Decimal)):
            return self.number(v)
        if isinstance(v, str):
            return self.string(v)
        if isinstance(v, _dt.datetime):
            return self.date(v)
        if isinstance(v, ScriptBlock):
            return self.string(v.text)   # simplified: PowerShell writes the ScriptBlock's properties
        if depth > self.max_depth:
            self.truncated = True
            return self.string(to_str(v))
        if isinstance(v, CIDict):
            return self._object([(to_str(k), x) for k, x in v.items()], depth, indent)
        if isinstance(v, (list, tuple)):
            return self._array(list(v), depth, indent)
        names = getattr(v, "ps_member_names", None)
        if callable(names):
            from gshell.runtime.members import property_pairs
            return self._object([(str(k), x) for k, x in property_pairs(v)], depth, indent)
        return self.string(to_str(v))

    def _object(self, pairs: list[tuple[str, Any]], depth: int, indent: int) -> str:
        if not pairs:
            return "{}"
        if self.compress:
            return "{" + ",".join(f"{self.string(k)}:{self._value(x, depth + 1, 0)}" for k, x in pairs) + "}"
        pad = "  " * (indent + 1)
        body = ",\n".join(f"{pad}{self.string(k)}: {self._value(x, depth + 1, indent + 1)}" for k, x in pairs)
        return "{\n" + body + "\n" + "  " * indent + "}"

    def _array(self, items: list[Any], depth: int, indent: int) -> str:
        if not items:
            return "[]"
        if self.compress:
            return "[" + ",".join(self._value(x, depth + 1, 0) for x in items) + "]"
        pad = "  " * (indent + 1)
        body = ",\n".join(pad + self._value(x, depth + 1, indent + 1) for x in items)
        return "[\n" + body + "\n" + "  " * indent + "]"


def _utf16_units(ch: str) -> list[int]:
    data = ch.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


def to_json(value: Any, depth: int = 2, compress: bool = False, escape: str = "Default") -> tuple[str, bool]:
    """(json text, truncated?) for one value."""
    w = JsonWriter(depth, compress, escape)
    text = w.write(value)
    return text, w.truncated


@command(
    "ConvertTo-Json",
    module=MODULE,
    synopsis="Converts objects to JSON text.",
    description=("Serialises the piped objects as PowerShell 7 does: one object → that object, several → "
                 "a JSON array; 2-space indentation unless -Compress.  Containers nested deeper than "
                 "-Depth (default 2) are written as strings, with a warning."),
    params=[
        P("InputObject", "object", 0, from_pipeline=True, help="The objects to convert (usually piped)."),
        P("Depth", "int", default=2, help="How many levels of contained objects are serialised (default 2)."),
        S("Compress", help="Omits white space and indentation."),
        S("AsArray", help="Outputs a JSON array even for a single object."),
        S("EnumsAsStrings", help="Accepted for compatibility (gshell has no enums)."),
        P("EscapeHandling", "string", choices=("Default", "EscapeNonAscii", "EscapeHtml"),
          help="Which characters are escaped (default: only control characters, quotes and backslashes)."),
    ],
    examples=[
        E("@{ text = 'hi'; n = 2 } | ConvertTo-Json", "A JSON object."),
        E("$info | ConvertTo-Json -Depth 10", "The whole /info description."),
        E("1,2,3 | ConvertTo-Json -Compress", "[1,2,3]"),
    ],
)
def convert_to_json(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    depth = int(args.Depth if args.Depth is not None else 2)
    if depth < 0 or depth > 100:
        raise inv.fail(f"Cannot validate argument on parameter 'Depth'. The {depth} argument is not in the "
                       "range 0..100.", category="InvalidArgument")
    items = list(inputs(inv))
    if not items and not to_bool(args.AsArray):
        return
    value: Any = items[0] if len(items) == 1 and not to_bool(args.AsArray) else items
    if to_bool(args.AsArray) and len(items) == 1 and isinstance(items[0], (list, tuple)) and not inv.expecting_input:
        value = list(items[0])
    text, truncated = to_json(value, depth, to_bool(args.Compress), to_str(args.EscapeHandling or "Default"))
    if truncated:
        inv.warning(DEPTH_WARNING.format(depth))
    yield text


# =========================================================================================
# ConvertFrom-Json
# =========================================================================================


def _to_hashtables(value: Any) -> Any:
    if isinstance(value, dict):
        return OrderedHashtable((k, _to_hashtables(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_to_hashtables(v) for v in value]
    return value


def _depth_of(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth_of(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth_of(v) for v in value), default=0)
    return 0


def _check_keys(value: Any) -> None:
    """PowerShell refuses objects whose keys differ only by case (PSCustomObject members are
    case-insensitive)."""
    if isinstance(value, dict):
        seen: dict[str, str] = {}
        for k, v in value.items():
            f = k.casefold()
            if f in seen and seen[f] != k:
                raise ValueError(f"Cannot convert the JSON string because it contains keys with different casing. "
                                 f"Please use the -AsHashTable switch instead. The key that was attempted to be "
                                 f"added to the existing key '{seen[f]}' was '{k}'.")
            seen[f] = k
            _check_keys(v)
    elif isinstance(value, list):
        for v in value:
            _check_keys(v)


class _TooDeep(ValueError):
    pass


def _parse(text: str, max_depth: int = 1024) -> Any:
    """The parsed text; nesting past ``max_depth`` is refused before parsing (a deep text would
    exhaust the stack), an integer of more than 4,300 digits gives a one-line reason."""
    import json

    from gshell.gradio.jsondoc import MOST_DEPTH, depth
    max_depth = min(max_depth, MOST_DEPTH)   # deeper values would exhaust the C stack
    if text.count("[") + text.count("{") > max_depth and depth(text) > max_depth:
        raise _TooDeep(f"The reader's MaxDepth of {max_depth} has been exceeded.")
    try:
        return json.loads(text, parse_float=float,
                          parse_constant=lambda c: {"NaN": float("nan"), "Infinity": float("inf"),
                                                    "-Infinity": float("-inf")}[c])
    except json.JSONDecodeError:
        raise
    except ValueError:
        raise ValueError("an integer has more than 4,300 digits (the limit of integer conversion)") from None
    except RecursionError:
        raise _TooDeep(f"The JSON nests too deep to read (MaxDepth {max_depth}).") from None


@command(
    "ConvertFrom-Json",
    module=MODULE,
    synopsis="Converts JSON text to objects (records, arrays, hashtables).",
    description=("Parses JSON: objects become records (case-insensitive properties, order kept) or ordered "
                 "hashtables with -AsHashtable; a top-level array is written to the pipeline one element "
                 "at a time unless -NoEnumerate.  Several piped strings (lines of a file) are joined first."),
    params=[
        P("InputObject", "string", 0, mandatory=True, from_pipeline=True, help="The JSON text."),
        S("AsHashtable", help="Objects become ordered hashtables instead of records."),
        P("Depth", "int", default=1024, help="Maximum nesting depth accepted (default 1024, at most 10000)."),
        S("NoEnumerate", help="Outputs a top-level array as one object."),
    ],
    examples=[
        E("'{\"a\": 1, \"b\": [1, 2]}' | ConvertFrom-Json", "A record with a and b."),
        E("Get-Content data.json -Raw | ConvertFrom-Json -AsHashtable", "A file as hashtables."),
    ],
)
def convert_from_json(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    texts = [to_str(t) for t in inputs(inv) if t is not None]
    if not texts:
        return
    parsed: list[Any] = []
    max_depth = int(args.Depth if args.Depth is not None else 1024)
    try:
        if len(texts) == 1:
            parsed = [_parse(texts[0], max_depth)]
        else:
            try:
                parsed = [_parse(t, max_depth) for t in texts]
            except _TooDeep:
                raise
            except ValueError:
                parsed = [_parse("\n".join(texts), max_depth)]
    except ValueError as exc:
        raise inv.fail(f"Conversion from JSON failed with error: {exc}", category="ParserError") from None
    for value in parsed:
        if _depth_of(value) > max_depth:
            raise inv.fail(f"Conversion from JSON failed with error: The reader's MaxDepth of {max_depth} has been "
                           "exceeded.", category="ParserError")
        if to_bool(args.AsHashtable):
            result = _to_hashtables(value)
        else:
            try:
                _check_keys(value)
            except ValueError as exc:
                raise inv.fail(str(exc), category="InvalidOperation") from None
            result = from_json(value)
        if isinstance(result, list) and not to_bool(args.NoEnumerate):
            yield from result
        else:
            yield result
