"""The streaming Out-Default (see ``gshell.runtime.formatting`` for what is displayed how).

``Formatter(write, width=120, color=False, delay=0.3, max_rows=50)``
    A streaming Out-Default.  ``write(text)`` receives complete lines *with* their ``"\\n"``.
    ``push(obj)`` displays one pipeline object (objects are pushed one by one as they arrive;
    do not pre-enumerate: a list pushed is shown as one value, as if written with ``,``);
    ``flush()`` ends the output (prints pending table rows and the closing blank line).
    ``poll()`` prints buffered rows whose ``delay`` has expired (call it when idle if you
    prefer not to rely on the timer thread).  Table rows of one block are buffered at most
    ``delay`` seconds or ``max_rows`` rows, then column widths are fixed and rows print as
    they come (later, longer values are truncated with ``…``), like PowerShell's 300 ms wait.
    ``delay=None`` disables the timer (rows wait for ``max_rows`` or ``flush()``), which is
    what tests and Out-String use.  Thread-safe (one lock).

``render(objs, width=120, color=False) -> str``  the whole Out-String text of a list of objects.

Live display (``Formatter.set_live(True)``, the interactive shell sets it for a statement
whose last command is a proxy function or ``Update-*Result``):
a ``generating`` event whose data is text rewrites ONE line in place (``\r`` + erase line),
heartbeats are dropped, and the ``complete`` event erases that line and prints as usual, so
the final value stays.  Any other output first ends the live line with a newline.

Component views (``hints=True``, the interactive prompt): a ``complete`` event whose data holds
a value with a view of its own (chat messages, Dataframe rows, a Label, HighlightedText: the
types in ``formatting.COMPONENT_TYPES``) is followed, at ``flush()``, by that value shown with
its view under a ``data[i]:`` line (at most ``MAX_VIEW_LINES`` lines each).  Display only: the
event record is unchanged.
"""

from __future__ import annotations

import _thread
import sys
import time
from collections.abc import Callable, Iterable

from gshell.display import Styled, keep_own, visible
from gshell.lazy import LazyModule
from gshell.runtime.formatting import (
    DIM,
    ELLIPSIS,
    ERASE_LINE,
    OWN_STYLES,
    RESET,
    component_view_of,
    files_in,
    format_file,
    format_value,
    get_property,
    has_members,
    is_event,
    is_file_data,
    is_scalar,
    live_text,
    properties_of,
    renderer_of,
    save_hint,
    saved_locally,
    tail_of,
    to_text,
    type_view,
)
from gshell.runtime.values import CIDict, Hashtable

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    import threading
    from typing import Any

    from gshell.runtime import layout
    from gshell.runtime.layout import Column
else:
    layout = LazyModule("gshell.runtime.layout", globals())  # tables and lists load it on first use

MAX_PREVIEWS = 6  # images previewed after one statement's output at most
MAX_VIEWS = 4        # component views after one statement's output at most
MAX_VIEW_LINES = 40  # lines of one component view at most


def image_files(obj: Any, depth: int = 0) -> list[Any]:
    """The image FileData records in an output object: itself, an event's data, and inside
    lists and records (a Gallery's ``image``, an AnnotatedImage, chat messages)."""
    from gshell.runtime.images import is_image_name
    if is_file_data(obj):
        name = to_text(obj.get("orig_name") or "") or to_text(obj.get("path") or obj.get("url") or "")
        return [obj] if is_image_name(name) else []
    if depth > 6:
        return []
    if is_event(obj):
        return image_files(obj.get("data"), depth + 1)
    if isinstance(obj, (list, tuple)):
        return [fd for item in obj for fd in image_files(item, depth + 1)]
    if isinstance(obj, CIDict):
        return [fd for item in obj.values() for fd in image_files(item, depth + 1)]
    return []


# --------------------------------------------------------------------------------------
# Streaming formatter (Out-Default)
# --------------------------------------------------------------------------------------


def _is_format_block(obj: Any) -> bool:
    """A Format-Table / Format-List block; none exists before gshell.runtime.layout is loaded."""
    loaded = sys.modules.get("gshell.runtime.layout")
    return loaded is not None and isinstance(obj, loaded.FormatBlock)


def _shape(obj: Any) -> tuple[str, Any]:
    """The block an object belongs to: ('scalar'|'table'|'list'|'hashtable'|'block', key)."""
    if is_scalar(obj) or isinstance(obj, (list, tuple)):
        return ("scalar", None)
    if _is_format_block(obj):
        return ("block", id(obj))
    if isinstance(obj, Hashtable):
        return ("hashtable", None)
    if renderer_of(obj) is not None:
        return ("custom", obj.type_name)
    view = type_view(obj)
    if view is not None:
        group = get_property(obj, view.group_by) if view.group_by else None
        # keyed by the layout, not the type name: types sharing a view (CommandInfo and
        # AliasInfo in Get-Command's output) stay in one table, as in pwsh; a view of all
        # properties (Dataframe rows) is keyed by them
        shown = view.properties or tuple(n.casefold() for n, _ in properties_of(obj))
        return (view.kind, (shown, view.group_by, to_text(group)))
    props = properties_of(obj)
    if not props and not has_members(obj) and not isinstance(obj, CIDict):
        return ("scalar", None)
    names = tuple(n.casefold() for n, _ in props)
    return ("table" if len(names) <= 4 else "list", names)


class Formatter:
    """Streaming Out-Default; see the module docstring."""

    def __init__(self, write: Callable[[str], None], width: int = 120, color: bool = False,
                 delay: float | None = 0.3, max_rows: int = 50, hints: bool = False) -> None:
        self.write = write
        self.hints = hints                        # end with a Save-GradioFile hint (interactive)
        self.live = False                         # see set_live()
        self._live_open = False                   # the in-place line is on screen (no newline yet)
        self._server_files: dict[str, Any] = {}   # files shown that are only on the server, by URL
        # inline image previews (the REPL sets it on a terminal): fd -> escape text or None
        self.preview: Callable[[Any], Styled | None] | None = None
        self._images: dict[str, Any] = {}         # image files shown, previewed at flush()
        self._views: list[tuple[int, Any]] = []   # component values of events, shown at flush()
        self.width = max(int(width or 120), 10)
        self.color = color
        self.delay = delay
        self.max_rows = max_rows
        self._lock = _thread.RLock()  # threading.RLock, without importing threading at start-up
        self._shape: tuple[str, Any] | None = None
        self._pending: list[Any] = []
        self._pending_since = 0.0
        self._cols: list[Column] | None = None   # fixed once the header is printed
        self._timer: threading.Timer | None = None
        self._open_block = False                  # a table/list block needs its closing blank line
        self._last_blank = False

    # -- public ----------------------------------------------------------------------
    def set_live(self, on: bool) -> None:
        """Live display on/off (for the statement about to run); off ends an open live line."""
        with self._lock:
            if not on:
                self._commit_live()
            self.live = bool(on)

    def push(self, obj: Any) -> None:
        with self._lock:
            if self.hints:
                for fd in files_in(obj):
                    if not saved_locally(fd):
                        self._server_files.setdefault(format_file(fd), fd)
            if self.live and is_event(obj) and self._live_event(obj):
                return
            if self.preview is not None and not (self.live and is_event(obj)
                                                 and to_text(obj.get("event") or "") != "complete"):
                for fd in image_files(obj):
                    if len(self._images) < MAX_PREVIEWS:
                        self._images.setdefault(format_file(fd), fd)
            if self.hints and is_event(obj) and to_text(obj.get("event") or "") == "complete":
                self._views.extend(component_view_of(obj.get("data")))
                del self._views[MAX_VIEWS:]
            shape = _shape(obj)
            if shape != self._shape:
                self._end_block()
                self._shape = shape
                self._begin_block(obj)
            kind = shape[0]
            if kind == "scalar":
                text = format_value(obj)
                if obj is None or (isinstance(obj, (list, tuple)) and not obj):
                    return
                self._emit_lines(text.split("\n"))
            elif kind == "block":
                self._emit_lines(obj.render(self.width, self.color))
            elif kind == "custom":
                self._emit_lines(self._custom(obj))
            elif kind == "list":
                lines = layout.format_list([obj], width=self.width, color=self.color)
                if self._list_count:
                    self._emit_lines([""])
                self._list_count += 1
                self._emit_lines(lines)
            else:  # table / hashtable
                if self._cols is not None:
                    self._emit_rows([obj])
                else:
                    if not self._pending:
                        self._pending_since = time.monotonic()
                        self._arm_timer()
                    self._pending.append(obj)
                    if len(self._pending) >= self.max_rows or (
                            self.delay is not None and time.monotonic() - self._pending_since >= self.delay):
                        self._release_pending()

    def poll(self) -> None:
        with self._lock:
            if self._pending and self.delay is not None and time.monotonic() - self._pending_since >= self.delay:
                self._release_pending()

    def flush(self) -> None:
        with self._lock:
            self._end_block()
            self._commit_live()
            self._shape = None
            self._cancel_timer()
            self._show_views()
            self._show_previews()
            if self._server_files:
                lines = save_hint(list(self._server_files.values()))
                self._server_files = {}
                self._emit_lines([f"{DIM}{line}{RESET}" if self.color else line for line in lines])

    def _custom(self, obj: Any) -> list[str]:
        render_obj = renderer_of(obj)
        try:
            return render_obj(obj, self.width) if render_obj is not None else [format_value(obj)]
        except Exception:  # noqa: BLE001 - a view never breaks the output: the value as text
            return [format_value(obj)]

    def _show_views(self) -> None:
        views, self._views = self._views, []
        for index, value in views:
            own = getattr(value, "ps_view_lines", None)   # a value with a view of its own (an empty table)
            lines = own(self.width) if own is not None else \
                render(value if isinstance(value, list) else [value], width=self.width).strip("\n").split("\n")
            if len(lines) > MAX_VIEW_LINES:
                lines = lines[:MAX_VIEW_LINES] + [f"{ELLIPSIS} ({len(lines) - MAX_VIEW_LINES} more lines)"]
            self._emit_lines([""])
            self._emit_lines([f"data[{index}]:", *lines])
            self._emit_lines([""])

    def _show_previews(self) -> None:
        images, self._images = list(self._images.values()), {}
        if self.preview is None:
            return
        for fd in images:
            try:
                text = self.preview(fd)
            except Exception:  # noqa: BLE001 - a preview never breaks the output
                text = None
            if text:
                self.write(text)
                self._last_blank = False

    # -- live display -------------------------------------------------------------------
    def _live_event(self, ev: Any) -> bool:
        """Show an event in place; True when it was consumed (nothing else to print)."""
        kind = to_text(ev.get("event") or "")
        if kind == "heartbeat":
            return True
        if kind == "generating":
            text = live_text(ev.get("data"))
            if text is None:
                return False
            if self._pending:
                self._release_pending()
            self.write(Styled(ERASE_LINE + tail_of(visible(text), self.width - 1)))
            self._live_open = True
            self._last_blank = False
            return True
        if kind == "complete" and self._live_open:
            self.write(Styled(ERASE_LINE))   # the complete event prints the final value below
            self._live_open = False
        return False

    def _commit_live(self) -> None:
        """Keep the live line on screen (end it with a newline)."""
        if self._live_open:
            self._live_open = False
            self.write("\n")

    # -- blocks ------------------------------------------------------------------------
    def _begin_block(self, obj: Any) -> None:
        kind = self._shape[0] if self._shape else "scalar"
        self._cols = None
        self._pending = []
        self._list_count = 0
        if kind in ("table", "hashtable", "list", "block", "custom"):
            self._emit_lines([""])
            view = type_view(obj)
            if view is not None and view.group_by:
                label = view.group_label or view.group_by
                header = f"{label}: {to_text(get_property(obj, view.group_by))}"
                self._emit_lines([" " * view.group_indent + header, ""])
            self._open_block = True

    def _end_block(self) -> None:
        if self._pending:
            self._release_pending()
        if self._open_block:
            self._emit_lines([""])
            self._open_block = False
        self._cols = None

    def _release_pending(self) -> None:
        self._cancel_timer()
        rows = self._pending
        self._pending = []
        if not rows:
            return
        cols = layout.resolve_columns(rows, None)
        self._cols = layout.size_columns(cols, layout.rows_of(rows), self.width)
        if not self._cols:
            return
        self._emit_lines(layout.table_header(self._cols, self.color))
        self._emit_rows(rows)

    def _emit_rows(self, objs: list[Any]) -> None:
        assert self._cols is not None
        lines: list[str] = []
        for r in layout.rows_of(objs):
            lines.extend(layout.table_row(self._cols, r))
        self._emit_lines(lines)

    def _emit_lines(self, lines: list[str]) -> None:
        self._commit_live()
        if lines == [""] and self._last_blank:
            return  # one blank line between blocks, not two
        if lines:
            text = "".join(line + "\n" for line in lines)
            # with colour, the text carries the formatter's own styling: sanitize all but that
            self.write(keep_own(text, OWN_STYLES) if self.color else text)
            self._last_blank = lines[-1] == ""

    # -- timer -------------------------------------------------------------------------
    def _arm_timer(self) -> None:
        if self.delay is None:
            return
        self._cancel_timer()
        import threading
        self._timer = threading.Timer(self.delay, self.poll)
        self._timer.daemon = True
        self._timer.start()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    _list_count = 0


def render(objs: Iterable[Any], width: int = 120, color: bool = False) -> str:
    """The text Out-String / Out-File produce for these objects (no timer)."""
    chunks: list[str] = []
    fmt = Formatter(chunks.append, width=width, color=color, delay=None, max_rows=1 << 30)
    for o in objs:
        fmt.push(o)
    fmt.flush()
    return "".join(chunks)


def render_lines(objs: Iterable[Any], width: int = 120, color: bool = False) -> list[str]:
    """Out-String -Stream: the rendered text split into lines."""
    text = render(objs, width=width, color=color)
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n") if text else []
