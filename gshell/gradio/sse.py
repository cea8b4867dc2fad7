"""The one place server-sent event streams are read: lines and events, with bounds.

Every Gradio event stream the engine reads (the /call stream, the 4.x/5.x queue stream) goes
through :func:`iter_sse`, so the bounds apply everywhere: a line longer than GSHELL_MAX_SSE_LINE
(default 64 MiB) or an event whose data is larger than GSHELL_MAX_RESULT (256 MiB) raises
:class:`limits.LimitExceeded` as soon as the limit is passed, before the rest arrives, so a line
that never ends cannot grow memory without bound.  Lines end with CRLF, LF or CR (the SSE spec);
bytes that are not UTF-8 are replaced, never fatal.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import limits

CR, LF = 13, 10


@dataclass
class ServerSentEvent:
    event: str = "message"
    data: str = ""
    id: str = ""
    retry: int | None = None


def iter_lines(chunks: Iterable[bytes], max_line: int) -> Iterator[str]:
    """Decoded lines of a byte stream; LimitExceeded when one passes ``max_line`` bytes."""
    buf = bytearray()
    scan = 0  # bytes of buf before this hold no line end (so a long line is scanned once)
    for chunk in chunks:
        buf += chunk
        pos = 0
        while True:
            lf = buf.find(b"\n", scan)
            cr = buf.find(b"\r", scan, lf if lf >= 0 else len(buf))
            end = cr if cr >= 0 else lf
            if end < 0:
                scan = len(buf)
                break
            if buf[end] == CR and end + 1 == len(buf):  # the LF of a CRLF may come next
                scan = end
                break
            step = 2 if buf[end] == CR and buf[end + 1] == LF else 1
            if end - pos > max_line:
                raise limits.exceeded("one line of the event stream", "GSHELL_MAX_SSE_LINE")
            yield buf[pos:end].decode("utf-8", "replace")
            pos = scan = end + step
        if pos:
            del buf[:pos]
            scan -= pos
        if len(buf) > max_line:
            raise limits.exceeded("one line of the event stream", "GSHELL_MAX_SSE_LINE")
    if buf:
        yield buf.rstrip(b"\r").decode("utf-8", "replace")


def iter_sse(chunks: Iterable[bytes]) -> Iterator[ServerSentEvent]:
    """Events of an SSE byte stream (e.g. ``response.iter_bytes()``), bounded (see above).  A block
    with nothing in it (only comments or blank lines) is not an event."""
    max_line = limits.size("GSHELL_MAX_SSE_LINE")
    max_data = limits.size("GSHELL_MAX_RESULT")
    data: list[str] = []
    event, size, ev_id, retry, seen = "", 0, "", None, False
    for line in iter_lines(chunks, max_line):
        if not line:
            if seen:
                yield ServerSentEvent(event or "message", "\n".join(data), ev_id, retry)
            event, data, size, retry, seen = "", [], 0, None, False
            continue
        if line.startswith(":"):
            continue
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            size += len(value) + 1
            if size > max_data:
                raise limits.exceeded("the data of one event", "GSHELL_MAX_RESULT")
            data.append(value)
        elif name == "event":
            event = value
        elif name == "id":
            if "\0" not in value:
                ev_id = value
        elif name == "retry":
            if value.isdigit():
                retry = int(value)
        else:
            continue  # an unknown field is ignored (the spec)
        seen = True
