"""Everyday script cmdlets of pwsh that gshell runs itself: Invoke-Command (local script blocks
only), Join-String, Get-Unique, New-Guid, and Write-Progress / Set-StrictMode (accepted, no
effect: listed in about_gshell_Language)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gshell.commands._common import E, P, S, as_list, is_scriptblock, member, to_bool, to_str
from gshell.runtime.errors import not_supported
from gshell.runtime.registry import Invocation, command

MODULE = "gshell.Core"

_REMOTE = ("ComputerName", "Session", "ConnectionUri", "VMName", "ContainerId", "HostName", "FilePath",
           "AsJob")


@command(
    "Invoke-Command",
    aliases=("icm",),
    module=MODULE,
    synopsis="Runs a script block here, with -ArgumentList as its arguments (remote forms are not supported).",
    description=("`Invoke-Command -ScriptBlock { param($a) ... } -ArgumentList 1` runs the block in a child "
                 "scope (-NoNewScope: the current scope) and outputs what it outputs, as `& { ... } 1` does.  "
                 "-ComputerName, -Session, -FilePath and the other remote or job forms are not supported: "
                 "gshell runs no remote or external commands."),
    params=[
        P("ScriptBlock", "object", 0, help="The code to run."),
        P("ArgumentList", "object[]", aliases=("Args",), help="Arguments of the block ($args / its param())."),
        P("InputObject", "object", from_pipeline=True, help="Objects given to the block as $_."),
        S("NoNewScope", help="Runs in the current scope (variables the block sets stay set)."),
        *(P(name, "object", help="Not supported (remote execution).") for name in _REMOTE),
    ],
    examples=[
        E("Invoke-Command -ScriptBlock { param($n) $n * 2 } -ArgumentList 21", "42."),
        E("icm { Get-Date }", "Runs the block."),
    ],
)
def invoke_command(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    used = [name for name in _REMOTE if args[name] is not None]
    if used:
        raise not_supported(f"Invoke-Command -{used[0]}", "gshell runs no remote or external commands")
    block = args.ScriptBlock
    if not is_scriptblock(block):
        raise inv.fail("Invoke-Command: -ScriptBlock must be a script block: Invoke-Command { ... }.",
                       category="InvalidArgument")
    scope = "caller" if to_bool(args.NoNewScope) else "child"
    arguments = as_list(args.ArgumentList)
    if inv.expecting_input:
        for obj in inv.input:
            yield from inv.invoke(block, *arguments, dollar_under=obj, scope=scope)
    else:
        yield from inv.invoke(block, *arguments, scope=scope)


@command(
    "Join-String",
    module=MODULE,
    synopsis="Joins piped objects (or one of their properties) into one string.",
    description=("As pwsh 7's Join-String: -Separator between items, -Property (a name or a script block) picks "
                 "the text of each item, -SingleQuote / -DoubleQuote quote each, -FormatString formats each "
                 "({0}), -OutputPrefix / -OutputSuffix wrap the result."),
    params=[
        P("Property", "object", 0, help="A property name or a script block giving each item's text."),
        P("Separator", "string", 1, help="Text between the items (default: none)."),
        P("InputObject", "object", from_pipeline=True, help="The items (piped)."),
        P("OutputPrefix", "string", aliases=("op",), help="Text before the result."),
        P("OutputSuffix", "string", aliases=("os",), help="Text after the result."),
        P("FormatString", "string", help="A format for each item, as with -f ({0})."),
        S("SingleQuote", help="Wraps each item in single quotes."),
        S("DoubleQuote", help="Wraps each item in double quotes."),
    ],
    examples=[
        E("1..3 | Join-String -Separator ', '", "1, 2, 3"),
        E("$sessions | Join-String -Property AppUrl -Separator ' '", "The URLs on one line."),
    ],
)
def join_string(inv: Invocation) -> Iterator[Any]:
    from gshell.runtime.strformat import composite
    args = inv.args
    prop = args.Property
    parts: list[str] = []
    for obj in (inv.input if inv.expecting_input else as_list(args.InputObject)):
        if is_scriptblock(prop):
            value: Any = inv.invoke(prop, dollar_under=obj)
            value = value[0] if len(value) == 1 else value
        elif prop is not None:
            value = member(obj, to_str(prop))
        else:
            value = obj
        text = composite(to_str(args.FormatString), [value], to_str) if args.FormatString is not None \
            else to_str(value)
        if to_bool(args.SingleQuote):
            text = "'" + text + "'"
        elif to_bool(args.DoubleQuote):
            text = '"' + text + '"'
        parts.append(text)
    sep = to_str(args.Separator) if args.Separator is not None else ""
    yield to_str(args.OutputPrefix or "") + sep.join(parts) + to_str(args.OutputSuffix or "")


@command(
    "Get-Unique",
    aliases=("gu",),
    module=MODULE,
    synopsis="Drops an item equal to the one before it (sort first to drop every duplicate).",
    description="Compares each piped item with the previous one (strings case-sensitively, as pwsh).",
    params=[
        P("InputObject", "object", from_pipeline=True, help="The items (piped, usually sorted)."),
        S("AsString", help="Compares the items as strings."),
        S("CaseInsensitive", help="Compares strings ignoring case."),
    ],
    examples=[E("1, 1, 2, 2, 1 | Get-Unique", "1, 2, 1"), E("$names | Sort-Object | Get-Unique", "Each name once.")],
)
def get_unique(inv: Invocation) -> Iterator[Any]:
    nocase = to_bool(inv.args.CaseInsensitive)
    previous: Any = object()
    first = True
    for obj in inv.input:
        key: Any = to_str(obj) if isinstance(obj, str) or to_bool(inv.args.AsString) else obj
        if isinstance(key, str) and nocase:
            key = key.casefold()
        if first or not _same(key, previous):
            yield obj
        previous, first = key, False


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) and type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float))
                                                       and not isinstance(a, bool) and a == b)
    except Exception:  # noqa: BLE001 - uncomparable values are different
        return False


@command(
    "New-Guid",
    module=MODULE,
    synopsis="Makes a new random GUID.",
    description="The same value as [guid]::NewGuid(); `.Guid` or \"$(New-Guid)\" is its text.",
    params=[S("Empty", help="The all-zero GUID.")],
    examples=[E("New-Guid", "A random GUID."), E("(New-Guid).Guid", "Its text.")],
)
def new_guid(inv: Invocation) -> Iterator[Any]:
    import uuid

    from gshell.runtime.static_members import GuidValue
    yield GuidValue(uuid.UUID(int=0) if to_bool(inv.args.Empty) else uuid.uuid4())


@command(
    "Write-Progress",
    module=MODULE,
    synopsis="Accepted for pasted scripts; gshell shows no progress bar.",
    description=("pwsh draws a progress bar on the console (never in the output).  gshell accepts the same "
                 "parameters and shows nothing."),
    params=[
        P("Activity", "string", 0, help="What is in progress."),
        P("Status", "string", 1, help="Its current state."),
        P("Id", "int", 2, help="The bar's id."),
        P("PercentComplete", "int", help="0 to 100."),
        P("SecondsRemaining", "int", help="Estimated seconds left."),
        P("CurrentOperation", "string", help="The current step."),
        P("ParentId", "int", help="The parent bar's id."),
        S("Completed", help="Ends the bar."),
        P("SourceId", "int", help="Accepted."),
    ],
    examples=[E("Write-Progress -Activity Upload -PercentComplete 50", "Nothing is shown in gshell.")],
)
def write_progress(inv: Invocation) -> Iterator[Any]:
    return iter(())


@command(
    "Set-StrictMode",
    module=MODULE,
    synopsis="Accepted for pasted scripts; strict mode's extra errors are not raised in gshell.",
    description=("gshell does not implement strict mode: reading an unset variable or a missing property stays "
                 "$null, as without Set-StrictMode."),
    params=[P("Version", "string", help="Accepted (1.0, 2.0, 3.0, Latest)."), S("Off", help="Accepted.")],
    examples=[E("Set-StrictMode -Version Latest", "Accepted; no effect.")],
)
def set_strict_mode(inv: Invocation) -> Iterator[Any]:
    return iter(())
