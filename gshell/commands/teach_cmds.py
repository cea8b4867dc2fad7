"""Teaching cmdlets: Show-GradioHttp (the HTTP trace for every command).  The code they
share with the Gradio cmdlets (-WhatIf bash, trace formatting) lives in ``gshell.teach``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gshell.commands._common import E, S, to_bool
from gshell.runtime.registry import Invocation, command
from gshell.teach import SHOW_HTTP_VARIABLE, set_show_http


@command(
    "Show-GradioHttp",
    module="gshell.Gradio",
    synopsis="Shows the HTTP requests and server-sent events of every Gradio command (-Off stops).",
    description=(
        "Sets $GShellShowHttp.  While it is $true every Gradio command prints, on stderr, what -Verbose "
        "prints: a VERBOSE: line per request (method, URL, status, time in ms) and per server-sent event "
        "(its name and data, cut to a readable length).  Tokens and passwords are shown as ***.  "
        "-WhatIf, by contrast, prints the requests as runnable curl commands and sends nothing.  "
        "See about_Gradio_Http."),
    params=[S("Off", help="Stop showing the HTTP trace.")],
    examples=[
        E("Show-GradioHttp; Invoke-GradioSessionApi greet @{name='Ada'} | Update-GradioSessionApiResult",
          "Shows the POST /call, the GET of the event stream and each event."),
        E("Show-GradioHttp -Off", "Back to quiet output."),
        E("$GShellShowHttp = $true", "The same as Show-GradioHttp."),
    ],
)
def show_gradio_http(inv: Invocation) -> Iterator[Any]:
    on = not to_bool(inv.args.Off)
    set_show_http(inv.runtime, on)
    if inv.runtime.interactive:
        if on:
            inv.write_host(f"HTTP trace on (${SHOW_HTTP_VARIABLE} = $true): each request and event is shown "
                           "as a VERBOSE: line; Show-GradioHttp -Off stops it.")
        else:
            inv.write_host(f"HTTP trace off (${SHOW_HTTP_VARIABLE} = $false).")
    return iter(())
