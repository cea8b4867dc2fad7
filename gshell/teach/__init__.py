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
from gshell.teach.bash import (PASSWORD_VAR, TOKEN_VAR, call_bash, cancel_bash, connect_bash, download_bash,
                               post_bash, upload_bash)
from gshell.teach.trace import VARIABLE as SHOW_HTTP_VARIABLE
from gshell.teach.trace import enabled as show_http_enabled
from gshell.teach.trace import format_record, set_enabled as set_show_http

__all__ = ["call_bash", "post_bash", "upload_bash", "download_bash", "cancel_bash", "connect_bash", "format_record",
           "show_http_enabled", "set_show_http", "SHOW_HTTP_VARIABLE", "TOKEN_VAR", "PASSWORD_VAR"]
