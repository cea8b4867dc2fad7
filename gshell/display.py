"""The one display sanitizer: nothing a server (or a pasted snippet) sends reaches the terminal raw.

Every text gshell writes to a terminal goes through :func:`visible` (the Host does it for the
formatter, errors, warnings, verbose and debug lines, Write-Host; the REPL for its toolbar, F1
help, completion menu and spinner).  It shows as visible text:

- C0 controls other than ``\\n`` and ``\\t`` in caret notation (``ESC`` is ``^[``, ``BEL`` ``^G``,
  NUL ``^@``); a ``\\r`` directly before ``\\n`` is kept (CRLF line ends are harmless), a lone
  ``\\r`` (which would let a text overwrite its own line) is ``^M``;
- DEL as ``^?``;
- C1 controls (U+0080-U+009F; U+009B is a one-byte CSI) as ``<U+009B>``;
- the bidirectional embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069 as
  ``<U+202E>`` (they reorder what the user reads: ``\\u202egnp.exe`` looks like ``exe.png``);
- the invisible format characters that let a name look like another or hide text: the bidi
  marks U+200E, U+200F, U+061C, zero-width space U+200B, word joiner and invisible operators
  U+2060-U+2064, the deprecated format controls U+206A-U+206F, U+180E, U+FEFF, soft hyphen
  U+00AD, the interlinear annotations U+FFF9-U+FFFB, and the tag characters U+E0000-U+E007F
  (invisible ASCII), all as ``<U+200B>``; the line and paragraph separators U+2028, U+2029
  (a line break on some terminals) as ``<U+2028>``;
- lone surrogates (U+D800-U+DFFF: a JSON ``"\\ud800"`` or ``[char]0xD800``; no encoding can
  write them) as U+FFFD, as files and the history file get them (:func:`replace_surrogates`);
- the zero-width (non-)joiners U+200C, U+200D next to an ASCII character (``ad\\u200dmin``); an
  emoji ZWJ sequence or a ZWNJ inside Persian or Indic text has no ASCII neighbour and is kept;
- a run of more than :data:`MAX_COMBINING` combining marks on one character (a "zalgo" flood
  that paints over the lines above and below) cut to that many, then ``<+N marks>``.

:func:`one_line` is the rule for a one-line message built from server text (errors): its white
space (newlines included) collapsed to single spaces and its length bounded
(:data:`LINE_LIMIT`), with ``… (N more characters)`` saying what was cut.

Only gshell's own styling (colours, erase-line of the live display) and the image preview emit
escape sequences: they build a :class:`Styled` text (already sanitized, written as is).  A
string the user typed with the ``\\`e`` escape is an ordinary string: it is shown as ``^[``
like any other (a pwsh difference; ``Write-Host -ForegroundColor`` gives colour).

Values themselves are never changed: variables, ``ConvertTo-Json``, ``Out-File``, ``Set-Content``
and saved files keep every byte.  :func:`safe_file_name` is the rule for names of files gshell
creates from a server's name (control and bidi characters dropped).
"""

from __future__ import annotations

import re

from gshell.lazy import LazyRegex

BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))

#: combining marks kept on one character; the rest of a longer run is counted, not shown
MAX_COMBINING = 8
#: the longest one-line message built from server text (see :func:`one_line`)
LINE_LIMIT = 1000

# invisible format characters (shown as <U+XXXX>)
_FORMAT = ("\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u2060-\u2064\u206a-\u206f\ufeff"
           "\ufff9-\ufffb\U000e0000-\U000e007f")
# the generic combining blocks (diacritics, extended, supplement, for symbols, half marks)
_COMBINING = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# every character the terminal must not receive raw (a lone \r handled separately), a joiner
# next to ASCII, and a flood of combining marks
_SINGLE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff" + _FORMAT
_UNSAFE = LazyRegex(f"[{_SINGLE}]"
                    "|\r(?!\n)"
                    "|[\u200c\u200d](?:(?<=[\x00-\x7f][\u200c\u200d])|(?=[\x00-\x7f]))"
                    f"|[{_COMBINING}]{{{MAX_COMBINING + 1},}}")
# every character that can start a match: most text has none, and one character class is
# scanned several times faster than the alternation
_CANDIDATE = LazyRegex(f"[{_SINGLE}\r\u200c\u200d{_COMBINING}]")
_SURROGATES = LazyRegex("[\ud800-\udfff]")


def _show(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"<U+{code:04X}>"


def _replace(m: re.Match[str]) -> str:
    text = m.group(0)
    if len(text) > 1 and text[0] != "\r":   # a run of combining marks
        return text[:MAX_COMBINING] + f"<+{len(text) - MAX_COMBINING} marks>"
    return _show(text[0])


class Styled(str):
    """Text gshell built for the terminal itself: its own escape sequences around sanitized
    content.  Writers pass it through unchanged; anything else goes through :func:`visible`.
    Concatenating a Styled with a plain str gives a plain str (sanitized again: safe)."""

    __slots__ = ()


def visible(text: str) -> str:
    """``text`` with every terminal control shown as visible characters (see the module doc)."""
    if isinstance(text, Styled):
        return text
    if not isinstance(text, str):
        text = str(text)
    if not _CANDIDATE.search(text) or not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_replace, text)


def one_line(text: str, limit: int = LINE_LIMIT) -> str:
    """``text`` as one line of at most about ``limit`` characters: white space runs (newlines,
    ``\\r``, U+2028 included) become one space, and a longer text is cut with
    ``… (N more characters)``.  Terminal controls are left to :func:`visible` (the writer)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[:limit] + f"… ({len(text) - limit} more characters)"


def excerpt(text: str, limit: int = 200) -> str:
    """A value quoted inside a message (``Cannot convert value "..."``): as it is when it is one
    short line, else :func:`one_line` cut to ``limit`` (a 1 MB or multi-line value read from a
    server never makes a 1 MB or forged multi-line error)."""
    if len(text) <= limit and "\n" not in text and "\r" not in text:
        return text
    return one_line(text, limit)


def visible_line(text: str, limit: int = 200) -> str:
    """:func:`one_line` then :func:`visible`: a server's name in a one-line place (toolbar,
    prompt, completion menu, spinner label)."""
    return visible(one_line(text, limit))


def is_clean(text: str) -> bool:
    """True when ``text`` contains nothing :func:`visible` would change."""
    return not _CANDIDATE.search(text) or not _UNSAFE.search(text)


def style(text: str, sgr: str) -> Styled:
    """``text`` (sanitized) in the SGR attributes ``sgr`` (e.g. ``"91"``, ``"32;1"``)."""
    return Styled(f"\x1b[{sgr}m{visible(text)}\x1b[0m")


def keep_own(text: str, own: tuple[str, ...]) -> Styled:
    """Sanitize ``text`` except for the exact escape sequences in ``own`` (gshell's formatter
    styling: a fixed set of colour attributes).  A hostile value can at most switch those same
    colours, never move the cursor, set the title, write the clipboard or make a link."""
    if not own or "\x1b" not in text:
        return Styled(visible(text))
    pattern = "(" + "|".join(re.escape(s) for s in sorted(own, key=len, reverse=True)) + ")"
    parts = re.split(pattern, text)
    return Styled("".join(p if i % 2 else visible(p) for i, p in enumerate(parts)))


_NAME_DROP = LazyRegex("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069" + _FORMAT + "]")


_NAME_CUT = LazyRegex("(?<=[\x00-\x7f])[\u200c\u200d]|[\u200c\u200d](?=[\x00-\x7f])"
                      f"|(?<=[{_COMBINING}]{{{MAX_COMBINING}}})[{_COMBINING}]+")


def safe_file_name(name: str) -> str:
    """A file name from a server with control, bidi and invisible format characters and joiners
    beside ASCII dropped, and a run of combining marks cut to :data:`MAX_COMBINING` (the rest
    kept); a lone surrogate (no file system takes it) as U+FFFD."""
    return replace_surrogates(_NAME_CUT.sub("", _NAME_DROP.sub("", name)))


def for_terminal(text: str) -> str:
    """:func:`visible` plus secret masking: what every writer to the terminal sends."""
    from gshell import secrets
    if isinstance(text, Styled):
        masked = secrets.mask(text)
        return masked if masked is text else Styled(masked)
    return secrets.mask(visible(text))


def replace_surrogates(text: str) -> str:
    """``text`` with lone surrogates as U+FFFD (what pwsh writes for them): for files and
    streams, whose encoders refuse them."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text
