"""Trace records for -Verbose / Show-GradioHttp.  Text fields are always masked."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from gshell import secrets


@dataclass
class TraceRecord:
    kind: str  # 'http' | 'sse' | 'note'
    method: str | None = None
    url: str | None = None
    status: int | None = None
    elapsed_ms: float | None = None
    event: str | None = None
    data: str | None = None  # SSE data as received (text), masked
    message: str | None = None
    ts: datetime = field(default_factory=datetime.now)

    def __str__(self) -> str:
        if self.kind == "http":
            st = self.status if self.status is not None else "-"
            el = f" {self.elapsed_ms:.0f} ms" if self.elapsed_ms is not None else ""
            extra = f" ({self.message})" if self.message else ""
            return f"{self.method} {self.url} -> {st}{el}{extra}"
        if self.kind == "sse":
            return f"event: {self.event} data: {self.data}"
        return self.message or ""


TraceCallback = Callable[[TraceRecord], None]


def make(kind: str, **kw: Any) -> TraceRecord:
    for key in ("url", "data", "message"):
        val = kw.get(key)
        if val is not None and not isinstance(val, str):
            val = json.dumps(val)
        if val is not None:
            kw[key] = secrets.mask(val)
    return TraceRecord(kind=kind, **kw)
