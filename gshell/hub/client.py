"""HTTP to the Hugging Face Hub API (``{HF_ENDPOINT}/api/...``).

Tokens follow docs/security.md, "Credentials stay on their origin": an explicit ``token`` is
sent to the Hub origin only;
otherwise the ambient token (HF_TOKEN / the token file) goes only to Hugging Face origins
(the Hub base URL is one by definition: huggingface.co or HF_ENDPOINT).  Redirects are
followed here: one to another origin drops the credential headers.  Requests take the sessions'
transport (gradio/transport.py): the proxies the environment names, the stale-connection retry,
a proxy's password kept secret.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

import httpx

from gshell.gradio import jsondoc
from gshell.gradio.errors import masked_line
from gshell.gradio.tokens import Credential, auth_headers, origin_of, resolve
from gshell.gradio.transport import session_mounts, transport_reason

DEFAULT_ENDPOINT = "https://huggingface.co"
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
MAX_REDIRECTS = 10
REDIRECT_CODES = {301, 302, 303, 307, 308}
POOL = httpx.Limits(max_connections=4, max_keepalive_connections=4)


def hub_endpoint() -> str:
    """The Hub base URL: HF_ENDPOINT, else https://huggingface.co (no trailing slash)."""
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip().rstrip("/")


class HubError(Exception):
    """A Hub request failed; ``str()`` is one masked line of bounded length."""

    def __init__(self, message: str, *, status: int | None = None, url: str | None = None) -> None:
        self.message = masked_line(message)
        self.status = status
        self.url = url
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def _detail(resp: httpx.Response) -> str:
    try:
        body = jsondoc.loads(resp.content)
    except ValueError as exc:
        if isinstance(exc, jsondoc.JsonRefused):
            return str(exc)
        text = jsondoc.decode(resp.content).strip().splitlines()
        return text[0][:200] if text else ""
    if isinstance(body, dict):
        return str(body.get("error") or body.get("message") or body.get("detail") or "")[:200]
    return ""


def _query(params: Mapping[str, Any] | None) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in (params or {}).items():
        if value is None:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if isinstance(v, bool):
                v = "true" if v else "false"
            out.append((str(key), str(v)))
    return out


class HubClient:
    """One Hub conversation (a fresh httpx.Client per client object)."""

    def __init__(self, *, token: str | None = None, endpoint: str | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.base = (endpoint or hub_endpoint()).rstrip("/")
        self.origin = origin_of(self.base)
        self.credential: Credential = resolve(token) if token else resolve(None)
        self._transport = transport

    @property
    def has_token(self) -> bool:
        return bool(self.credential.token)

    def url_for(self, endpoint: str) -> str:
        endpoint = endpoint.strip()
        if endpoint.startswith(("http://", "https://")):
            return endpoint
        return f"{self.base}/api/{endpoint.lstrip('/')}"

    def request(self, method: str, url: str, *, params: Mapping[str, Any] | None = None,
                timeout: float | None = READ_TIMEOUT, credential: Credential | None = None) -> httpx.Response:
        cred = credential if credential is not None else self.credential
        query = _query(params)
        first_origin = origin_of(url)
        transport, mounts = (self._transport, None) if self._transport else session_mounts(True, POOL)
        with httpx.Client(timeout=httpx.Timeout(timeout, connect=min(CONNECT_TIMEOUT, timeout or CONNECT_TIMEOUT)),
                          follow_redirects=False, transport=transport, mounts=mounts,
                          headers={"User-Agent": "gshell"}) as http:
            for _ in range(MAX_REDIRECTS + 1):
                origin = first_origin if cred.explicit else self.origin
                headers = auth_headers(url, cred, origin)
                try:
                    resp = http.request(method, url, params=query or None, headers=headers)
                except httpx.TimeoutException:
                    raise HubError(f"{method} {url}: timed out", url=url) from None
                except httpx.HTTPError as exc:
                    reason = transport_reason(exc, host=origin_of(url)[1])
                    raise HubError(f"cannot connect to {url}: {reason}", url=url) from None
                if resp.status_code in REDIRECT_CODES and "location" in resp.headers:
                    url = urljoin(str(resp.url), resp.headers["location"])
                    query = []  # the Location carries its own query
                    if method == "POST" and resp.status_code == 303:
                        method = "GET"
                    continue
                return resp
        raise HubError(f"{method} {url}: too many redirects", url=url)

    def get_json(self, endpoint: str, params: Mapping[str, Any] | None = None) -> Any:
        url = self.url_for(endpoint)
        resp = self.request("GET", url, params=params)
        if resp.status_code >= 400:
            detail = _detail(resp)
            what = {401: "unauthorized (a valid token is needed: Set-HuggingFaceToken)",
                    403: "forbidden", 404: "not found"}.get(resp.status_code, f"HTTP {resp.status_code}")
            raise HubError(f"{url}: {what}" + (f": {detail}" if detail else ""), status=resp.status_code, url=url)
        try:
            return jsondoc.loads(resp.content)
        except ValueError as exc:
            raise HubError(f"{url}: {jsondoc.problem(exc, 'the Hub did not answer JSON')}",
                           status=resp.status_code, url=url) from None

    # -- typed helpers ----------------------------------------------------------------------
    def space(self, space_id: str, full: bool = True) -> Any:
        return self.get_json(f"spaces/{space_id.strip('/')}", {"full": True} if full else None)

    def spaces(self, **params: Any) -> Any:
        return self.get_json("spaces", params)

    def model(self, model_id: str, full: bool = True) -> Any:
        return self.get_json(f"models/{model_id.strip('/')}", {"full": True} if full else None)

    def models(self, **params: Any) -> Any:
        return self.get_json("models", params)

    def whoami(self) -> Any:
        return self.get_json("whoami-v2")

    def touch(self, url: str, timeout: float = 5.0) -> int | None:
        """HEAD ``url`` (waking a sleeping space, as PowerShAI does); the status, or None on timeout.
        An explicit token goes to that URL's origin; the ambient one only if it is a Hugging Face
        origin (``*.hf.space``, huggingface.co, HF_ENDPOINT)."""
        try:
            resp = self.request("HEAD", url, timeout=timeout)
        except HubError as exc:
            if "timed out" in str(exc):
                return None
            raise
        return resp.status_code

