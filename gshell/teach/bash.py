"""`-WhatIf` text: the runnable bash (curl + sed) that does what a gshell cmdlet would send.

Everything here reads only what a session has cached (``/config`` and ``/info``; fetched once if
the session has never read them) and sends nothing else.  Secrets never appear: a token is
``$HF_TOKEN`` and a password ``$GRADIO_PASSWORD`` (docs/security.md, "-WhatIf renders from
structured data"); the whole text also goes through ``gshell.secrets.mask``.

A call is rendered from its request plan (``GradioSession.plan_call``, gshell/gradio/plan.py)
by ``gshell.teach.render`` (curl here; Python and JavaScript there too).  The 6.x call form
(the two requests of a call, docs/protocol.md)::

    EVENT_ID=$(curl -s -H 'Content-Type: application/json' -d '<json>' <base>/call/<api> \
      | sed -E 's/.*"event_id": *"([^"]+)".*/\\1/'); curl -sN <base>/call/<api>/$EVENT_ID

(one line; ``read`` pipelines lose the variable in bash); on 4.x/5.x the call goes through the
queue (``POST <base>/queue/join`` then ``GET <base>/queue/data?session_hash=...``).  A local file
becomes an upload first (``FILE_1=$(curl -s -F files=@"<path>" <base>/upload | sed ...)``) whose
server path is spliced into the JSON as ``"$FILE_1"``; a Gradio login becomes a ``POST /login``
that stores the cookie in a jar.
"""
from __future__ import annotations

import os
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gshell import secrets

from .render import (
    PASSWORD_VAR,
    TOKEN_VAR,
    _curl_form_value,
    auth_args,
    json_arg,
    render,
    sq,
    url_arg,
)
from .render import login_lines as _login_lines

if TYPE_CHECKING:
    from gshell.gradio.session import GradioSession


@dataclass
class Auth:
    """What a request carries besides its body: token headers and the login cookie jar."""

    token: bool = False        # send Authorization / x-hf-authorization with $HF_TOKEN
    cookies: bool = False      # send -b "$GSHELL_COOKIES" (after a login)

    def curl_args(self) -> list[str]:
        return auth_args(self.token, self.cookies)


@dataclass
class Script:
    """Lines of bash being built, with the notes (comments) that go first."""

    notes: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def text(self) -> str:
        body = [f"# {n}" for n in self.notes] + self.lines
        return secrets.mask("\n".join(body))


# -------------------------------------------------------------------------------------------
# Session facts (cached: nothing is sent when the session has read /config and /info)
# -------------------------------------------------------------------------------------------

def api_base(session: GradioSession) -> str:
    _ = session.config  # fetched once if never read; cached afterwards
    return session.client.api_base


def _auth(session: GradioSession, url: str, call_token: str | None, script: Script,
          username: str | None) -> Auth:
    from gshell.gradio.tokens import auth_headers
    cred = session._credential(call_token)
    auth = Auth(token=bool(auth_headers(url, cred, session.client.origin)), cookies=False)
    if auth.token:
        script.notes.append(f"set {TOKEN_VAR} to your token first (export {TOKEN_VAR}=hf_...)")
    if username is not None or session.logged_in:
        auth.cookies = True
        script.lines += login_lines(session.url, username, script)
    return auth


def login_lines(root: str, username: str | None, script: Script | None = None) -> list[str]:
    """``POST {root}/login`` (form-encoded), keeping the cookie in a temporary jar."""
    if script is not None:
        need = PASSWORD_VAR if username is not None else f"GRADIO_USERNAME and {PASSWORD_VAR}"
        script.notes.append(f"set {need} first (the app has a Gradio login)")
    return _login_lines(root, username)


# -------------------------------------------------------------------------------------------
# Calls: rendered from the request plan
# -------------------------------------------------------------------------------------------

def call_code(session: GradioSession, api_name: str, params: Any = None, *, token: str | None = None,
              username: str | None = None, cwd: str | None = None, language: str = "curl") -> str:
    """What ``session.call(api_name, params)`` would send, as runnable code in ``language``
    (curl: uploads of local files, the POST and the GET of its results; python: gradio_client;
    javascript: @gradio/client).  ``token`` is a per-call -Token, ``username`` the session's
    Gradio login user (a login is also added when the session holds a login cookie).  Raises
    the engine's errors (unknown endpoint, bad parameter names) exactly like the real call."""
    plan = session.plan_call(api_name, params, token=token, cwd=cwd)
    return secrets.mask(render(plan, language, username=username))


def post_code(session: GradioSession, api_name: str, data: Any, *, session_hash: str | None = None,
              token: str | None = None, username: str | None = None, language: str = "curl") -> str:
    """What Send-GradioApi would send (``data`` as given, no uploads), in ``language``."""
    plan = session.plan_send(api_name, data, session_hash=session_hash, token=token)
    return secrets.mask(render(plan, language, username=username))


def call_bash(session: GradioSession, api_name: str, params: Any = None, *, token: str | None = None,
              username: str | None = None, cwd: str | None = None) -> str:
    """``call_code`` in bash (curl)."""
    return call_code(session, api_name, params, token=token, username=username, cwd=cwd)


def post_bash(session: GradioSession, api_name: str, data: Any, *,
              session_hash: str | None = None, token: str | None = None, username: str | None = None) -> str:
    """``post_code`` in bash (curl)."""
    return post_code(session, api_name, data, session_hash=session_hash, token=token, username=username)


# -------------------------------------------------------------------------------------------
# The other requests (uploads, downloads, cancel, discovery)
# -------------------------------------------------------------------------------------------

def upload_bash(session: GradioSession, paths: Iterable[str | os.PathLike[str]], *,
                username: str | None = None, cwd: str | None = None) -> str:
    """What ``session.upload(paths)`` would send: one multipart POST with a `files` field per
    file (the answer is the JSON list of server paths)."""
    base = api_base(session)
    script = Script()
    auth = _auth(session, base + "/upload", None, script, username)
    args = ["curl", "-s", *auth.curl_args()]
    for p in paths:
        path = os.path.expanduser(os.fspath(p))
        if cwd and not os.path.isabs(path):
            path = os.path.join(cwd, path)
        args += ["-F", sq("files=@" + _curl_form_value(os.path.abspath(path)))]
    args.append(url_arg(base + "/upload"))
    script.lines.append(" ".join(args))
    return script.text()


def download_bash(session: GradioSession, url: str, target: str, *, username: str | None = None) -> str:
    """What Save-GradioFile would send: a GET of the file URL saved to ``target``."""
    script = Script()
    auth = _auth(session, url, None, script, username)
    args = ["curl", "-s", *auth.curl_args(), "-o", shlex.quote(target), url_arg(url)]
    script.lines.append(" ".join(args))
    return script.text()


def cancel_bash(session: GradioSession, api_name: str, event_id: str, session_hash: str | None = None,
                *, username: str | None = None) -> str:
    """What Stop-GradioSessionApi would send: POST /cancel with the endpoint's fn_index."""
    ep = session.endpoint(api_name)
    base = api_base(session)
    script = Script()
    auth = _auth(session, base + "/cancel", None, script, username)
    body = {"session_hash": session_hash or event_id, "fn_index": ep.fn_index, "event_id": event_id}
    extra = " ".join(auth.curl_args())
    extra = f" {extra}" if extra else ""
    script.lines.append(f"curl -s -H 'Content-Type: application/json'{extra} -d {json_arg(body)} "
                        f"{url_arg(base + '/cancel')}")
    return script.text()


def connect_bash(url: str, *, api_prefix: str | None = None, username: str | None = None,
                 token: bool = False) -> str:
    """What New-GradioSession / Get-GradioInfo would send: the login (if any), GET /config
    (which tells the API prefix: '' on 4.x, /gradio_api on 5.x/6.x) and GET {prefix}/info."""
    from gshell.gradio.client import normalize_root
    root = normalize_root(url)
    script = Script()
    auth = Auth(token=token)
    if token:
        script.notes.append(f"set {TOKEN_VAR} to your token first (export {TOKEN_VAR}=hf_...)")
    if username is not None:
        auth.cookies = True
        script.lines += login_lines(root, username, script)
    extra = " ".join(auth.curl_args())
    extra = f" {extra}" if extra else ""
    script.lines.append(f"curl -s{extra} {url_arg(root + '/config')}")
    if api_prefix is None:
        script.notes.append("/info is under the \"api_prefix\" of /config: /gradio_api on Gradio 5 and 6, "
                            "none on Gradio 4")
        api_prefix = "/gradio_api"
    script.lines.append(f"curl -s{extra} {url_arg(root + api_prefix + '/info?all_endpoints=True')}")
    return script.text()


__all__ = ["call_bash", "post_bash", "call_code", "post_code", "upload_bash", "download_bash", "cancel_bash",
           "connect_bash", "sq", "json_arg", "TOKEN_VAR", "PASSWORD_VAR"]
