"""How Gradio component values look at the prompt (Out-Default, Out-String): display only, the
values stay data (``gradio_values`` builds them; ``Format-Table``, ``Format-List``,
``ConvertTo-Json`` and ``Select-Object`` see the plain objects).

- chat messages (``GradioChatMessage``): a transcript, ``role: content`` per message, a file
  named (``[file name (size)]``), a message's title (``metadata.title``) in parentheses, other
  parts as ``[component]``;
- a Label (``GradioLabel``): the label, then each class with its confidence in percent and a bar,
  highest first;
- Dataframe rows (``GradioDataFrameRow``): one table of all their properties (a wide one too,
  where other objects with more than four properties become lists);
- HighlightedText (``GradioHighlightedToken``): a table of token and class (or confidence);
- Get-GradioInfo's record (``GradioAppInfo``): read from the endpoint model, each endpoint with
  its description, a table of its parameters (name, component, kind, Python type, default or
  ``(required)``) and its returns (name, component, kind).

Everything here is plain text: the terminal writers sanitize it (``gshell.display``).
"""
from __future__ import annotations

from typing import Any

from gshell.commands import gradio_values as gvals
from gshell.runtime import formatting
from gshell.runtime.formatting import format_cell, format_size, is_file_data, to_text
from gshell.runtime.values import CIDict

BAR_WIDTH = 20
BAR = "\u2588"


def _file(fd: Any) -> str:
    path = to_text(fd.get("path") or "")
    name = to_text(fd.get("orig_name") or "") or path.replace("\\", "/").rsplit("/", 1)[-1] or "file"
    size = format_size(fd.get("size"))
    return f"[file {name} ({size})]" if size else f"[file {name}]"


def content_text(content: Any) -> str:
    """A message's content as text: a string, a file, a part, or a list of parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if is_file_data(content):
        return _file(content)
    if isinstance(content, (list, tuple)):
        return "\n".join(t for t in (content_text(c) for c in content) if t)
    if isinstance(content, CIDict):
        if is_file_data(content.get("file")):              # 5.x {file, alt_text}; 6.x {type: file, file}
            return _file(content["file"])
        if "text" in content and to_text(content.get("type") or "text") == "text":
            return to_text(content.get("text") or "")
        component = content.get("component")
        if component is not None:                         # a component inside a message (5.x/6.x)
            return f"[{to_text(component)}]"
    return format_cell(content)


def message_lines(msg: Any, width: int) -> list[str]:
    role = to_text(msg.get("role") or "?")
    text = content_text(msg.get("content"))
    meta = msg.get("metadata")
    title = meta.get("title") if isinstance(meta, CIDict) else None
    if title:
        text = f"({to_text(title)}) {text}"
    lines = text.split("\n") or [""]
    pad = " " * (len(role) + 2)
    return [f"{role}: {lines[0]}"] + [pad + ln for ln in lines[1:]]


def _number(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def label_lines(value: Any, width: int) -> list[str]:
    lines = [to_text(value.get("label") or "")]
    conf = value.get("confidences")
    classes = [(to_text(c.get("label") or ""), _number(c.get("confidence")))
               for c in conf if isinstance(c, CIDict)] if isinstance(conf, list) else []
    classes.sort(key=lambda c: -(c[1] if c[1] is not None else -1.0))
    name_width = min(max([len(n) for n, _ in classes] + [1]), max(8, width - BAR_WIDTH - 14))
    for name, p in classes:
        shown = name if len(name) <= name_width else name[:name_width - 1] + formatting.ELLIPSIS
        if p is None:
            lines.append(f"  {shown}")
            continue
        bar = BAR * round(max(0.0, min(p, 1.0)) * BAR_WIDTH)
        lines.append(f"  {shown:<{name_width}} {p * 100:6.1f}% {bar}".rstrip())
    return lines


CELL_LIMIT = 40


def _cut(text: str, limit: int = CELL_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + formatting.ELLIPSIS


def _default(slot: Any) -> str:
    if not slot.has_default:
        return "(required)"
    if isinstance(slot.default, str):
        return _cut("'" + slot.default.replace("'", "''") + "'")
    return _cut(format_cell(gvals.to_value(slot.default)) if slot.default is not None else "None")


def _aligned(rows: list[tuple[str, ...]], indent: str) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [(indent + " ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))).rstrip() for r in rows]


PARAM_HEADER = ("Parameter", "Component", "Kind", "Type", "Default")


def info_lines(value: Any, width: int) -> list[str]:
    """Get-GradioInfo at the prompt: the app's endpoints as the endpoint model describes them."""
    model = getattr(value, "gshell_model", None)
    if model is None:
        return [format_cell(value)]
    lines = [f"{to_text(value.get('RealAppUrl') or '')}  (gradio {model.config.version})"]
    for ep in model.endpoints.values():
        lines.append("")
        desc = (ep.description or "").strip().splitlines()
        head = ep.name + (f"  {_cut(desc[0], max(20, width - len(ep.name) - 4))}" if desc else "")
        lines.append(head + ("  [generator]" if ep.generator else ""))
        if ep.parameters:
            rows = [PARAM_HEADER, tuple("-" * len(h) for h in PARAM_HEADER)]
            rows += [(_cut(p.name), _cut(p.component), p.kind, _cut(p.python_type or ""), _default(p))
                     for p in ep.parameters]
            lines += _aligned(rows, "  ")
        else:
            lines.append("  (no parameters)")
        returns = ", ".join(f"{_cut(o.name)} ({_cut(o.component)}, {o.kind})" for o in ep.outputs)
        lines.append(f"  Returns: {returns or '(nothing)'}")
    return lines


def register() -> None:
    """The renderers and table views of the Gradio component values."""
    formatting.RENDERERS.setdefault(gvals.MESSAGE, message_lines)
    formatting.RENDERERS.setdefault(gvals.LABEL, label_lines)
    formatting.RENDERERS.setdefault(gvals.APP_INFO, info_lines)
    formatting.VIEWS.setdefault(gvals.DATAFRAME_ROW, formatting.View("table"))
    formatting.VIEWS.setdefault(gvals.TOKEN, formatting.View("table", ("token", "class_or_confidence")))
    formatting.VIEWS.setdefault(gvals.CONFIDENCE, formatting.View("table", ("label", "confidence")))
    formatting.COMPONENT_TYPES.update({gvals.MESSAGE, gvals.LABEL, gvals.DATAFRAME_ROW, gvals.TOKEN})
