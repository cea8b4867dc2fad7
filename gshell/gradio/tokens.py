"""Token resolution and the rules for where a token may be sent (docs/security.md,
"Credentials stay on their origin")."""
from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from gshell import environment, secrets

PUBLIC = "public"
Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin:
    """(scheme, host, port) with the default port filled in."""
    parts = urlsplit(url)
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, host, port


def origin_key(url: str) -> str:
    """``scheme://host:port`` (default port filled in): two URLs share an origin when equal."""
    scheme, host, port = origin_of(url)
    return f"{scheme}://{host}:{port}"


def token_file() -> Path:
    if os.environ.get("HF_TOKEN_PATH"):
        return Path(os.environ["HF_TOKEN_PATH"]).expanduser()
    home = os.environ.get("HF_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "huggingface")
    return Path(home).expanduser() / "token"


def ambient_token() -> str | None:
    """HF_TOKEN, else PowerShAI's HF_API_TOKEN, else the huggingface_hub token file; None when
    none is set."""
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


capture_hf_endpoint = environment.capture


def hf_origins() -> list[Origin]:
    """huggingface.co and the HF_ENDPOINT of the shell's start (not its current value)."""
    out = [("https", "huggingface.co", 443)]
    ep = environment.startup_hf_endpoint()
    if ep:
        out.append(origin_of(ep))
    return out


def is_space_host(url: str) -> bool:
    o = origin_of(url)
    return o[0] == "https" and o[1].endswith(".hf.space")


def is_hf_origin(url: str) -> bool:
    """A Hugging Face origin: huggingface.co, the start-up HF_ENDPOINT, or an https *.hf.space host
    (the ambient token goes to the last only for a trusted Space: :func:`auth_headers`)."""
    return is_space_host(url) or origin_of(url) in hf_origins()


def _host_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host literal names, in every spelling the system resolver accepts without
    asking DNS: dotted, shortened (``127.1``), decimal (``2130706433``), hex and octal parts."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if not host or not all(c.isalnum() or c == "." for c in host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def _is_internal_host(host: str) -> bool:
    host = host.strip("[]").lower().rstrip(".")
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    ip = _host_address(host)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified or ip.is_reserved


def fetch_allowed(url: str, session_origin: Origin) -> bool:
    """Whether a URL a server named may be fetched at all: loopback, private and link-local
    addresses only when the session itself is on one (a public app cannot make gshell read the
    user's internal network).  Only http(s)."""
    o = origin_of(url)
    if o[0] not in ("http", "https"):
        return False
    if not _is_internal_host(o[1]):
        return True
    return _is_internal_host(session_origin[1])


@dataclass(frozen=True)
class Credential:
    """A token plus where it came from.  ``explicit`` tokens go to the session origin only;
    ambient ones (HF_TOKEN / token file) only to Hugging Face origins."""

    token: str | None
    explicit: bool
    space_ok: bool = False   # the ambient token may go to this session's *.hf.space origin

    def __repr__(self) -> str:
        return (f"Credential(token={'***' if self.token else None}, explicit={self.explicit}, "
                f"space_ok={self.space_ok})")


def resolve(call_token: str | None = None, session_token: str | None = None, *,
            space_ok: bool = False) -> Credential:
    """Sources in order: per call, per session, HF_TOKEN, HF_API_TOKEN, token file.  "public"
    means none.  ``space_ok``: the ambient token may go to the session's *.hf.space origin."""
    for tok in (call_token, session_token):
        if tok:
            if tok == PUBLIC:
                return Credential(None, True)
            secrets.register(tok)
            return Credential(tok, True)
    return Credential(ambient_token(), False, space_ok)


TRUSTED_SPACES_VARIABLE = "GSHELL_TRUSTED_SPACES"


def _space_host(entry: str) -> str:
    """``owner/name`` -> ``owner-name.hf.space`` (Hugging Face's host naming); a host as given."""
    entry = entry.strip().lower()
    if "://" in entry:
        entry = urlsplit(entry).hostname or ""
    if "/" in entry:
        entry = entry.replace("/", "-").replace("_", "-").replace(".", "-") + ".hf.space"
    return entry


def space_trusted(url: str) -> bool:
    """Whether the user listed this Space in GSHELL_TRUSTED_SPACES (comma-separated ``owner/name``
    ids or ``*.hf.space`` host names): its origin then gets the ambient token (ZeroGPU quota)."""
    if not is_space_host(url):
        return False
    host = origin_of(url)[1]
    listed = os.environ.get(TRUSTED_SPACES_VARIABLE) or ""
    return any(_space_host(e) == host for e in listed.split(",") if e.strip())


def auth_headers(url: str, cred: Credential, session_origin: Origin) -> dict[str, str]:
    """Headers carrying ``cred`` for a request to ``url`` (empty when it must not be sent)."""
    if not cred.token:
        return {}
    if cred.explicit:
        allowed = origin_of(url) == session_origin
    elif is_space_host(url):
        # a public Space must not get the user's token: only a Space the Hub reports private,
        # or one the user trusted (GSHELL_TRUSTED_SPACES), and only its own origin
        allowed = cred.space_ok and origin_of(url) == session_origin
    else:
        allowed = origin_of(url) in hf_origins()
    if not allowed:
        return {}
    value = f"Bearer {cred.token}"
    return {"Authorization": value, "x-hf-authorization": value}
