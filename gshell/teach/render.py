"""Renderers of a call's request plan (gshell.gradio.plan.CallPlan): curl (bash), Python
(gradio_client) and JavaScript (@gradio/client).

They read structured data only.  A string value becomes a literal of the target language by
that language's own quoting (JSON in single quotes for bash, ``repr`` for Python, JSON for
JavaScript), so no value, however hostile (quotes, ``$()``, backticks, NUL, newlines), can end
the literal; the only shell variables in the curl form are the ones gshell chose: ``$HF_TOKEN``,
``$GRADIO_USERNAME``/``$GRADIO_PASSWORD``, ``$GSHELL_COOKIES``, ``$EVENT_ID`` and ``$FILE_<n>``
(the server path an upload answered).  Characters a terminal could act on (C1 controls, bidi
overrides, line separators) are written as ``\\u`` escapes inside the literals.
"""
from __future__ import annotations

import json
import re
import shlex
from typing import Any

from gshell.gradio.plan import QUEUE, CallPlan, ServerPath, Upload

TOKEN_VAR = "HF_TOKEN"
PASSWORD_VAR = "GRADIO_PASSWORD"
USER_VAR = "GRADIO_USERNAME"
COOKIE_VAR = "GSHELL_COOKIES"
EVENT_ID_SED = r"""sed -E 's/.*"event_id": *"([^"]+)".*/\1/'"""
UPLOAD_SED = r"""sed -E 's/^\[ *"(([^"\\]|\\.)*)".*/\1/'"""
LANGUAGES = ("curl", "python", "javascript")

# what JSON leaves raw but a terminal or an editor may act on
# (the tag characters, and a flood of combining marks the display would cut: gshell.display)
_RISKY = re.compile("[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
                    "\U000e0000-\U000e007f]"
                    "|[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{9,}")


def _json_escape(ch: str) -> str:
    """``ch`` as a JSON escape (a surrogate pair beyond the BMP)."""
    code = ord(ch)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _escape_risky(text: str) -> str:
    """JSON text with what a terminal would act on (or gshell's display would change) escaped:
    the text shown is the text pasted."""
    return _RISKY.sub(lambda m: "".join(_json_escape(ch) for ch in m.group()), text)


def sq(text: str) -> str:
    """Single-quote ``text`` for bash (a `'` inside becomes `'\\''`)."""
    return "'" + text.replace("'", "'\\''") + "'"


def url_arg(url: str) -> str:
    """A URL as a shell word (quoted only when it needs it)."""
    return shlex.quote(url)


# ------------------------------------------------------------------------------ JSON in bash
def json_pieces(obj: Any) -> list[str | ServerPath]:
    """``obj`` as JSON text, split around the ServerPath placeholders (each left as itself)."""
    out: list[str | ServerPath] = []
    buf: list[str] = []

    def emit(x: Any) -> None:
        if isinstance(x, ServerPath):
            buf.append('"')
            out.append("".join(buf))
            buf.clear()
            out.append(x)
            buf.append('"')
        elif isinstance(x, dict):
            buf.append("{")
            for i, (k, v) in enumerate(x.items()):
                if i:
                    buf.append(", ")
                buf.append(_escape_risky(json.dumps(str(k), ensure_ascii=False)) + ": ")
                emit(v)
            buf.append("}")
        elif isinstance(x, (list, tuple)):
            buf.append("[")
            for i, v in enumerate(x):
                if i:
                    buf.append(", ")
                emit(v)
            buf.append("]")
        else:
            buf.append(_escape_risky(json.dumps(x, ensure_ascii=False)))

    emit(obj)
    out.append("".join(buf))
    return out


def json_arg(obj: Any, uploads: list[Upload] | None = None) -> str:
    """The JSON of ``obj`` as one bash word: single-quoted text, with each ServerPath spliced
    in as "$FILE_n" (outside the single quotes, inside double quotes)."""
    words: list[str] = []
    for piece in json_pieces(obj):
        if isinstance(piece, ServerPath):
            var = uploads[piece.index].var if uploads else f"FILE_{piece.index + 1}"
            words.append(f'"${var}"')
        elif piece:
            words.append(sq(piece))
    return "".join(words) or "''"


def _curl_form_value(text: str) -> str:
    """A value for curl -F, double-quoted in curl's own syntax (`;` and `,` stay literal)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ------------------------------------------------------------------------------ curl
def auth_args(token: bool, cookies: bool) -> list[str]:
    out: list[str] = []
    if token:
        out += ["-H", f'"Authorization: Bearer ${TOKEN_VAR}"', "-H", f'"x-hf-authorization: Bearer ${TOKEN_VAR}"']
    if cookies:
        out += ["-b", f'"${COOKIE_VAR}"']
    return out


def login_lines(root: str, username: str | None) -> list[str]:
    """``POST {root}/login`` (form-encoded), keeping the cookie in a temporary jar."""
    user_arg = f'"username=${USER_VAR}"' if username is None else sq(_escape_risky(f"username={username}"))
    return [f"{COOKIE_VAR}=$(mktemp)",
            f"curl -s -o /dev/null -c \"${COOKIE_VAR}\" --data-urlencode {user_arg} "
            f"--data-urlencode \"password=${PASSWORD_VAR}\" {url_arg(root + '/login')}"]


def notes(plan: CallPlan, username: str | None) -> list[str]:
    out = []
    if plan.token:
        out.append(f"set {TOKEN_VAR} to your token first (export {TOKEN_VAR}=hf_...)")
    if username is not None or plan.cookies:
        need = PASSWORD_VAR if username is not None else f"{USER_VAR} and {PASSWORD_VAR}"
        out.append(f"set {need} first (the app has a Gradio login)")
    return out


def upload_line(up: Upload, base: str, auth: list[str]) -> str:
    curl = ["curl", "-s", *auth]
    if up.from_url:
        curl += ["-F", sq("files=@-;filename=" + _curl_form_value(up.name)), url_arg(base + "/upload")]
        return f"{up.var}=$(curl -sL {url_arg(up.source)} | {' '.join(curl)} | {UPLOAD_SED})"
    curl += ["-F", sq("files=@" + _curl_form_value(up.source)), url_arg(base + "/upload")]
    return f"{up.var}=$({' '.join(curl)} | {UPLOAD_SED})"


def curl(plan: CallPlan, *, username: str | None = None) -> str:
    """The bash (curl + sed) that sends ``plan``: the login if any, the uploads, the POST
    and the GET of its results; a comment line first for each variable to set."""
    lines = [f"# {n}" for n in notes(plan, username)]
    if username is not None or plan.cookies:
        lines += login_lines(plan.root, username)
    auth = auth_args(plan.token, username is not None or plan.cookies)
    lines += [upload_line(up, plan.base, auth) for up in plan.uploads]
    extra = "".join(" " + a for a in auth)
    body = json_arg(plan.body(), plan.uploads)
    if plan.protocol == QUEUE:
        lines.append(f"curl -s -o /dev/null -H 'Content-Type: application/json'{extra} -d {body} "
                     f"{url_arg(plan.post_url)} && curl -sN{extra} {url_arg(plan.stream_url(''))}")
    else:
        lines.append(f"EVENT_ID=$(curl -s -H 'Content-Type: application/json'{extra} -d {body} "
                     f"{url_arg(plan.post_url)} | {EVENT_ID_SED}); curl -sN{extra} {url_arg(plan.post_url)}/$EVENT_ID")
    return "\n".join(lines)


# ------------------------------------------------------------------------------ Python
def py_literal(v: Any) -> str:
    """A Python literal of a JSON-like value (an Upload becomes handle_file(...))."""
    if isinstance(v, Upload):
        return f"handle_file({py_literal(v.source)})"
    if isinstance(v, str):
        return _escape_risky(repr(v))
    if isinstance(v, bool) or v is None:
        return repr(v)
    if isinstance(v, (int, float)):
        return repr(v) if v == v and v not in (float("inf"), float("-inf")) else f"float({str(v)!r})"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{py_literal(str(k))}: {py_literal(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(py_literal(x) for x in v) + "]"
    return py_literal(str(v))


def _args(plan: CallPlan, literal: Any) -> list[tuple[str | None, str]]:
    keyword = all(n.isidentifier() for n in plan.names) and len(set(plan.names)) == len(plan.names)
    return [(n if keyword else None, literal(v)) for n, v in zip(plan.names, plan.values, strict=False)]


def python(plan: CallPlan, *, username: str | None = None) -> str:
    """The same call with gradio_client (``pip install gradio_client``)."""
    has_files = any(isinstance(v, Upload) for v in _flat(plan.values))
    lines = ["import os" if (plan.token or username is not None or plan.cookies) else "",
             "from gradio_client import Client" + (", handle_file" if has_files else "")]
    opts = []
    if plan.token:
        opts.append(f'token=os.environ["{TOKEN_VAR}"]')
    if username is not None or plan.cookies:
        user = py_literal(username) if username is not None else f'os.environ["{USER_VAR}"]'
        opts.append(f'auth=({user}, os.environ["{PASSWORD_VAR}"])')
    lines.append(f"client = Client({', '.join([py_literal(plan.root + '/')] + opts)})")
    args = [f"{k}={v}" if k else v for k, v in _args(plan, py_literal)]
    args.append(f"api_name={py_literal(plan.api_name)}")
    lines.append(f"result = client.predict({', '.join(args)})")
    lines.append("print(result)")
    return "\n".join(x for x in lines if x)


# ------------------------------------------------------------------------------ JavaScript
def js_literal(v: Any) -> str:
    if isinstance(v, Upload):
        # a File named like the file: @gradio/client's handle_file(path) uploads a local file
        # under the name "blob", so the app would not see its name (nor its extension)
        data = f"await (await fetch({js_literal(v.source)})).blob()" if v.from_url \
            else f"await readFile({js_literal(v.source)})"
        return f"new File([{data}], {js_literal(v.name)})"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{js_literal(str(k))}: {js_literal(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(js_literal(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=True)  # ASCII: no raw U+2028, no bidi in the source


def javascript(plan: CallPlan, *, username: str | None = None) -> str:
    """The same call with @gradio/client (``npm install @gradio/client``, an ES module for
    Node 20 or later); files are File objects read from disk (or fetched from their URL)."""
    uploads = [v for v in _flat(plan.values) if isinstance(v, Upload)]
    lines = ['import { readFile } from "node:fs/promises";'] if any(not u.from_url for u in uploads) else []
    lines.append('import { Client } from "@gradio/client";')
    opts = []
    if plan.token:
        opts.append(f"token: process.env.{TOKEN_VAR}")
    if username is not None or plan.cookies:
        user = js_literal(username) if username is not None else f"process.env.{USER_VAR}"
        opts.append(f"auth: [{user}, process.env.{PASSWORD_VAR}]")
    opt_text = f", {{ {', '.join(opts)} }}" if opts else ""
    lines.append(f"const client = await Client.connect({js_literal(plan.root + '/')}{opt_text});")
    pairs = _args(plan, js_literal)
    if pairs and all(k for k, _ in pairs):
        payload = "{ " + ", ".join(f"{js_literal(k)}: {v}" for k, v in pairs) + " }"
    else:
        payload = "[" + ", ".join(v for _, v in pairs) + "]"
    lines.append(f"const result = await client.predict({js_literal(plan.api_name)}, {payload});")
    lines.append("console.log(result.data);")
    return "\n".join(lines)


def _flat(values: Any) -> list[Any]:
    """The leaves of a value (inside lists and dicts: a Gallery item or a message holds files)."""
    if isinstance(values, (list, tuple)):
        return [y for x in values for y in _flat(x)]
    if isinstance(values, dict):
        return [y for x in values.values() for y in _flat(x)]
    return [values]


RENDERERS = {"curl": curl, "python": python, "javascript": javascript}


def render(plan: CallPlan, language: str = "curl", *, username: str | None = None) -> str:
    """``plan`` in ``language`` (curl, python or javascript; 'bash', 'py', 'js' accepted)."""
    lang = {"bash": "curl", "py": "python", "js": "javascript", "node": "javascript"}.get(
        language.casefold(), language.casefold())
    if lang not in RENDERERS:
        raise ValueError(f"unknown language '{language}': one of {', '.join(LANGUAGES)}")
    return RENDERERS[lang](plan, username=username)
