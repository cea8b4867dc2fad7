"""``tokenize()`` for the highlighter: the parser (``gshell.lang.parser``) run in a recording
mode, so what is coloured is exactly what is parsed.  After a syntax error it marks the rest of
the line as an error token and resumes on the next line, so it never raises and every character
of the input belongs to exactly one token."""

from __future__ import annotations

from bisect import bisect_right

from .errors import ParseError
from .parser import Parser
from .tokenizer import Token, TokenKind, line_starts, normalize


def tokenize(text: str) -> list[Token]:
    """Tokens covering ``text`` exactly, in order; never raises.

    Produced by the parser itself (so the kinds follow the expression/argument mode the
    parser chose).  After a syntax error the rest of that line is one ERROR token and
    tokenizing resumes at the next line.
    """
    raw: list[tuple[TokenKind, int, int]] = []
    n = len(text)
    covered = 0
    norm = normalize(text)
    starts = line_starts(text)
    while covered < n:
        parser = Parser(text, record=True, start=covered, normalized=norm, starts=starts)
        failed_at: int | None = None
        try:
            parser.parse_script()
        except ParseError as exc:
            failed_at = exc.offset
        except (RecursionError, MemoryError):  # pragma: no cover - defensive
            failed_at = covered
        end = covered
        for kind, s, e in parser.tokens or ():
            if s < end or e <= s:
                continue  # a piece recorded twice (should not happen) or empty
            if s > end:
                raw.append((TokenKind.ERROR, end, s))
            raw.append((kind, s, e))
            end = e
        if failed_at is None:
            if end < n:
                raw.append((TokenKind.ERROR, end, n))
            covered = n
            break
        stop = max(end, failed_at)
        nl = text.find("\n", stop)
        stop = n if nl < 0 else nl
        if stop <= end:
            stop = min(n, end + 1)
        if stop > end:
            raw.append((TokenKind.ERROR, end, stop))
        covered = max(stop, end)
    out: list[Token] = []
    for kind, s, e in raw:
        line = bisect_right(starts, s)
        out.append(Token(kind, text[s:e], s, e, line, s - starts[line - 1] + 1))
    return out
