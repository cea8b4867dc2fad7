"""Table and list layout (Format-Table, Format-List, and Out-Default's tables).

``format_table(objs, properties=None, width=120, color=False, autosize=True, wrap=False,
               hide_headers=False) -> list[str]``
``format_list(objs, properties=None, width=120, color=False) -> list[str]``

``FormatBlock`` is what Format-Table / Format-List emit: objects with their layout options.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from gshell.runtime.formatting import (
    ACCENT,
    ELLIPSIS,
    HASHTABLE_NAME_WIDTH,
    RESET,
    format_cell,
    format_value,
    get_property,
    is_number,
    is_scalar,
    properties_of,
    type_view,
)
from gshell.runtime.values import Hashtable
from gshell.structs import Struct

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any


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
# Layout helpers
# --------------------------------------------------------------------------------------


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


class Column(Struct, slots=False):
    label: str
    getter: Callable[[Any], Any]
    width: int = 0
    right: bool = False
    fixed: int = 0
    auto_align: bool = True       # right-align when every value is a number


def resolve_columns(objs: Sequence[Any], properties: Sequence[Any] | None) -> list[Column]:
    """Columns from explicit properties (names, wildcards, (label, getter) pairs) or from
    the first object."""
    if properties:
        cols: list[Column] = []
        for p in properties:
            if isinstance(p, tuple):
                cols.append(Column(str(p[0]), p[1]))
            elif isinstance(p, str) and any(c in p for c in "*?["):
                from fnmatch import fnmatchcase
                seen = {c.label.casefold() for c in cols}
                for obj in objs[:1]:
                    for name, _ in properties_of(obj):
                        if fnmatchcase(name.casefold(), p.casefold()) and name.casefold() not in seen:
                            cols.append(Column(name, _getter(name)))
                            seen.add(name.casefold())
            else:
                cols.append(Column(str(p), _getter(str(p))))
        return cols
    if not objs:
        return []
    first = objs[0]
    view = type_view(first)
    if view is not None and view.properties:
        return [Column(n, _getter(n), fixed=(view.widths[i] if i < len(view.widths) else 0),
                       right=view.right is not None and n in view.right, auto_align=view.right is None)
                for i, n in enumerate(view.properties)]
    if isinstance(first, Hashtable):
        return [Column("Name", lambda e: e[0], fixed=HASHTABLE_NAME_WIDTH, auto_align=False),
                Column("Value", lambda e: e[1], auto_align=False)]
    if is_scalar(first):
        return []
    return [Column(n, _getter(n)) for n, _ in properties_of(first)]


def _getter(name: str) -> Callable[[Any], Any]:
    return lambda obj: get_property(obj, name)


def rows_of(objs: Iterable[Any]) -> list[Any]:
    """Hashtables become one row per entry (Name/Value)."""
    rows: list[Any] = []
    for o in objs:
        if isinstance(o, Hashtable):
            rows.extend((k, v) for k, v in o.items())
        else:
            rows.append(o)
    return rows


def size_columns(cols: list[Column], rows: Sequence[Any], width: int) -> list[Column]:
    """Widths = max(header, cells), then shrink the widest columns to fit ``width`` (one
    space between columns); columns that still do not fit are dropped."""
    for c in cols:
        values = [c.getter(r) for r in rows]
        # pwsh (ComputeDefaultAlignment): the first row's value decides; a number or a bool
        # aligns right, a string, $null or anything else left
        c.right = c.right if not c.auto_align else bool(values) and (
            isinstance(values[0], bool) or is_number(values[0]))
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


def table_header(cols: list[Column], color: bool) -> list[str]:
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


def table_row(cols: list[Column], row: Any, wrap: bool = False) -> list[str]:
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
        for c, parts in zip(cols, cells, strict=False):
            t = parts[i] if i < len(parts) else ""
            out.append(t.rjust(c.width) if c.right else t.ljust(c.width))
        lines.append(" ".join(out).rstrip())
    return lines


def format_table(objs: Sequence[Any], properties: Sequence[Any] | None = None, *, width: int = 120,
                 color: bool = False, autosize: bool = True, wrap: bool = False,
                 hide_headers: bool = False) -> list[str]:
    """Lines of a table (no leading/trailing blank lines)."""
    objs = list(objs)
    if objs and is_scalar(objs[0]) and not properties:
        return [format_value(o) for o in objs]
    cols = resolve_columns(objs, properties)
    if not cols:
        return []
    rows = rows_of(objs) if not properties else objs
    cols = size_columns(cols, rows, width)
    lines = [] if hide_headers else table_header(cols, color)
    for r in rows:
        lines.extend(table_row(cols, r, wrap))
    return lines


def _list_entries(obj: Any, properties: Sequence[Any] | None) -> list[tuple[str, Any]]:
    if properties:
        if properties == ["*"] or properties == ("*",):
            return properties_of(obj)
        cols = resolve_columns([obj], properties)
        return [(c.label, c.getter(obj)) for c in cols]
    view = type_view(obj)
    if view is not None and view.properties:
        return [(n, get_property(obj, n)) for n in view.properties]
    if is_scalar(obj):
        return []
    return properties_of(obj)


def format_list(objs: Sequence[Any], properties: Sequence[Any] | None = None, *, width: int = 120,
                color: bool = False) -> list[str]:
    """Lines of a list: one `Name : value` block per object, blocks separated by a blank
    line (no leading/trailing blank lines)."""
    out: list[str] = []
    for obj in objs:
        if is_scalar(obj) and not properties:
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
