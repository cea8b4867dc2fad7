"""Error reporting of the interpreter: where an error happened, how it prints, `$Error`,
and what `-ErrorAction` does with a non-terminating error."""

from __future__ import annotations

import os

from gshell.lazy import LazyModule
from gshell.runtime.errors import ErrorRecord, PSError, too_many_digits
from gshell.runtime.host import Host

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

    from gshell.runtime import error_view
else:
    error_view = LazyModule("gshell.runtime.error_view", globals())  # loaded for the first error shown


class ErrorReporting:
    """The error state of an interpreter (`$Error`, `$?`, whether anything failed)."""

    host: Host
    debug: bool
    script_name: str
    global_scope: Any

    def __init__(self) -> None:
        self.failed = False
        self.last_status = True
        self.error_list: list[Any] = []
        self.current_errors: list[ErrorRecord] = []  # the errors being handled by `catch` blocks
        self._source_lines: list[str] = []
        self._lines_cache: tuple[str, list[str]] = ("", [])
        #: the error lists of the script functions with -ErrorVariable now running
        self.error_collectors: list[list[ErrorRecord]] = []
        self.error_serial = 0     # grows with every error reported (`$?` of a statement)
        self.try_depth = 0        # `try` bodies running: terminating errors go to their `catch`
        self.call_depth = 0       # script functions and script blocks running (gshell.runtime.depth)

    def set_source(self, source: str) -> None:
        self._source_lines = source.splitlines() if source else []

    def source_of(self, script_name: str, source: str) -> _SourceOf:
        """A context manager: errors raised meanwhile point into ``source`` of the file
        ``script_name`` (a test file Invoke-Pester runs); the previous source is back afterwards."""
        return _SourceOf(self, script_name, source)

    def locate(self, rec: ErrorRecord, pos: Any) -> None:
        if rec.line or pos is None or not getattr(pos, "line", 0):
            return
        rec.line = pos.line
        rec.col = pos.col
        lines = self._lines_of(getattr(pos, "source", ""))
        if 0 < pos.line <= len(lines):
            rec.source_line = lines[pos.line - 1]
        if self.script_name:
            rec.script_name = os.path.abspath(self.script_name)

    def _lines_of(self, source: str) -> list[str]:
        """The lines of the text a position is in (a function defined by an earlier input
        at the prompt has its own); the current input's when unknown."""
        if not source:
            return self._source_lines
        cached = self._lines_cache
        if cached[0] is not source:
            cached = self._lines_cache = (source, source.splitlines())
        return cached[1]

    def located(self, err: PSError, pos: Any) -> PSError:
        self.locate(err.record, pos)
        return err

    def internal_error(self, exc: BaseException, where: str) -> PSError:
        if self.debug:
            import traceback
            self.host.write_err("".join(traceback.format_exception(exc)))
        digits = too_many_digits(exc)
        if digits is not None:
            return digits
        return PSError(f"internal error in {where}: {type(exc).__name__}: {exc}", category="NotSpecified",
                       exception_type="RuntimeException", error_id="InternalError")

    def format_error(self, rec: ErrorRecord) -> str:
        """A reported error in the `$ErrorView` (gshell.runtime.error_view)."""
        return error_view.render(rec, self.global_scope.get("ErrorView"), self.host.width)

    def report_uncaught(self, e: PSError, silent: bool = False, keep: bool = True) -> None:
        """Report a terminating error nothing caught (printed unless ``silent``; in `$Error`
        unless not ``keep``: the 'Ignore' action)."""
        self.failed = self.failed or not silent
        self.last_status = False
        self.error_serial += 1
        if keep:
            self.add_error(e.record)
        if not silent:
            self.host.error(self.format_error(e.record))

    def statement_failed(self, e: PSError, scope: Any) -> None:
        """A terminating error came out of a statement: re-raise it when it must unwind (a
        `try` is running, it is script-terminating, or `$ErrorActionPreference` is 'Stop');
        otherwise report it (not printed under 'SilentlyContinue' / 'Ignore') and let the
        next statement run, as pwsh does with a statement-terminating error."""
        rec = e.record
        if rec.stack is None and rec.line:
            rec.stack = scope.call_stack(rec.line)
        if e.script_terminating or self.try_depth:
            raise e
        pref = scope.get("ErrorActionPreference")
        action = str(pref).strip().casefold() if pref is not None else "continue"
        if action == "stop":
            e.script_terminating = True
            raise e
        self.report_uncaught(e, silent=action in ("silentlycontinue", "ignore"), keep=action != "ignore")

    def add_error(self, rec: ErrorRecord) -> None:
        self.error_list.insert(0, rec)
        del self.error_list[256:]
        for sink in self.error_collectors:
            sink.append(rec)

    def non_terminating(self, rec: ErrorRecord, action: str) -> None:
        """A non-terminating error reported by a command (inv.error)."""
        a = action.casefold()
        self.last_status = False
        self.error_serial += 1
        if a == "stop":
            stop = PSError(rec)
            stop.script_terminating = True
            raise stop
        if a == "ignore":
            return
        self.add_error(rec)
        if a == "silentlycontinue":
            return
        self.failed = True
        self.host.error(self.format_error(rec))


class _SourceOf:
    """``ErrorReporting.source_of`` (a class rather than ``contextlib.contextmanager``, which
    would import contextlib at start-up)."""

    def __init__(self, reporting: ErrorReporting, script_name: str, source: str) -> None:
        self._reporting, self._script_name, self._source = reporting, script_name, source
        self._saved: tuple[list[str], str] = ([], "")

    def __enter__(self) -> None:
        r = self._reporting
        self._saved = r._source_lines, r.script_name
        r._source_lines = self._source.splitlines() if self._source else []
        r.script_name = self._script_name

    def __exit__(self, *exc: object) -> None:
        self._reporting._source_lines, self._reporting.script_name = self._saved
