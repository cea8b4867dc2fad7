"""The interactive shell's live display (docs/architecture.md, "How a call flows").

``run_live(interp, script)`` runs an accepted input like ``interp.run_script(script)`` with
one difference on a terminal: each top-level statement whose LAST command is a proxy
function, ``Invoke-GradioDynamicApi`` or ``Update-GradioSessionApiResult`` /
``Update-GradioApiResult`` runs with the formatter's live mode on (a generator's text
result rewrites one line in place; see ``gshell.runtime.out_default``), and with a spinner
on stderr that shows the elapsed time whenever that statement has printed nothing for a
second (queued, or between heartbeats); the spinner line is erased before any output.
Everywhere else (-c, scripts, stdin, stdout not a terminal, output piped further) nothing
changes: one record per event.

The seam: the formatter passed to ``run_script`` gets ``set_live()``, and ``run_script``'s
``around_statement`` hook turns it on for each top-level statement that ends in a live command.
Also turns on the formatter's ``Save-GradioFile`` hint.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

from gshell.display import visible_line

if TYPE_CHECKING:
    from gshell.runtime.registry import Registry, Runtime

LIVE_COMMANDS = frozenset({"update-gradiosessionapiresult", "update-gradioapiresult", "invoke-gradiodynamicapi"})
SPINNER_FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
QUIET_BEFORE_SPINNER = 1.0   # seconds without output before the spinner shows
TICK = 0.1
ERASE_LINE = "\r\x1b[K"


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:  # noqa: BLE001
        return False


def last_command_name(stmt: Any) -> str | None:
    """The name of a pipeline statement's last command (None for expressions, assignments,
    control flow: they print no call events)."""
    from gshell.lang import ast
    if not isinstance(stmt, ast.PipelineStmt) or not stmt.elements:
        return None
    last = stmt.elements[-1]
    if isinstance(last, ast.CommandExpr) and not last.invocation and isinstance(last.name, str):
        return last.name
    return None


def is_live_command(registry: Registry, name: str) -> bool:
    """Whether ``name`` (an alias too) runs a call whose events the live display shows."""
    cmd = registry.lookup(name)
    if cmd is None:
        return False
    if cmd.name.casefold() in LIVE_COMMANDS:
        return True
    from gshell.commands.proxy import spec_of
    return spec_of(cmd) is not None


# ----------------------------------------------------------------------------- spinner

class Spinner:
    """An elapsed-time line on ``err`` while a live statement prints nothing (a thread).
    ``touch()`` records output (and erases the line first); ``start``/``stop`` bracket
    one statement."""

    def __init__(self, err: IO[str], quiet: float = QUIET_BEFORE_SPINNER) -> None:
        self.err = err
        self.quiet = quiet
        self.lock = threading.RLock()
        self.label = ""
        self.started = 0.0
        self.last_output = 0.0
        self.shown = False
        self.line_open = False        # stdout holds a partial line (the live line): no spinner
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, label: str) -> None:
        with self.lock:
            self.label = visible_line(label, 80)   # an endpoint name from the server
            self.started = self.last_output = time.monotonic()
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="gshell-spinner", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(1.0)
        with self.lock:
            self.clear()

    def clear(self) -> None:
        with self.lock:
            if self.shown:
                self.shown = False
                self._write(ERASE_LINE)

    def touch(self, text: str) -> None:
        """Output is about to be written: erase the spinner (caller holds ``lock``)."""
        self.clear()
        self.last_output = time.monotonic()
        if text:
            self.line_open = not text.endswith(("\n", ERASE_LINE))

    def frame(self, now: float) -> str:
        elapsed = now - self.started
        spin = SPINNER_FRAMES[int(elapsed / TICK) % len(SPINNER_FRAMES)]
        return f"{spin} {self.label}: waiting, {elapsed:.0f} s (Ctrl-C cancels)"

    def _run(self) -> None:
        while not self._stop.wait(TICK):
            with self.lock:
                now = time.monotonic()
                if self._stop.is_set() or self.line_open or now - self.last_output < self.quiet:
                    continue
                self._write(ERASE_LINE + self.frame(now))
                self.shown = True

    def _write(self, text: str) -> None:
        try:
            self.err.write(text)
            self.err.flush()
        except (OSError, ValueError):
            pass


class WatchedStream:
    """A host stream that erases the spinner before each write (both of the host's streams
    are wrapped while a live statement runs)."""

    def __init__(self, stream: IO[str], spinner: Spinner, is_stdout: bool) -> None:
        self._stream = stream
        self._spinner = spinner
        self._is_stdout = is_stdout

    def write(self, text: str) -> int:
        with self._spinner.lock:
            if self._is_stdout:
                self._spinner.touch(text)
            else:
                self._spinner.clear()
                self._spinner.last_output = time.monotonic()
            return self._stream.write(text)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


# ----------------------------------------------------------------------------- running

def run_live(interp: Runtime, script: Any) -> int | None:
    """``interp.run_script(script)`` with the live display (see the module docstring)."""
    host = interp.host
    fmt = interp.make_formatter()
    fmt.hints = True
    if not _isatty(host.stdout):
        return interp.run_script(script, formatter=fmt)
    from gshell.repl.previews import make_previewer
    fmt.preview = make_previewer(interp)
    set_live = fmt.set_live

    spinner = Spinner(host.stderr) if _isatty(host.stderr) else None

    @contextmanager
    def live_statement(stmt: Any) -> Iterator[None]:
        name = last_command_name(stmt)
        live = name is not None and is_live_command(interp.registry, name)
        set_live(live)
        if live and spinner is not None:
            spinner.line_open = not host.at_line_start
            spinner.start(name or "")
        try:
            yield
        finally:
            if live and spinner is not None:
                spinner.stop()
            set_live(False)

    saved = (host.stdout, host.stderr)
    if spinner is not None:
        host.stdout = WatchedStream(saved[0], spinner, True)
        host.stderr = WatchedStream(saved[1], spinner, False)
    try:
        return interp.run_script(script, formatter=fmt, around_statement=live_statement)
    finally:
        host.stdout, host.stderr = saved
