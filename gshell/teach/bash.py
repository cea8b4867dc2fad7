"""`-WhatIf` text: the runnable bash (curl + sed) that does what a gshell cmdlet would send.

Everything here reads only what a session has cached (``/config`` and ``/info``; fetched once if
the session has never read them) and sends nothing else.  Secrets never appear: a token is
``$HF_TOKEN`` and a password ``$GRADIO_PASSWORD`` (docs/security.md, "-WhatIf renders from
structured data"); the whole text also goes through ``gshell.secrets.mask``.

The call form (the two requests of a call, docs/protocol.md)::

    EVENT_ID=$(curl -s -H 'Content-Type: application/json' -d '<json>' <base>/call/<api> \
      | sed -E 's/.*"event_id": *"([^"]+)".*/\\1/'); curl -sN <base>/call/<api>/$EVENT_ID

(one line; ``read`` pipelines lose the variable in bash).  A local file becomes an upload first
(``FILE_1=$(curl -s -F files=@<path> <base>/upload | sed ...)``) whose server path is put into
the JSON; a Gradio login becomes a ``POST /login`` that stores the cookie in a jar.
"""
from __future__ import annotations

import json
import os
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gshell import secrets

if TYPE_CHECKING:
    from gshell.gradio.model import Endpoint
    from gshell.gradio.session import GradioSession

TOKEN_VAR = "HF_TOKEN"
PASSWORD_VAR = "GRADIO_PASSWORD"
USER_VAR = "GRADIO_USERNAME"
COOKIE_VAR = "GSHELL_COOKIES"
EVENT_ID_SED = r"""sed -E 's/.*"event_id": *"([^"]+)".*/\1/'"""
UPLOAD_SED = r"""sed -E 's/^\[ *"(([^"\\]|\\.)*)".*/\1/'"""
FILEDATA_META = {"_type": "gradio.FileData"}
# a marker the JSON encoder leaves alone and we later turn into a shell variable
_VAR_MARK = "\x00GSHELLVAR:"


def sq(text: str) -> str:
    """Single-quote ``text`` for bash (a `'` inside becomes `'\\''`)."""
    return "'" + text.replace("'", "'\\''") + "'"


def url_arg(url: str) -> str:
    """A URL as a shell word (quoted only when it needs it)."""
    return shlex.quote(url)


@dataclass
class Auth:
    """What a request carries besides its body: token headers and the login cookie jar."""

    token: bool = False        # send Authorization / x-hf-authorization with $HF_TOKEN
    cookies: bool = False      # send -b "$GSHELL_COOKIES" (after a login)

    def curl_args(self) -> list[str]:
        out: list[str] = []
        if self.token:
            out += ["-H", f'"Authorization: Bearer ${TOKEN_VAR}"', "-H", f'"x-hf-authorization: Bearer ${TOKEN_VAR}"']
        if self.cookies:
            out += ["-b", f'"${COOKIE_VAR}"']
        return out


@dataclass
class Script:
    """Lines of bash being built, with the notes (comments) that go first."""

    notes: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    n_files: int = 0

    def text(self) -> str:
        body = [f"# {n}" for n in self.notes] + self.lines
        return secrets.mask("\n".join(body))


# -------------------------------------------------------------------------------------------
# Session facts (cached: nothing is sent when the session has read /config and /info)
# -------------------------------------------------------------------------------------------

def api_base(session: GradioSession) -> str:
    _ = session.config  # fetched once if never read; cached afterwards
    return session.client.api_base


def _sends_token(session: GradioSession, url: str, call_token: str | None = None) -> bool:
    from gshell.gradio.tokens import auth_headers, resolve
    cred = resolve(call_token, session.token) if call_token else session.client.credential
    return bool(auth_headers(url, cred, session.client.origin))


def _logged_in(session: GradioSession) -> bool:
    try:
        return any(c.name.startswith("access-token") for c in session.client.http.cookies.jar)
    except Exception:  # noqa: BLE001
        return False


def _auth(session: GradioSession, url: str, call_token: str | None, script: Script,
          username: str | None) -> Auth:
    auth = Auth(token=_sends_token(session, url, call_token), cookies=False)
    if auth.token:
        script.notes.append(f"set {TOKEN_VAR} to your token first (export {TOKEN_VAR}=hf_...)")
    if username is not None or _logged_in(session):
        auth.cookies = True
        script.lines += login_lines(session.url, username, script)
    return auth


def login_lines(root: str, username: str | None, script: Script | None = None) -> list[str]:
    """``POST {root}/login`` (form-encoded), keeping the cookie in a temporary jar."""
    user_arg = f'"username=${USER_VAR}"' if username is None else sq(f"username={username}")
    if script is not None:
        need = PASSWORD_VAR if username is not None else f"{USER_VAR} and {PASSWORD_VAR}"
        script.notes.append(f"set {need} first (the app has a Gradio login)")
    return [f"{COOKIE_VAR}=$(mktemp)",
            f"curl -s -o /dev/null -c \"${COOKIE_VAR}\" --data-urlencode {user_arg} "
            f"--data-urlencode \"password=${PASSWORD_VAR}\" {url_arg(root + '/login')}"]


# -------------------------------------------------------------------------------------------
# Files: local paths are uploaded first, URLs are fetched then uploaded (as gshell does)
# -------------------------------------------------------------------------------------------

def _upload_line(var: str, source: str, base: str, auth: Auth, *, from_url: bool) -> str:
    up = ["curl", "-s", *auth.curl_args()]
    if from_url:
        name = os.path.basename(source.split("?", 1)[0].rstrip("/")) or "file"
        fetch = f"curl -sL {url_arg(source)}"
        up += ["-F", sq(f"files=@-;filename={name}"), url_arg(base + "/upload")]
        return f"{var}=$({fetch} | {' '.join(up)} | {UPLOAD_SED})"
    up += ["-F", sq(f"files=@{source}"), url_arg(base + "/upload")]
    return f"{var}=$({' '.join(up)} | {UPLOAD_SED})"


def _file_value(value: Any, base: str, auth: Auth, script: Script, cwd: str | None) -> Any:
    """A file parameter's value for the JSON: FileData kept, paths and URLs uploaded first."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [_file_value(v, base, auth, script, cwd) for v in value]
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, Mapping):
        keep = ("path", "url", "orig_name", "size", "mime_type", "is_stream")
        out = {k: value[k] for k in keep if k in value}
        out["meta"] = dict(FILEDATA_META)
        return out
    text = str(value)
    script.n_files += 1
    var = f"FILE_{script.n_files}"
    if text.startswith(("http://", "https://")):
        script.lines.append(_upload_line(var, text, base, auth, from_url=True))
        name = os.path.basename(text.split("?", 1)[0].rstrip("/")) or "file"
    else:
        path = os.path.expanduser(text)
        if cwd and not os.path.isabs(path):
            path = os.path.join(cwd, path)
        path = os.path.abspath(path)
        script.lines.append(_upload_line(var, path, base, auth, from_url=False))
        name = os.path.basename(path)
    return {"path": _VAR_MARK + var, "orig_name": name, "meta": dict(FILEDATA_META)}


def _file_positions(ep: Endpoint, data: Sequence[Any]) -> list[tuple[int, Any]]:
    """(position in data, parameter) of each file parameter (State placeholders skipped,
    exactly as GradioSession.build_data does)."""
    return [(pos, p) for p, pos in zip(ep.parameters, ep.input_positions(), strict=False) if p.is_file]


def json_arg(obj: Any) -> str:
    """The JSON body as one bash word: single-quoted, with each uploaded file's server path
    spliced in as "$FILE_n" (the JSON string is closed, the variable inserted, reopened)."""
    text = json.dumps(obj, ensure_ascii=False)
    quoted = sq(text)
    # "\u0000GSHELLVAR:FILE_1" (json-escaped marker) -> '"$FILE_1"' spliced into the quoting
    escaped_mark = json.dumps(_VAR_MARK)[1:-1]
    while escaped_mark in quoted:
        start = quoted.index(escaped_mark)
        end = start + len(escaped_mark)
        stop = end
        while stop < len(quoted) and (quoted[stop].isalnum() or quoted[stop] == "_"):
            stop += 1
        var = quoted[end:stop]
        quoted = quoted[:start] + "'\"$" + var + "\"'" + quoted[stop:]
    return quoted


# -------------------------------------------------------------------------------------------
# Public builders (one per kind of request a cmdlet sends)
# -------------------------------------------------------------------------------------------

def call_bash(session: GradioSession, api_name: str, params: Any = None, *, token: str | None = None,
              username: str | None = None, cwd: str | None = None) -> str:
    """What ``session.call(api_name, params)`` would send, as runnable bash: uploads of local
    files, then the POST /call and the GET of its event stream.  ``params`` is what the cmdlet
    got (a dict by parameter name, a list in order, or one value).  ``token`` is a per-call
    -Token, ``username`` the session's Gradio login user (a login is also added when the
    session holds a login cookie).  Raises the engine's errors (unknown endpoint, bad
    parameter names) exactly like the real call."""
    ep = session.endpoint(api_name)
    data = ep.build_data(params)
    session_hash = session.session_hash if ep.has_state and session.config.major >= 6 else None
    return _call_script(session, ep.name, data, session_hash=session_hash, token=token, username=username,
                        cwd=cwd, files=_file_positions(ep, data))


def post_bash(session: GradioSession, api_name: str, data: Any, *,
              session_hash: str | None = None, token: str | None = None, username: str | None = None) -> str:
    """What Send-GradioApi would send: ``data`` as given (a list; a dict is mapped by parameter
    name; no uploads) and the ``session_hash`` given, if any."""
    name = api_name if api_name.startswith("/") else "/" + api_name
    if isinstance(data, Mapping):  # a hashtable is mapped by parameter name, as Send-GradioApi does
        data = session.endpoint(name).build_data(data)
    elif data is not None and (isinstance(data, (str, bytes)) or not isinstance(data, Sequence)):
        data = [data]
    return _call_script(session, name, list(data or []), session_hash=session_hash, token=token,
                        username=username, cwd=None, files=[])


def _call_script(session: GradioSession, api_name: str, data: list[Any], *, session_hash: str | None,
                 token: str | None, username: str | None, cwd: str | None,
                 files: list[tuple[int, Any]]) -> str:
    base = api_base(session)
    api = api_name.lstrip("/")
    call_url = f"{base}/call/{api}"
    script = Script()
    auth = _auth(session, call_url, token, script, username)
    for pos, _param in files:
        data[pos] = _file_value(data[pos], base, auth, script, cwd)
    body: dict[str, Any] = {"data": data}
    if session_hash:
        body["session_hash"] = session_hash  # the server keeps gr.State per session (6.x)
    extra = " ".join(auth.curl_args())
    extra = f" {extra}" if extra else ""
    script.lines.append(
        f"EVENT_ID=$(curl -s -H 'Content-Type: application/json'{extra} -d {json_arg(body)} "
        f"{url_arg(call_url)} | {EVENT_ID_SED}); curl -sN{extra} {url_arg(call_url)}/$EVENT_ID")
    return script.text()


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
        args += ["-F", sq(f"files=@{os.path.abspath(path)}")]
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


__all__ = ["call_bash", "post_bash", "upload_bash", "download_bash", "cancel_bash", "connect_bash", "sq", "json_arg",
           "TOKEN_VAR", "PASSWORD_VAR"]
