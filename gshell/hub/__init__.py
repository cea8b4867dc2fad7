"""A small Hugging Face Hub API client (httpx): spaces, models, whoami, the process token.

Submodules are imported on first use so that `gshell -c` does not pay for httpx.
"""
from __future__ import annotations

import importlib
from typing import Any

_LAZY: dict[str, str] = {
    "HubClient": "client",
    "HubError": "client",
    "hub_endpoint": "client",
    "process_token": "token",
    "save_token": "token",
    "set_process_token": "token",
}

__all__ = ["HubClient", "HubError", "hub_endpoint", "process_token", "save_token", "set_process_token"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
