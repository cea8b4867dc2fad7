"""``check(source)``: every syntax error a file has, for ``gshell --check``.

The parser stops at the first error.  To find the next ones, the line of each error is
blanked (spaces; its braces are kept so that blocks still pair up) and the source parsed
again, until it parses, an error says the input ends too early, or the same line fails
twice.  Positions stay those of the original source.
"""

from __future__ import annotations

from .errors import ParseError

MAX_ERRORS = 100
_KEPT = frozenset("{}\n\r")


def _blank_line(text: str, offset: int) -> str:
    """``text`` with the line holding ``offset`` blanked (its braces and line ends kept)."""
    start = text.rfind("\n", 0, offset) + 1 if offset > 0 else 0
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    blanked = "".join(ch if ch in _KEPT else " " for ch in text[start:end])
    return text[:start] + blanked + text[end:]


def check(source: str, filename: str | None = None) -> list[ParseError]:
    """The syntax errors of ``source`` in order (empty when it parses)."""
    from . import parse

    errors: list[ParseError] = []
    text = source
    failed_lines: set[int] = set()
    while len(errors) < MAX_ERRORS:
        try:
            parse(text, filename=filename)
            break
        except RecursionError:
            errors.append(ParseError("the input is nested too deeply to parse", 1, 1, filename=filename))
            break
        except ParseError as e:
            if e.line in failed_lines:
                break   # blanking did not help: what follows would only be consequences
            if filename and not e.filename:
                e.filename = filename
            errors.append(e)
            if e.incomplete:
                break
            failed_lines.add(e.line)
            offset = min(max(e.offset, 0), len(text))
            text = _blank_line(text, offset)
    return errors
