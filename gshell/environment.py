"""Environment values gshell reads once, when the shell is created.

``HF_ENDPOINT`` decides which host is trusted with the ambient Hugging Face token.  It is read
when the shell is created (process start, or the construction of an interpreter); a later
change inside gshell (a pasted ``$env:HF_ENDPOINT = 'http://evil'``) still changes where Hub
requests go, but the new host is not trusted with the ambient token, and the shell warns.
"""
from __future__ import annotations

import os
import re

from gshell import secrets
from gshell.lazy import LazyRegex

_SNAPSHOT: dict[str, str | None] = {}

#: environment variables whose values are secrets: masked in every output from the start
SECRET_NAME = LazyRegex(r"TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|CREDENTIAL", re.IGNORECASE)
MIN_SECRET = 6   # shorter values ("1", "yes") are not masked everywhere


def is_secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name))


def register_secret_value(name: str, value: str | None) -> None:
    """Mask ``value`` from now on when ``name`` names a secret (HF_TOKEN, OPENAI_API_KEY, ...)."""
    if value and is_secret_name(name) and len(value.strip()) >= MIN_SECRET:
        secrets.register(value)


def capture() -> None:
    """Read the start-up values now (called when a shell is created): HF_ENDPOINT, and every
    secret in the environment registered for masking (``$env:HF_TOKEN`` shows ``***``)."""
    _SNAPSHOT["HF_ENDPOINT"] = (os.environ.get("HF_ENDPOINT") or "").strip() or None
    for name, value in os.environ.items():
        register_secret_value(name, value)


def change_warning(name: str) -> str | None:
    """The warning for setting the environment variable ``name`` inside gshell (None: none)."""
    if name.upper() == "HF_ENDPOINT" and hf_endpoint_changed():
        now = (os.environ.get("HF_ENDPOINT") or "").strip() or "https://huggingface.co"
        return (f"HF_ENDPOINT changed inside gshell: Hub requests now go to {now}, but the ambient Hugging "
                "Face token is not sent there (only to the HF_ENDPOINT gshell started with); give -Token to "
                "send one")
    return None


def startup_hf_endpoint() -> str | None:
    """HF_ENDPOINT as it was when the shell was created (read now if no shell was created)."""
    if "HF_ENDPOINT" not in _SNAPSHOT:
        capture()
    return _SNAPSHOT["HF_ENDPOINT"]


def hf_endpoint_changed() -> bool:
    """Whether HF_ENDPOINT differs from its start-up value."""
    now = (os.environ.get("HF_ENDPOINT") or "").strip() or None
    return now != startup_hf_endpoint()
