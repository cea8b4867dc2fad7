"""Environment values gshell reads once, when the shell is created.

``HF_ENDPOINT`` decides which host is trusted with the ambient Hugging Face token.  It is read
when the shell is created (process start, or the construction of an interpreter); a later
change inside gshell (a pasted ``$env:HF_ENDPOINT = 'http://evil'``) still changes where Hub
requests go, but the new host is not trusted with the ambient token, and the shell warns.
"""
from __future__ import annotations

import os

_SNAPSHOT: dict[str, str | None] = {}


def capture() -> None:
    """Read the start-up values now (called when a shell is created)."""
    _SNAPSHOT["HF_ENDPOINT"] = (os.environ.get("HF_ENDPOINT") or "").strip() or None


def startup_hf_endpoint() -> str | None:
    """HF_ENDPOINT as it was when the shell was created (read now if no shell was created)."""
    if "HF_ENDPOINT" not in _SNAPSHOT:
        capture()
    return _SNAPSHOT["HF_ENDPOINT"]


def hf_endpoint_changed() -> bool:
    """Whether HF_ENDPOINT differs from its start-up value."""
    now = (os.environ.get("HF_ENDPOINT") or "").strip() or None
    return now != startup_hf_endpoint()
