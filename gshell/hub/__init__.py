"""A small Hugging Face Hub API client (httpx): spaces, models, whoami, the process token.

Submodules are imported on first use so that `gshell -c` does not pay for httpx.
"""
from __future__ import annotations

from gshell.lazy import lazy_attributes

_LAZY: dict[str, str] = {
    "HubClient": "client",
    "HubError": "client",
    "hub_endpoint": "client",
    "process_token": "token",
    "save_token": "token",
    "set_process_token": "token",
}

__all__ = ["HubClient", "HubError", "hub_endpoint", "process_token", "save_token", "set_process_token"]


__getattr__ = lazy_attributes(__name__, _LAZY)
