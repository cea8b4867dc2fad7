"""Shared machinery of the parser: the cursor over the source, positions, errors, recorded
tokens, trivia (spaces, comments, continuations) and nesting depth."""

from __future__ import annotations

import re
import sys
from bisect import bisect_right

from gshell.lazy import LazyRegex

from . import ast as A
from .errors import ParseError
from .tokenizer import (
    COMMAND_NAME,
    KEYWORD_END,
    TRIVIA_H,
    TRIVIA_NL,
    TRIVIA_PIECE,
    WORD,
    line_starts,
    normalize,
    skip,
)
from .tokenizer import (
    TokenKind as K,
)

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import NoReturn

MAX_DEPTH = 500
# Python frames per nesting level stay well under 40; make sure the interpreter allows it.
_RECURSION_NEEDED = MAX_DEPTH * 40 + 2000
if sys.getrecursionlimit() < _RECURSION_NEEDED:
    sys.setrecursionlimit(_RECURSION_NEEDED)

_TRIVIA_START = frozenset(" \t\f\v#<`\ufeff")
HSPACE = LazyRegex(r"[^\S\r\n]*")
_SEPS = LazyRegex(r"(?:[\s;]+|\ufeff|`\r?\n|#[^\r\n]*|<#.*?#>)*", re.S)
_TRIVIA_KIND = {"ws": K.WHITESPACE, "cont": K.WHITESPACE, "nl": K.NEWLINE, "comment": K.COMMENT}


class ParserBase:
    """Cursor, positions, errors, tokens and trivia of one parse (see ``Parser``)."""

    def __init__(
        self,
        text: str,
        *,
        filename: str | None = None,
        record: bool = False,
        start: int = 0,
        normalized: str | None = None,
        starts: list[int] | None = None,
    ) -> None:
        self.src = text
        self.s = normalized if normalized is not None else normalize(text)
        self.n = len(text)
        self.i = start
        self.depth = 0
        self.filename = filename
        self.tokens: list[tuple[K, int, int]] | None = [] if record else None
        self.starts = starts if starts is not None else line_starts(text)
        self._line_cache = (0, 0, 1)

    # -----------------------------------------------------------------------------------
    # Helpers: positions, errors, tokens, trivia
    # -----------------------------------------------------------------------------------

    def pos(self, off: int) -> A.Pos:
        lo, hi, line = self._line_cache
        if not (lo <= off < hi):
            starts = self.starts
            line = bisect_right(starts, off)
            lo = starts[line - 1]
            hi = starts[line] if line < len(starts) else self.n + 1
            self._line_cache = (lo, hi, line)
        return A.Pos(line, off - lo + 1, off, self.src)

    def incomplete_at(self, at: int) -> bool:
        s, n = self.s, self.n
        j = skip(TRIVIA_NL, s, min(at, n))
        if j >= n:
            return True
        if s.startswith("<#", j) and s.find("#>", j + 2) < 0:
            return True
        return j == n - 1 and s[j] == "`"

    def err(self, message: str, report: int | None = None, *, incomplete: bool | None = None) -> NoReturn:
        at = self.i
        rep = at if report is None else report
        rep = max(0, min(rep, self.n))
        inc = self.incomplete_at(at) if incomplete is None else incomplete
        p = self.pos(rep)
        raise ParseError(message, p.line, p.col, offset=rep, incomplete=inc, filename=self.filename)

    def snippet(self, at: int) -> str:
        s = self.s
        if at >= self.n:
            return "<end of input>"
        m = COMMAND_NAME.match(s, at)
        text = self.src[at:m.end()] if m else self.src[at]
        return text[:40]

    def unexpected(self, at: int | None = None) -> NoReturn:
        at = self.i if at is None else at
        self.err(f"Unexpected token '{self.snippet(at)}' in expression or statement.", at)

    def emit(self, kind: K, a: int, b: int) -> None:
        if self.tokens is not None and b > a:
            self.tokens.append((kind, a, b))

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.err(f"The input is nested too deeply (more than {MAX_DEPTH} levels): nesting too deep.",
                     incomplete=False)

    def _check_comment(self, j: int) -> None:
        if self.s.startswith("<#", j):
            self.i = self.n
            self.emit(K.COMMENT, j, self.n)
            self.err("Missing the end of a block comment ('#>').", j, incomplete=True)

    def _trivia_tokens(self, newlines: bool, semicolons: bool = False) -> None:
        s, n, i = self.s, self.n, self.i
        tokens = self.tokens
        assert tokens is not None
        while i < n:
            if semicolons and s[i] == ";":
                tokens.append((K.PUNCTUATION, i, i + 1))
                i += 1
                continue
            m = TRIVIA_PIECE.match(s, i)
            if m is None:
                break
            kind = m.lastgroup
            if kind == "nl" and not newlines:
                break
            tokens.append((_TRIVIA_KIND[kind or "ws"], i, m.end()))
            i = m.end()
        self.i = i
        self._check_comment(i)

    def ws(self) -> None:
        """Skip spaces, comments and backtick-newline continuations (not newlines)."""
        i = self.i
        if i >= self.n:
            return
        c = self.s[i]
        if c not in _TRIVIA_START and (c < "\x80" or not c.isspace()):
            return
        if self.tokens is not None:
            self._trivia_tokens(False)
            return
        j = skip(TRIVIA_H, self.s, i)
        self.i = j
        if j < self.n and self.s[j] == "<":
            self._check_comment(j)

    def nl(self) -> None:
        """Skip trivia including newlines."""
        i = self.i
        if i >= self.n:
            return
        c = self.s[i]
        if c not in _TRIVIA_START and c not in "\r\n" and (c < "\x80" or not c.isspace()):
            return
        if self.tokens is not None:
            self._trivia_tokens(True)
            return
        j = skip(TRIVIA_NL, self.s, i)
        self.i = j
        if j < self.n and self.s[j] == "<":
            self._check_comment(j)

    def seps(self) -> None:
        """Skip trivia, newlines and `;` between statements."""
        if self.tokens is not None:
            self._trivia_tokens(True, True)
            return
        j = skip(_SEPS, self.s, self.i)
        self.i = j
        if j < self.n and self.s[j] == "<":
            self._check_comment(j)

    def peek_word(self, at: int) -> tuple[str, int] | None:
        """An ASCII word at ``at`` that ends where a keyword may end, lower-cased."""
        m = WORD.match(self.s, at)
        if m is None:
            return None
        e = m.end()
        if e < self.n and self.s[e] not in KEYWORD_END:
            return None
        return m.group().lower(), e

    def word_after_trivia(self) -> tuple[str, int, int] | None:
        """Look past trivia and newlines (without consuming) for a word: (word, start, end)."""
        j = skip(TRIVIA_NL, self.s, self.i)
        m = WORD.match(self.s, j)
        if m is None:
            return None
        e = m.end()
        if e < self.n and self.s[e] not in KEYWORD_END and self.s[e] != "[":
            return None
        return m.group().lower(), j, e

    def expect(self, ch: str, message: str, report: int | None = None) -> int:
        i = self.i
        if i < self.n and self.s[i] == ch:
            self.take(K.PUNCTUATION, i, i + 1)
            return i
        self.err(message, report)

    def take(self, kind: K, a: int, b: int) -> None:
        """Record ``a..b`` as a token of ``kind`` and move the cursor past it."""
        if self.tokens is not None and b > a:
            self.tokens.append((kind, a, b))
        self.i = b

    def keyword(self, a: int, b: int) -> None:
        self.take(K.KEYWORD, a, b)

    def open_bracket(self, width: int = 1) -> int:
        """Consume the opening bracket (``width`` characters: `(`, `$(`, `@{` ...) at the cursor
        and go one nesting level deeper; returns where it was."""
        at = self.i
        self.take(K.PUNCTUATION, at, at + width)
        self.enter()
        return at

    def open_after(self, ch: str, message: str) -> int:
        """Skip trivia and newlines, then ``open_bracket`` ``ch`` (``message`` if it is missing)."""
        self.nl()
        if self.i >= self.n or self.s[self.i] != ch:
            self.err(message)
        return self.open_bracket()

    def close_bracket(self, ch: str, message: str, open_at: int) -> int:
        """Consume the closing ``ch`` of the bracket opened at ``open_at`` (``message`` if it is
        missing) and leave its nesting level; returns where it was."""
        at = self.expect(ch, message, open_at)
        self.depth -= 1
        return at

    def close_paren(self, message: str, open_at: int) -> None:
        """After the contents of `( ... )`: trivia and newlines, then the `)`; anything else there
        is an unexpected token."""
        self.nl()
        if self.i < self.n and self.s[self.i] != ")":
            self.unexpected()
        self.close_bracket(")", message, open_at)

    def list_comma(self) -> bool:
        """After an item of a comma-separated list: skip trivia and newlines and consume a `,`
        (and the trivia after it) when there is one."""
        self.nl()
        i = self.i
        if i < self.n and self.s[i] == ",":
            self.take(K.OPERATOR, i, i + 1)
            self.nl()
            return True
        return False

    def word_ends(self, e: int) -> bool:
        """True when no letter, digit or `_` follows at ``e`` (a word or number may end there)."""
        return e >= self.n or not (self.s[e].isalnum() or self.s[e] == "_")

    if TYPE_CHECKING:
        # Defined by the upper layers (parse_expressions, parse_blocks, parser); lower layers
        # call them for nested constructs: `$( )` in strings, `( )` and `{ }` in expressions.
        def statement(self) -> A.Stmt: ...
        def statements(self, closer: str | None) -> list[A.Stmt]: ...
        def subexpr(self) -> A.SubExpr: ...
        def scriptblock(self) -> A.ScriptBlockExpr: ...
        def arg_item(self) -> A.Expr: ...

    # -----------------------------------------------------------------------------------
    # Script and statement lists
    # -----------------------------------------------------------------------------------
