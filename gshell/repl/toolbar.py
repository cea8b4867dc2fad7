"""The bottom toolbar: default session, its URL and Gradio version, calls being read and unread, keys."""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.formatted_text import StyleAndTextTuples

from gshell.display import visible_line
from gshell.repl.context import ShellContext

KEY_HINTS = "Tab complete · F1 help · Ctrl-R history · Ctrl-D exit"

Fragments = StyleAndTextTuples


def toolbar_fragments(ctx: ShellContext, vi: bool = False) -> Fragments:
    out: Fragments = []
    try:   # the toolbar must never break the prompt; one part failing leaves the others
        session = ctx.default_session()
    except Exception:
        session = None
    try:
        running, unread = ctx.running_calls(), ctx.unread_calls()
    except Exception:
        running, unread = 0, 0
    if session is None:
        out.append(("class:bottom-toolbar.dim", " no session "))
    else:
        out.append(("class:bottom-toolbar.session", f" [{visible_line(session.name)}] "))
        if session.url and session.url != session.name:
            out.append(("class:bottom-toolbar", visible_line(session.url) + " "))
        if session.version:   # from the server's /config
            out.append(("class:bottom-toolbar.dim", f"Gradio {visible_line(str(session.version), 40)} "))
    if running:
        out.append(("class:bottom-toolbar.busy", f" {_calls(running)} running "))
    if unread:   # started, never (or no longer) read: Update-GradioSessionApiResult reads them
        out.append(("class:bottom-toolbar", f" {_calls(unread)} unread "))
    out.append(("class:bottom-toolbar.dim", " · " + KEY_HINTS + (" · vi" if vi else "")))
    return out


def _calls(n: int) -> str:
    return f"{n} call{'s' if n != 1 else ''}"


def make_toolbar(ctx: ShellContext, vi: bool = False) -> Callable[[], Fragments]:
    return lambda: toolbar_fragments(ctx, vi)


def prompt_text(ctx: ShellContext) -> str:
    """`gshell [<default session>] > ` or `gshell > `."""
    try:
        session = ctx.default_session()
    except Exception:
        session = None
    return f"gshell [{visible_line(session.name)}] > " if session is not None and session.name else "gshell > "
