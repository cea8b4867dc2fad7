"""The interactive loop: ``run_repl(interpreter)``.

The prompt appears before any network work (sessions open in the background elsewhere);
each accepted input (one line, several lines, or a whole pasted script) is handed to the
interpreter as one piece of source, which runs it statement by statement, streaming output.
Ctrl-C while a command runs raises KeyboardInterrupt in it (the runtime cancels the call);
the loop prints one line and prompts again.  No Python exception leaves the loop.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.patch_stdout import patch_stdout
from prompt_toolkit.shortcuts import CompleteStyle
from prompt_toolkit.styles import BaseStyle, Style, merge_styles

from gshell.repl.colors import PromptLexer, style_rules
from gshell.repl.completer import GShellCompleter
from gshell.repl.context import Deferred, RuntimeContext, ShellContext
from gshell.repl.help import command_under_cursor, declaration_help
from gshell.repl.history import open_history
from gshell.repl.keys import lang_is_incomplete, make_key_bindings
from gshell.repl.screen import show_hidden_characters
from gshell.repl.sensitive import SensitiveLines
from gshell.repl.toolbar import make_toolbar, prompt_text
from gshell.runtime.signals import ExitSignal
from gshell.structs import Struct

if TYPE_CHECKING:
    from gshell.runtime.registry import Runtime

UI_STYLE = {
    "bottom-toolbar": "noreverse bg:#262626 #bcbcbc",
    "bottom-toolbar.session": "bg:#262626 #5fafff bold",
    "bottom-toolbar.dim": "bg:#262626 #808080",
    "bottom-toolbar.busy": "bg:#262626 #ffaf00 bold",
    "completion-menu.completion": "bg:#303030 #d0d0d0",
    "completion-menu.completion.current": "bg:#5f87af #ffffff",
    "completion-menu.meta.completion": "bg:#262626 #949494",
    "completion-menu.meta.completion.current": "bg:#5f87af #eeeeee",
    "auto-suggestion": "#6c6c6c",
    "prompt": "#5fafff",
    "continuation": "#808080",
}

Runner = Callable[[str], Any]


def edit_mode_is_vi(vi: bool | None = None) -> bool:
    if vi is not None:
        return vi
    return os.environ.get("GSHELL_EDIT_MODE", "").casefold() == "vi"


def make_style() -> BaseStyle:
    return merge_styles([Style.from_dict(style_rules()), Style.from_dict(UI_STYLE)])


def _is_known_in(ctx: ShellContext) -> Callable[[str], bool]:
    """Whether a command name is known (everything counts as known while the interpreter
    is still loading, so nothing flashes red)."""
    def is_known(name: str) -> bool:
        if ctx.loading:
            return True
        return ctx.registry.lookup(name) is not None
    return is_known


def continuation_prompt(width: int, line_number: int, wrap_count: int) -> StyleAndTextTuples:
    """`>> ` before a real continuation line; nothing before a line the screen wrapped."""
    return [] if wrap_count > 0 else [("class:continuation", ">> ")]


def build_session(
    ctx: ShellContext,
    *,
    vi: bool = False,
    history: History | None = None,
    input: Input | None = None,
    output: Output | None = None,
    show_help: Callable[[str, int], None] | None = None,
    is_incomplete: Callable[[str], bool] = lang_is_incomplete,
    complete_while_typing: bool | None = None,
) -> PromptSession[str]:
    """The PromptSession gshell uses (key-level tests build it with pipe input)."""
    if complete_while_typing is None:
        complete_while_typing = os.environ.get("GSHELL_COMPLETE_WHILE_TYPING", "1") != "0"
    show_hidden_characters()   # bidi and invisible characters in the input line: gshell.repl.screen
    return PromptSession(
        message=lambda: [("class:prompt", prompt_text(ctx))],
        multiline=True,
        prompt_continuation=continuation_prompt,
        search_ignore_case=True,
        completer=GShellCompleter(ctx),
        complete_while_typing=complete_while_typing,
        complete_style=CompleteStyle.COLUMN,
        auto_suggest=AutoSuggestFromHistory(),
        history=history if history is not None else InMemoryHistory(),
        lexer=PromptLexer(_is_known_in(ctx)),
        style=make_style(),
        include_default_pygments_style=False,
        bottom_toolbar=make_toolbar(ctx, vi),
        vi_mode=vi,
        key_bindings=make_key_bindings(is_incomplete=is_incomplete, show_help=show_help),
        enable_open_in_editor=True,
        input=input,
        output=output,
    )


# ----------------------------------------------------------------------------- running input

def interpreter_runner(interp: Runtime, err: Callable[[str], None]) -> Runner:
    """Parse the whole input first (a parse error prints and nothing runs), then run it
    statement by statement (with the live display: gshell.repl.live); returns the status
    of an `exit`."""
    from gshell.lang.errors import ParseError
    from gshell.repl.live import run_live

    def run(source: str) -> int | None:
        try:
            script = interp.parse(source)
        except ParseError as exc:
            err(exc.render(source))
            return None
        except RecursionError:
            err("the input is nested too deeply to parse")
            return None
        from gshell.runtime.session_log import command as history_entry
        with history_entry(interp, source):   # Get-History, Start-Transcript
            return run_live(interp, script)

    return run


def runner_for(interpreter: Runtime | None, err: Callable[[str], None] | None = None) -> Runner | None:
    """How to run source with ``interpreter`` (None when there is none)."""
    if interpreter is None:
        return None
    return interpreter_runner(interpreter, err or _stderr_line)


def _exit_code(exc: BaseException) -> int | None:
    """The status of an `exit` request that reached the loop (the runtime's own `exit` ends
    ``run_script`` with its status; SystemExit may come from Python code)."""
    if isinstance(exc, ExitSignal):
        return exc.code
    if isinstance(exc, SystemExit):
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return None


def _variable(ctx: ShellContext, name: str) -> Any:
    """A variable's current value (for the history's ``@splat`` rule), case-insensitively."""
    variables = ctx.variables()
    if name in variables:
        return variables[name]
    folded = name.casefold()
    return next((v for k, v in variables.items() if str(k).casefold() == folded), None)


def _stderr_line(text: str) -> None:
    sys.stderr.write(_mask(text) + ("" if text.endswith("\n") else "\n"))
    sys.stderr.flush()


def _mask(text: str) -> str:
    """Secrets masked and terminal controls shown visibly (gshell.display)."""
    try:
        from gshell.display import for_terminal

        return for_terminal(text)
    except Exception:
        return text


def _install_sigint() -> Any:
    """Make Ctrl-C raise KeyboardInterrupt in the running command (main thread only)."""
    try:
        previous = signal.getsignal(signal.SIGINT)
        if previous is not signal.default_int_handler:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        return previous
    except ValueError:   # not the main thread
        return None


def _restore_sigint(previous: Any) -> None:
    if previous is None or previous is signal.default_int_handler:
        return
    try:
        signal.signal(signal.SIGINT, previous)
    except (TypeError, ValueError):
        pass


class Loop:
    """One interactive shell: reads inputs, runs them, survives every error."""

    def __init__(self, interpreter: Any, ctx: ShellContext, *, debug: bool = False,
                 err: Any = None) -> None:
        self.interpreter = interpreter      # an interpreter, a Deferred one, or None
        self._run: Runner | None = None
        self._resolved = False
        self.ctx = ctx
        self.debug = debug
        self.err = err if err is not None else sys.stderr

    @property
    def run(self) -> Runner | None:
        """The runner, once the interpreter is there (waits for a Deferred one)."""
        if not self._resolved:
            interp = self.interpreter
            if isinstance(interp, Deferred):
                try:
                    interp = interp.get()
                except Exception as exc:  # noqa: BLE001
                    self.report(exc)
                    interp = None
            self._run = runner_for(interp, self.say)
            self._resolved = True
        return self._run

    def say(self, text: str) -> None:
        try:
            self.err.write(_mask(text) + "\n")
            self.err.flush()
        except Exception:
            pass

    def execute(self, source: str) -> int | None:
        """Run one accepted input; returns an exit status when the input asked to exit."""
        if not source.strip():
            return None
        if self.run is None:
            if source.strip().casefold() == "exit":
                return 0
            self.say("gshell: no interpreter is available in this build; input ignored")
            return None
        previous = _install_sigint()
        try:
            status = self.run(source)
            if isinstance(status, int) and not isinstance(status, bool):
                return status
        except KeyboardInterrupt:
            self.say("^C: interrupted")
        except BaseException as exc:  # noqa: BLE001 - nothing may leave the loop but exit
            code = _exit_code(exc)
            if code is not None:
                return code
            self.report(exc)
        finally:
            _restore_sigint(previous)
        return None

    def report(self, exc: BaseException) -> None:
        if self.debug:
            import traceback
            self.say("".join(traceback.format_exception(exc)).rstrip())
        else:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            self.say(f"gshell: internal error: {type(exc).__name__}" + (f": {message}" if message else "")
                     + " (run with --debug for details)")

    def show_help(self, text: str, cursor: int) -> None:
        name = command_under_cursor(text, cursor)
        if not name:
            self.say("F1: put the cursor on a command to see its help")
            return
        registry = self.ctx.registry
        if self.run is not None and registry.lookup("Get-Help") is not None:
            self.execute(f"Get-Help {name}")
            return
        cmd = registry.lookup(name)
        print(_mask(declaration_help(cmd)) if cmd is not None else
              _mask(f"No help: '{name}' is not a known command."))


def run_repl(
    interpreter: Any = None,
    *,
    vi: bool | None = None,
    debug: bool = False,
    history_path: str | None = None,
    context: ShellContext | None = None,
    input: Input | None = None,
    output: Output | None = None,
    banner: str | None = None,
    background: Callable[[Any], str | None] | None = None,
    interpreter_factory: Callable[[], Any] | None = None,
) -> int:
    """Run the interactive shell until Ctrl-D or `exit`; returns the exit status.

    Each accepted input (a line, a continued block, a whole pasted script) is parsed whole
    and run by ``interpreter`` (``parse`` + ``run_script``; or its ``run_text``/``run``...).
    ``context`` defaults to a ``RuntimeContext`` over it.  With ``interpreter_factory``
    the interpreter is built in a thread while the prompt is already up (the first input
    waits for it).  ``background(interpreter)`` (e.g. opening the ``--connect`` session)
    runs in a thread once the interpreter exists; a message it returns is printed above
    the prompt.
    """
    if interpreter_factory is not None:
        interpreter = Deferred(interpreter_factory, start=False)
    ctx = context if context is not None else RuntimeContext(interpreter)
    loop = Loop(interpreter, ctx, debug=debug)
    use_vi = edit_mode_is_vi(vi)
    history = open_history(history_path, SensitiveLines(lambda: ctx.registry,
                                                        lambda name: _variable(ctx, name)))
    session = build_session(ctx, vi=use_vi, history=history, input=input, output=output,
                            show_help=loop.show_help)
    if isinstance(interpreter, Deferred):
        _start_after_first_draw(interpreter, session)
    if banner:
        print(banner)
    if background is not None:
        _start_background(background, session, loop)
    try:
        while True:
            try:
                with patch_stdout(raw=True):
                    text = session.prompt()
            except KeyboardInterrupt:
                continue
            except EOFError:
                return 0
            code = loop.execute(text)
            if code is not None:
                return code
    finally:
        # never leave while the interpreter's modules are half imported (the CLI's exit
        # handlers import them too)
        if isinstance(interpreter, Deferred):
            interpreter.wait(30)


def _start_after_first_draw(deferred: Deferred, session: PromptSession[str]) -> None:
    """Build the interpreter once the first prompt is on the screen: building it while the
    prompt is drawn only slows the drawing down (the first input waits for it anyway)."""
    def drawn(_app: object) -> None:
        deferred.start()   # once: later calls do nothing

    session.app.after_render += drawn


def _start_background(work: Callable[[Any], str | None], session: PromptSession[str], loop: Loop) -> None:
    import threading

    def target() -> None:
        try:
            interp = loop.interpreter
            message = work(interp.get() if isinstance(interp, Deferred) else interp)
        except Exception as exc:  # noqa: BLE001
            message = f"gshell: {type(exc).__name__}: {exc}"
        if message:
            loop.say(message)
        app = session.app
        if app.is_running:
            app.invalidate()   # the prompt shows the new default session

    threading.Thread(target=target, name="gshell-background", daemon=True).start()


# ----------------------------------------------------------------------------- CLI entry

class ReplOptions(Struct):
    """What the interactive shell takes from the command line (``gshell.cli.Options`` has
    these fields too)."""

    vi: bool = False
    debug: bool = False
    connect: str | None = None
    no_color: bool = False


def _new_interpreter(opts: ReplOptions, stdout: Any, stderr: Any) -> Any:
    """The interpreter, writing to the real streams: it is built in a thread while the
    prompt runs under ``patch_stdout``, whose proxy must not become its output."""
    from gshell.commands import builtin_registry
    from gshell.runtime.host import Host
    from gshell.runtime.interpreter import Interpreter

    host = Host(stdout=stdout, stderr=stderr)
    if opts.no_color:
        host.disable_color()
    return Interpreter(builtin_registry(), host=host, argv=[], debug=opts.debug, interactive=True)


def interactive(opts: ReplOptions, interp: Any = None) -> int:
    """The CLI's interactive shell with the command line's options."""
    from gshell import __version__

    out, err = sys.stdout, sys.stderr   # the real streams, before any patch_stdout
    connect = opts.connect
    background = None
    if connect:
        def background(interpreter: Any) -> str | None:
            from gshell.commands.gradio_sessions import connect_at_start

            return connect_at_start(interpreter, connect)
    return run_repl(
        interp,
        interpreter_factory=(lambda: _new_interpreter(opts, out, err)) if interp is None else None,
        vi=True if opts.vi else None,
        debug=opts.debug,
        banner=f"gshell {__version__} — Get-Help for help, Tab to complete, exit or Ctrl-D to leave",
        background=background,
    )


def main(argv: list[str] | None = None) -> int:
    """Standalone entry point (``python -m gshell.repl.app [--vi] [--debug] [--no-color]``);
    the CLI calls ``interactive`` with its options."""
    args = list(sys.argv[1:] if argv is None else argv)
    return interactive(ReplOptions(vi="--vi" in args, debug="--debug" in args, no_color="--no-color" in args))


if __name__ == "__main__":
    raise SystemExit(main())
