"""Cleaning pasted text: PowerShell prompts copied from a transcript are removed."""

from __future__ import annotations

from gshell.lazy import LazyRegex

# `PS> `, `PS C:\> `, `PS /home/x> `, `PS C:\Users\me> ` at the start of a line.
_PS_PROMPT = LazyRegex(r"^[ \t]*PS(?:[ \t]+[^\r\n>]*)?>[ \t]?")
# PowerShell's own continuation prompt, only stripped when the paste had a PS prompt.
_CONTINUATION = LazyRegex(r"^>>[ \t]?")


def strip_prompts(text: str) -> str:
    """Remove leading PowerShell prompts from every line of ``text`` (and ``>> ``
    continuation prompts when at least one ``PS ...>`` prompt was found)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    had_prompt = any(_PS_PROMPT.match(line) for line in lines)
    if not had_prompt:
        return text
    out = []
    for line in lines:
        stripped = _PS_PROMPT.sub("", line, count=1)
        if stripped == line:
            stripped = _CONTINUATION.sub("", line, count=1)
        out.append(stripped)
    return "\n".join(out)
