"""The host: where text goes (stdout / stderr), colour, console width, secret masking.

Every line written through a Host passes through ``gshell.secrets.mask`` when that module
exists (imported lazily: the Gradio engine provides it).  Colour is used only when the
stream is a terminal and neither ``NO_COLOR`` nor ``--no-color`` is set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from gshell.display import Styled, visible

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import IO, Any

_COLORS = {
    "black": 30, "darkred": 31, "darkgreen": 32, "darkyellow": 33, "darkblue": 34, "darkmagenta": 35,
    "darkcyan": 36, "gray": 37, "darkgray": 90, "red": 91, "green": 92, "yellow": 93, "blue": 94,
    "magenta": 95, "cyan": 96, "white": 97,
}

_mask_fn: Callable[[str], str] | None = None
_mask_loaded = False


def mask(text: str) -> str:
    """Mask known secrets (no-op until ``gshell.secrets`` exists) and show terminal controls
    visibly (``gshell.display``: a :class:`~gshell.display.Styled` text passes as built)."""
    text = visible(text)
    global _mask_fn, _mask_loaded
    if not _mask_loaded:
        _mask_loaded = True
        try:
            from gshell import secrets  # noqa: PLC0415 - lazy on purpose
            _mask_fn = getattr(secrets, "mask", None)
        except Exception:  # noqa: BLE001 - absent or broken: no masking
            _mask_fn = None
    if _mask_fn is None:
        return text
    try:
        masked = _mask_fn(text)
        return Styled(masked) if isinstance(text, Styled) and not isinstance(masked, Styled) else masked
    except Exception:  # noqa: BLE001
        return text


def color_code(name: str | None, background: bool = False) -> str | None:
    if not name:
        return None
    code = _COLORS.get(str(name).casefold())
    if code is None:
        return None
    return str(code + 10 if background else code)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:  # noqa: BLE001
        return False


def _encodable(text: str, stream: Any) -> str:
    """``text`` with what ``stream``'s encoding cannot carry as '?' (an ASCII-only stdout)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return text.encode(encoding, "replace").decode(encoding, "replace")
    except LookupError:
        return text.encode("ascii", "replace").decode("ascii")


class OutputClosed(BaseException):
    """Standard output was closed by its reader (`gshell -c '1..1e6' | head -1`): the script
    stops quietly (the CLI catches it).  A BaseException, so that no `except Exception` of a
    command or of the interpreter turns it into an error record; `finally` blocks still run."""


class Host:
    """Writers for stdout / stderr, with colour and width settings."""

    def __init__(self, stdout: IO[str] | None = None, stderr: IO[str] | None = None,
                 color: bool | None = None, width: int | None = None) -> None:
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        no_color = bool(os.environ.get("NO_COLOR"))
        if color is None:
            self.color_out = _isatty(self.stdout) and not no_color
            self.color_err = _isatty(self.stderr) and not no_color
        else:
            self.color_out = self.color_err = bool(color) and not no_color
        self._width = width
        self.at_line_start = True
        self.output_closed = False
        #: receives every (masked) text written to stdout and stderr while a transcript runs
        self.transcript: Callable[[str], None] | None = None

    @property
    def color(self) -> bool:
        return self.color_out

    def disable_color(self) -> None:
        self.color_out = self.color_err = False

    @property
    def width(self) -> int:
        if self._width:
            return self._width
        cols = os.environ.get("COLUMNS")
        if cols and cols.isdigit() and int(cols) > 0:
            return int(cols)
        if _isatty(self.stdout):
            try:
                import shutil
                return shutil.get_terminal_size((120, 24)).columns
            except Exception:  # noqa: BLE001
                return 120
        return 120

    # -- writing ---------------------------------------------------------------------
    def write(self, text: str) -> None:
        """Text to stdout, masked and sanitized (``gshell.display``).  When its reader has gone,
        the first write raises ``OutputClosed`` and the later ones (`finally` blocks running
        while the script unwinds) write nothing."""
        if not text or self.output_closed:
            return
        masked = mask(text)
        try:
            self.stdout.write(masked)
        except BrokenPipeError:
            self._closed_now()
        except UnicodeEncodeError:
            self.stdout.write(_encodable(masked, self.stdout))
        if self.transcript is not None:
            self.transcript(masked)
        self.at_line_start = text.endswith("\n")
        try:
            self.stdout.flush()
        except BrokenPipeError:
            self._closed_now()
        except Exception:  # noqa: BLE001
            pass

    def _closed_now(self) -> None:
        self.output_closed = True
        raise OutputClosed() from None

    def write_line(self, text: str = "") -> None:
        self.write(text + "\n")

    def write_err(self, text: str) -> None:
        if not text:
            return
        if not self.at_line_start and not self.output_closed:
            self.at_line_start = True
            try:
                self.stdout.write("\n")
                self.stdout.flush()
            except BrokenPipeError:
                self._closed_now()
            except Exception:  # noqa: BLE001
                pass
        masked = mask(text)
        try:
            try:
                self.stderr.write(masked)
            except UnicodeEncodeError:
                self.stderr.write(_encodable(masked, self.stderr))
            self.stderr.flush()
        except BrokenPipeError:
            pass    # nobody reads the errors any more: nothing to tell
        except Exception:  # noqa: BLE001
            pass
        if self.transcript is not None:
            self.transcript(masked)

    def write_host(self, text: str, color: str | None = None, background: str | None = None,
                   newline: bool = True) -> None:
        """Write-Host: stdout, optional colour."""
        end = "\n" if newline else ""
        if self.color_out:
            codes = [c for c in (color_code(color), color_code(background, True)) if c]
            if codes:
                self.write(Styled(f"\x1b[{';'.join(codes)}m{visible(text)}\x1b[0m{end}"))
                return
        self.write(Styled(text + end) if isinstance(text, Styled) else text + end)

    def _err_line(self, text: str, code: str) -> None:
        if self.color_err:
            self.write_err(Styled(f"\x1b[{code}m{visible(text)}\x1b[0m\n"))
        else:
            self.write_err(text + "\n")

    def error(self, text: str) -> None:
        self._err_line(text, "91")

    def warning(self, text: str) -> None:
        self._err_line(f"WARNING: {text}", "93")

    def verbose(self, text: str) -> None:
        self._err_line(f"VERBOSE: {text}", "93")

    def debug(self, text: str) -> None:
        self._err_line(f"DEBUG: {text}", "93")

    def information(self, text: str) -> None:
        self.write(text + "\n")


class CaptureHost(Host):
    """A host writing into strings (tests, Out-String)."""

    def __init__(self, width: int = 120) -> None:
        import io
        self._out, self._err = io.StringIO(), io.StringIO()
        super().__init__(self._out, self._err, color=False, width=width)

    @property
    def out(self) -> str:
        return self._out.getvalue()

    @property
    def err(self) -> str:
        return self._err.getvalue()
