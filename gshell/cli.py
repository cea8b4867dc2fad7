"""Command-line entry point (the top layer: docs/architecture.md; the statuses are in the README).

    gshell                         interactive shell
    gshell FILE.ps1 [ARGS...]      run a script ($args = ARGS)
    gshell -c "COMMANDS" [ARGS...] run commands and exit
    echo "..." | gshell            commands from stdin when it is not a terminal
    gshell --check FILE...         parse only; FILE:LINE:COL: message per error; exit 2 if any error
    gshell --version | --help | --no-color | --debug | --connect URL | --vi | --allow-write PATH

Exit statuses: 0 success; 1 runtime error (uncaught terminating error, or any printed
non-terminating error); 2 parse error (the whole input is parsed first, nothing runs) or
undecodable input; 64 usage error or missing FILE; ``exit N`` → N.

Heavy modules (prompt_toolkit, httpx, the Gradio engine) are never imported here: the
-c / FILE path only loads the language, the runtime and the command declarations.
"""

from __future__ import annotations

import os
import sys

from gshell.runtime.host import OutputClosed
from gshell.structs import Struct, field

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

EX_OK, EX_RUNTIME, EX_PARSE, EX_USAGE = 0, 1, 2, 64

USAGE = """\
usage: gshell [options] [FILE [ARGS...]]
       gshell [options] -c COMMANDS [ARGS...]
       gshell --check FILE...

An interactive shell that speaks a PowerShell-like language to explore and call Gradio apps.

options:
  -c, --command COMMANDS  run COMMANDS and exit
  --check FILE...         parse only; print FILE:LINE:COL: message for each error (exit 2 if any,
                          64 if a FILE cannot be read)
  --connect URL           open a Gradio session (user/space or URL) and make it the default
  --demo                  start the bundled demo Gradio app on 127.0.0.1 as the default session
                          'demo' (stopped when gshell exits); needs gradio: pip install 'gshell[demo]',
                          or set GSHELL_DEMO_PYTHON to a Python that has gradio, numpy and pillow;
                          waits GSHELL_DEMO_START_TIMEOUT seconds (120) for the app to answer
  --vi                    vi editing keys at the prompt (also GSHELL_EDIT_MODE=vi)
  --no-color              no ANSI colour (NO_COLOR is honoured too)
  --allow-write PATH      let the script write PATH although it is a start-up or credential file
                          (~/.bashrc, ~/.ssh/...; see docs/security.md); repeatable
  --debug                 show Python tracebacks of internal errors
  --version               print the version and exit
  -h, --help              print this help and exit

Without FILE or -c, commands are read from stdin when it is not a terminal; otherwise the
interactive shell starts.  Exit status: 0 ok, 1 runtime error, 2 parse error, 64 usage error.
"""


class Options(Struct, slots=False):
    command: str | None = None
    file: str | None = None
    args: list[str] = field(default_factory=list)
    check: list[str] | None = None
    connect: str | None = None
    no_color: bool = False
    debug: bool = False
    version: bool = False
    help: bool = False
    demo: bool = False
    demo_app: Any = None  # --demo: the running demo app child (gshell.demo)
    vi: bool = False
    allow_write: list[str] = field(default_factory=list)


class UsageError(Exception):
    pass


def parse_args(argv: list[str]) -> Options:
    opts = Options()
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a in ("-c", "--command", "-Command", "-command"):
            if i >= len(argv):
                raise UsageError(f"option {a} needs an argument")
            opts.command = argv[i]
            opts.args = argv[i + 1:]
            return opts
        if a == "--check":
            opts.check = argv[i:]
            if not opts.check:
                raise UsageError("--check needs at least one FILE")
            return opts
        if a == "--connect" or a.startswith("--connect="):
            if "=" in a:
                opts.connect = a.split("=", 1)[1]
            else:
                if i >= len(argv):
                    raise UsageError("option --connect needs a URL")
                opts.connect = argv[i]
                i += 1
            continue
        if a == "--allow-write" or a.startswith("--allow-write="):
            if "=" in a:
                opts.allow_write.append(a.split("=", 1)[1])
            else:
                if i >= len(argv):
                    raise UsageError("option --allow-write needs a PATH")
                opts.allow_write.append(argv[i])
                i += 1
            continue
        if a == "--no-color":
            opts.no_color = True
        elif a == "--debug":
            opts.debug = True
        elif a == "--version":
            opts.version = True
        elif a in ("-h", "--help"):
            opts.help = True
        elif a == "--demo":
            opts.demo = True
        elif a == "--vi":
            opts.vi = True
        elif a == "--":
            if i < len(argv):
                opts.file = argv[i]
                opts.args = argv[i + 1:]
            return opts
        elif a.startswith("-") and a != "-":
            raise UsageError(f"unknown option {a}")
        else:
            opts.file = a
            opts.args = argv[i:]
            return opts
    return opts


# -------------------------------------------------------------------------------------------
# Input
# -------------------------------------------------------------------------------------------


class InputError(Exception):
    pass


def decode_source(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is dropped); invalid bytes → InputError with the offset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: invalid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})") from None


def read_file(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise FileNotFoundError(path) from None
    return decode_source(data, path)


# -------------------------------------------------------------------------------------------
# Running
# -------------------------------------------------------------------------------------------


def _host(opts: Options) -> Any:
    from gshell.runtime.host import Host
    host = Host()
    if opts.no_color:
        host.disable_color()
    return host


def _err(text: str) -> None:
    from gshell.runtime.host import mask
    sys.stderr.write(mask(text) + ("" if text.endswith("\n") else "\n"))
    sys.stderr.flush()


def _parse(source: str, name: str | None) -> Any:
    """Parse the whole input; returns the Script or prints the error and returns None."""
    from gshell.lang import parse
    from gshell.lang.errors import ParseError
    try:
        return parse(source, filename=name)
    except ParseError as e:
        if name and not e.filename:
            e.filename = name
        _err(e.render(source))
        return None
    except RecursionError:
        _err(f"{name or 'input'}: the input is nested too deeply to parse")
        return None


def run_source(source: str, name: str | None, opts: Options, script_name: str = "") -> int:
    script = _parse(source, name)
    if script is None:
        return EX_PARSE
    from gshell.commands import builtin_registry
    from gshell.runtime.interpreter import Interpreter
    interp = Interpreter(builtin_registry(), host=_host(opts), script_name=script_name, argv=list(opts.args),
                         debug=opts.debug)
    if opts.connect:
        from gshell.commands.gradio_sessions import connect_at_start
        problem = connect_at_start(interp, opts.connect)
        if problem:
            _err(problem)
            return EX_RUNTIME
    if opts.demo:  # --demo (gshell/demo): wait for the app, open the 'demo' session
        from gshell.demo import cli_attach
        problem = cli_attach(interp, opts)
        if problem:
            _err(problem)
            return EX_RUNTIME
    code = interp.run_script(script)
    if code is not None:
        return code
    return EX_RUNTIME if interp.failed else EX_OK


def run_check(files: list[str]) -> int:
    """Parse each FILE: every error as FILE:LINE:COL: message.  Exit 2 if any file has a syntax
    error, 64 if a file cannot be read (missing, a directory, not UTF-8 is a syntax error: 2)."""
    from gshell.lang.check import check
    status = EX_OK
    for path in files:
        try:
            source = read_file(path)
        except FileNotFoundError:
            _err(f"gshell: {path}: no such file")
            status = max(status, EX_USAGE)
            continue
        except InputError as e:
            print(e)
            status = max(status, EX_PARSE)
            continue
        except OSError as e:
            _err(f"gshell: {path}: {e.strerror}")
            status = max(status, EX_USAGE)
            continue
        errors = check(source, path)
        for err in errors:
            print(f"{err.location()}: {err.message}")
        if errors:
            status = max(status, EX_PARSE)
    return status


def run_interactive(opts: Options) -> int:
    """The interactive shell: the prompt_toolkit REPL when available, else a minimal loop."""
    from gshell import writeguard
    writeguard.configure(confirm=writeguard.terminal_confirm)   # the user answers on the terminal
    if opts.demo:  # --demo (gshell/demo): welcome, then the shell on the 'demo' session
        from gshell.demo import cli_interactive
        return cli_interactive(opts, _host, simple_repl)
    from gshell.repl.app import ReplOptions, interactive
    return interactive(ReplOptions(vi=opts.vi, debug=opts.debug, connect=opts.connect, no_color=opts.no_color))


def _stdin_ready() -> bool:
    """Whether more input is already waiting (pasted text), without blocking."""
    try:
        import select
        r, _, _ = select.select([sys.stdin], [], [], 0.05)
        return bool(r)
    except Exception:  # noqa: BLE001
        return False


def simple_repl(opts: Options, stdin: Any = None, interp: Any = None) -> int:
    """A minimal line-reading loop: continuation lines while the input is incomplete, and a
    one-line look-ahead for a pipeline continued by a leading `|`."""
    from gshell import __version__
    from gshell.commands import builtin_registry
    from gshell.lang import parse
    from gshell.lang.errors import ParseError
    from gshell.runtime.interpreter import Interpreter
    stream = stdin or sys.stdin
    if interp is None:
        interp = Interpreter(builtin_registry(), host=_host(opts), argv=[], debug=opts.debug, interactive=True)
    if opts.connect:
        from gshell.commands.gradio_sessions import connect_at_start
        problem = connect_at_start(interp, opts.connect)
        if problem:
            _err(problem)
    tty = stream.isatty() if hasattr(stream, "isatty") else False
    if tty:
        sys.stdout.write(f"gshell {__version__} — type Get-Help for help, exit to leave\n")
    pending: str | None = None
    last_code = EX_OK
    while True:
        lines: list[str] = []
        prompt = "PS> "
        while True:
            if pending is not None:
                line, pending = pending, None
            else:
                if tty:
                    sys.stdout.write(prompt)
                    sys.stdout.flush()
                line = stream.readline()
                if line == "":
                    if not lines:
                        return last_code
                    break
            lines.append(line.rstrip("\n"))
            text = "\n".join(lines)
            try:
                parse(text)
            except ParseError as e:
                if e.incomplete:
                    prompt = ">> "
                    continue
                break
            # complete: look one line ahead for a leading `|`
            if not tty or _stdin_ready():
                nxt = stream.readline()
                if nxt and nxt.lstrip().startswith("|"):
                    lines.append(nxt.rstrip("\n"))
                    continue
                pending = nxt if nxt else None
                if nxt == "":
                    pending = None
            break
        text = "\n".join(lines)
        if not text.strip():
            if pending is None and not lines:
                return last_code
            continue
        try:
            script = parse(text)
        except ParseError as e:
            _err(e.render(text))
            continue
        from gshell.runtime.session_log import command as history_entry
        try:
            with history_entry(interp, text):
                code = interp.run_script(script)
        except KeyboardInterrupt:
            _err("^C")
            continue
        if code is not None:
            return code
        last_code = EX_RUNTIME if interp.failed else EX_OK


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        opts = parse_args(args)
    except UsageError as e:
        _err(f"gshell: {e}\n{USAGE.splitlines()[0]}\nTry 'gshell --help' for more information.")
        return EX_USAGE
    if opts.help:
        sys.stdout.write(USAGE)
        return EX_OK
    if opts.version:
        from gshell import __version__
        sys.stdout.write(f"gshell {__version__}\n")
        return EX_OK
    if opts.debug:
        os.environ.setdefault("GSHELL_DEBUG", "1")
    if opts.allow_write or "gshell.writeguard" in sys.modules:  # its defaults otherwise: no import
        from gshell import writeguard
        writeguard.configure(allowed=opts.allow_write)   # start-up files: docs/security.md
    if opts.demo and opts.check is None:  # --demo (gshell/demo): start the app child first
        from gshell.demo import cli_start
        code = cli_start(opts)
        if code is not None:
            return code
    _remove_temps_on_termination()
    try:
        if opts.check is not None:
            return run_check(opts.check)
        if opts.command is not None:
            return run_source(opts.command, None, opts)
        if opts.file is not None:
            try:
                source = read_file(opts.file)
            except FileNotFoundError:
                _err(f"gshell: {opts.file}: no such file")
                return EX_USAGE
            except IsADirectoryError:
                _err(f"gshell: {opts.file}: is a directory")
                return EX_USAGE
            except InputError as e:
                _err(f"gshell: {e}")
                return EX_PARSE
            except OSError as e:
                _err(f"gshell: {opts.file}: {e.strerror}")
                return EX_USAGE
            return run_source(source, opts.file, opts, script_name=opts.file)
        if not sys.stdin.isatty():
            data = sys.stdin.buffer.read()
            try:
                source = decode_source(data, "<stdin>")
            except InputError as e:
                _err(f"gshell: {e}")
                return EX_PARSE
            return run_source(source, None, opts)
        return run_interactive(opts)
    except KeyboardInterrupt:
        _err("^C")
        return 130
    except (BrokenPipeError, OutputClosed):
        _stdout_closed()
        return EX_OK
    finally:
        _close_interpreters()


def _stdout_closed() -> None:
    """The reader of stdout went away (`gshell -c '1..1e6' | head -1`): end quietly.  What is
    still buffered would fail again when Python flushes at exit, so stdout now goes nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _remove_temps_on_termination() -> None:
    """SIGTERM and SIGHUP end the process as before (the handler already installed, e.g. --demo's,
    or the default action), after removing the temporary files of downloads in progress."""
    if TYPE_CHECKING:
        import signal
    else:
        import _signal as signal  # the C module: signal.py's enums cost start-up time

    def install(signum: int) -> None:
        previous = signal.getsignal(signum)

        def terminate(num: int, frame: Any) -> None:
            files = sys.modules.get("gshell.gradio.files")
            if files is not None:
                files.remove_all_temps()
            if callable(previous):
                previous(num, frame)
                return
            signal.signal(num, signal.SIG_DFL)
            os.kill(os.getpid(), num)

        try:
            signal.signal(signum, terminate)
        except (ValueError, OSError):  # not the main thread
            pass

    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) != signal.SIG_IGN:
            install(signum)


def _close_interpreters() -> None:
    """Every exit path: close the interpreters (Gradio sessions and the like), if any was made."""
    interpreter = sys.modules.get("gshell.runtime.interpreter")
    if interpreter is not None:
        try:
            interpreter.close_all()
        except KeyboardInterrupt:  # a second Ctrl-C while closing: exit without a traceback
            pass


if __name__ == "__main__":
    sys.exit(main())
