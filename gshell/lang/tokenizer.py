"""Lexical tables of the gshell language.

PowerShell's lexer depends on the parser's mode (expression vs argument mode), so the
parser (``gshell.lang.parser``) scans the source itself with the regular expressions and
tables defined here; ``gshell.lang.tokens.tokenize()`` runs that parser in a recording mode
for the highlighter.

Typographic dashes (– — ―) count as ``-`` and smart quotes (‘ ’ ‚ ‛ “ ” „) as quotes: the
parser scans a copy of the source in which those characters are replaced one for one
(``normalize``), and slices literal text from the original.
"""

from __future__ import annotations

import re
from enum import StrEnum

from gshell.lazy import LazyRegex
from gshell.structs import Struct


class TokenKind(StrEnum):
    COMMAND = "command"            # a command name in argument mode (Get-X, %, ?)
    PARAMETER = "parameter"        # -Name, -Name:
    VARIABLE = "variable"          # $x, ${x}, $env:X, @splat
    STRING = "string"              # '...', "...", here-strings, and the literal parts of "..."
    NUMBER = "number"
    OPERATOR = "operator"          # -eq, +, =, |, .., ',', >, & (call), . (dot-source)
    KEYWORD = "keyword"            # if, foreach, function, param, begin, ...
    COMMENT = "comment"            # # ... and <# ... #>
    BAREWORD = "bareword"          # an unquoted argument in argument mode
    TYPE = "type"                  # [int], [Parameter(...)] attribute brackets
    PUNCTUATION = "punctuation"    # ( ) { } [ ] @( @{ $( ; and the like
    MEMBER = "member"              # .Name, ::Name, a hashtable key
    LABEL = "label"                # :outer
    WHITESPACE = "whitespace"      # spaces, tabs, and a backtick line continuation
    NEWLINE = "newline"
    ERROR = "error"                # text the parser could not make sense of


class Token(Struct):
    kind: TokenKind
    text: str
    start: int  # 0-based offset, inclusive
    end: int  # 0-based offset, exclusive
    line: int  # 1-based
    col: int  # 1-based


# ---------------------------------------------------------------------------------------
# Character tables
# ---------------------------------------------------------------------------------------

DASHES = "\u2013\u2014\u2015"
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b"
DOUBLE_QUOTES = "\u201c\u201d\u201e"
_NORMALIZE = str.maketrans(
    {**{c: "-" for c in DASHES}, **{c: "'" for c in SINGLE_QUOTES}, **{c: '"' for c in DOUBLE_QUOTES}}
)


def normalize(text: str) -> str:
    """The source as the parser scans it: same length, typographic dashes and quotes
    replaced by their ASCII forms."""
    return text.translate(_NORMALIZE)


# Backtick escapes inside "..." and barewords (case-sensitive, as in PowerShell).
ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}

# Characters that end a bareword / argument in argument mode (plus newlines).
ARG_END = frozenset(" \t\f\v\r\n'\"`,;(){}|&\ufeff\xa0")

# ---------------------------------------------------------------------------------------
# Regular expressions (applied to the normalized source)
# ---------------------------------------------------------------------------------------

# Horizontal trivia: spaces, comments, backtick-newline continuations (not newlines).
def skip(pattern: re.Pattern[str], s: str, i: int) -> int:
    """Where ``pattern`` (one of the ``*`` patterns, which always match) ends when matched at ``i``."""
    m = pattern.match(s, i)
    return m.end() if m is not None else i


TRIVIA_H = LazyRegex(r"(?:[^\S\r\n]+|\ufeff|`\r?\n|#[^\r\n]*|<#.*?#>)*", re.S)
# Trivia including newlines.
TRIVIA_NL = LazyRegex(r"(?:\s+|\ufeff|`\r?\n|#[^\r\n]*|<#.*?#>)*", re.S)
# The same, one piece at a time, for recording tokens.
TRIVIA_PIECE = LazyRegex(
    r"(?P<ws>(?:[^\S\r\n]|\ufeff)+)|(?P<cont>`\r?\n)|(?P<nl>\r\n|\r|\n)"
    r"|(?P<comment>#[^\r\n]*|<#.*?#>)",
    re.S,
)

NUMBER_BODY = (
    r"(?:0[xX][0-9a-fA-F]+[lL]?"
    r"|(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?[lLdD]?)"
    r"(?:[kKmMgGtTpP][bB])?"
)
NUMBER = LazyRegex(NUMBER_BODY)
NUMBER_ARG = LazyRegex(r"-?" + NUMBER_BODY)  # a whole argument-mode token that is a number
_MULTIPLIERS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}

VAR_NAME = LazyRegex(r"[\w?]+")
MEMBER_NAME = LazyRegex(r"\w+")
WORD = LazyRegex(r"[A-Za-z]+")
DASH_WORD = LazyRegex(r"-([A-Za-z]+)")
# A parameter: '-' then a letter, '_' or '?', then anything but the argument metacharacters.
PARAMETER = LazyRegex(r"-((?:[^\W\d]|\?)[^\s{}();,|&.\[:'\"`]*)(:?)")
# A command name (argument mode generic token without expansions).
COMMAND_NAME = LazyRegex(r"[^\s'\"`,;(){}|&]+")
FUNCTION_NAME = LazyRegex(r"[^\s'\"`,;(){}|&=]+")
HASH_KEY = LazyRegex(r"[^\s=;{}()'\"`$,|&#]+")
TYPE_NAME = LazyRegex(r"[^\W\d][\w.`+]*")
ATTRIBUTE_START = LazyRegex(r"\[\s*[^\W\d][\w.]*\s*\(")
REDIRECTION = LazyRegex(r"([1-6*])?(>>?)(?:&([12]))?")
LABEL = LazyRegex(r":(\w+)")
BARE_SPECIAL = LazyRegex(r"[`$'\"\s,;(){}|&\ufeff]")
DQ_SPECIAL = LazyRegex(r'[`$"]')
HERE_SPECIAL = LazyRegex(r"[`$]")
KEYWORD_END = frozenset(" \t\f\v\r\n;(){}|&,'\"`\ufeff\xa0")


def number_value(text: str) -> int | float | None:
    """The value of a numeric literal (already known to match ``NUMBER_ARG``), or None."""
    t = text
    negative = t.startswith("-")
    if negative:
        t = t[1:]
    mult = 1
    if len(t) > 2 and t[-1] in "bB" and t[-2].lower() in _MULTIPLIERS:
        mult = _MULTIPLIERS[t[-2].lower()]
        t = t[:-2]
    value: int | float
    if t[:2] in ("0x", "0X"):
        if t[-1] in "lL":
            t = t[:-1]
        try:
            value = int(t[2:], 16)
        except ValueError:
            return None
    else:
        suffix = t[-1] if t[-1] in "lLdD" else ""
        if suffix:
            t = t[:-1]
        if "." in t or "e" in t or "E" in t or suffix in ("d", "D"):
            try:
                value = float(t)
            except (ValueError, OverflowError):
                return None
            if suffix in ("l", "L") and value == int(value):
                value = int(value)
        else:
            try:
                value = int(t)
            except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
                return None
    if mult != 1:
        value = value * mult
    return -value if negative else value


# ---------------------------------------------------------------------------------------
# tokenize()
# ---------------------------------------------------------------------------------------


def line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts
