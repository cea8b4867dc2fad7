"""Every JSON document a server sends (an answer body, an event's data, a Hub answer) is read
by :func:`loads`: hostile data gives a one-line ``ValueError``, never a crash.

- Nesting is bounded (``GSHELL_MAX_JSON_DEPTH``, limits.py, at most 10,000) before the
  document is parsed: Python's parser and every walk of the value recurse once per level, and a thread's C stack
  (8 MB) overflows, killing the process, long before the recursion limit is reached.
  A document with fewer brackets than the bound cannot exceed it (two counts at C speed);
  otherwise the depth is measured with strings removed (a regex) and a running sum.
- Bytes are decoded as JSON allows (UTF-8, a UTF-8 BOM, UTF-16 and UTF-32 by their BOM or
  their zero bytes); bytes that are not valid in the encoding become U+FFFD, as the event
  stream's lines already do.  A text starting with a BOM (an event's data) has it dropped.
- An integer of more than Python's 4,300 digits is refused with a clear reason.
- NaN, Infinity and -Infinity are read as floats (Python's and Gradio's own reading); of
  duplicate keys the last wins.  Lone surrogates (``"\\ud800"``) are kept in the value, as a
  UTF-16 string would: every writer (terminal, files, history) shows them as U+FFFD.
"""
from __future__ import annotations

import codecs
import json
from itertools import accumulate
from typing import Any

from . import limits

#: the depth scan: what it keeps (quotes and brackets), then brackets as ( and ), then as signed bytes
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_PAREN = bytes.maketrans(b"[{]}", b"(())")
_SIGNED = bytes.maketrans(b"()", b"\x01\xff")
_PASSES = 32
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


#: GSHELL_MAX_JSON_DEPTH above this counts as this: a value 10,000 levels deep is read and shown
#: within a thread's default C stack (8 MB), measured with nested objects and arrays
MOST_DEPTH = 10_000


class JsonRefused(ValueError):
    """A document gshell will not read (``str()`` is the one-line reason, naming the bound)."""


def decode(body: bytes) -> str:
    """The text of a JSON body (see the module doc), never failing."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(codec, "replace")
    codec = "utf-8"
    if len(body) >= 4 and b"\0" in body[:4]:  # RFC 4627's detection by the zero bytes of ASCII
        head = body[:4]
        codec = ("utf-32-be" if head[:3] == b"\0\0\0" else "utf-16-be" if head[0] == 0
                 else "utf-32-le" if head[1:4] == b"\0\0\0" else "utf-16-le")
    return body.decode(codec, "replace")


def depth(text: str) -> int:
    """How deep ``text``'s arrays and objects nest (0 for a scalar), as the parser would go
    into them (brackets inside strings, an unterminated one too, do not count; for invalid
    JSON an upper bound).  At C speed: escaped backslashes and quotes dropped, everything but
    quotes and brackets dropped, the parts between quotes dropped; then each pass removes the
    innermost pairs (a document nests as many levels as it takes passes to empty); past
    32 passes, or when brackets do not pair, the rest is summed as signed bytes."""
    data = text.encode("utf-8", "surrogatepass")
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = data.translate(None, _NOT_STRUCTURE)
    if b'"' in structure:
        structure = b"".join(structure.split(b'"')[::2])
    brackets = structure.translate(_PAREN)
    level = 0
    while brackets and level < _PASSES:
        inner_gone = brackets.replace(b"()", b"")
        if len(inner_gone) == len(brackets):
            break
        brackets, level = inner_gone, level + 1
    if not brackets:
        return level
    return level + max(0, max(accumulate(memoryview(brackets.translate(_SIGNED)).cast("b"))))


def check_depth(text: str, bound: int) -> None:
    """Raise :class:`JsonRefused` when ``text`` nests deeper than ``bound`` (at most
    :data:`MOST_DEPTH`)."""
    most = bound >= MOST_DEPTH
    bound = min(bound, MOST_DEPTH)
    if text.count("[") + text.count("{") > bound and depth(text) > bound:
        how = "gshell's most" if most else "the limit; raise it with $env:GSHELL_MAX_JSON_DEPTH"
        raise JsonRefused(f"JSON nested deeper than {bound:,} levels ({how})")


def loads(doc: str | bytes) -> Any:
    """Parse one JSON document from a server; ``ValueError`` (one line) when it cannot be
    read: not JSON (``json.JSONDecodeError``) or refused (:class:`JsonRefused`)."""
    text = decode(doc) if isinstance(doc, (bytes, bytearray)) else doc
    if text.startswith("\ufeff"):
        text = text[1:]
    check_depth(text, int(limits.get("GSHELL_MAX_JSON_DEPTH")))
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # only the integer conversion raises a plain ValueError
        raise JsonRefused("JSON with an integer of more than 4,300 digits (Python's limit)") from None
    except RecursionError:  # a bound raised past what the interpreter's stack allows
        raise JsonRefused("JSON nested too deep to read (lower $env:GSHELL_MAX_JSON_DEPTH)") from None


def problem(exc: ValueError, otherwise: str) -> str:
    """The reason to show for ``exc`` from :func:`loads`: its own when refused, else ``otherwise``."""
    return str(exc) if isinstance(exc, JsonRefused) else otherwise


def dumps(value: Any) -> bytes:
    """A request body as httpx would write it (compact, UTF-8), except that a lone surrogate
    is sent as its ``\\ud800`` escape (UTF-8 cannot carry it) and NaN/Infinity as Python and
    Gradio read them, where httpx would raise."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, separators=(",", ":")).encode("ascii")
