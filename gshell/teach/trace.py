"""HTTP trace lines for -Verbose, `$GShellShowHttp` and `Show-GradioHttp`.

A line per request (``POST http://127.0.0.1:7860/gradio_api/call/greet -> 200 12 ms``) and a line
per server-sent event (``event: generating data: ["one word"]``).  Event data is cut to a
readable length (a generator's full text or a FileData list would flood the terminal); the cut
says how long the whole was.  Text is masked (tokens, passwords) before it is cut, and each
record is one line (a server's multi-line data or 1 MB redirect target never forges lines).
"""
from __future__ import annotations

from typing import Any

from gshell import secrets

VARIABLE = "GShellShowHttp"
DATA_LIMIT = 200   # characters of SSE data shown
URL_LIMIT = 300


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with a note of the full length."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} chars)"


def format_record(rec: Any, *, data_limit: int = DATA_LIMIT) -> str:
    """One trace line for a ``gshell.gradio.TraceRecord`` (kind 'http', 'sse' or 'note')."""
    kind = getattr(rec, "kind", None)
    if kind == "http":
        status = rec.status if rec.status is not None else "-"
        elapsed = f" {rec.elapsed_ms:.0f} ms" if rec.elapsed_ms is not None else ""
        extra = f" ({clip(rec.message, 200)})" if rec.message else ""
        text = f"{rec.method} {clip(secrets.mask(rec.url or ''), URL_LIMIT)} -> {status}{elapsed}{extra}"
    elif kind == "sse":
        data = rec.data if rec.data is not None else "null"
        text = f"event: {clip(str(rec.event), 100)} data: {clip(secrets.mask(str(data)), data_limit)}"
    else:
        text = clip(secrets.mask(str(getattr(rec, "message", None) or rec)), 2 * URL_LIMIT)
    # one line whatever the server sent (a multi-line data: block, a 1 MB Location): gshell.display
    return " ".join(secrets.mask(text).split())


def enabled(runtime: Any, scope: Any = None) -> bool:
    """Whether `$GShellShowHttp` is on (seen from ``scope`` when given, else globally)."""
    value = None
    if scope is not None:
        try:
            value = scope.get(VARIABLE)
        except Exception:  # noqa: BLE001
            value = None
    if value is None:
        getter = getattr(runtime, "get_variable", None)
        value = getter(VARIABLE) if getter is not None else None
    try:
        from gshell.runtime.conversions import to_bool
        return bool(to_bool(value))
    except Exception:  # noqa: BLE001
        return bool(value)


def set_enabled(runtime: Any, on: bool) -> None:
    """Set the global `$GShellShowHttp`."""
    runtime.set_variable(VARIABLE, bool(on))
