"""Commands about the shell session itself: Measure-Command, the history (Get-History,
Invoke-History, Clear-History) and transcripts (Start-Transcript, Stop-Transcript)."""
from __future__ import annotations

import datetime as _dt
import os
import secrets as _secrets
import socket
import time
from collections.abc import Iterable, Iterator
from typing import Any

from gshell.commands._common import E, P, S, as_list, is_scriptblock, to_bool, to_str
from gshell.runtime import session_log
from gshell.runtime.errors import PSError
from gshell.runtime.formatting import VIEWS, View
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import Record

MODULE = "gshell.Core"
VIEWS["HistoryInfo"] = View("table", ("Id", "Duration", "CommandLine"))
_RULE = "**********************"


# =========================================================================================
# Measure-Command
# =========================================================================================


@command(
    "Measure-Command",
    module=MODULE,
    synopsis="Runs a script block and returns how long it took, as a [timespan]; its output is discarded.",
    description=("The block runs in the current scope (variables it sets stay set), as in pwsh.  With pipeline "
                 "input the block runs once per object, with the object in $_.  Write-Host output still shows."),
    params=[
        P("Expression", "scriptblock", 0, mandatory=True, help="The code to time."),
        P("InputObject", "object", from_pipeline=True, help="Objects passed to the block as $_."),
    ],
    examples=[
        E("Measure-Command { 1..100000 | Measure-Object -Sum }", "How long the sum takes."),
        E("(Measure-Command { Start-Sleep -Milliseconds 200 }).TotalMilliseconds", "About 200."),
    ],
)
def measure_command(inv: Invocation) -> Iterator[Any]:
    block = inv.args.Expression
    if not is_scriptblock(block):
        raise inv.fail("Measure-Command: -Expression must be a script block: Measure-Command { ... }.",
                       category="InvalidArgument")
    started = time.perf_counter()
    if inv.expecting_input:
        for obj in inv.input:
            for _ in inv.invoke_iter(block, dollar_under=obj):
                pass
    else:
        for _ in inv.invoke_iter(block):
            pass
    yield _dt.timedelta(seconds=time.perf_counter() - started)


@command(
    "New-TimeSpan",
    module=MODULE,
    synopsis="Makes a [timespan]: from -Start to -End, or from days, hours, minutes, seconds.",
    params=[
        P("Start", "datetime", 0, aliases=("LastWriteTime",), help="The start (default: now)."),
        P("End", "datetime", 1, help="The end (default: now)."),
        P("Days", "float", help="Days."), P("Hours", "float", help="Hours."),
        P("Minutes", "float", help="Minutes."), P("Seconds", "float", help="Seconds."),
        P("Milliseconds", "float", help="Milliseconds."),
    ],
    examples=[E("New-TimeSpan -Minutes 90", "1 hour 30 minutes."),
              E("New-TimeSpan -Start (Get-Date) -End (Get-Date).AddDays(3)", "About three days.")],
)
def new_timespan(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    if args.Start is not None or args.End is not None:
        now = _dt.datetime.now()
        yield (args.End or now) - (args.Start or now)
        return
    parts = {k: float(args[k]) for k in ("Days", "Hours", "Minutes", "Seconds", "Milliseconds") if args[k] is not None}
    yield _dt.timedelta(**{k.lower(): v for k, v in parts.items()})


# =========================================================================================
# History
# =========================================================================================


def _history_record(entry: session_log.HistoryEntry) -> Record:
    ended = entry.ended or entry.started
    return Record([
        ("Id", entry.id), ("CommandLine", entry.command_line),
        ("ExecutionStatus", "Completed" if entry.ok else "Failed"),
        ("StartExecutionTime", entry.started), ("EndExecutionTime", ended), ("Duration", ended - entry.started),
    ], type_name="HistoryInfo")


@command(
    "Get-History",
    aliases=("h", "history", "ghy"),
    module=MODULE,
    synopsis="Lists the commands typed at the prompt in this shell (scripts and -c add none).",
    params=[
        P("Id", "int[]", 0, help="The ids of the entries to get."),
        P("Count", "int", 1, help="The most recent N entries."),
    ],
    examples=[E("Get-History", "What was typed in this session."),
              E("Get-History -Count 5", "The last five commands."),
              E("Get-History | Where-Object ExecutionStatus -eq Failed", "The commands that failed.")],
)
def get_history(inv: Invocation) -> Iterator[Any]:
    entries = session_log.log_of(inv.runtime).history
    ids = [int(i) for i in as_list(inv.args.Id)]
    if ids:
        by_id = {e.id: e for e in entries}
        for i in ids:
            if i in by_id:
                yield _history_record(by_id[i])
            else:
                inv.error(f"Cannot locate history for Id {i}.", category="ObjectNotFound", target=i)
        return
    if inv.args.Count is not None:
        count = int(inv.args.Count)
        entries = entries[-count:] if count > 0 else []
    for e in entries:
        yield _history_record(e)


@command(
    "Invoke-History",
    aliases=("ihy",),
    module=MODULE,
    synopsis="Runs a command of the history again (the last one by default); prints it first.",
    params=[P("Id", "string", 0, help="The id, or the beginning of the command line, of the entry to run.")],
    examples=[E("Invoke-History", "Runs the last command again."), E("Invoke-History 3", "Runs entry 3."),
              E("ihy Get-Gradio", "Runs the last command that starts with Get-Gradio.")],
)
def invoke_history(inv: Invocation) -> Iterator[Any]:
    log = session_log.log_of(inv.runtime)
    entries = log.history
    wanted = to_str(inv.args.Id) if inv.args.Id is not None else None
    entry: session_log.HistoryEntry | None = None
    if wanted is None:
        if not entries:
            raise inv.fail("Cannot locate the most recent history.", category="ObjectNotFound")
        entry = entries[-1]
    elif wanted.strip().lstrip("-").isdigit():
        n = int(wanted)
        entry = next((e for e in entries if e.id == n), None)
        if entry is None:
            raise inv.fail(f"Cannot locate history for Id {n}.", category="ObjectNotFound")
    else:
        entry = next((e for e in reversed(entries) if e.command_line.casefold().startswith(wanted.casefold())), None)
        if entry is None:
            raise inv.fail(f"Cannot locate history for commandline {wanted}.", category="ObjectNotFound")
    if log.running > 8:
        raise inv.fail("Invoke-History: the history entry invokes itself.", category="InvalidOperation")
    inv.write_host(entry.command_line)
    block = inv.runtime.evaluate("{" + entry.command_line + "\n}")[0]
    log.running += 1
    try:
        yield from inv.invoke_iter(block)
    finally:
        log.running -= 1


@command(
    "Clear-History",
    aliases=("clhy",),
    module=MODULE,
    synopsis="Empties the history of this shell (the saved prompt history file is kept).",
    params=[P("Id", "int[]", 0, help="Only these entries."), P("Count", "int", help="Only the last N entries.")],
    examples=[E("Clear-History", "Forgets the commands of this session.")],
)
def clear_history(inv: Invocation) -> Iterable[Any]:
    log = session_log.log_of(inv.runtime)
    ids = {int(i) for i in as_list(inv.args.Id)}
    if ids:
        log.history[:] = [e for e in log.history if e.id not in ids]
    elif inv.args.Count is not None:
        count = int(inv.args.Count)
        if count > 0:
            del log.history[-count:]
    else:
        log.history.clear()
    return ()


# =========================================================================================
# Transcripts
# =========================================================================================


def _stamp(when: _dt.datetime) -> str:
    return when.strftime("%Y%m%d%H%M%S")


def _default_path(inv: Invocation) -> str:
    given = inv.runtime.get_variable("Transcript")
    if given:
        return to_str(given)
    host = socket.gethostname().split(".")[0] or "localhost"
    name = f"PowerShell_transcript.{host}.{_secrets.token_hex(4)}.{_stamp(_dt.datetime.now())}.txt"
    return os.path.join(os.path.expanduser("~"), name)


def _header(started: _dt.datetime) -> str:
    import gshell
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    return "\n".join([
        _RULE, "gshell transcript start", f"Start time: {_stamp(started)}", f"Username: {user}",
        f"Machine: {socket.gethostname()}", f"Process ID: {os.getpid()}", f"gshell version: {gshell.__version__}",
        _RULE, "",
    ])


def _footer() -> str:
    return "\n".join([_RULE, "gshell transcript end", f"End time: {_stamp(_dt.datetime.now())}", _RULE, ""])


@command(
    "Start-Transcript",
    module=MODULE,
    synopsis="Records everything the shell prints (and the commands typed) into a text file.",
    description=("Without -Path the file is $Transcript, else ~/PowerShell_transcript.<host>.<random>.<time>.txt.  "
                 "The file gets a header, the commands typed at the prompt as `PS> command` and all output "
                 "(errors included, colours removed, secrets masked as everywhere) until Stop-Transcript or the "
                 "end of the shell."),
    params=[
        P("Path", "path", 0, aliases=("LiteralPath",), help="The transcript file.", complete="path"),
        P("OutputDirectory", "path", help="A directory for a transcript file with the default name."),
        S("Append", help="Adds to the end of an existing file."),
        S("NoClobber", aliases=("NoOverwrite",), help="Fails when the file exists."),
        S("Force", help="Accepted for compatibility."),
        S("IncludeInvocationHeader", help="Accepted for compatibility."),
        S("UseMinimalHeader", help="Accepted for compatibility."),
    ],
    examples=[E("Start-Transcript -Path ./lesson.txt", "Records the session into lesson.txt."),
              E("Start-Transcript ./lesson.txt -Append", "Continues an existing transcript.")],
)
def start_transcript(inv: Invocation) -> Iterator[Any]:
    from gshell.commands.output import write_text_file
    interp = inv.runtime
    if session_log.log_of(interp).transcript is not None:
        raise inv.fail("Transcription has already been started. Use the Stop-Transcript command to stop "
                       "transcription.", category="InvalidOperation")
    args = inv.args
    if args.Path is not None:
        path = to_str(args.Path)
    elif args.OutputDirectory is not None:
        path = os.path.join(to_str(args.OutputDirectory), os.path.basename(_default_path(inv)))
    else:
        path = _default_path(inv)
    # every write goes through the cmdlets' file writer (the same checks as Out-File / Set-Content)
    full = write_text_file(inv, path, _header(_dt.datetime.now()), append=to_bool(args.Append),
                           no_clobber=to_bool(args.NoClobber))

    def append(text: str) -> None:
        # the write guard checked this file when the transcript started (the header write)
        write_text_file(inv, full, text.replace("\r\n", "\n"), append=True, guarded=False)

    session_log.start_transcript(interp, full, append)
    def finish() -> None:
        current = session_log.stop_transcript(interp)
        if current is not None:
            try:
                current.append(_footer())
            except (OSError, PSError):
                pass
    interp.on_close(finish)
    yield f"Transcript started, output file is {full}"


@command(
    "Stop-Transcript",
    module=MODULE,
    synopsis="Stops the transcript started by Start-Transcript.",
    params=[],
    examples=[E("Stop-Transcript", "Closes the transcript file.")],
)
def stop_transcript(inv: Invocation) -> Iterator[Any]:
    current = session_log.stop_transcript(inv.runtime)
    if current is None:
        raise inv.fail("An error occurred stopping transcription: The host is not currently transcribing.",
                       category="InvalidOperation")
    message = f"Transcript stopped, output file is {current.path}"
    try:
        current.append(_footer())
    except (OSError, PSError):
        pass
    yield message

