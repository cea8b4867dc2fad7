"""The colours of the prompt line, without pygments (which costs start-up time).

One table says how each token category of ``gshell.repl.lexing`` is coloured, by the name of a
pygments token type ("Name.Function"): ``PromptLexer`` (a prompt_toolkit lexer, what the shell
uses) turns the names into the style classes prompt_toolkit's pygments support would give
("class:pygments.name.function"), and ``gshell.repl.highlight`` into pygments token types
(for tools that want a pygments lexer).  A command the shell does not know is coloured as an
error before Enter (``is_known``).
"""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import Lexer

from gshell.repl.lexing import Cat, scan

KNOWN_COMMAND = "Name.Function"
UNKNOWN_COMMAND = "Generic.Error"

#: token category -> pygments token type name
CATEGORY_NAMES: dict[Cat, str] = {
    Cat.WS: "Text.Whitespace",
    Cat.NEWLINE: "Text.Whitespace",
    Cat.COMMENT: "Comment.Single",
    Cat.WORD: "Text",
    Cat.PARAM: "Name.Attribute",
    Cat.VAR: "Name.Variable",
    Cat.SPLAT: "Name.Variable",
    Cat.STRING: "Literal.String",
    Cat.NUMBER: "Literal.Number",
    Cat.OPERATOR: "Operator",
    Cat.KEYWORD: "Keyword",
    Cat.OPEN: "Punctuation",
    Cat.CLOSE: "Punctuation",
    Cat.PIPE: "Operator",
    Cat.SEMI: "Punctuation",
    Cat.TYPE: "Keyword.Type",
    Cat.MEMBER: "Name.Property",
    Cat.OTHER: "Error",
}

#: pygments token type name -> prompt_toolkit style (a name covers its sub-types)
STYLE_BY_NAME: dict[str, str] = {
    "Name.Function": "#5fafff bold",
    "Generic.Error": "#ff5f5f bold",
    "Name.Attribute": "#afafaf italic",
    "Name.Variable": "#5fd7af",
    "Name.Property": "#87d7d7",
    "Literal.String": "#d7af5f",
    "Literal.Number": "#af87ff",
    "Operator": "#d7875f",
    "Keyword": "#d75f87 bold",
    "Keyword.Type": "#87afd7",
    "Comment": "#6c6c6c italic",
    "Punctuation": "",
    "Error": "#ff5f5f",
}


def style_class(name: str) -> str:
    """The prompt_toolkit class of a pygments token type name: "pygments.name.function"."""
    return "pygments." + name.lower()


def style_rules() -> dict[str, str]:
    """The prompt_toolkit style rules of ``STYLE_BY_NAME``."""
    return {style_class(name): style for name, style in STYLE_BY_NAME.items()}


def category_name(cat: Cat, text: str, is_known: Callable[[str], bool]) -> str:
    """The token type name of a token: commands by whether the shell knows them."""
    if cat is Cat.COMMAND:
        try:
            known = bool(is_known(text))
        except Exception:  # noqa: BLE001 - colouring never breaks the prompt
            known = True
        return KNOWN_COMMAND if known else UNKNOWN_COMMAND
    return CATEGORY_NAMES.get(cat, "Text")


class PromptLexer(Lexer):
    """The prompt's lexer: gshell's own tokenizer (what is coloured is what is parsed)."""

    def __init__(self, is_known: Callable[[str], bool]) -> None:
        self.is_known = is_known

    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        lines: list[StyleAndTextTuples] = [[]]
        for tok in scan(document.text):
            style = "class:" + style_class(category_name(tok.cat, tok.text, self.is_known))
            for i, part in enumerate(tok.text.split("\n")):
                if i:
                    lines.append([])
                if part:
                    lines[-1].append((style, part))
        return lambda n: lines[n] if 0 <= n < len(lines) else []
