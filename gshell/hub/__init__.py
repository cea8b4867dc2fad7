"""A small Hugging Face Hub API client (httpx): spaces, models, whoami, the process token."""
from .client import HubClient, HubError, hub_endpoint
from .token import process_token, save_token, set_process_token

__all__ = ["HubClient", "HubError", "hub_endpoint", "process_token", "save_token", "set_process_token"]
