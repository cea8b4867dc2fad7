"""PowerShell-like display of values (Out-Default, Out-String, Format-Table/List, Out-File).

Used by the interpreter at the end of every top-level pipeline and by the output cmdlets.  This
module has the values' display and the views; ``gshell.runtime.layout`` lays out tables and
lists, ``gshell.runtime.out_default`` is the streaming Out-Default (``Formatter``, ``render``).

API
===

``format_value(v) -> str``        a scalar as PowerShell prints it on its own line.
``format_cell(v) -> str``         a value inside a table cell or list (``{1, 2}``, ``@{a=1}``).
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
* Records whose ``type_name`` has a renderer in ``RENDERERS`` (the Gradio views register chat
  messages and Labels) print as the lines it returns; consecutive ones share one block.
* ``FormatBlock`` (what Format-Table / Format-List emit) is rendered with its own options.
* Objects exposing ``ps_member_names()`` / ``ps_get_member(name)`` are shown like records.
* Other Python objects print ``str(obj)``.

Files: a ``GradioFileData`` record (a Gradio FileData) is announced as ``name (size) url`` in a
cell and with the ``GradioFileData`` view on its own; ``Formatter(hints=True)`` (the
interactive shell) ends its output with one ``Save-GradioFile`` hint when files were shown
that are still only on the server.

Colours (``color=True``): table headers / dashes and list labels in bold green (PowerShell 7's
``$PSStyle.Formatting.TableHeader`` / ``FormatAccent``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from gshell.lazy import LazyModule
from gshell.runtime.errors import ErrorRecord
from gshell.runtime.values import CIDict, Hashtable, Record
from gshell.structs import Struct

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    import datetime as _dt
    import decimal as _dec
    from typing import Any

    from gshell.runtime import error_view
else:
    _dt = LazyModule("datetime", globals())
    _dec = LazyModule("decimal", globals())
    error_view = LazyModule("gshell.runtime.error_view", globals())  # loaded for the first error shown

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
    right: tuple[str, ...] | None = None       # right-aligned columns (None: numbers align right)


VIEWS: dict[str, View] = {
    "MemberDefinition": View("table", ("Name", "MemberType", "Definition"), group_by="TypeName"),
    "CommandInfo": View("table", ("CommandType", "Name", "Version", "Source"), widths=(15, 50, 10), right=()),
    "AliasInfo": View("table", ("CommandType", "Name", "Version", "Source"), widths=(15, 50, 10), right=()),
    "GroupInfo": View("table", ("Count", "Name", "Group"), widths=(5, 25), right=("Count",)),
    "GroupInfoNoElement": View("table", ("Count", "Name"), widths=(5, 25), right=("Count",)),
    "GenericMeasureInfo": View("list", ("Count", "Average", "Sum", "Maximum", "Minimum", "StandardDeviation",
                                        "Property")),
    "TextMeasureInfo": View("table", ("Lines", "Words", "Characters", "Property")),
    "PSVariable": View("table", ("Name", "Value"), widths=(30,), right=()),
    "ModuleInfo": View("table", ("ModuleType", "Version", "Name", "ExportedCommands")),
    "PathInfo": View("table", ("Path",)),
    "HelpInfoShort": View("table", ("Name", "Category", "Synopsis")),
    "FileInfo": View("table", ("Mode", "LastWriteTime", "Length", "Name"), group_by="Directory", group_indent=4),
    "SideIndicator": View("table", ("InputObject", "SideIndicator")),
    FILE_TYPE: View("list", ("orig_name", "size", "url")),
}


#: type_name -> renderer(obj, width) -> lines: such an object is shown as those lines (plain
#: text: the writers sanitize it).  Registered by the layers above (``commands/gradio_display``).
RENDERERS: dict[str, Callable[[Any, int], list[str]]] = {}


#: type names of Gradio component values with a view of their own (a Dataframe row, a chat
#: message, ...): at the prompt, an event's data item of these is shown with its view
COMPONENT_TYPES: set[str] = set()


def component_view_of(data: Any) -> list[tuple[int, Any]]:
    """(index, value) of each item of an event's data that is (or is an array of) a component
    value with a view of its own."""
    if not isinstance(data, (list, tuple)):
        return []
    out = []
    for i, item in enumerate(data):
        first = item[0] if isinstance(item, (list, tuple)) and item else item
        if (isinstance(first, Record) and first.type_name in COMPONENT_TYPES) or hasattr(item, "ps_view_lines"):
            out.append((i, item))
    return out


def renderer_of(obj: Any) -> Callable[[Any, int], list[str]] | None:
    name = getattr(obj, "type_name", None)
    return RENDERERS.get(name) if isinstance(name, str) and isinstance(obj, Record) else None


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
    if is_datetime(v):
        return format_datetime(v)
    from gshell.runtime.conversions import to_str
    return to_str(v)


def format_value(v: Any) -> str:
    """A value printed on its own line by Out-Default."""
    if isinstance(v, ErrorRecord):
        return error_view.concise_view(v)
    if is_datetime(v):
        return format_datetime_long(v)
    if isinstance(v, (list, tuple)):
        return "\n".join(format_value(x) for x in v)
    return to_text(v)


def format_cell(v: Any, depth: int = 0) -> str:
    """A value inside a table cell or after `Name : ` in a list."""
    if v is None:
        return ""
    if isinstance(v, (str, bool, int, float)) or is_decimal(v) or is_datetime(v):
        return to_text(v)
    if isinstance(v, (list, tuple)):
        items = [format_cell(x, depth + 1) for x in list(v)[:ENUMERATION_LIMIT]]
        more = ELLIPSIS if len(v) > ENUMERATION_LIMIT else ""
        return "{" + ", ".join(items) + more + "}"
    if is_file_data(v):
        return format_file(v)
    if isinstance(v, CIDict):
        return "@{" + "; ".join(
            f"{k}={format_cell(x, depth + 1) if isinstance(x, (CIDict, list, tuple)) else to_text(x)}"
            for k, x in v.items()) + "}"
    return to_text(v)  # a FormatBlock too: its str() is its rendering


# --------------------------------------------------------------------------------------
# Files and events (Gradio results)
# --------------------------------------------------------------------------------------


def is_file_data(v: Any) -> bool:
    return isinstance(v, Record) and v.type_name == FILE_TYPE


def is_event(v: Any) -> bool:
    return isinstance(v, Record) and v.type_name == EVENT_TYPE


_SIZE_UNITS = (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10))


def is_number(v: Any) -> bool:
    return (isinstance(v, (int, float)) or is_decimal(v)) and not isinstance(v, bool)


def format_size(n: Any) -> str:
    """``812 B``, ``12.3 kB``, ``4.0 MB``; '' when unknown."""
    if not is_number(n):
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


def saved_locally(fd: Any) -> bool:
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
    if not all(x is None or isinstance(x, (str, bool, int, float)) or is_decimal(x) for x in items):
        return None
    # newlines and runs of blanks become one space; several outputs are joined with " | "
    return " | ".join(" ".join(to_text(x).split()) for x in items if x is not None)


def tail_of(text: str, width: int) -> str:
    """The end of a growing line: ``…`` + the last characters when it is too long."""
    if width <= 1:
        return ""
    return text if len(text) <= width else ELLIPSIS + text[len(text) - width + 1:]


# --------------------------------------------------------------------------------------
# Properties of objects
# --------------------------------------------------------------------------------------


def has_members(obj: Any) -> bool:
    return hasattr(obj, "ps_member_names") and hasattr(obj, "ps_get_member")


#: a [timespan]'s properties in the order pwsh lists them
TIMESPAN_PROPERTIES = ("Days", "Hours", "Minutes", "Seconds", "Milliseconds", "Ticks", "TotalDays", "TotalHours",
                       "TotalMinutes", "TotalSeconds", "TotalMilliseconds")


def properties_of(obj: Any) -> list[tuple[str, Any]]:
    """The (name, value) pairs a record-like object displays."""
    if isinstance(obj, ErrorRecord):
        return error_view.detailed(obj)
    if "datetime" in sys.modules and isinstance(obj, _dt.timedelta):
        from gshell.runtime.members import raw_member
        return [(n, raw_member(obj, n)) for n in TIMESPAN_PROPERTIES]
    if isinstance(obj, Record):
        return [(str(k), v) for k, v in obj.items()]
    if isinstance(obj, Hashtable):
        return [(str(k), v) for k, v in obj.items()]
    if has_members(obj):
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
    if has_members(obj):
        value = obj.ps_get_member(name)
        return None if type(value).__name__ == "_Missing" else value
    if isinstance(obj, str) and name.casefold() == "length":
        return len(obj)
    if isinstance(obj, (list, tuple)) and name.casefold() in ("count", "length"):
        return len(obj)
    return None


def type_view(obj: Any) -> View | None:
    name = getattr(obj, "type_name", None)
    return VIEWS.get(name) if isinstance(name, str) else None


def is_scalar(obj: Any) -> bool:
    return obj is None or isinstance(obj, (str, bool, int, float, ErrorRecord)) or is_date_or_decimal(obj) \
        or type(obj).__name__ == "ScriptBlock"


# The checks below do not import ``datetime`` or ``decimal`` when no script made a date or a
# Decimal: no value of theirs exists before the module is imported.

def is_date_or_decimal(obj: object) -> bool:
    return is_decimal(obj) or ("datetime" in sys.modules and isinstance(obj, _dt.date))


def is_datetime(obj: object) -> bool:
    return "datetime" in sys.modules and isinstance(obj, _dt.datetime)


def is_decimal(obj: object) -> bool:
    return "decimal" in sys.modules and isinstance(obj, _dec.Decimal)
