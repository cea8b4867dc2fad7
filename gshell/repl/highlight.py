"""A pygments lexer built on gshell's own tokenizer (what is coloured is what is parsed), for
tools that want pygments; the shell's prompt uses ``gshell.repl.colors.PromptLexer``, which
colours from the same table without importing pygments.  A command name the shell does not
know is coloured as an error; the lexer asks ``is_known(name)`` (``lexer_class(is_known)``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pygments.lexer import Lexer
from pygments.token import _TokenType, string_to_tokentype

from gshell.repl.colors import CATEGORY_NAMES, STYLE_BY_NAME, category_name
from gshell.repl.lexing import Cat, scan

#: Token types; unknown commands use UNKNOWN_COMMAND.
KNOWN_COMMAND = string_to_tokentype("Name.Function")
UNKNOWN_COMMAND = string_to_tokentype("Generic.Error")

CATEGORY_TOKENS: dict[Cat, _TokenType] = {cat: string_to_tokentype(name) for cat, name in CATEGORY_NAMES.items()}

#: the pygments style of these token types
STYLE: dict[Any, str] = {string_to_tokentype(name): style for name, style in STYLE_BY_NAME.items()}


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
            yield tok.start, string_to_tokentype(category_name(tok.cat, tok.text, self.is_known)), tok.text


def lexer_class(is_known: Callable[[str], bool]) -> type[GShellLexer]:
    """A GShellLexer subclass bound to ``is_known`` (PygmentsLexer takes a class)."""
    return type("BoundGShellLexer", (GShellLexer,), {"is_known": staticmethod(is_known)})


def command_is_known(registry_getter: Callable[[], Any]) -> Callable[[str], bool]:
    """``is_known`` over a registry (read at each call, so new functions count at once).
    A name with a path separator is never known; `.\\x` / `&` forms are not commands."""
    def is_known(name: str) -> bool:
        return registry_getter().lookup(name) is not None
    return is_known
