"""``gshell --demo``: start the bundled demo app (``app.py``, run by a Python that has gradio)
and open it as the default session named ``demo``.

The CLI calls :func:`start` first thing (the child imports gradio, which takes seconds, while
gshell loads its runtime), then :func:`attach` once the interpreter exists.  Nothing in this
package imports gradio into gshell's own process.
"""
from __future__ import annotations

import sys
import time
from typing import IO, Any

from gshell.demo.launcher import (SAMPLE_IMAGE, SESSION_NAME, DemoApp, DemoError, install_cleanup, launch,
                                  stop_current)

ENDPOINTS = ("greet", "calculate", "typewriter", "image_filter", "chat")
IMAGE_VARIABLE = "DemoImage"

# Three lines; every command shown is run by tests/demo against the real app.
WELCOME = (
    "Demo app {url} (gradio {version}) is the default session '{name}': " + " ".join(ENDPOINTS) + "\n"
    "Try:  Invoke-GradioSessionApi greet @{{name='Ada'}} | Update-GradioSessionApiResult    "
    "New-GradioSessionApiProxyFunction\n"
    "      Invoke-GradioApiTypewriter 'one word at a time'    "
    "Invoke-GradioApiImageFilter $DemoImage sepia | Save-GradioFile    Get-Help about_Gradio_Http\n"
)
TRY_COMMANDS = (
    "Invoke-GradioSessionApi greet @{name='Ada'} | Update-GradioSessionApiResult",
    "New-GradioSessionApiProxyFunction",
    "Invoke-GradioApiTypewriter 'one word at a time'",
    "Invoke-GradioApiImageFilter $DemoImage sepia | Save-GradioFile",
    "Get-Help about_Gradio_Http",
)


def _note(stream: IO[str], text: str) -> None:
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def start(stderr: IO[str] | None = None) -> DemoApp:
    """Launch the app child (raises DemoError with a one-line message) and print the
    progress note.  The child is stopped whenever gshell ends."""
    err = stderr or sys.stderr
    app = launch()
    install_cleanup(app)
    _note(err, "gshell: starting the demo app (gradio, in a child process) on 127.0.0.1 ...")
    return app


def attach(interp: Any, app: DemoApp, stderr: IO[str] | None = None) -> Any:
    """Wait until the app answers, then open it in ``interp`` as the default session 'demo'
    and set ``$DemoImage`` (a sample PNG).  Returns the engine session; raises DemoError."""
    err = stderr or sys.stderr
    tty = bool(getattr(err, "isatty", lambda: False)())
    last = [0]

    def progress(elapsed: float) -> None:
        # one short note at 10 s, 20 s, ... (a terminal gets a dot a second in between)
        if int(elapsed) // 10 > last[0]:
            last[0] = int(elapsed) // 10
            _note(err, f"gshell: still starting the demo app ({elapsed:.0f} s) ...")
        elif tty:
            try:
                err.write(".")
                err.flush()
            except (OSError, ValueError):
                pass

    _preload()  # import the engine (httpx, ...) while the child imports gradio
    url = app.wait_ready(progress=progress)
    session = open_session(interp, url)
    _note(err, f"gshell: demo app ready at {url} (gradio {app.version}, {app.ready_after:.1f} s)")
    try:
        interp.set_variable(IMAGE_VARIABLE, str(SAMPLE_IMAGE))
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
    t0 = time.perf_counter()
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
    interp.data["demo.connect_ms"] = (time.perf_counter() - t0) * 1000
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


def _runner(interp: Any) -> Any:
    """Run one accepted input: a parse error is printed (nothing runs), `exit N` ends the
    shell (SystemExit, which the REPL loop turns into the exit status)."""
    from gshell.lang.errors import ParseError
    from gshell.runtime.host import mask

    def run(source: str) -> None:
        try:
            script = interp.parse(source)
        except ParseError as exc:
            sys.stderr.write(mask(exc.render(source)).rstrip("\n") + "\n")
            sys.stderr.flush()
            return
        code = interp.run_script(script)
        if code is not None:
            raise SystemExit(code)

    return run


def cli_interactive(opts: Any, make_host: Any, fallback: Any) -> int:
    """The interactive shell on an interpreter that has the demo session, after the welcome.
    ``fallback(opts, interp=...)`` is the CLI's minimal loop, used when the prompt_toolkit REPL
    cannot be imported."""
    from gshell.runtime.interpreter import Interpreter
    interp = Interpreter(host=make_host(opts), argv=[], debug=opts.debug, interactive=True)
    try:  # imported before waiting for the app: it loads while the child imports gradio
        from gshell.repl.app import run_repl
    except Exception:  # noqa: BLE001 - the REPL is optional
        run_repl = None
    problem = cli_attach(interp, opts)
    if problem:
        _note(sys.stderr, problem)
        return 1
    banner = welcome(opts.demo_app).rstrip("\n")
    if run_repl is not None:
        from gshell.repl.context import RuntimeContext
        return int(run_repl(_runner(interp), context=RuntimeContext(interp), vi=True if opts.vi else None,
                            debug=opts.debug, banner=banner) or 0)
    sys.stdout.write(banner + "\n")
    return int(fallback(opts, interp=interp) or 0)


__all__ = ["DemoApp", "DemoError", "start", "attach", "open_session", "welcome", "stop_current",
           "cli_start", "cli_attach", "cli_interactive",
           "SESSION_NAME", "SAMPLE_IMAGE"]
