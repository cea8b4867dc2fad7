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
- HighlightedText (``GradioHighlightedToken``): a table of token and class (or confidence).

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


def register() -> None:
    """The renderers and table views of the Gradio component values."""
    formatting.RENDERERS.setdefault(gvals.MESSAGE, message_lines)
    formatting.RENDERERS.setdefault(gvals.LABEL, label_lines)
    formatting.VIEWS.setdefault(gvals.DATAFRAME_ROW, formatting.View("table"))
    formatting.VIEWS.setdefault(gvals.TOKEN, formatting.View("table", ("token", "class_or_confidence")))
    formatting.VIEWS.setdefault(gvals.CONFIDENCE, formatting.View("table", ("label", "confidence")))
    formatting.COMPONENT_TYPES.update({gvals.MESSAGE, gvals.LABEL, gvals.DATAFRAME_ROW, gvals.TOKEN})
