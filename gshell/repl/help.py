"""F1: the command under the cursor, and help text from a declaration."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gshell.runtime.registry import Command, Parameter
from gshell.repl.lexing import Cat, scan


def command_under_cursor(text: str, cursor: int) -> str:
    """The command whose element contains ``cursor`` (the last command name starting
    before it), else the first command of the input."""
    names = [(t.start, t.text) for t in scan(text) if t.cat is Cat.COMMAND]
    before = [name for start, name in names if start <= cursor]
    if before:
        return before[-1]
    return names[0][1] if names else ""


def _param_syntax(p: Parameter) -> str:
    name = f"-{p.name}"
    if p.position is not None:
        name = f"[{name}]"
    text = name if p.is_switch else f"{name} <{p.type}>"
    return text if p.mandatory else f"[{text}]"


def syntax_of(cmd: Command) -> str:
    parts = [cmd.name] + [_param_syntax(p) for p in cmd.params]
    if cmd.common:
        parts.append("[<CommonParameters>]")
    return " ".join(parts)


def declaration_help(cmd: Command) -> str:
    lines = ["NAME", f"    {cmd.name}", ""]
    if cmd.synopsis:
        lines += ["SYNOPSIS", f"    {cmd.synopsis}", ""]
    lines += ["SYNTAX", f"    {syntax_of(cmd)}", ""]
    if cmd.aliases:
        lines += ["ALIASES", "    " + ", ".join(cmd.aliases), ""]
    return "\n".join(lines)
