"""Teaching output: what gshell would send, as bash (`-WhatIf`), and the HTTP trace
(`-Verbose`, `$GShellShowHttp`, `Show-GradioHttp`).  See the about_Gradio_Http help topic.

Hook points for the Gradio cmdlets (gshell/commands/gradio*.py, proxy.py):
  * ``call_code(session, api, params, token=, username=, cwd=, language=)`` /
    ``post_code(...)``: a call rendered from its request plan (gshell/gradio/plan.py) in curl,
    python (gradio_client) or javascript (@gradio/client) by ``render.py``; ``call_bash`` and
    ``post_bash`` are their curl forms.
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

from gshell.lazy import lazy_attributes

# Name -> (module, attribute).  Loaded on first use (PEP 562): the bash builders are only
# needed for -WhatIf, and importing them at start-up slowed every `gshell -c` run.
_EXPORTS: dict[str, tuple[str, str]] = {
    "call_bash": ("bash", "call_bash"),
    "call_code": ("bash", "call_code"),
    "post_code": ("bash", "post_code"),
    "render": ("render", "render"),
    "post_bash": ("bash", "post_bash"),
    "upload_bash": ("bash", "upload_bash"),
    "download_bash": ("bash", "download_bash"),
    "cancel_bash": ("bash", "cancel_bash"),
    "connect_bash": ("bash", "connect_bash"),
    "TOKEN_VAR": ("bash", "TOKEN_VAR"),
    "PASSWORD_VAR": ("bash", "PASSWORD_VAR"),
    "format_record": ("trace", "format_record"),
    "show_http_enabled": ("trace", "enabled"),
    "set_show_http": ("trace", "set_enabled"),
    "SHOW_HTTP_VARIABLE": ("trace", "VARIABLE"),
}

__all__ = ["call_bash", "post_bash", "call_code", "post_code", "render", "upload_bash", "download_bash", "cancel_bash",
           "connect_bash", "format_record", "show_http_enabled", "set_show_http", "SHOW_HTTP_VARIABLE", "TOKEN_VAR",
           "PASSWORD_VAR"]


__getattr__ = lazy_attributes(__name__, _EXPORTS)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
