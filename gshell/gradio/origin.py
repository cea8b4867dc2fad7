"""Strings that came from a server, and the rule that only the user names local files.

Every string of an event's data and of ``/info`` (parameter defaults included) is a
:class:`ServerStr`: a ``str`` that remembers the origin it came from.  It stays marked
through everything that passes the same object along: assignment, indexing, member access,
the pipeline, ``-Map``.  Anything that builds a new string ends the mark (``str(x)``, a
``[string]`` cast, concatenation, ``"..$x.."`` interpolation, ``-replace``, ``.Trim()``, ``.Substring()``,
``-join``): the new text is the user's own.  A file parameter never opens a ServerStr as a
local path (``GradioSession.prepare_file``).
"""
from __future__ import annotations

from typing import Any


class ServerStr(str):
    """A string a server sent (``origin`` is ``scheme://host:port`` of that server)."""

    origin: str = ""

    def __new__(cls, value: str, origin: str = "") -> ServerStr:
        s = super().__new__(cls, value)
        s.origin = origin
        return s

    def __reduce__(self) -> tuple[Any, ...]:
        return (ServerStr, (str.__str__(self), self.origin))


def mark(data: Any, origin: str) -> Any:
    """``data`` (parsed JSON) with every string a :class:`ServerStr` of ``origin`` (dict keys
    included); lists and dicts are rebuilt, other values kept."""
    if isinstance(data, str):
        return data if isinstance(data, ServerStr) else ServerStr(data, origin)
    if isinstance(data, list):
        return [mark(x, origin) for x in data]
    if isinstance(data, tuple):
        return [mark(x, origin) for x in data]
    if isinstance(data, dict):
        return {mark(k, origin): mark(v, origin) for k, v in data.items()}
    return data


def from_server(value: Any) -> bool:
    return isinstance(value, ServerStr)
