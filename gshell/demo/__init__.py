"""``gshell --demo``: start the bundled demo app (``app.py``, run by a Python that has gradio)
and open it as the default session named ``demo``.

The CLI calls :func:`start` first thing (the child imports gradio, which takes seconds, while
gshell loads its runtime), then :func:`attach` once the interpreter exists.  Nothing in this
package imports gradio into gshell's own process.
"""
from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from typing import IO, Any

from gshell.demo.launcher import SAMPLE_IMAGE, SESSION_NAME, DemoApp, DemoError, install_cleanup, launch, stop_current

ENDPOINTS = ("greet", "calculate", "typewriter", "image_filter", "chat")
IMAGE_VARIABLE = "DemoImage"

OUTPUT_VARIABLE = "DemoDir"

TRY_COMMANDS = (
    "Invoke-GradioSessionApi greet @{name='Ada'} | Update-GradioSessionApiResult",
    "New-GradioSessionApiProxyFunction",
    "Invoke-GradioApiTypewriter 'one word at a time'",
    f"Invoke-GradioApiImageFilter ${IMAGE_VARIABLE} sepia | Save-GradioFile -Path ${OUTPUT_VARIABLE}",
    "Get-Help about_Gradio_Http",
)
# Every line fits 80 columns; every command shown is run by tests/demo against the real app.
WELCOME = (
    "Demo app {url} (gradio {version}) is the default session '{name}'\n"
    "Endpoints: " + " ".join(ENDPOINTS) + ".  Try:\n"
    + "".join("  " + cmd.replace("{", "{{").replace("}", "}}") + "\n" for cmd in TRY_COMMANDS)
)


def _note(stream: IO[str], text: str) -> None:
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


STARTING = "gshell: starting the demo app (gradio, in a child process) on 127.0.0.1 ..."


class _Progress:
    """The start-up note on stderr: on a terminal one line updated in place with the seconds
    elapsed; otherwise a line at the start and one every 10 s."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.open_line = False
        self.tens = 0

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            pass

    def begin(self) -> None:
        if self.tty:
            self._write(STARTING)
            self.open_line = True
        else:
            _note(self.stream, STARTING)

    def tick(self, elapsed: float) -> None:
        if self.tty:
            self._write(f"\r{STARTING} {elapsed:.0f} s")
            self.open_line = True
        elif int(elapsed) // 10 > self.tens:
            self.tens = int(elapsed) // 10
            _note(self.stream, f"gshell: still starting the demo app ({elapsed:.0f} s) ...")

    def end(self, text: str | None = None) -> None:
        """Close the in-place line (replaced by ``text`` when given)."""
        if self.open_line:
            self._write("\r\x1b[K" if text else "\n")
            self.open_line = False
        if text:
            _note(self.stream, text)


_progress: _Progress | None = None


def start(stderr: IO[str] | None = None) -> DemoApp:
    """Launch the app child (raises DemoError with a one-line message) and print the
    progress note.  The child is stopped whenever gshell ends."""
    global _progress
    app = launch()
    install_cleanup(app)
    _progress = _Progress(stderr or sys.stderr)
    _progress.begin()
    return app


def attach(interp: Any, app: DemoApp, stderr: IO[str] | None = None) -> Any:
    """Wait until the app answers, then open it in ``interp`` as the default session 'demo'
    and set ``$DemoImage`` (a sample PNG) and ``$DemoDir`` (a new temporary folder, where the
    welcome's example saves files).  Returns the engine session; raises DemoError."""
    progress = _progress or _Progress(stderr or sys.stderr)
    _preload()  # import the engine (httpx, ...) while the child imports gradio
    try:
        url = app.wait_ready(progress=progress.tick)
        session = open_session(interp, url)
    except BaseException:
        progress.end()
        raise
    progress.end(f"gshell: demo app ready at {url} (gradio {app.version}, {app.ready_after:.1f} s)")
    try:
        interp.set_variable(IMAGE_VARIABLE, str(SAMPLE_IMAGE))
        interp.set_variable(OUTPUT_VARIABLE, tempfile.mkdtemp(prefix="gshell-demo-"))
    except Exception:  # noqa: BLE001 - a convenience only
        pass
    return session


def _preload() -> None:
    try:
        import gshell.commands.gradio_views  # noqa: F401
        import gshell.gradio  # noqa: F401
    except Exception:  # noqa: BLE001 - open_session reports it
        pass


def open_session(interp: Any, url: str) -> Any:
    """Register ``url`` as the default session named 'demo' (the Gradio cmdlets' store)."""
    try:
        from gshell.commands.gradio_views import DEFAULT_MAX_CALLS, DEFAULT_POLICY, sessions_of
    except Exception as exc:  # noqa: BLE001
        raise DemoError(f"gshell: --demo: the Gradio cmdlets are not available ({exc})") from None
    mgr = sessions_of(interp)
    try:
        session = mgr.connect(url, name=SESSION_NAME, force=True, max_calls=DEFAULT_MAX_CALLS,
                              max_calls_policy=DEFAULT_POLICY)
    except Exception as exc:  # noqa: BLE001 - an engine error: one line
        raise DemoError(f"gshell: cannot open the demo app at {url}: {exc}") from None
    mgr.set_default(session)
    return session


def welcome(app: DemoApp) -> str:
    return WELCOME.format(url=app.url, version=app.version, name=SESSION_NAME)


# -------------------------------------------------------------------------------------------
# The hooks gshell/cli.py calls (opts is cli.Options; opts.demo_app holds the running app)
# -------------------------------------------------------------------------------------------

def cli_start(opts: Any) -> int | None:
    """``main()``: start the child before anything else.  Returns an exit status to stop with
    (1 and a one-line message when gradio is missing), or None to go on."""
    try:
        opts.demo_app = start()
    except DemoError as exc:
        _note(sys.stderr, str(exc))
        return 1
    return None


def cli_attach(interp: Any, opts: Any) -> str | None:
    """After the interpreter exists: wait for the app and open the 'demo' session.
    Returns a one-line error message, or None."""
    app = getattr(opts, "demo_app", None)
    if app is None:
        return None
    try:
        attach(interp, app)
    except DemoError as exc:
        stop_current()
        return str(exc)
    return None


def cli_interactive(opts: Any, make_host: Any, fallback: Any) -> int:
    """The interactive shell on an interpreter that has the demo session, after the welcome.
    ``fallback(opts, interp=...)`` is the CLI's minimal loop, used when the prompt_toolkit REPL
    cannot be imported.  With --connect too, that session opens first (the demo one is the
    default, as with -c)."""
    from gshell.commands import builtin_registry
    from gshell.runtime.interpreter import Interpreter
    interp = Interpreter(builtin_registry(), host=make_host(opts), argv=[], debug=opts.debug, interactive=True)
    run_repl: Callable[..., int] | None
    try:  # imported before waiting for the app: it loads while the child imports gradio
        from gshell.repl.app import run_repl
    except Exception:  # noqa: BLE001 - the REPL is optional
        run_repl = None
    if getattr(opts, "connect", None):
        from gshell.commands.gradio_sessions import connect_at_start
        problem = connect_at_start(interp, opts.connect)
        if problem:
            _note(sys.stderr, problem)
    problem = cli_attach(interp, opts)
    if problem:
        _note(sys.stderr, problem)
        return 1
    banner = welcome(opts.demo_app).rstrip("\n")
    if run_repl is not None:
        return int(run_repl(interp, vi=True if opts.vi else None, debug=opts.debug, banner=banner) or 0)
    sys.stdout.write(banner + "\n")
    opts.connect = None  # already opened above
    return int(fallback(opts, interp=interp) or 0)


__all__ = ["DemoApp", "DemoError", "start", "attach", "open_session", "welcome", "stop_current",
           "cli_start", "cli_attach", "cli_interactive",
           "SESSION_NAME", "SAMPLE_IMAGE"]
