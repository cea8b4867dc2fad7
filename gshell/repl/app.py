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
import traceback
from collections.abc import Callable
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.history import History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.output import Output
from prompt_toolkit.patch_stdout import patch_stdout
from prompt_toolkit.shortcuts import CompleteStyle
from prompt_toolkit.styles import Style, merge_styles, style_from_pygments_dict

from gshell.repl.completer import GShellCompleter
from gshell.repl.context import RuntimeContext, ShellContext
from gshell.repl.help import command_under_cursor, declaration_help
from gshell.repl.highlight import STYLE, command_is_known, lexer_class
from gshell.repl.history import open_history
from gshell.repl.keys import lang_is_incomplete, make_key_bindings
from gshell.repl.toolbar import make_toolbar, prompt_text

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


def make_style() -> Style:
    return merge_styles([style_from_pygments_dict(STYLE), Style.from_dict(UI_STYLE)])


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
    return PromptSession(
        message=lambda: [("class:prompt", prompt_text(ctx))],
        multiline=True,
        prompt_continuation=lambda width, line_number, wrap_count: [("class:continuation", ">> ")],
        completer=GShellCompleter(ctx),
        complete_while_typing=complete_while_typing,
        complete_style=CompleteStyle.COLUMN,
        auto_suggest=AutoSuggestFromHistory(),
        history=history if history is not None else InMemoryHistory(),
        lexer=PygmentsLexer(lexer_class(command_is_known(lambda: ctx.registry))),
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

_RUN_METHODS = ("run_interactive", "run_source", "run_text", "execute", "run")


def runner_for(interpreter: Any) -> Runner | None:
    """The interpreter's "run this source" method (first found of ``_RUN_METHODS``)."""
    if interpreter is None:
        return None
    if callable(interpreter) and not hasattr(interpreter, "run"):
        return interpreter
    for name in _RUN_METHODS:
        fn = getattr(interpreter, name, None)
        if callable(fn):
            return fn
    return None


def _exit_code(exc: BaseException) -> int | None:
    """The status of an `exit` request (SystemExit or the runtime's own exit exception)."""
    if isinstance(exc, SystemExit):
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    if "exit" in type(exc).__name__.casefold():
        for attr in ("code", "status", "exit_code", "value"):
            value = getattr(exc, attr, None)
            if isinstance(value, int):
                return value
        return 0
    return None


def _mask(text: str) -> str:
    try:
        from gshell.secrets import mask

        return mask(text)
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

    def __init__(self, run: Runner | None, ctx: ShellContext, *, debug: bool = False,
                 err: Any = None) -> None:
        self.run = run
        self.ctx = ctx
        self.debug = debug
        self.err = err if err is not None else sys.stderr

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
            self.run(source)
        except KeyboardInterrupt:
            self.say("^C (interrupted)")
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
        print(declaration_help(cmd) if cmd is not None else f"No help: '{name}' is not a known command.")


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
) -> int:
    """Run the interactive shell until Ctrl-D or `exit`; returns the exit status.

    ``interpreter`` is the runtime's interpreter: its first method among
    ``run_interactive``/``run_source``/``run_text``/``execute``/``run`` is called with each
    accepted input (a whole pasted script included).  ``context`` defaults to a
    ``RuntimeContext`` over it.
    """
    ctx = context if context is not None else RuntimeContext(interpreter)
    loop = Loop(runner_for(interpreter), ctx, debug=debug)
    use_vi = edit_mode_is_vi(vi)
    history = open_history(history_path)
    session = build_session(ctx, vi=use_vi, history=history, input=input, output=output,
                            show_help=loop.show_help)
    if banner:
        print(banner)
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


def _make_interpreter() -> Any:
    """The runtime's interpreter when it is importable (else None)."""
    try:
        from gshell.runtime.interpreter import Interpreter  # type: ignore[import-not-found]
    except Exception:
        return None
    try:
        return Interpreter()
    except Exception:
        return None


def load_builtin_commands() -> None:
    """Import every ``gshell.commands`` module so BUILTINS is filled (when no interpreter
    did it).  A module that fails to import is skipped."""
    import importlib
    import pkgutil

    import gshell.commands as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("_") or module.name == "registry":
            continue
        try:
            importlib.import_module(f"gshell.commands.{module.name}")
        except Exception:
            continue


def main(argv: list[str] | None = None) -> int:
    """Standalone entry: ``--vi``, ``--debug``."""
    args = sys.argv[1:] if argv is None else argv
    interpreter = _make_interpreter()
    if interpreter is None:
        load_builtin_commands()
    return run_repl(interpreter, vi=True if "--vi" in args else None, debug="--debug" in args)


if __name__ == "__main__":
    raise SystemExit(main())
