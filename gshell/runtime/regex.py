""".NET-flavoured regular expressions on top of Python's ``re`` and PowerShell wildcards.

* ``compile_regex`` translates the .NET spellings pasted code uses — `(?<name>...)`,
  `\\k<name>`, `(?'name'...)` — and caches compiled patterns.
* ``matches_table`` builds `$Matches` (a Hashtable with numbered and named keys).
* ``replace`` implements `-replace` with .NET substitutions (`$1`, `${name}`, `$0`, `$&`, `$$`).
* ``wildcard`` compiles `-like` patterns (`*`, `?`, `[a-z]`, backtick escapes).
"""

from __future__ import annotations

import functools
import re

from gshell.lazy import LazyRegex
from gshell.runtime.errors import PSError
from gshell.runtime.values import Hashtable

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

_NAMED_GROUP = LazyRegex(r"\(\?<(?![=!])([A-Za-z_][A-Za-z0-9_]*)>|\(\?'([A-Za-z_][A-Za-z0-9_]*)'")
_BACKREF = LazyRegex(r"\\k<([A-Za-z_][A-Za-z0-9_]*)>|\\k'([A-Za-z_][A-Za-z0-9_]*)'")


def translate(pattern: str) -> str:
    """.NET regex syntax → Python ``re`` syntax (the common differences only)."""
    out = _NAMED_GROUP.sub(lambda m: f"(?P<{m.group(1) or m.group(2)}>", pattern)
    out = _BACKREF.sub(lambda m: f"(?P={m.group(1) or m.group(2)})", out)
    # .NET allows \A \z \Z; Python uses \Z for end of string
    out = out.replace(r"\z", r"\Z")
    return out


@functools.lru_cache(maxsize=512)
def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    try:
        return re.compile(translate(pattern), flags)
    except re.error as e:
        raise PSError(f"The regular expression pattern {pattern} is not valid: {e}",
                      category="InvalidArgument", exception_type="ArgumentException") from None


def compile_regex(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    return _compile(pattern, 0 if case_sensitive else re.IGNORECASE)


def matches_table(m: re.Match[str]) -> Hashtable:
    """`$Matches` after a successful `-match`: key 0 = the whole match, then numbered
    groups that matched, then named groups (as PowerShell, named keys use the name)."""
    table = Hashtable()
    named = set(m.re.groupindex.values())
    unnamed = [i for i in range(1, m.re.groups + 1) if i not in named]
    # .NET numbers unnamed groups first (1..k); named groups are keyed by name
    for number in range(len(unnamed), 0, -1):
        value = m.group(unnamed[number - 1])
        if value is not None:
            table[number] = value
    for name, idx in m.re.groupindex.items():
        if m.group(idx) is not None:
            table[name] = m.group(idx)
    table[0] = m.group(0)
    return table


_SUBST = LazyRegex(r"\$(?:(\d+)|\{([^}]*)\}|(\$)|(&)|(_)|(`)|(')|(\+))")


def _expand_replacement(m: re.Match[str], replacement: str) -> str:
    def sub(sm: re.Match[str]) -> str:
        num, name, dollar, amp, whole, before, after, last = sm.groups()
        if dollar:
            return "$"
        if amp:
            return m.group(0)
        if whole:
            return m.string
        if before:
            return m.string[: m.start()]
        if after:
            return m.string[m.end():]
        if last:
            return m.group(m.re.groups) or "" if m.re.groups else ""
        key: Any = int(num) if num is not None else name
        if isinstance(key, str) and key.isdigit():
            key = int(key)
        try:
            return m.group(key) or ""
        except (IndexError, error_type()):
            return sm.group(0)

    return _SUBST.sub(sub, replacement)


def error_type() -> type[Exception]:
    return re.error


def replace(text: str, pattern: str, replacement: Any, case_sensitive: bool = False,
            evaluator: Any = None) -> str:
    """`text -replace pattern, replacement`.  ``evaluator`` (a callable taking the match)
    is used when the replacement is a script block."""
    rx = compile_regex(pattern, case_sensitive)
    if evaluator is not None:
        return rx.sub(lambda m: evaluator(m), text)
    rep = "" if replacement is None else str(replacement)
    if "$" not in rep:
        return rx.sub(lambda m: rep, text)
    return rx.sub(lambda m: _expand_replacement(m, rep), text)


@functools.lru_cache(maxsize=512)
def wildcard(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """PowerShell wildcard pattern → compiled regex (whole-string match)."""
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "`" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:j]
                neg = body.startswith("!")
                if neg:
                    body = body[1:]
                body = body.replace("\\", "\\\\").replace("^", "\\^")
                out.append(f"[{'^' if neg else ''}{body}]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL | (0 if case_sensitive else re.IGNORECASE))


def like(text: str, pattern: str, case_sensitive: bool = False) -> bool:
    return wildcard(pattern, case_sensitive).match(text) is not None


def has_wildcard(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")
