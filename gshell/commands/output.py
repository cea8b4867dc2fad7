"""Output cmdlets: Format-Table, Format-List, Out-String, Out-Host, Out-Default, Out-Null,
Out-File and the Write-* family."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from gshell.commands._common import (
    E,
    P,
    S,
    as_list,
    calculated,
    color_enabled,
    console_width,
    evaluate,
    inputs,
    is_scriptblock,
    resolve_path,
    to_bool,
    to_str,
)
from gshell.display import replace_surrogates
from gshell.runtime.errors import ErrorRecord, PSError
from gshell.runtime.layout import FormatBlock
from gshell.runtime.out_default import Formatter, render, render_lines
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import CIDict

MODULE = "gshell.Core"

CONSOLE_COLORS = ("Black", "DarkBlue", "DarkGreen", "DarkCyan", "DarkRed", "DarkMagenta", "DarkYellow",
                  "Gray", "DarkGray", "Blue", "Green", "Cyan", "Red", "Magenta", "Yellow", "White")

ERROR_CATEGORIES = (
    "NotSpecified", "OpenError", "CloseError", "DeviceError", "DeadlockDetected", "InvalidArgument",
    "InvalidData", "InvalidOperation", "InvalidResult", "InvalidType", "MetadataError", "NotImplemented",
    "NotInstalled", "ObjectNotFound", "OperationStopped", "OperationTimeout", "SyntaxError", "ParserError",
    "PermissionDenied", "ResourceBusy", "ResourceExists", "ResourceUnavailable", "ReadError", "WriteError",
    "FromStdErr", "SecurityError", "ProtocolError", "ConnectionError", "AuthenticationError",
    "LimitsExceeded", "QuotaExceeded", "NotEnabled",
)

#: -Encoding values: (python codec, byte order mark)
ENCODINGS: dict[str, tuple[str, bytes]] = {
    "utf8": ("utf-8", b""),
    "utf8nobom": ("utf-8", b""),
    "utf8bom": ("utf-8", b"\xef\xbb\xbf"),
    "ascii": ("ascii", b""),
    "unicode": ("utf-16-le", b"\xff\xfe"),
    "bigendianunicode": ("utf-16-be", b"\xfe\xff"),
    "utf32": ("utf-32-le", b"\xff\xfe\x00\x00"),
    "bigendianutf32": ("utf-32-be", b"\x00\x00\xfe\xff"),
    "latin1": ("latin-1", b""),
    "oem": ("utf-8", b""),
    "default": ("utf-8", b""),
    "ansi": ("utf-8", b""),
}
ENCODING_NAMES = ("utf8", "utf8NoBOM", "utf8BOM", "ascii", "unicode", "bigendianunicode", "utf32",
                  "bigendianutf32", "latin1", "oem", "default", "ansi")


def encoding_of(inv: Invocation, name: Any) -> tuple[str, bytes]:
    if name is None:
        return ENCODINGS["utf8"]
    key = to_str(name).replace("-", "").casefold()
    if key not in ENCODINGS:
        raise inv.fail(f"Unknown encoding '{to_str(name)}'. Valid values: {', '.join(ENCODING_NAMES)}.",
                       category="InvalidArgument")
    return ENCODINGS[key]


def guard_write(inv: Invocation, full: str) -> None:
    """The one check every file-writing cmdlet makes before writing ``full`` (gshell.writeguard:
    start-up and credential files need the user's confirmation or --allow-write)."""
    from gshell.writeguard import WriteRefused, check
    try:
        check(full, f"{inv.command.name}: write")
    except WriteRefused as exc:
        raise inv.fail(str(exc), category="PermissionDenied") from None


def write_text_file(inv: Invocation, path: str, text: str, *, append: bool = False, encoding: Any = None,
                    no_clobber: bool = False, guarded: bool = True) -> str:
    """Write ``text`` to ``path`` (resolved against the current location); returns the full path."""
    codec, bom = encoding_of(inv, encoding)
    full = resolve_path(inv, path)
    if os.path.isdir(full):
        raise inv.fail(f"Access to the path '{full}' is denied (it is a directory).", category="PermissionDenied")
    parent = os.path.dirname(full)
    if parent and not os.path.isdir(parent):
        raise inv.fail(f"Could not find a part of the path '{full}'.", category="ObjectNotFound")
    if no_clobber and os.path.exists(full) and not append:
        raise inv.fail(f"The file '{full}' already exists.", category="ResourceExists")
    if guarded:   # False only for a file whose first write was checked (a running transcript)
        guard_write(inv, full)
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:  # lone surrogates as U+FFFD (pwsh's), what the codec lacks as '?'
        data = replace_surrogates(text).encode(codec, errors="replace")
    exists = os.path.exists(full) and os.path.getsize(full) > 0
    with open(full, "ab" if append else "wb") as fh:
        if bom and not (append and exists):
            fh.write(bom)
        fh.write(data)
    return full


# =========================================================================================
# Format-Table / Format-List
# =========================================================================================


def _format_properties(inv: Invocation, props: list[Any]) -> list[Any] | None:
    """Names stay names; calculated properties become (label, getter) pairs."""
    if not props:
        return None
    out: list[Any] = []
    for p in props:
        if isinstance(p, CIDict):
            try:
                label, expr = calculated(p)
            except ValueError as exc:
                raise inv.fail(f"{inv.command.name}: {exc}", category="InvalidArgument") from None
            out.append((label, lambda obj, e=expr: evaluate(inv, e, obj)))
        elif is_scriptblock(p):
            out.append((str(p.text).strip(), lambda obj, e=p: evaluate(inv, e, obj)))
        else:
            out.append(to_str(p))
    return out


@command(
    "Format-Table",
    aliases=("ft",),
    module=MODULE,
    synopsis="Formats the objects as a table.",
    description=("Shows the piped objects as a table with the given properties (names, wildcards or "
                 "@{Label=...; Expression={...}}).  Columns are sized to their content and the console "
                 "width; values that do not fit end with '…' unless -Wrap.  The result is for display "
                 "(or Out-String / Out-File), not for further processing."),
    params=[
        P("Property", "object[]", 0, help="Columns: property names, wildcards, or @{Label=...; Expression={...}}."),
        P("InputObject", "object", from_pipeline=True, help="The objects to format (usually piped)."),
        S("AutoSize", help="Sizes the columns to their content (always done in gshell)."),
        S("Wrap", help="Wraps long values onto several lines instead of truncating them."),
        S("HideTableHeaders", help="Leaves the header lines out."),
    ],
    examples=[
        E("$fns | Format-Table Name, Parameters -AutoSize", "A two-column table."),
        E("Get-Command -Module gshell.Gradio | ft", "The Gradio cmdlets as a table."),
    ],
)
def format_table(inv: Invocation) -> Iterator[Any]:
    objs = [o for o in inputs(inv) if o is not None]
    if not objs:
        return
    yield FormatBlock("table", objs, _format_properties(inv, as_list(inv.args.Property)),
                      autosize=True, wrap=to_bool(inv.args.Wrap), hide_headers=to_bool(inv.args.HideTableHeaders))


@command(
    "Format-List",
    aliases=("fl",),
    module=MODULE,
    synopsis="Formats the objects as a list of properties, one per line.",
    description=("Shows each piped object as `Name : value` lines.  `*` (or no -Property) shows every "
                 "property; long values wrap at the console width."),
    params=[
        P("Property", "object[]", 0, help="Properties to show: names, wildcards, `*`, or @{Label=...; "
                                          "Expression={...}}."),
        P("InputObject", "object", from_pipeline=True, help="The objects to format (usually piped)."),
    ],
    examples=[
        E("Get-GradioSession | Format-List *", "Every property of each session."),
        E("$info | fl", "A record as a list."),
    ],
)
def format_list(inv: Invocation) -> Iterator[Any]:
    objs = [o for o in inputs(inv) if o is not None]
    if not objs:
        return
    props = as_list(inv.args.Property)
    properties = ["*"] if props == ["*"] else _format_properties(inv, props)
    yield FormatBlock("list", objs, properties)


# =========================================================================================
# Out-*
# =========================================================================================


@command(
    "Out-String",
    module=MODULE,
    synopsis="Converts the objects to the text they display as.",
    description=("Formats the piped objects exactly as they would appear on screen and outputs one "
                 "string (or one string per line with -Stream)."),
    params=[
        P("InputObject", "object", from_pipeline=True, help="The objects to convert (usually piped)."),
        S("Stream", help="Outputs one string per line."),
        P("Width", "int", help="Line width used for tables and lists (default: the console width)."),
        S("NoNewline", help="Removes the newlines of the formatted text."),
    ],
    examples=[
        E("$text = Get-GradioSession | Out-String", "The session table as a string."),
        E("$fns | ft Name | Out-String -Stream | ? { $_ -like '*Img*' }", "Filters displayed lines."),
    ],
)
def out_string(inv: Invocation) -> Iterator[Any]:
    width = int(inv.args.Width) if "Width" in inv.args else console_width(inv)
    objs = list(inputs(inv))
    if to_bool(inv.args.Stream):
        yield from render_lines(objs, width=width)
        return
    text = render(objs, width=width)
    if to_bool(inv.args.NoNewline):
        text = text.replace("\n", "")
    yield text


def _stream_to_host(inv: Invocation) -> None:
    fmt = Formatter(lambda text: inv.write_host(text, newline=False), width=console_width(inv),
                    color=color_enabled(inv))
    try:
        for obj in inputs(inv):
            fmt.push(obj)
    finally:
        fmt.flush()


@command(
    "Out-Host",
    aliases=("oh",),
    module=MODULE,
    synopsis="Displays the objects on the console.",
    description="Formats the piped objects and writes them to the console (not to the pipeline).",
    params=[
        P("InputObject", "object", from_pipeline=True, help="The objects to display (usually piped)."),
        S("Paging", help="Not supported in gshell (the output is not paged)."),
    ],
    examples=[E("Get-GradioInfo | Out-Host", "Shows the info now, even inside a script block.")],
)
def out_host(inv: Invocation) -> Iterable[Any]:
    _stream_to_host(inv)
    return ()


@command(
    "Out-Default",
    module=MODULE,
    synopsis="Sends the objects to the default formatter (the console).",
    description="What gshell does with the output of every statement: formats it on the console.",
    params=[P("InputObject", "object", from_pipeline=True, help="The objects to display (usually piped).")],
    examples=[E("1..3 | Out-Default", "Prints 1, 2, 3.")],
)
def out_default(inv: Invocation) -> Iterable[Any]:
    _stream_to_host(inv)
    return ()


@command(
    "Out-Null",
    module=MODULE,
    synopsis="Discards the objects.",
    params=[P("InputObject", "object", from_pipeline=True, help="The objects to discard (usually piped).")],
    examples=[E("New-GradioSession $url | Out-Null", "Opens a session without printing it.")],
)
def out_null(inv: Invocation) -> Iterable[Any]:
    for _ in inputs(inv):
        pass
    return ()


@command(
    "Out-File",
    module=MODULE,
    synopsis="Writes the objects to a file, formatted as on screen.",
    description=("Writes the text the objects display as (tables, lists, strings one per line) to a "
                 "file.  -Append adds to the end; -Encoding picks utf8 (default, no BOM), utf8BOM, "
                 "ascii, unicode (UTF-16 LE), bigendianunicode, utf32, latin1."),
    params=[
        P("FilePath", "path", 0, mandatory=True, aliases=("Path", "PSPath"), help="The file to write.",
          complete="path"),
        P("Encoding", "string", 1, choices=ENCODING_NAMES,
          help="Text encoding of the file (default utf8 without BOM)."),
        P("InputObject", "object", from_pipeline=True, help="The objects to write (usually piped)."),
        S("Append", help="Adds to the end of the file instead of replacing it."),
        S("NoNewline", help="Concatenates the objects' text without newlines."),
        S("NoClobber", help="Refuses to replace an existing file.", aliases=("NoOverwrite",)),
        S("Force", help="Accepted for compatibility."),
        P("Width", "int", help="Line width for tables and lists (default: the console width)."),
    ],
    examples=[
        E("$result.data | Out-File result.txt", "Saves the result text."),
        E("'done' | Out-File log.txt -Append", "Adds a line to log.txt."),
    ],
)
def out_file(inv: Invocation) -> Iterable[Any]:
    args = inv.args
    width = int(args.Width) if "Width" in args else console_width(inv)
    objs = list(inputs(inv))
    if to_bool(args.NoNewline):
        text = "".join(to_str(o) if not isinstance(o, (CIDict, FormatBlock)) else render([o], width).strip("\n")
                       for o in objs if o is not None)
    else:
        text = render(objs, width=width)
    write_text_file(inv, to_str(args.FilePath), text, append=to_bool(args.Append), encoding=args.Encoding,
                    no_clobber=to_bool(args.NoClobber))
    return ()


# =========================================================================================
# Write-*
# =========================================================================================


def _flatten_once(value: Any) -> list[Any]:
    out: list[Any] = []
    for v in as_list(value):
        if isinstance(v, (list, tuple)):
            out.extend(v)
        else:
            out.append(v)
    return out


@command(
    "Write-Host",
    module=MODULE,
    synopsis="Writes text to the console (not to the pipeline), optionally in colour.",
    description=("Writes its arguments, separated by spaces (or -Separator), to the console.  Arrays are "
                 "written element by element.  Colours are the 16 console colours."),
    params=[
        P("Object", "object", 0, remaining=True, from_pipeline=True, help="What to write (several arguments are "
                                                                          "joined)."),
        P("ForegroundColor", "string", aliases=("fg",), choices=CONSOLE_COLORS, help="Text colour."),
        P("BackgroundColor", "string", aliases=("bg",), choices=CONSOLE_COLORS, help="Background colour."),
        S("NoNewline", help="Does not end the line."),
        P("Separator", "object", help="Separator between objects (default: a space)."),
    ],
    examples=[
        E("Write-Host 'Done' -ForegroundColor Green", "A green line."),
        E("Write-Host 'Result:' $r.data", "Two values joined by a space."),
        E("Write-Host -NoNewline 'working... '", "No line break."),
    ],
)
def write_host(inv: Invocation) -> Iterable[Any]:
    args = inv.args
    sep = to_str(args.Separator) if "Separator" in args else " "
    color = _color_name(inv, args.ForegroundColor)
    back = _color_name(inv, args.BackgroundColor)
    newline = not to_bool(args.NoNewline)
    if inv.expecting_input:
        for obj in inv.input:
            inv.write_host(sep.join(to_str(x) for x in _flatten_once(obj)), color=color, background=back,
                           newline=newline)
        return ()
    items = _flatten_once(args.Object)
    inv.write_host(sep.join(to_str(x) for x in items), color=color, background=back, newline=newline)
    return ()


def _color_name(inv: Invocation, value: Any) -> str | None:
    if value is None:
        return None
    name = to_str(value)
    for c in CONSOLE_COLORS:
        if c.casefold() == name.casefold():
            return c
    raise inv.fail(f"Cannot convert '{name}' to a console colour. Valid values: {', '.join(CONSOLE_COLORS)}.",
                   category="InvalidArgument")


@command(
    "Write-Output",
    aliases=("echo", "write"),
    module=MODULE,
    synopsis="Writes objects to the pipeline.",
    description="Sends its arguments (arrays enumerated, unless -NoEnumerate) down the pipeline.",
    params=[
        P("InputObject", "object", 0, remaining=True, from_pipeline=True, help="The objects to write."),
        S("NoEnumerate", help="Writes an array as one object."),
    ],
    examples=[
        E("Write-Output 'hello'", "Outputs the string."),
        E("echo 1 2 3", "Three objects."),
        E("Write-Output -NoEnumerate 1,2 | measure", "Count 1: the array is one object."),
    ],
)
def write_output(inv: Invocation) -> Iterator[Any]:
    no_enum = to_bool(inv.args.NoEnumerate)
    if inv.expecting_input:
        yield from inv.input
        return
    if "InputObject" not in inv.args:
        return
    value = inv.args.InputObject
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], (list, tuple)):
        value = value[0]   # one array argument collected as the remaining arguments
    if no_enum or not isinstance(value, (list, tuple)):
        yield value
    else:
        yield from value


@command(
    "Write-Warning",
    module=MODULE,
    synopsis="Writes a warning message (WARNING: ...) to the warning stream (stderr).",
    params=[P("Message", "string", 0, mandatory=True, from_pipeline=True, help="The warning text.")],
    examples=[E("Write-Warning 'The space is sleeping'", "Prints WARNING: The space is sleeping")],
)
def write_warning(inv: Invocation) -> Iterable[Any]:
    for _, args in inv.each():
        inv.warning(to_str(args.Message))
    return ()


@command(
    "Write-Verbose",
    module=MODULE,
    synopsis="Writes a verbose message, shown with -Verbose or $VerbosePreference = 'Continue'.",
    params=[P("Message", "string", 0, mandatory=True, from_pipeline=True, help="The message text.")],
    examples=[E("Write-Verbose 'calling /predict' -Verbose", "Prints VERBOSE: calling /predict")],
)
def write_verbose(inv: Invocation) -> Iterable[Any]:
    for _, args in inv.each():
        inv.verbose(to_str(args.Message))
    return ()


@command(
    "Write-Debug",
    module=MODULE,
    synopsis="Writes a debug message, shown with -Debug or $DebugPreference = 'Continue'.",
    params=[P("Message", "string", 0, mandatory=True, from_pipeline=True, help="The message text.")],
    examples=[E("Write-Debug 'state saved' -Debug", "Prints DEBUG: state saved")],
)
def write_debug(inv: Invocation) -> Iterable[Any]:
    from gshell.commands.variables import preference
    for _, args in inv.each():
        message = to_str(args.Message)
        if preference(inv, "DebugPreference") in ("continue", "inquire", "stop") and not to_bool(args.Debug):
            inv.write_host(f"DEBUG: {message}")   # shown by preference, not by -Debug
        else:
            inv.debug(message)                    # the runtime shows it with -Debug
    return ()


@command(
    "Write-Information",
    module=MODULE,
    synopsis="Writes to the information stream (shown when $InformationPreference is 'Continue').",
    params=[
        P("MessageData", "object", 0, mandatory=True, from_pipeline=True, aliases=("Msg", "Message"),
          help="The message."),
        P("Tags", "string[]", 1, help="Tags (accepted, not used)."),
        P("InformationAction", "string", aliases=("infa",), choices=("Continue", "SilentlyContinue", "Ignore", "Stop"),
          help="Continue shows the message."),
    ],
    examples=[E("Write-Information 'hello' -InformationAction Continue", "Prints hello.")],
)
def write_information(inv: Invocation) -> Iterable[Any]:
    from gshell.commands.variables import preference
    action = to_str(inv.args.InformationAction).casefold() if "InformationAction" in inv.args else \
        preference(inv, "InformationPreference")
    for _, args in inv.each():
        if action == "continue":
            inv.write_host(to_str(args.MessageData))
    return ()


@command(
    "Write-Error",
    module=MODULE,
    synopsis="Writes a non-terminating error (the command goes on; $? becomes false).",
    description=("Reports an error record on the error stream.  With -ErrorAction Stop (or "
                 "$ErrorActionPreference = 'Stop') the error becomes terminating and can be caught."),
    params=[
        P("Message", "object", 0, from_pipeline=True, aliases=("Msg",),
          help="The error message (an error record or exception given here is used as -ErrorRecord or "
               "-Exception)."),
        P("Category", "string", choices=ERROR_CATEGORIES, help="The error category (default NotSpecified)."),
        P("ErrorId", "string", help="The error's FullyQualifiedErrorId."),
        P("TargetObject", "object", help="The object the error is about."),
        P("RecommendedAction", "string", help="What the user could do ($_.ErrorDetails.RecommendedAction)."),
        P("Exception", "object", help="An exception ($_.Exception) whose type and message the error takes."),
        P("ErrorRecord", "object", help="An error record to write again."),
        P("CategoryActivity", "string", aliases=("Activity",), help="What was being done (shown before the "
                                                                      "message)."),
        P("CategoryReason", "string", aliases=("Reason",), help="The CategoryInfo's Reason."),
        P("CategoryTargetName", "string", aliases=("TargetName",), help="The CategoryInfo's TargetName."),
        P("CategoryTargetType", "string", aliases=("TargetType",), help="The CategoryInfo's TargetType."),
    ],
    examples=[
        E("Write-Error 'File not found'", "Prints the error and goes on."),
        E("Write-Error -Message 'bad input' -Category InvalidArgument -ErrorAction Stop", "A terminating error."),
        E("Write-Error 'no such id' -ErrorId NoId -TargetObject 42 -CategoryActivity Lookup",
          "Prints 'Lookup: no such id'; $Error[0].FullyQualifiedErrorId is NoId."),
    ],
)
def write_error(inv: Invocation) -> Iterable[Any]:
    frame = inv.scope.function_frame()
    for _, args in inv.each():
        rec = _write_error_record(args)
        if frame is not None and args.ErrorRecord is None:
            # as pwsh: in a function, the record names the function and points at its call
            name, pos = frame
            rec.origin, rec.command_name = rec.command_name, name
            rec.error_id = f"{rec.error_id},{name}"
            inv.runtime.locate(rec, pos)
        inv.error(rec)
    return ()


#: what Write-Error's records report as their exception (pwsh's type)
WRITE_ERROR_EXCEPTION = "WriteErrorException"


def _write_error_record(args: Any) -> ErrorRecord:
    """The record Write-Error writes: pwsh's WriteErrorException unless -Exception or
    -ErrorRecord gives another, with the category fields overridden by the -Category* values."""
    from gshell.runtime.errors import ExceptionInfo
    message, given, exception = args.Message, args.ErrorRecord, args.Exception
    if isinstance(message, PSError):
        message = message.record
    if isinstance(message, ErrorRecord) and given is None:
        given, message = message, None
    if isinstance(message, ExceptionInfo) and exception is None:
        exception, message = message, None
    if given is not None and not isinstance(given, ErrorRecord):
        raise PSError(f"Cannot bind parameter 'ErrorRecord': \"{to_str(given)}\" is not an error record.",
                      category="InvalidArgument", exception_type="ParameterBindingException")
    if given is None and message is None and exception is None:
        raise PSError("Write-Error needs -Message, -Exception or -ErrorRecord.", category="InvalidArgument",
                      exception_type="ParameterBindingException", error_id="MissingArgument")
    category = _category(args.Category) if args.Category is not None else None
    if given is not None:
        rec = ErrorRecord(given.message, category=category or given.category, target=given.target,
                          exception_type=given.exception_type, error_id=given.error_id,
                          command_name=given.command_name, inner=given.inner)
    else:
        if isinstance(exception, ExceptionInfo):
            etype, emsg = exception.record.exception_type, exception.record.message
        elif exception is not None:
            etype, emsg = "Exception", to_str(exception)
        else:
            etype, emsg = WRITE_ERROR_EXCEPTION, ""
        text = to_str(message) if message is not None else emsg
        error_id = to_str(args.ErrorId) if args.ErrorId else (
            "Microsoft.PowerShell.Commands.WriteErrorException" if exception is None else etype)
        rec = ErrorRecord(text, category=category or "NotSpecified", target=args.TargetObject,
                          exception_type=etype, error_id=error_id, command_name="Write-Error")
    if args.CategoryActivity:
        rec.activity = to_str(args.CategoryActivity)
    if args.CategoryReason:
        rec.reason = to_str(args.CategoryReason)
    if args.CategoryTargetName is not None:
        rec.target_name = to_str(args.CategoryTargetName)
    if args.CategoryTargetType is not None:
        rec.target_type = to_str(args.CategoryTargetType)
    if args.RecommendedAction:
        rec.recommended_action = to_str(args.RecommendedAction)
    return rec


def _category(value: Any) -> str:
    name = to_str(value)
    for c in ERROR_CATEGORIES:
        if c.casefold() == name.casefold():
            return c
    raise PSError(f"Cannot convert '{name}' to an error category. Valid values: {', '.join(ERROR_CATEGORIES)}.",
                  category="InvalidArgument")
