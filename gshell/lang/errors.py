"""Parse errors as data.

A ``ParseError`` carries the message, a 1-based line and column, the 0-based offset, and
``incomplete``: True when the input merely ends too early (an open bracket, string or
here-string, a trailing ``|``, binary operator or ``,``, a backtick-newline at the end).  The
REPL uses ``incomplete`` to decide whether to ask for a continuation line.
"""

from __future__ import annotations

# How much of a very long source line ``render`` shows on each side of the column.
_WINDOW = 60


class ParseError(Exception):
    """A syntax error at ``line``:``col`` (1-based)."""

    def __init__(
        self,
        message: str,
        line: int,
        col: int,
        *,
        offset: int = 0,
        incomplete: bool = False,
        filename: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.offset = offset
        self.incomplete = incomplete
        self.filename = filename

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (
            f"ParseError({self.message!r}, line={self.line}, col={self.col}, "
            f"incomplete={self.incomplete})"
        )

    def location(self) -> str:
        """`FILE:LINE:COL` (or `LINE:COL` without a file name), as `gshell --check` prints."""
        where = f"{self.line}:{self.col}"
        return f"{self.filename}:{where}" if self.filename else where

    def render(self, source: str, *, message: bool = True) -> str:
        """PowerShell-style report::

            At line:2 char:7
            + $x = (1 +
            +       ~
            Missing closing ')' in expression.

        The source line is cut to a window around the column when it is very long; tabs are
        kept in the caret line so that the caret lines up.
        """
        lines = source.split("\n")
        header = f"At {self.filename}:{self.line} char:{self.col}" if self.filename else (
            f"At line:{self.line} char:{self.col}"
        )
        out = [header]
        if 1 <= self.line <= len(lines):
            text = lines[self.line - 1].rstrip("\r")
            col = max(1, min(self.col, len(text) + 1))
            start = 0
            prefix = ""
            suffix = ""
            if len(text) > 2 * _WINDOW + 20:
                start = max(0, col - 1 - _WINDOW)
                end = min(len(text), col - 1 + _WINDOW)
                prefix = "…" if start > 0 else ""
                suffix = "…" if end < len(text) else ""
                text = text[start:end]
            shown = prefix + text + suffix
            caret_at = len(prefix) + (col - 1 - start)
            pad = "".join("\t" if ch == "\t" else " " for ch in shown[:caret_at])
            out.append("+ " + _printable(shown))
            out.append("+ " + pad + "~")
        if message:
            out.append(self.message)
        return "\n".join(out)


def _printable(text: str) -> str:
    """Lone surrogates cannot be encoded for a terminal; show them as U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
