"""What one shell remembers of its own session: the command history (Get-History,
Invoke-History) and the running transcript (Start-Transcript / Stop-Transcript).

The front ends (the REPL and the piped-stdin loop) wrap each input they run in
``command(interp, text)``; scripts and ``-c`` add nothing, as in pwsh, where the history
holds only what was typed at the prompt.  State is kept per interpreter, off the
interpreter object itself.
"""
from __future__ import annotations

import datetime as _dt
import re
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from gshell.structs import Struct, field

MAX_HISTORY = 4096                       # pwsh's $MaximumHistoryCount default
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


class HistoryEntry(Struct, slots=False):
    id: int
    command_line: str
    started: _dt.datetime
    ended: _dt.datetime | None = None
    ok: bool = True


class Transcript(Struct, slots=False):
    path: str
    append: Callable[[str], None]        # writes text to the file (the file writer of the cmdlets)


class SessionLog(Struct, slots=False):
    history: list[HistoryEntry] = field(default_factory=list)
    next_id: int = 1
    transcript: Transcript | None = None
    running: int = 0                     # depth of Invoke-History (an entry is added once)


_LOGS: weakref.WeakKeyDictionary[Any, SessionLog] = weakref.WeakKeyDictionary()


def log_of(interp: Any) -> SessionLog:
    log = _LOGS.get(interp)
    if log is None:
        log = _LOGS[interp] = SessionLog()
    return log


def add_entry(interp: Any, text: str) -> HistoryEntry:
    log = log_of(interp)
    entry = HistoryEntry(log.next_id, text, _dt.datetime.now())
    log.next_id += 1
    log.history.append(entry)
    del log.history[:-MAX_HISTORY]
    return entry


@contextmanager
def command(interp: Any, text: str, prompt: str = "PS> ") -> Iterator[None]:
    """Around one input typed at the prompt: added to the history once it has run, and
    written to the transcript (as ``PS> text``) before its output."""
    source = text.strip()
    if not source:
        yield
        return
    log = log_of(interp)
    if log.transcript is not None:
        log.transcript.append(f"{prompt}{source}\n")
    started = _dt.datetime.now()
    ok = False
    try:
        yield
        ok = bool(getattr(interp, "last_status", True))
    finally:
        entry = add_entry(interp, source)
        entry.started, entry.ended, entry.ok = started, _dt.datetime.now(), ok


def start_transcript(interp: Any, path: str, append: Callable[[str], None]) -> None:
    log = log_of(interp)
    log.transcript = Transcript(path, append)
    host = getattr(interp, "host", None)
    if host is not None:
        def tee(text: str) -> None:
            current = log.transcript
            if current is not None:
                try:
                    current.append(_ANSI.sub("", text))
                except Exception:  # noqa: BLE001 - the file went away: stop, the shell goes on
                    log.transcript = None
                    host.transcript = None
        host.transcript = tee


def stop_transcript(interp: Any) -> Transcript | None:
    log = log_of(interp)
    current, log.transcript = log.transcript, None
    host = getattr(interp, "host", None)
    if host is not None:
        host.transcript = None
    return current
