"""The one SSE reader (gshell/gradio/sse.py): line ends of every kind, split anywhere; bounds."""
from __future__ import annotations

import pytest

from gshell.gradio.limits import LimitExceeded
from gshell.gradio.sse import iter_lines, iter_sse

STREAM = (b"event: generating\r\ndata: [1]\r\n\r\n: a comment\nevent: complete\ndata: [\"a\",\ndata: \"b\"]\n\n"
          b"retry: 10\n\nx-unknown: 1\ndata:no-space\r\r")


def events(chunks):
    return [(e.event, e.data) for e in iter_sse(chunks)]


def test_every_split_of_the_stream_gives_the_same_events() -> None:
    whole = events([STREAM])
    assert whole == [("generating", "[1]"), ("complete", '["a",\n"b"]'), ("message", ""),
                     ("message", "no-space")]
    for cut in range(1, len(STREAM)):
        assert events([STREAM[:cut], STREAM[cut:]]) == whole, cut
    assert events([bytes([b]) for b in STREAM]) == whole


def test_bad_utf8_is_replaced_not_fatal() -> None:
    assert events([b"data: \xff\xfe ok\n\n"]) == [("message", "\ufffd\ufffd ok")]


def test_a_line_that_never_ends_stops_at_the_limit() -> None:
    def endless():
        yield b"data: "
        while True:
            yield b"x" * 4096

    with pytest.raises(LimitExceeded) as ei:
        for _ in iter_lines(endless(), 100_000):
            pass
    assert ei.value.env == "GSHELL_MAX_SSE_LINE"


def test_an_event_of_many_lines_stops_at_the_result_limit(monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_MAX_RESULT", "64KiB")

    def many():
        while True:
            yield b"data: " + b"y" * 1000 + b"\n"

    with pytest.raises(LimitExceeded) as ei:
        list(iter_sse(many()))
    assert ei.value.env == "GSHELL_MAX_RESULT" and "64 KiB" in str(ei.value)
