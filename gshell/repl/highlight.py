"""Syntax colouring built on gshell's own tokenizer: what is coloured is what is parsed.

``GShellLexer`` is a pygments ``Lexer``; prompt_toolkit uses it through ``PygmentsLexer``.
A command name the shell does not know is coloured as an error (red) before Enter; the
lexer asks ``is_known(name)`` (give it via ``lexer_class(is_known)``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pygments.lexer import Lexer
from pygments.token import (
    Comment,
    Error,
    Generic,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Token,
    _TokenType,
)

from gshell.repl.lexing import Cat, scan

#: Token types; unknown commands use UNKNOWN_COMMAND.
KNOWN_COMMAND = Name.Function
UNKNOWN_COMMAND = Generic.Error

CATEGORY_TOKENS: dict[Cat, _TokenType] = {
    Cat.WS: Text.Whitespace,
    Cat.NEWLINE: Text.Whitespace,
    Cat.COMMENT: Comment.Single,
    Cat.WORD: Text,
    Cat.PARAM: Name.Attribute,
    Cat.VAR: Name.Variable,
    Cat.SPLAT: Name.Variable,
    Cat.STRING: String,
    Cat.NUMBER: Number,
    Cat.OPERATOR: Operator,
    Cat.KEYWORD: Keyword,
    Cat.OPEN: Punctuation,
    Cat.CLOSE: Punctuation,
    Cat.PIPE: Operator,
    Cat.SEMI: Punctuation,
    Cat.TYPE: Keyword.Type,
    Cat.MEMBER: Name.Property,
    Cat.OTHER: Error,
}

#: prompt_toolkit style for these token types (pygments class names).
STYLE: dict[Any, str] = {
    Name.Function: "#5fafff bold",
    Generic.Error: "#ff5f5f bold",
    Name.Attribute: "#afafaf italic",
    Name.Variable: "#5fd7af",
    Name.Property: "#87d7d7",
    String: "#d7af5f",
    Number: "#af87ff",
    Operator: "#d7875f",
    Keyword: "#d75f87 bold",
    Keyword.Type: "#87afd7",
    Comment: "#6c6c6c italic",
    Punctuation: "",
    Error: "#ff5f5f",
}


def _always_known(name: str) -> bool:
    return True


class GShellLexer(Lexer):
    name = "gshell"
    aliases = ["gshell"]
    filenames = ["*.ps1"]

    #: ``is_known(command_name) -> bool``; override per instance or with ``lexer_class``.
    is_known: Callable[[str], bool] = staticmethod(_always_known)

    def __init__(self, **options: Any) -> None:
        is_known = options.pop("is_known", None)
        super().__init__(**options)
        if is_known is not None:
            self.is_known = is_known

    def get_tokens_unprocessed(self, text: str) -> Iterator[tuple[int, _TokenType, str]]:
        for tok in scan(text):
            if tok.cat is Cat.COMMAND:
                known = _safe_known(self.is_known, tok.text)
                yield tok.start, (KNOWN_COMMAND if known else UNKNOWN_COMMAND), tok.text
            else:
                yield tok.start, CATEGORY_TOKENS.get(tok.cat, Token.Text), tok.text


def _safe_known(is_known: Callable[[str], bool], name: str) -> bool:
    try:
        return bool(is_known(name))
    except Exception:
        return True


def lexer_class(is_known: Callable[[str], bool]) -> type[GShellLexer]:
    """A GShellLexer subclass bound to ``is_known`` (PygmentsLexer takes a class)."""
    return type("BoundGShellLexer", (GShellLexer,), {"is_known": staticmethod(is_known)})


def command_is_known(registry_getter: Callable[[], Any]) -> Callable[[str], bool]:
    """``is_known`` over a registry (read at each call, so new functions count at once).
    A name with a path separator is never known; `.\\x` / `&` forms are not commands."""
    def is_known(name: str) -> bool:
        return registry_getter().lookup(name) is not None
    return is_known
