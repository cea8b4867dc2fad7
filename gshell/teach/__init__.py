"""Teaching output: what gshell would send, as bash (`-WhatIf`), and the HTTP trace
(`-Verbose`, `$GShellShowHttp`, `Show-GradioHttp`).  See the about_Gradio_Http help topic.

Hook points for the Gradio cmdlets (gshell/commands/gradio*.py, proxy.py):
  * ``call_bash(session, api, params, token=, username=, cwd=)`` when -WhatIf is bound on a
    cmdlet that starts a call (Invoke-GradioSessionApi, Send-GradioApi, proxies): write the
    returned text to stdout (``inv.write_host``) and send nothing.  ``post_bash(session, api,
    data, session_hash=, token=)`` for Send-GradioApi (data sent as given).
  * ``upload_bash`` (Send-GradioSessionFiles / Send-GradioFile), ``download_bash``
    (Save-GradioFile), ``cancel_bash`` (Stop-GradioSessionApi), ``connect_bash``
    (New-GradioSession, Get-GradioInfo).
  * ``format_record(rec)`` renders a trace record (data cut to a readable length).
"""
from __future__ import annotations

from typing import Any

# Name -> (module, attribute).  Loaded on first use (PEP 562): the bash builders are only
# needed for -WhatIf, and importing them at start-up slowed every `gshell -c` run.
_EXPORTS: dict[str, tuple[str, str]] = {
    "call_bash": ("gshell.teach.bash", "call_bash"),
    "post_bash": ("gshell.teach.bash", "post_bash"),
    "upload_bash": ("gshell.teach.bash", "upload_bash"),
    "download_bash": ("gshell.teach.bash", "download_bash"),
    "cancel_bash": ("gshell.teach.bash", "cancel_bash"),
    "connect_bash": ("gshell.teach.bash", "connect_bash"),
    "TOKEN_VAR": ("gshell.teach.bash", "TOKEN_VAR"),
    "PASSWORD_VAR": ("gshell.teach.bash", "PASSWORD_VAR"),
    "format_record": ("gshell.teach.trace", "format_record"),
    "show_http_enabled": ("gshell.teach.trace", "enabled"),
    "set_show_http": ("gshell.teach.trace", "set_enabled"),
    "SHOW_HTTP_VARIABLE": ("gshell.teach.trace", "VARIABLE"),
}

__all__ = ["call_bash", "post_bash", "upload_bash", "download_bash", "cancel_bash", "connect_bash", "format_record",
           "show_http_enabled", "set_show_http", "SHOW_HTTP_VARIABLE", "TOKEN_VAR", "PASSWORD_VAR"]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(__import__(module, fromlist=[attr]), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
