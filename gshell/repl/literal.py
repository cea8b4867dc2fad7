"""Text from elsewhere, inserted into the command line by completion, as a safe literal.

Endpoint, parameter, member, session and choice names come from a server's ``/info`` and event
data; file names come from the disk.  Tab inserts them into the line the user is about to run,
so the inserted text must (1) read back byte-exact, (2) never end its string early: the
tokenizer takes the typographic quotes ``‘ ’ ‚ ‛`` as single quotes and ``“ ” „`` as double
quotes, so each is doubled or escaped like the ASCII one, (3) never run anything: inside double
quotes ``$`` and a backtick are escaped, and (4) never put a terminal control, an invisible
format character or a flood of combining marks into the input line: such a text is written in
double quotes with each of those characters as `` `u{XXXX} ``.
"""
from __future__ import annotations

import unicodedata

from gshell.display import is_clean
from gshell.lang.tokenizer import DOUBLE_QUOTES, SINGLE_QUOTES

_SINGLE = "'" + SINGLE_QUOTES
_DOUBLE = '"' + DOUBLE_QUOTES
_JOINERS = "\u200c\u200d"
#: characters a bare word must not hold (typographic quotes, joiners)
SPECIAL = frozenset(SINGLE_QUOTES + DOUBLE_QUOTES + _JOINERS)


def _hidden(ch: str, flood: bool) -> bool:
    """A character written as `` `u{...} `` (invisible, a control, or part of a mark flood)."""
    return not ch.isprintable() or ch in _JOINERS or (flood and unicodedata.combining(ch) > 0)


def _double(value: str, close: bool) -> str:
    flood = not is_clean(value)
    out = ['"']
    for ch in value:
        if ch in "`$" or ch in _DOUBLE:
            out.append("`" + ch)
        elif _hidden(ch, flood):
            out.append(f"`u{{{ord(ch):X}}}")
        else:
            out.append(ch)
    if close:
        out.append('"')
    return "".join(out)


def literal(value: str, quote: str = "'", *, close: bool = True) -> str:
    """``value`` as a quoted string literal (see the module doc).  ``quote`` is the quote the
    user opened (single when empty); a value with hidden characters is always double-quoted
    (only double quotes have `` `u{} ``).  ``close=False`` leaves the string open (a directory
    the user goes on typing into)."""
    hostile = not is_clean(value) or any(_hidden(ch, False) for ch in value)
    if hostile or (quote and quote in _DOUBLE):
        return _double(value, close)
    body = "".join(ch * 2 if ch in _SINGLE else ch for ch in value)
    return "'" + body + ("'" if close else "")
