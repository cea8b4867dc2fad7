"""gshell's tokens, seen by the REPL: ``scan(text)`` calls the parser's ``tokenize`` and
maps each token to one of a few categories (``Cat``) that completion and highlighting use.

The mapping reads the token's ``kind`` first and falls back on its text for punctuation,
so the REPL keeps working if the tokenizer names its kinds differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gshell.lang.tokenizer import Token


class Cat(StrEnum):
    WS = "ws"
    NEWLINE = "newline"
    COMMENT = "comment"
    WORD = "word"          # bareword / generic token (command names in command position)
    COMMAND = "command"    # a tokenizer that marks command names itself
    PARAM = "param"        # -Name, -Name:
    VAR = "var"            # $x, ${x}, $env:X
    SPLAT = "splat"        # @x
    STRING = "string"
    NUMBER = "number"
    OPERATOR = "operator"  # -eq, +, =, ',', '..', '!'
    KEYWORD = "keyword"    # if, foreach, function, ...
    OPEN = "open"          # ( $( @( { @{ [
    CLOSE = "close"        # ) } ]
    PIPE = "pipe"
    SEMI = "semi"
    TYPE = "type"          # [int], [pscustomobject]
    MEMBER = "member"      # the name after a dot
    GROUP = "group"        # (analysis only) a bracketed group as one element
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Tok:
    cat: Cat
    text: str
    start: int
    end: int
    kind: str = ""         # the tokenizer's own kind name


_OPEN = {"(", "$(", "@(", "{", "@{", "["}
_CLOSE = {")", "}", "]"}
_PUNCT = {"|": Cat.PIPE, ";": Cat.SEMI, "\n": Cat.NEWLINE, "\r\n": Cat.NEWLINE}
_DASHES = "-\u2013\u2014\u2015"

#: gshell.lang.tokenizer.TokenKind values -> category (punctuation is split by text)
KIND_CATS: dict[str, Cat] = {
    "command": Cat.COMMAND, "parameter": Cat.PARAM, "variable": Cat.VAR, "string": Cat.STRING,
    "number": Cat.NUMBER, "operator": Cat.OPERATOR, "keyword": Cat.KEYWORD, "comment": Cat.COMMENT,
    "bareword": Cat.WORD, "type": Cat.TYPE, "member": Cat.MEMBER, "label": Cat.WORD,
    "whitespace": Cat.WS, "newline": Cat.NEWLINE,
}


def _by_text(text: str) -> Cat:
    if text in _PUNCT:
        return _PUNCT[text]
    if text in _OPEN:
        return Cat.OPEN
    if text in _CLOSE:
        return Cat.CLOSE
    if not text.strip(" \t"):
        return Cat.WS
    if "\n" in text and not text.strip():
        return Cat.NEWLINE
    if text.startswith("#") or text.startswith("<#"):
        return Cat.COMMENT
    if text[0] in "'\"\u2018\u2019\u201c\u201d" or text.startswith(("@'", '@"')):
        return Cat.STRING
    if text.startswith("$"):
        return Cat.VAR
    if text[0] in _DASHES and len(text) > 1 and (text[1].isalpha() or text[1] in "_?"):
        return Cat.PARAM
    if text[0].isdigit():
        return Cat.NUMBER
    return Cat.WORD


def categorize(kind: str, text: str) -> Cat:
    k = kind.casefold()
    if text in _OPEN and "string" not in k:
        return Cat.OPEN
    if text in _CLOSE and "string" not in k:
        return Cat.CLOSE
    if text in _PUNCT and "string" not in k and "comment" not in k:
        return _PUNCT[text]
    cat = KIND_CATS.get(k)
    if cat is Cat.VAR and text.startswith("@"):
        return Cat.SPLAT
    return cat if cat is not None else _by_text(text)   # punctuation, error


def _tokenize(text: str) -> list[Token]:
    from gshell.lang import tokenize

    return list(tokenize(text))


def scan(text: str) -> list[Tok]:
    """Categorised tokens covering ``text`` (gaps between tokens become WS tokens)."""
    if not text:
        return []   # the empty first prompt must not wait for the parser's import
    try:
        raw = _tokenize(text)
    except Exception:   # tokenize never raises by contract; stay usable if it does
        return [Tok(_by_text(text) if text else Cat.WS, text, 0, len(text))] if text else []
    out: list[Tok] = []
    pos = 0
    for t in raw:
        start, end = int(t.start), int(t.end)
        ttext = text[start:end]
        if start > pos:
            gap = text[pos:start]
            out.append(Tok(Cat.NEWLINE if "\n" in gap and not gap.strip() else _by_text(gap), gap, pos, start))
        if end <= start:
            continue
        kind = t.kind.name
        out.append(Tok(categorize(kind, ttext), ttext, start, end, kind))
        pos = end
    if pos < len(text):
        gap = text[pos:]
        out.append(Tok(_by_text(gap), gap, pos, len(text)))
    return out
