"""The Hugging Face token kept for the process (Set-HuggingFaceToken) and the token file.

The token set with Set-HuggingFaceToken is stored in the process environment as ``HF_TOKEN``,
so that every part of gshell resolves it the same way (docs/security.md, "Credentials stay on their origin": call token,
session token, HF_TOKEN, token file); as an ambient token it is sent only to Hugging Face
origins.  ``-Save`` writes the huggingface_hub token file with mode 0600.
"""
from __future__ import annotations

import os
from pathlib import Path

from gshell import secrets, writeguard
from gshell.gradio.tokens import ambient_token, token_file

ENV_NAME = "HF_TOKEN"


def set_process_token(token: str) -> None:
    secrets.register(token)
    os.environ[ENV_NAME] = token


def process_token() -> str | None:
    """The token gshell uses when none is given: HF_TOKEN, HF_API_TOKEN (PowerShAI), else the token file."""
    return ambient_token()


def save_token(token: str) -> Path:
    """Write the huggingface_hub token file (``$HF_HOME/token``) readable by the owner only."""
    path = token_file()
    writeguard.check(path, "Set-HuggingFaceToken -Save: write")   # WriteRefused when not confirmed
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # an existing file keeps its old mode with O_CREAT
        os.write(fd, token.encode("utf-8"))
    finally:
        os.close(fd)
    return path
