"""Token resolution and the rules for where a token may be sent (docs/security.md,
"Credentials stay on their origin")."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from gshell import secrets

PUBLIC = "public"
Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin:
    """(scheme, host, port) with the default port filled in."""
    parts = urlsplit(url)
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, host, port


def token_file() -> Path:
    if os.environ.get("HF_TOKEN_PATH"):
        return Path(os.environ["HF_TOKEN_PATH"]).expanduser()
    home = os.environ.get("HF_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "huggingface")
    return Path(home).expanduser() / "token"


def ambient_token() -> str | None:
    """HF_TOKEN, then PowerShAI's HF_API_TOKEN, else the huggingface_hub token file; None when none is set."""
    tok = (os.environ.get("HF_TOKEN") or os.environ.get("HF_API_TOKEN") or "").strip()
    if not tok:
        try:
            tok = token_file().read_text(encoding="utf-8").strip()
        except OSError:
            tok = ""
    if tok:
        secrets.register(tok)
        return tok
    return None


def hf_origins() -> list[Origin]:
    out = [("https", "huggingface.co", 443)]
    ep = os.environ.get("HF_ENDPOINT")
    if ep:
        out.append(origin_of(ep))
    return out


def is_hf_origin(url: str) -> bool:
    o = origin_of(url)
    if o[1].endswith(".hf.space") and o[0] == "https":
        return True
    return o in hf_origins()


@dataclass(frozen=True)
class Credential:
    """A token plus where it came from.  ``explicit`` tokens go to the session origin only;
    ambient ones (HF_TOKEN / token file) only to Hugging Face origins."""

    token: str | None
    explicit: bool

    def __repr__(self) -> str:
        return f"Credential(token={'***' if self.token else None}, explicit={self.explicit})"


def resolve(call_token: str | None = None, session_token: str | None = None) -> Credential:
    """Sources in order: per call, per session, HF_TOKEN, HF_API_TOKEN, token file.  "public" means none."""
    for tok in (call_token, session_token):
        if tok:
            if tok == PUBLIC:
                return Credential(None, True)
            secrets.register(tok)
            return Credential(tok, True)
    return Credential(ambient_token(), False)


def auth_headers(url: str, cred: Credential, session_origin: Origin) -> dict[str, str]:
    """Headers carrying ``cred`` for a request to ``url`` (empty when it must not be sent)."""
    if not cred.token:
        return {}
    if cred.explicit:
        allowed = origin_of(url) == session_origin
    else:
        allowed = is_hf_origin(url)
    if not allowed:
        return {}
    value = f"Bearer {cred.token}"
    return {"Authorization": value, "x-hf-authorization": value}
