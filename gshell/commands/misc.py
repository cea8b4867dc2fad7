"""Miscellaneous cmdlets: Get-Random, Get-Date, Start-Sleep, the module cmdlets, Clear-Host,
Read-Host, Get-Credential, and the PowerShell commands gshell refuses."""

from __future__ import annotations

import datetime as _dt
import sys
import time
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gshell.commands._common import E, P, S, as_list, registry_of, to_bool, to_str, wildcard_match
from gshell.display import excerpt
from gshell.runtime.errors import PSError, not_supported
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import Record

if TYPE_CHECKING:
    import random

MODULE = "gshell.Core"
INT32_MAX = 2**31 - 1

_rng_instance: random.Random | None = None


def _rng() -> random.Random:
    """The generator shared by Get-Random calls (``random`` is imported on first use)."""
    global _rng_instance
    if _rng_instance is None:
        import random
        _rng_instance = random.Random()
    return _rng_instance


# =========================================================================================
# Get-Random
# =========================================================================================


def _number(inv: Invocation, v: Any, name: str) -> int | float:
    from gshell.runtime.conversions import to_number
    try:
        n = to_number(v)
    except PSError:
        raise inv.fail(f"Cannot convert value \"{excerpt(to_str(v))}\" of parameter '{name}' to a number.",
                       category="InvalidArgument") from None
    return float(n) if isinstance(n, Decimal) else n


@command(
    "Get-Random",
    module=MODULE,
    synopsis="Gets a random number, or picks random objects from a collection.",
    description=("Without input: an integer in [Minimum, Maximum) (default [0, 2147483647)); a double when "
                 "either bound is a double.  With input (piped or -InputObject): one random object, or "
                 "-Count distinct ones; -Shuffle returns all of them in random order.  -SetSeed makes the "
                 "sequence repeatable."),
    params=[
        P("Maximum", "object", 0, aliases=("Max",), help="Exclusive upper bound."),
        P("Minimum", "object", aliases=("Min",), help="Inclusive lower bound (default 0)."),
        P("InputObject", "object[]", from_pipeline=True, help="Objects to pick from."),
        P("Count", "int", help="How many numbers or objects to return."),
        P("SetSeed", "int", help="Seeds the random generator."),
        S("Shuffle", help="Returns all the input objects in random order."),
    ],
    examples=[
        E("Get-Random -Min 1 -Max 7", "A die roll."),
        E("1..10 | Get-Random -Count 3", "Three distinct numbers from 1 to 10."),
        E("Get-Random -Maximum 1.0", "A double in [0, 1)."),
    ],
)
def get_random(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    if "SetSeed" in args:
        _rng().seed(int(args.SetSeed))
    count = int(args.Count) if "Count" in args else None
    if inv.expecting_input or "InputObject" in args:
        pool: list[Any] = []
        if inv.expecting_input:
            for obj in inv.input:
                pool.extend(obj if isinstance(obj, list) else [obj])
        else:
            pool = as_list(args.InputObject)
        if not pool:
            return
        if to_bool(args.Shuffle):
            items = list(pool)
            _rng().shuffle(items)
            yield from items
            return
        n = 1 if count is None else max(count, 0)
        yield from _rng().sample(pool, min(n, len(pool)))
        return
    lo = _number(inv, args.Minimum, "Minimum") if args.Minimum is not None else 0
    hi = _number(inv, args.Maximum, "Maximum") if args.Maximum is not None else INT32_MAX
    if lo >= hi:
        raise inv.fail(f"The Minimum value ({to_str(lo)}) cannot be greater than or equal to the Maximum value "
                       f"({to_str(hi)}).", category="InvalidArgument")
    as_float = isinstance(lo, float) or isinstance(hi, float)
    rng = _rng()
    for _ in range(1 if count is None else max(count, 0)):
        yield lo + rng.random() * (hi - lo) if as_float else rng.randrange(int(lo), int(hi))


# =========================================================================================
# Get-Date
# =========================================================================================

_UFORMAT: dict[str, Any] = {
    "a": "%a", "A": "%A", "b": "%b", "B": "%B", "h": "%b", "d": "%d", "H": "%H", "I": "%I", "j": "%j",
    "m": "%m", "M": "%M", "p": "%p", "S": "%S", "U": "%U", "W": "%W", "w": lambda d: str((d.weekday() + 1) % 7),
    "y": "%y", "Y": "%Y", "G": "%G", "g": lambda d: f"{d.isocalendar()[0] % 100:02d}",
    "V": lambda d: f"{d.isocalendar()[1]:02d}",
    "C": lambda d: f"{d.year // 100:02d}", "D": "%m/%d/%y", "e": lambda d: f"{d.day:>2}", "F": "%Y-%m-%d",
    "k": lambda d: f"{d.hour:>2}", "l": lambda d: f"{(d.hour % 12 or 12):>2}", "n": "\n", "t": "\t",
    "R": "%H:%M", "T": "%H:%M:%S", "r": "%I:%M:%S %p", "x": "%m/%d/%y", "X": "%H:%M:%S",
    "c": lambda d: d.strftime("%a %b ") + f"{d.day:>2}" + d.strftime(" %H:%M:%S %Y"),
    "s": lambda d: str(int((d if d.tzinfo else d.astimezone()).timestamp())),
    "u": lambda d: str(d.isoweekday()),
    "Z": lambda d: _offset_hours(d), "z": lambda d: _offset_hours(d), "%": "%",
}


def _offset_hours(d: _dt.datetime) -> str:
    off = (d if d.tzinfo else d.astimezone()).utcoffset() or _dt.timedelta()
    hours = int(off.total_seconds() // 3600)
    return f"{'+' if hours >= 0 else '-'}{abs(hours):02d}"


def uformat(d: _dt.datetime, fmt: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == "%" and i + 1 < len(fmt):
            spec = _UFORMAT.get(fmt[i + 1])
            if spec is None:
                out.append(fmt[i + 1])
            elif callable(spec):
                out.append(spec(d))
            else:
                out.append(d.strftime(spec) if spec.startswith("%") and spec != "%" else spec)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@command(
    "Get-Date",
    module=MODULE,
    synopsis="Gets the current date and time (or a given one), optionally as formatted text.",
    description=("Outputs a [datetime]; -Format takes a .NET format string ('yyyy-MM-dd HH:mm:ss', 'o', 's', "
                 "...) and -UFormat a Unix one ('%Y-%m-%d', '%s'), both returning a string.  -Year, -Month... "
                 "replace parts of the date."),
    params=[
        P("Date", "datetime", 0, from_pipeline=True, aliases=("LastWriteTime",),
          help="The date to use (default: now)."),
        P("Format", "string", help=".NET format: 'yyyy-MM-dd', 'HH:mm:ss', 'o', 's', 'u', ..."),
        P("UFormat", "string", help="Unix format: '%Y-%m-%d', '%H:%M', '%s' (epoch seconds), ..."),
        P("Year", "int", help="Replaces the year."),
        P("Month", "int", help="Replaces the month."),
        P("Day", "int", help="Replaces the day."),
        P("Hour", "int", help="Replaces the hour."),
        P("Minute", "int", help="Replaces the minute."),
        P("Second", "int", help="Replaces the second."),
        P("Millisecond", "int", help="Replaces the milliseconds."),
        P("UnixTimeSeconds", "int", aliases=("UnixTime",), help="The date given as seconds since 1970-01-01 UTC."),
        S("AsUTC", help="Converts the date to UTC."),
    ],
    examples=[
        E("Get-Date", "Now."),
        E("Get-Date -Format 'yyyy-MM-dd HH:mm:ss'", "Now as text, e.g. 2024-05-01 14:03:59."),
        E("Get-Date -UFormat %s", "Seconds since the Unix epoch."),
        E("(Get-Date).AddDays(-1)", "This time yesterday."),
    ],
)
def get_date(inv: Invocation) -> Iterator[Any]:
    for _, args in inv.each():
        if "UnixTimeSeconds" in args:
            d = _dt.datetime.fromtimestamp(int(args.UnixTimeSeconds))
        else:
            d = args.Date if args.Date is not None else _dt.datetime.now()
        changes: dict[str, Any] = {k.lower(): int(args[k]) for k in ("Year", "Month", "Day", "Hour", "Minute", "Second")
                                   if k in args}
        if "Millisecond" in args:
            changes["microsecond"] = int(args.Millisecond) * 1000
        try:
            d = d.replace(**changes)
        except ValueError as exc:
            raise inv.fail(f"Get-Date: {exc}.", category="InvalidArgument") from None
        if to_bool(args.AsUTC):
            d = (d if d.tzinfo else d.astimezone()).astimezone(_dt.UTC)
        if args.Format is not None:
            from gshell.runtime.strformat import format_date
            yield format_date(d, to_str(args.Format))
        elif args.UFormat is not None:
            yield uformat(d, to_str(args.UFormat))
        else:
            yield d


# =========================================================================================
# Start-Sleep
# =========================================================================================


@command(
    "Start-Sleep",
    aliases=("sleep",),
    module=MODULE,
    synopsis="Waits for some seconds or milliseconds (Ctrl-C interrupts).",
    params=[
        P("Seconds", "float", 0, aliases=("s",), help="Seconds to wait (fractions allowed)."),
        P("Milliseconds", "int", aliases=("ms",), help="Milliseconds to wait."),
    ],
    examples=[E("Start-Sleep 2", "Waits two seconds."), E("Start-Sleep -Milliseconds 250", "A quarter second.")],
)
def start_sleep(inv: Invocation) -> Iterable[Any]:
    seconds = 0.0
    if "Seconds" in inv.args and inv.args.Seconds is not None:
        seconds += float(inv.args.Seconds)
    if "Milliseconds" in inv.args and inv.args.Milliseconds is not None:
        seconds += int(inv.args.Milliseconds) / 1000
    if seconds < 0:
        raise inv.fail("Start-Sleep: the duration cannot be negative.", category="InvalidArgument")
    deadline = time.monotonic() + seconds
    while True:   # short naps keep Ctrl-C (KeyboardInterrupt) prompt on every platform
        left = deadline - time.monotonic()
        if left <= 0:
            break
        time.sleep(min(left, 0.1))
    return ()


# =========================================================================================
# Modules
# =========================================================================================

#: module names that are built into gshell (PowerShAI's Gradio/HF cmdlets)
BUILTIN_MODULES = ("powershai",)


def _is_builtin_module(name: str) -> bool:
    base = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    for suffix in (".psd1", ".psm1"):
        if base.casefold().endswith(suffix):
            base = base[: -len(suffix)]
    return base.casefold() in BUILTIN_MODULES or base.casefold().startswith("gshell")


def _module_cmd(verb: str, note: str) -> Any:
    def run(inv: Invocation) -> Iterable[Any]:
        names = [to_str(n) for n in as_list(inv.args.Name)]
        for n in names:
            if _is_builtin_module(n):
                inv.warning(f"{n}: {note}")
            else:
                raise inv.fail(f"{verb}: the module '{n}' is not available in gshell (gshell runs only its own "
                               "commands; PowerShAI's Gradio and Hugging Face cmdlets are built in).",
                               category="ObjectNotFound")
        return ()
    return run


_MODULE_PARAMS = [
    P("Name", "string[]", 0, mandatory=True, help="Module name or path (powershai, ./powershai)."),
    S("Force", help="Accepted for compatibility."),
    S("Global", help="Accepted for compatibility."),
    S("PassThru", help="Accepted for compatibility."),
    P("Scope", "string", help="Accepted for compatibility."),
    P("RequiredVersion", "string", help="Accepted for compatibility."),
    S("AllowClobber", help="Accepted for compatibility."),
]

command(
    "Import-Module", aliases=("ipmo",), module=MODULE, params=_MODULE_PARAMS,
    synopsis="Accepted for `powershai` (its cmdlets are built into gshell); other modules are not available.",
    examples=[E("Import-Module powershai", "Does nothing: the PowerShAI commands are already there.")],
)(_module_cmd("Import-Module",
               "PowerShAI's Gradio and Hugging Face commands are built into gshell; nothing to import."))

command(
    "Install-Module", module=MODULE, params=_MODULE_PARAMS,
    synopsis="Accepted for `powershai` (built into gshell); gshell installs nothing.",
    examples=[E("Install-Module powershai -Scope CurrentUser", "Does nothing: PowerShAI's commands are built in.")],
)(_module_cmd("Install-Module", "PowerShAI's commands are built into gshell; nothing to install."))

command(
    "Update-Module", module=MODULE, params=_MODULE_PARAMS,
    synopsis="Accepted for `powershai` (built into gshell); gshell updates nothing.",
    examples=[E("Update-Module powershai", "Does nothing.")],
)(_module_cmd("Update-Module", "PowerShAI's commands are built into gshell; nothing to update."))

command(
    "Remove-Module", aliases=("rmo",), module=MODULE, params=_MODULE_PARAMS,
    synopsis="Accepted for `powershai` (built into gshell); does nothing.",
    examples=[E("Remove-Module powershai", "Does nothing.")],
)(_module_cmd("Remove-Module", "the built-in PowerShAI commands cannot be removed; nothing done."))


@command(
    "Get-Module",
    aliases=("gmo",),
    module=MODULE,
    synopsis="Lists gshell's command modules (gshell.Core, gshell.Gradio, ...).",
    params=[
        P("Name", "string[]", 0, help="Module names (wildcards allowed)."),
        S("ListAvailable", help="Same list (every gshell module is always loaded)."),
        S("All", help="Accepted for compatibility."),
    ],
    examples=[E("Get-Module", "The modules and their commands."),
              E("(Get-Module gshell.Gradio).ExportedCommands", "The Gradio commands.")],
)
def get_module(inv: Invocation) -> Iterator[Any]:
    import gshell
    names = [to_str(n) for n in as_list(inv.args.Name)]
    modules: dict[str, list[str]] = {}
    for cmd in registry_of(inv).commands():
        modules.setdefault(cmd.module, []).append(cmd.name)
    for mod in sorted(modules, key=str.casefold):
        if names and not any(wildcard_match(mod, n) or (_is_builtin_module(n) and mod.casefold() != "gshell.core"
                                                        and n.casefold() == "powershai") for n in names):
            continue
        yield Record([("ModuleType", "Binary"), ("Version", gshell.__version__), ("Name", mod),
                      ("ExportedCommands", sorted(modules[mod], key=str.casefold))], type_name="ModuleInfo")


# =========================================================================================
# Host interaction
# =========================================================================================


@command(
    "Clear-Host",
    aliases=("cls", "clear"),
    module=MODULE,
    synopsis="Clears the console screen.",
    params=[],
    examples=[E("cls", "Clears the screen.")],
)
def clear_host(inv: Invocation) -> Iterable[Any]:
    stream = inv.runtime.host.stdout
    if getattr(stream, "isatty", lambda: False)():
        from gshell.display import Styled
        inv.write_host(Styled("\x1b[2J\x1b[3J\x1b[H"), newline=False)
    return ()


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def read_line(inv: Invocation, prompt: str, secret: bool = False) -> str:
    """One line from the user (no echo when ``secret``); the host's reader when it has one."""
    reader = inv.runtime.read_line
    if reader is not None:
        return to_str(reader(prompt, secret))
    if not _interactive():
        raise inv.fail(f"{inv.command.name}: input is needed but gshell is not running interactively "
                       "(stdin is not a terminal).", category="InvalidOperation")
    try:
        if secret:
            import getpass
            return getpass.getpass(prompt)
        return input(prompt)
    except EOFError:
        raise inv.fail(f"{inv.command.name}: no input (end of file).", category="InvalidOperation") from None


@command(
    "Read-Host",
    module=MODULE,
    synopsis="Reads a line typed by the user (interactive only); -AsSecureString hides the input.",
    params=[
        P("Prompt", "object", 0, help="The prompt text (': ' is appended)."),
        S("AsSecureString", help="Does not echo the input (the value is masked in all output)."),
        S("MaskInput", help="Does not echo the input."),
    ],
    examples=[E("$name = Read-Host 'Your name'", "Asks for a name."),
              E("$token = Read-Host 'Token' -AsSecureString", "Asks without echo.")],
)
def read_host(inv: Invocation) -> Iterator[Any]:
    prompt = f"{to_str(inv.args.Prompt)}: " if inv.args.Prompt is not None else ""
    secret = to_bool(inv.args.AsSecureString) or to_bool(inv.args.MaskInput)
    value = read_line(inv, prompt, secret)
    if secret:
        from gshell import secrets
        secrets.register(value)
    yield value


@command(
    "Get-Credential",
    module=MODULE,
    synopsis="Asks for a user name and a password (without echo); returns a credential record.",
    description=("Prompts on the console (interactive only).  The result has UserName and Password; the "
                 "password is registered as a secret, so it is masked as *** in every output."),
    params=[
        P("UserName", "string", 0, aliases=("Credential",), help="The user name (prompted when absent)."),
        P("Message", "string", help="A message shown before the prompts."),
        P("Title", "string", help="A title shown before the message."),
    ],
    examples=[E("$cred = Get-Credential", "Asks for user and password."),
              E("Get-Credential -UserName hf -Message 'Hugging Face token as password'", "Asks only the password.")],
)
def get_credential(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    for text in (args.Title, args.Message):
        if text is not None:
            inv.write_host(to_str(text))
    user = to_str(args.UserName) if args.UserName is not None else read_line(inv, "User: ")
    password = read_line(inv, f"Password for user {user}: ", secret=True)
    from gshell import secrets
    secrets.register(password)
    yield Record([("UserName", user), ("Password", password)], type_name="PSCredential")


# =========================================================================================
# Refused PowerShell commands (docs/language.md, "Beyond the core")
# =========================================================================================

_REFUSED: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Invoke-Expression", ("iex",), "gshell does not run strings as code"),
    ("Add-Type", (), "gshell has no .NET types"),
    ("Start-Job", ("sajb",), "background jobs are not available"),
    ("Start-Process", ("saps", "start"), "gshell runs no external programs"),
    ("Invoke-WebRequest", ("iwr",), "use the Gradio cmdlets (Invoke-GradioSessionApi, Send-GradioApi)"),
    ("Invoke-RestMethod", ("irm",), "use the Gradio cmdlets (Invoke-GradioSessionApi, Send-GradioApi)"),
)


def _refuser(name: str, reason: str) -> Any:
    def run(inv: Invocation) -> Iterator[Any]:
        raise not_supported(name, reason)
        yield
    return run


for _name, _aliases, _reason in _REFUSED:
    command(
        _name, aliases=_aliases, module=MODULE, common=False,
        # one catch-all parameter: whatever is passed (-FilePath bash -ArgumentList ..., -Wait),
        # the answer is the refusal, never a binding error
        params=[P("RefusedArguments", "object[]", 0, remaining=True, help="Ignored: the command is refused.")],
        synopsis=f"Not supported in gshell: {_reason}.",
        description=f"{_name} is recognised so that pasted scripts fail with a clear message; it never runs anything.",
        examples=[E(f"{_name} ...", f"Fails with: {_name} is not supported in gshell: {_reason}.")],
    )(_refuser(_name, _reason))
