"""PowerShell-like display of values (Out-Default, Out-String, Format-Table/List, Out-File).

Used by the interpreter at the end of every top-level pipeline and by the output cmdlets.

API
===

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

``format_value(v) -> str``        a scalar as PowerShell prints it on its own line.
``format_cell(v) -> str``         a value inside a table cell or list (``{1, 2}``, ``@{a=1}``).
``format_table(objs, properties=None, width=120, color=False, autosize=True, wrap=False,
               hide_headers=False) -> list[str]``
``format_list(objs, properties=None, width=120, color=False) -> list[str]``
``render(objs, width=120, color=False) -> str``  the whole Out-String text of a list of objects.
``properties_of(obj) -> list[tuple[str, Any]]``  (name, value) pairs shown for an object.
``get_property(obj, name) -> Any``                member lookup used by the cmdlets (None if absent).

What is displayed how (PowerShell's Out-Default):

* ``None`` prints nothing; strings, numbers, booleans, datetimes print one per line.
* A ``Record`` with up to 4 properties is a table row; with more, a list (``Name : value``).
  Consecutive records with the same property names share one table (header printed once);
  a record of another shape starts a new block.  A blank line precedes and follows each
  table / list block.
* A ``Hashtable`` is a Name/Value table (one row per key).
* Records whose ``type_name`` appears in ``VIEWS`` (Get-Member, Get-Command, Group-Object,
  Measure-Object, ...) use that view's columns and layout.
* ``FormatBlock`` (what Format-Table / Format-List emit) is rendered with its own options.
* Objects exposing ``ps_member_names()`` / ``ps_get_member(name)`` are shown like records.
* Other Python objects print ``str(obj)``.

Files: a ``GradioFileData`` record (a Gradio FileData) is announced as ``name (size) url`` in a
cell and with the ``GradioFileData`` view on its own; ``Formatter(hints=True)`` (the
interactive shell) ends its output with one ``Save-GradioFile`` hint when files were shown
that are still only on the server (contracts.md "Sessions and calls").

Live display (``Formatter.set_live(True)``, the interactive shell sets it for a statement
whose last command is a proxy function or ``Update-*Result``; contracts.md "Teaching output"):
a ``generating`` event whose data is text rewrites ONE line in place (``\r`` + erase line),
heartbeats are dropped, and the ``complete`` event erases that line and prints as usual, so
the final value stays.  Any other output first ends the live line with a newline.

Colours (``color=True``): table headers / dashes and list labels in bold green (PowerShell 7's
``$PSStyle.Formatting.TableHeader`` / ``FormatAccent``).
"""

from __future__ import annotations

import datetime as _dt
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from gshell.display import Styled, keep_own, visible
from gshell.runtime import error_view
from gshell.runtime.errors import ErrorRecord
from gshell.runtime.values import CIDict, Hashtable, Record
from gshell.structs import Struct

ELLIPSIS = "…"
FILE_TYPE = "GradioFileData"         # a Gradio FileData (gshell.commands.gradio_views)
EVENT_TYPE = "GradioApiEventResult"  # one event of a call
ERASE_LINE = "\r\x1b[K"              # back to column 0, erase to the end of the line
DIM = "\x1b[2m"
ENUMERATION_LIMIT = 4          # $FormatEnumerationLimit
HASHTABLE_NAME_WIDTH = 30      # PowerShell's DictionaryEntry view: Name column of 30
ACCENT = "\x1b[32;1m"
RESET = "\x1b[0m"
OWN_STYLES = (DIM, ACCENT, RESET)     # the only escapes the formatter emits (gshell.display.keep_own)
MISSING_MARK = object()


# --------------------------------------------------------------------------------------
# Views: per type_name layouts (data, not code)
# --------------------------------------------------------------------------------------


class View(Struct, frozen=True):
    kind: str                                  # 'table' | 'list'
    properties: tuple[str, ...] = ()           # shown columns / labels (empty = all)
    group_by: str | None = None                # a property printed as a group header
    group_label: str | None = None             # label of that header (default: group_by)
    widths: tuple[int, ...] = ()               # fixed column widths (0 = computed)
    group_indent: int = 3                      # spaces before the group header


VIEWS: dict[str, View] = {
    "MemberDefinition": View("table", ("Name", "MemberType", "Definition"), group_by="TypeName"),
    "CommandInfo": View("table", ("CommandType", "Name", "Version", "Source")),
    "AliasInfo": View("table", ("CommandType", "Name", "Version", "Source")),
    "GroupInfo": View("table", ("Count", "Name", "Group")),
    "GroupInfoNoElement": View("table", ("Count", "Name")),
    "GenericMeasureInfo": View("list", ("Count", "Average", "Sum", "Maximum", "Minimum", "Property")),
    "TextMeasureInfo": View("table", ("Lines", "Words", "Characters", "Property")),
    "PSVariable": View("table", ("Name", "Value")),
    "ModuleInfo": View("table", ("ModuleType", "Version", "Name", "ExportedCommands")),
    "PathInfo": View("table", ("Path",)),
    "HelpInfoShort": View("table", ("Name", "Category", "Synopsis")),
    "FileInfo": View("table", ("Mode", "LastWriteTime", "Length", "Name"), group_by="Directory", group_indent=4),
    "SideIndicator": View("table", ("InputObject", "SideIndicator")),
    FILE_TYPE: View("list", ("orig_name", "size", "url")),
}


class FormatBlock(Struct, slots=False):
    """What Format-Table / Format-List emit: objects plus layout options, rendered by the
    Formatter (or Out-String / Out-File) at the output width."""

    kind: str                                   # 'table' | 'list'
    objects: list[Any]
    properties: list[Any] | None = None         # names or (label, getter) pairs
    autosize: bool = False
    wrap: bool = False
    hide_headers: bool = False

    def render(self, width: int, color: bool) -> list[str]:
        if self.kind == "list":
            return format_list(self.objects, self.properties, width=width, color=color)
        return format_table(self.objects, self.properties, width=width, color=color,
                            autosize=True, wrap=self.wrap, hide_headers=self.hide_headers)

    def __str__(self) -> str:
        return "\n".join(self.render(120, False))


# --------------------------------------------------------------------------------------
# Scalars
# --------------------------------------------------------------------------------------


def format_float(f: float) -> str:
    """A double as PowerShell prints it (shortest round-trip: 0.1, 1.5, 1E+15)."""
    from gshell.runtime.conversions import format_float as _ff
    return _ff(f)


def format_datetime(d: _dt.datetime | _dt.date) -> str:
    """en-US short date + long time, as in a table cell: 1/2/2024 3:04:05 PM."""
    if not isinstance(d, _dt.datetime):
        d = _dt.datetime(d.year, d.month, d.day)
    hour = d.hour % 12 or 12
    return f"{d.month}/{d.day}/{d.year} {hour}:{d.minute:02d}:{d.second:02d} {'AM' if d.hour < 12 else 'PM'}"


def format_datetime_long(d: _dt.datetime | _dt.date) -> str:
    """PowerShell's default display of a [datetime] on its own: Tuesday, January 2, 2024 3:04:05 PM."""
    if not isinstance(d, _dt.datetime):
        d = _dt.datetime(d.year, d.month, d.day)
    hour = d.hour % 12 or 12
    return (f"{d.strftime('%A')}, {d.strftime('%B')} {d.day}, {d.year} "
            f"{hour}:{d.minute:02d}:{d.second:02d} {'AM' if d.hour < 12 else 'PM'}")


def to_text(v: Any) -> str:
    """String conversion used for scalars: the runtime's to_str, except datetimes, which
    display in the en-US form PowerShell's console shows."""
    if isinstance(v, _dt.datetime):
        return format_datetime(v)
    from gshell.runtime.conversions import to_str
    return to_str(v)


def format_value(v: Any) -> str:
    """A value printed on its own line by Out-Default."""
    if isinstance(v, ErrorRecord):
        return error_view.concise(v)
    if isinstance(v, _dt.datetime):
        return format_datetime_long(v)
    if isinstance(v, (list, tuple)):
        return "\n".join(format_value(x) for x in v)
    return to_text(v)


def format_cell(v: Any, depth: int = 0) -> str:
    """A value inside a table cell or after `Name : ` in a list."""
    if v is None:
        return ""
    if isinstance(v, (str, bool, int, float, Decimal, _dt.datetime)):
        return to_text(v)
    if isinstance(v, (list, tuple)):
        items = [format_cell(x, depth + 1) for x in list(v)[:ENUMERATION_LIMIT]]
        more = ELLIPSIS if len(v) > ENUMERATION_LIMIT else ""
        return "{" + ", ".join(items) + more + "}"
    if is_file_data(v):
        return format_file(v)
    if isinstance(v, CIDict):
        return "@{" + "; ".join(f"{k}={to_text(x) if not isinstance(x, (CIDict, list, tuple)) else format_cell(x, depth + 1)}"
                                for k, x in v.items()) + "}"
    if isinstance(v, FormatBlock):
        return str(v)
    return to_text(v)


# --------------------------------------------------------------------------------------
# Files and events (Gradio results)
# --------------------------------------------------------------------------------------


def is_file_data(v: Any) -> bool:
    return isinstance(v, Record) and v.type_name == FILE_TYPE


def is_event(v: Any) -> bool:
    return isinstance(v, Record) and v.type_name == EVENT_TYPE


_SIZE_UNITS = (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10))


def format_size(n: Any) -> str:
    """``812 B``, ``12.3 kB``, ``4.0 MB``; '' when unknown."""
    if not _is_number(n):
        return ""
    for unit, scale in _SIZE_UNITS:
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{int(n)} B"


def format_file(fd: Any) -> str:
    """A FileData in one line: ``name (size) url`` (size only when the server sent it)."""
    path = to_text(fd.get("path") or "")
    name = to_text(fd.get("orig_name") or "") or path.replace("\\", "/").rsplit("/", 1)[-1]
    size = format_size(fd.get("size"))
    url = to_text(fd.get("url") or "") or path
    return " ".join(part for part in (name, f"({size})" if size else "", url) if part)


def files_in(obj: Any, depth: int = 0) -> list[Any]:
    """The FileData records in an output object (itself, an event's data, nested lists)."""
    if is_file_data(obj):
        return [obj]
    if depth > 3:
        return []
    if is_event(obj):
        return files_in(obj.get("data"), depth + 1)
    if isinstance(obj, (list, tuple)):
        return [fd for item in obj for fd in files_in(item, depth + 1)]
    return []


def _saved_locally(fd: Any) -> bool:
    """Whether the session saves result files itself (-DownloadPath): then no hint."""
    session = getattr(fd, "gshell_session", None)
    return bool(getattr(session, "download_path", None))


MAX_LISTED_FILES = 5


def save_hint(files: Sequence[Any]) -> list[str]:
    """The lines that end interactive output showing files still on the server: each file
    in full (a table cell truncates its URL), then how to download them."""
    lines = [format_file(fd) for fd in files[:MAX_LISTED_FILES]]
    if len(files) > MAX_LISTED_FILES:
        lines.append(f"{ELLIPSIS} and {len(files) - MAX_LISTED_FILES} more")
    what = "This file stays" if len(files) == 1 else f"These {len(files)} files stay"
    lines.append(f"{what} on the server: to download, pipe the result to Save-GradioFile [-Path DIR] "
                 f"(e.g. $r.data[0] | Save-GradioFile)")
    return lines


def live_text(data: Any) -> str | None:
    """The one line a ``generating`` event shows in place, or None when its data is not text
    (a list of scalars: strings, numbers, booleans)."""
    items = data if isinstance(data, (list, tuple)) else [data]
    if not items or not any(isinstance(x, str) for x in items):
        return None
    if not all(x is None or isinstance(x, (str, bool, int, float, Decimal)) for x in items):
        return None
    # newlines and runs of blanks become one space; several outputs are joined with " | "
    return " | ".join(" ".join(to_text(x).split()) for x in items if x is not None)


def _tail(text: str, width: int) -> str:
    """The end of a growing line: ``…`` + the last characters when it is too long."""
    if width <= 1:
        return ""
    return text if len(text) <= width else ELLIPSIS + text[len(text) - width + 1:]


# --------------------------------------------------------------------------------------
# Properties of objects
# --------------------------------------------------------------------------------------


def _has_members(obj: Any) -> bool:
    return hasattr(obj, "ps_member_names") and hasattr(obj, "ps_get_member")


#: a [timespan]'s properties in the order pwsh lists them
TIMESPAN_PROPERTIES = ("Days", "Hours", "Minutes", "Seconds", "Milliseconds", "Ticks", "TotalDays", "TotalHours",
                       "TotalMinutes", "TotalSeconds", "TotalMilliseconds")


def properties_of(obj: Any) -> list[tuple[str, Any]]:
    """The (name, value) pairs a record-like object displays."""
    if isinstance(obj, ErrorRecord):
        return error_view.detailed(obj)
    if isinstance(obj, _dt.timedelta):
        from gshell.runtime.members import raw_member
        return [(n, raw_member(obj, n)) for n in TIMESPAN_PROPERTIES]
    if isinstance(obj, Record):
        return [(str(k), v) for k, v in obj.items()]
    if isinstance(obj, Hashtable):
        return [(str(k), v) for k, v in obj.items()]
    if _has_members(obj):
        out = []
        for name in obj.ps_member_names():
            value = obj.ps_get_member(name)
            out.append((name, None if type(value).__name__ == "_Missing" else value))
        return out
    return []


def get_property(obj: Any, name: str) -> Any:
    """`$obj.Name` for the cmdlets: case-insensitive, None when missing."""
    if obj is None:
        return None
    if isinstance(obj, CIDict):
        return obj.get(name)
    if _has_members(obj):
        value = obj.ps_get_member(name)
        return None if type(value).__name__ == "_Missing" else value
    if isinstance(obj, str) and name.casefold() == "length":
        return len(obj)
    if isinstance(obj, (list, tuple)) and name.casefold() in ("count", "length"):
        return len(obj)
    return None


def _type_view(obj: Any) -> View | None:
    name = getattr(obj, "type_name", None)
    return VIEWS.get(name) if isinstance(name, str) else None


def _is_scalar(obj: Any) -> bool:
    return obj is None or isinstance(obj, (str, bool, int, float, Decimal, _dt.datetime, _dt.date, ErrorRecord)) \
        or type(obj).__name__ == "ScriptBlock"


# --------------------------------------------------------------------------------------
# Layout helpers
# --------------------------------------------------------------------------------------


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


def _fit(text: str, width: int) -> str:
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    return text[: width - 1] + ELLIPSIS if width > 1 else ELLIPSIS


def _single_line(text: str) -> str:
    if "\n" in text or "\r" in text:
        first = text.replace("\r\n", "\n").replace("\r", "\n").split("\n", 1)[0]
        return first + ELLIPSIS
    return text


def _wrap_text(text: str, width: int) -> list[str]:
    out: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if width <= 0:
            out.append(line)
            continue
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return out


def _accent(text: str, color: bool) -> str:
    return f"{ACCENT}{text}{RESET}" if color and text else text


class _Column(Struct, slots=False):
    label: str
    getter: Callable[[Any], Any]
    width: int = 0
    right: bool = False
    fixed: int = 0
    auto_align: bool = True       # right-align when every value is a number


def _resolve_columns(objs: Sequence[Any], properties: Sequence[Any] | None) -> list[_Column]:
    """Columns from explicit properties (names, wildcards, (label, getter) pairs) or from
    the first object."""
    if properties:
        cols: list[_Column] = []
        for p in properties:
            if isinstance(p, tuple):
                cols.append(_Column(str(p[0]), p[1]))
            elif isinstance(p, str) and any(c in p for c in "*?["):
                from fnmatch import fnmatchcase
                seen = {c.label.casefold() for c in cols}
                for obj in objs[:1]:
                    for name, _ in properties_of(obj):
                        if fnmatchcase(name.casefold(), p.casefold()) and name.casefold() not in seen:
                            cols.append(_Column(name, _getter(name)))
                            seen.add(name.casefold())
            else:
                cols.append(_Column(str(p), _getter(str(p))))
        return cols
    if not objs:
        return []
    first = objs[0]
    view = _type_view(first)
    if view is not None and view.properties:
        return [_Column(n, _getter(n), fixed=(view.widths[i] if i < len(view.widths) else 0))
                for i, n in enumerate(view.properties)]
    if isinstance(first, Hashtable):
        return [_Column("Name", lambda e: e[0], fixed=HASHTABLE_NAME_WIDTH, auto_align=False),
                _Column("Value", lambda e: e[1], auto_align=False)]
    if _is_scalar(first):
        return []
    return [_Column(n, _getter(n)) for n, _ in properties_of(first)]


def _getter(name: str) -> Callable[[Any], Any]:
    return lambda obj: get_property(obj, name)


def _rows_of(objs: Iterable[Any]) -> list[Any]:
    """Hashtables become one row per entry (Name/Value)."""
    rows: list[Any] = []
    for o in objs:
        if isinstance(o, Hashtable):
            rows.extend((k, v) for k, v in o.items())
        else:
            rows.append(o)
    return rows


def _size_columns(cols: list[_Column], rows: Sequence[Any], width: int) -> list[_Column]:
    """Widths = max(header, cells), then shrink the widest columns to fit ``width`` (one
    space between columns); columns that still do not fit are dropped."""
    for c in cols:
        values = [c.getter(r) for r in rows]
        c.right = c.auto_align and bool(values) and all(_is_number(v) or v is None for v in values) and any(_is_number(v) for v in values)
        if c.fixed:
            c.width = c.fixed
        else:
            c.width = max([len(c.label)] + [len(_single_line(format_cell(v))) for v in values])
    total = lambda: sum(c.width for c in cols) + max(len(cols) - 1, 0)  # noqa: E731
    while total() > width and cols:
        widest = max(cols, key=lambda c: c.width)
        floor = max(min(len(widest.label), 10), 1)
        if widest.width > floor:
            widest.width = max(floor, widest.width - (total() - width))
            continue
        if len(cols) == 1:
            cols[0].width = max(width, 1)
            break
        cols.pop()
    return cols


def _table_header(cols: list[_Column], color: bool) -> list[str]:
    heads, dashes = [], []
    for i, c in enumerate(cols):
        label = _fit(c.label, c.width)
        dash = "-" * len(label)
        last = i == len(cols) - 1
        if c.right:
            heads.append(_accent(label.rjust(c.width), color))
            dashes.append(_accent(dash.rjust(c.width), color))
        else:
            heads.append(_accent(label if last else label.ljust(c.width), color) if color else
                         (label if last else label.ljust(c.width)))
            dashes.append(_accent(dash if last else dash.ljust(c.width), color) if color else
                          (dash if last else dash.ljust(c.width)))
    return [" ".join(heads).rstrip() if not color else " ".join(heads),
            " ".join(dashes).rstrip() if not color else " ".join(dashes)]


def _table_row(cols: list[_Column], row: Any, wrap: bool = False) -> list[str]:
    cells: list[list[str]] = []
    for c in cols:
        text = format_cell(c.getter(row))
        if wrap:
            parts = _wrap_text(text, c.width)
        else:
            parts = [_fit(_single_line(text), c.width)]
        cells.append(parts)
    height = max((len(p) for p in cells), default=1)
    lines = []
    for i in range(height):
        out = []
        for c, parts in zip(cols, cells):
            t = parts[i] if i < len(parts) else ""
            out.append(t.rjust(c.width) if c.right else t.ljust(c.width))
        lines.append(" ".join(out).rstrip())
    return lines


def format_table(objs: Sequence[Any], properties: Sequence[Any] | None = None, *, width: int = 120,
                 color: bool = False, autosize: bool = True, wrap: bool = False,
                 hide_headers: bool = False) -> list[str]:
    """Lines of a table (no leading/trailing blank lines)."""
    objs = list(objs)
    if objs and _is_scalar(objs[0]) and not properties:
        return [format_value(o) for o in objs]
    cols = _resolve_columns(objs, properties)
    if not cols:
        return []
    rows = _rows_of(objs) if not properties else objs
    cols = _size_columns(cols, rows, width)
    lines = [] if hide_headers else _table_header(cols, color)
    for r in rows:
        lines.extend(_table_row(cols, r, wrap))
    return lines


def _list_entries(obj: Any, properties: Sequence[Any] | None) -> list[tuple[str, Any]]:
    if properties:
        if properties == ["*"] or properties == ("*",):
            return properties_of(obj)
        cols = _resolve_columns([obj], properties)
        return [(c.label, c.getter(obj)) for c in cols]
    view = _type_view(obj)
    if view is not None and view.properties:
        return [(n, get_property(obj, n)) for n in view.properties]
    if _is_scalar(obj):
        return []
    return properties_of(obj)


def format_list(objs: Sequence[Any], properties: Sequence[Any] | None = None, *, width: int = 120,
                color: bool = False) -> list[str]:
    """Lines of a list: one `Name : value` block per object, blocks separated by a blank
    line (no leading/trailing blank lines)."""
    out: list[str] = []
    for obj in objs:
        if _is_scalar(obj) and not properties:
            if out:
                out.append("")
            out.append(format_value(obj))
            continue
        entries = _list_entries(obj, properties)
        if not entries:
            continue
        if out:
            out.append("")
        label_w = max(len(n) for n, _ in entries)
        value_w = max(width - label_w - 3, 10)
        for name, value in entries:
            text = format_cell(value) if not isinstance(value, str) else value
            parts = _wrap_text(text, value_w)
            out.append((_accent(name.ljust(label_w), color) + " : " + parts[0]).rstrip())
            out.extend((" " * (label_w + 3) + p).rstrip() for p in parts[1:])
    return out


# --------------------------------------------------------------------------------------
# Streaming formatter (Out-Default)
# --------------------------------------------------------------------------------------


def _shape(obj: Any) -> tuple[str, Any]:
    """The block an object belongs to: ('scalar'|'table'|'list'|'hashtable'|'block', key)."""
    if _is_scalar(obj) or isinstance(obj, (list, tuple)):
        return ("scalar", None)
    if isinstance(obj, FormatBlock):
        return ("block", id(obj))
    if isinstance(obj, Hashtable):
        return ("hashtable", None)
    view = _type_view(obj)
    if view is not None:
        group = get_property(obj, view.group_by) if view.group_by else None
        # keyed by the layout, not the type name: types sharing a view (CommandInfo and
        # AliasInfo in Get-Command's output) stay in one table, as in pwsh
        return (view.kind, (view.properties, view.group_by, to_text(group)))
    props = properties_of(obj)
    if not props and not _has_members(obj) and not isinstance(obj, CIDict):
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
        self.width = max(int(width or 120), 10)
        self.color = color
        self.delay = delay
        self.max_rows = max_rows
        self._lock = threading.RLock()
        self._shape: tuple[str, Any] | None = None
        self._pending: list[Any] = []
        self._pending_since = 0.0
        self._cols: list[_Column] | None = None   # fixed once the header is printed
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
                    if not _saved_locally(fd):
                        self._server_files.setdefault(format_file(fd), fd)
            if self.live and is_event(obj) and self._live_event(obj):
                return
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
            elif kind == "list":
                lines = format_list([obj], width=self.width, color=self.color)
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
            if self._server_files:
                lines = save_hint(list(self._server_files.values()))
                self._server_files = {}
                self._emit_lines([f"{DIM}{line}{RESET}" if self.color else line for line in lines])

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
            self.write(Styled(ERASE_LINE + _tail(visible(text), self.width - 1)))
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
        if kind in ("table", "hashtable", "list", "block"):
            self._emit_lines([""])
            view = _type_view(obj)
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
        cols = _resolve_columns(rows, None)
        self._cols = _size_columns(cols, _rows_of(rows), self.width)
        if not self._cols:
            return
        self._emit_lines(_table_header(self._cols, self.color))
        self._emit_rows(rows)

    def _emit_rows(self, objs: list[Any]) -> None:
        assert self._cols is not None
        lines: list[str] = []
        for r in _rows_of(objs):
            lines.extend(_table_row(self._cols, r))
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
