"""The engine's bounds and default timeouts: each has a documented default and an environment
variable that changes it (read when used, so ``$env:GSHELL_MAX_RESULT = '1GiB'`` in the shell
applies to the next call).  docs/protocol.md and the about_Gradio_Sessions help topic list them."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from .errors import GradioError

KiB, MiB, GiB = 1024, 1024 ** 2, 1024 ** 3
_UNITS = {"": 1, "b": 1, "k": KiB, "kb": 1000, "kib": KiB, "m": MiB, "mb": 1000 ** 2, "mib": MiB,
          "g": GiB, "gb": 1000 ** 3, "gib": GiB, "t": 1024 ** 4, "tb": 1000 ** 4, "tib": 1024 ** 4}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.I)


@dataclass(frozen=True)
class Setting:
    env: str
    default: float
    kind: str  # "size" (bytes), "seconds", "count"
    what: str

    def value(self) -> float:
        raw = os.environ.get(self.env, "").strip()
        if not raw:
            return self.default
        m = _SIZE.match(raw)
        unit = m.group(2).lower() if m else ""
        if m is None or (self.kind != "size" and unit not in ("", "s")) or (self.kind == "size" and unit not in _UNITS):
            raise GradioError(f"${self.env} = '{raw[:40]}' is not a valid {self.kind} value "
                              f"(default {describe(self)})")
        number = float(m.group(1)) * (_UNITS[unit] if self.kind == "size" else 1)
        if number <= 0:
            raise GradioError(f"${self.env} must be positive, not '{raw[:40]}'")
        return number


SETTINGS: dict[str, Setting] = {s.env: s for s in (
    Setting("GSHELL_CONNECT_TIMEOUT", 10.0, "seconds", "opening a connection (when -TimeoutSec is not given)"),
    Setting("GSHELL_MIN_SILENCE", 10.0, "seconds",
            "the least time a server may stay silent (no answer, no event, no heartbeat) before it is taken "
            "for dead; 3x the heartbeat interval when that is longer"),
    Setting("GSHELL_KEEPALIVE", 4.0, "seconds",
            "an idle connection is closed after this (uvicorn, which serves Gradio, closes them after 5 s)"),
    Setting("GSHELL_POST_REUSE_IDLE", 0.5, "seconds",
            "a POST is not sent on a pooled connection idle longer than this (a fresh one is opened), "
            "so it cannot race a server closing the idle connection"),
    Setting("GSHELL_MAX_SSE_LINE", 64 * MiB, "size", "one line of an event stream"),
    Setting("GSHELL_MAX_RESULT", 256 * MiB, "size",
            "one answer or event (its data), and the event data a call keeps in all"),
    Setting("GSHELL_MAX_DOWNLOAD", 4 * GiB, "size", "one downloaded file, after decompression"),
    Setting("GSHELL_MAX_EVENTS", 10000, "count", "events a call keeps (the oldest are dropped; the last is kept)"),
    Setting("GSHELL_MAX_JSON_DEPTH", 1000, "count",
            "how deep arrays and objects may nest in a JSON document a server sends (deeper ones are "
            "refused before they are parsed)"),
)}


def get(env: str) -> float:
    return SETTINGS[env].value()


def size(env: str) -> int:
    return int(SETTINGS[env].value())


def human(n: float) -> str:
    """1024 -> '1 KiB', 67108864 -> '64 MiB'."""
    for unit, factor in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= factor:
            v = n / factor
            return f"{v:.0f} {unit}" if v == int(v) else f"{v:.1f} {unit}"
    return f"{int(n)} bytes"


def describe(s: Setting) -> str:
    if s.kind == "size":
        return human(s.default)
    if s.kind == "seconds":
        return f"{s.default:g} s"
    return f"{int(s.default):,}"


class LimitExceeded(GradioError):
    """A bound was hit (the message names it and how to raise it)."""

    def __init__(self, message: str, *, env: str, endpoint: str | None = None, url: str | None = None) -> None:
        super().__init__(message, endpoint=endpoint, url=url)
        self.env = env


def exceeded(what: str, env: str, kept: str = "", *, endpoint: str | None = None,
             url: str | None = None) -> LimitExceeded:
    """The one-line error: '<what> is larger than 64 MiB (raise it with $env:GSHELL_MAX_SSE_LINE); <kept>'."""
    limit = human(size(env))
    tail = f"; {kept}" if kept else ""
    return LimitExceeded(f"{what} is larger than {limit} (the limit; raise it with $env:{env}){tail}",
                         env=env, endpoint=endpoint, url=url)
