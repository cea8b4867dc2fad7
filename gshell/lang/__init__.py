"""The gshell language front end: tokenizer, parser, AST (pure: no I/O, no runtime).

Public API::

    parse(text, *, filename=None) -> ast.Script      # raises ParseError
    is_incomplete(text) -> bool                      # would more input complete it?
    tokenize(text) -> list[Token]                    # never raises; covers the input exactly
"""

from __future__ import annotations

from . import ast
from .errors import ParseError
from .parser import MAX_DEPTH, Parser
from .tokenizer import Token, TokenKind

__all__ = [
    "MAX_DEPTH",
    "ParseError",
    "Token",
    "TokenKind",
    "ast",
    "is_incomplete",
    "parse",
    "tokenize",
]


def tokenize(text: str) -> list[Token]:
    """Tokens covering ``text`` exactly, in order; never raises (``gshell.lang.tokens``)."""
    from .tokens import tokenize as run
    return run(text)


def parse(text: str, *, filename: str | None = None) -> ast.Script:
    """Parse a whole input (a script, a `-c` command, or one REPL entry)."""
    return Parser(text, filename=filename).parse_script()


def is_incomplete(text: str) -> bool:
    """True when ``text`` fails to parse only because it ends too early (an open bracket,
    string or here-string, a trailing `|`, operator or `,`, a backtick at the end): the REPL
    then reads another line."""
    try:
        parse(text)
    except ParseError as exc:
        return exc.incomplete
    return False
