"""History: secrets stay in memory, the file is private."""
from __future__ import annotations

import os
import stat

import pytest

from gshell.repl.history import (
    DEFAULT_IGNORE,
    FilteredFileHistory,
    default_history_path,
    ensure_private_file,
    ignore_pattern,
)

SENSITIVE = [
    "Set-HuggingFaceToken hf_abcdef",
    "New-GradioSession http://x -Token abc",
    "Connect-Thing -password p",
    "$env:HF_TOKEN = 'hf_AbC123'",
    "Set-HfToken",
    "$secret = 1",
    "Get-X -ApiKey 1",
    "New-GradioSession http://x \u2013Token abc",   # typographic dash from a blog
]
HARMLESS = ["Get-GradioSession", "Invoke-GradioSessionApi echo @{ text = 'token' }", "$tokens = 3"]


@pytest.mark.parametrize("line", SENSITIVE)
def test_default_pattern_matches_secrets(line):
    assert ignore_pattern({}).search(line)


@pytest.mark.parametrize("line", HARMLESS)
def test_default_pattern_spares_ordinary_lines(line):
    assert not ignore_pattern({}).search(line)


def test_env_override_and_invalid_regex():
    assert ignore_pattern({"GSHELL_HISTORY_IGNORE": "^zzz"}).pattern == "^zzz"
    assert ignore_pattern({"GSHELL_HISTORY_IGNORE": "("}).pattern == DEFAULT_IGNORE


def test_history_path_env_and_default():
    assert default_history_path({"GSHELL_HISTORY": "/tmp/h"}) == "/tmp/h"
    assert default_history_path({}).endswith(os.path.join("gshell", "history"))


def test_file_created_0600_and_secrets_memory_only(tmp_path):
    path = tmp_path / "sub" / "history"
    h = FilteredFileHistory(str(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    h.append_string("Get-GradioSession")
    h.append_string("Set-HuggingFaceToken hf_secretvalue")
    h.append_string("Invoke-GradioSessionApi echo")
    data = path.read_text()
    assert "Get-GradioSession" in data and "Invoke-GradioSessionApi echo" in data
    assert "hf_secretvalue" not in data and "Set-HuggingFaceToken" not in data
    # ...but the session still remembers it (Up arrow / Ctrl-R)
    assert "Set-HuggingFaceToken hf_secretvalue" in h.get_strings()


def test_existing_loose_file_tightened(tmp_path):
    path = tmp_path / "history"
    path.write_text("\n# old\n+Get-X\n")
    os.chmod(path, 0o644)
    FilteredFileHistory(str(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    ensure_private_file(str(path))
    assert path.read_text().endswith("+Get-X\n")
