"""Process-wide registry of secret values (tokens, passwords) and masking.

Every component that sees a secret registers it; every text that may reach a
user (errors, traces, -WhatIf text, JSON dumps) goes through :func:`mask`.
"""
from __future__ import annotations

import _thread

MASK = "***"
_MIN_LEN = 3  # never register tiny strings: masking "a" would wreck every text

_lock = _thread.allocate_lock()  # threading's Lock, without importing threading at start-up
_secrets: set[str] = set()


def register(secret: str | None) -> None:
    """Remember ``secret`` so that :func:`mask` hides it from now on."""
    if not secret or not isinstance(secret, str):
        return
    s = secret.strip()
    if len(s) < _MIN_LEN:
        # still mask exact short passwords when they appear alone
        s = secret
    with _lock:
        _secrets.add(s)


def unregister(secret: str) -> None:
    with _lock:
        _secrets.discard(secret)


def registered() -> frozenset[str]:
    with _lock:
        return frozenset(_secrets)


def mask(text: str) -> str:
    """Return ``text`` with every registered secret replaced by ``***``."""
    if not text or not isinstance(text, str):
        return text
    with _lock:
        items = sorted(_secrets, key=len, reverse=True)  # longest first
    for s in items:
        if len(s) < _MIN_LEN:
            if text == s:
                return MASK
            continue
        if s in text:
            text = text.replace(s, MASK)
    return text


def clear() -> None:
    """Forget every secret (for tests)."""
    with _lock:
        _secrets.clear()
