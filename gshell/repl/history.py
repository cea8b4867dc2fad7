"""Persistent history that never writes secrets, in a file only the user can read.

Lines matching ``GSHELL_HISTORY_IGNORE`` (a case-insensitive regex; default below, from
docs/security.md, "Secrets stay out of the history file") are kept in memory for this session (Up-arrow, Ctrl-R) but are
never written to the file.  The file is created with mode 0600 before prompt_toolkit
opens it, and tightened to 0600 if it already exists with a looser mode.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping

from prompt_toolkit.history import FileHistory

from gshell.lazy import LazyRegex
from gshell.repl.sensitive import SensitiveLines

#: docs/security.md, "Secrets stay out of the history file": -Token, -Password,
#: Set-HuggingFaceToken, hf_..., password, secret,
#: apikey.  Also its PowerShAI alias Set-HfToken and proxies' -ApiToken; dashes may be
#: typographic (pasted blog code).
DEFAULT_IGNORE = (r"[-\u2013\u2014\u2015](Api)?Token\b|[-\u2013\u2014\u2015]Password"
                  r"|Set-HuggingFaceToken|Set-HfToken|hf_[A-Za-z0-9]|password|secret|apikey")


def ignore_pattern(env: Mapping[str, str] | None = None) -> re.Pattern[str]:
    """The compiled history filter: GSHELL_HISTORY_IGNORE if set and valid, else the default."""
    env = os.environ if env is None else env
    text = env.get("GSHELL_HISTORY_IGNORE")
    if text:
        try:
            return re.compile(text, re.IGNORECASE)
        except re.error:
            pass
    return LazyRegex(DEFAULT_IGNORE, re.IGNORECASE)   # compiled when the first line is stored


def default_history_path(env: Mapping[str, str] | None = None) -> str:
    """GSHELL_HISTORY, else ``platformdirs.user_data_dir('gshell')/history``."""
    env = os.environ if env is None else env
    override = env.get("GSHELL_HISTORY")
    if override:
        return os.path.expanduser(override)
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir("gshell"), "history")


def ensure_private_file(path: str) -> None:
    """Create ``path`` (and its folder, 0700) with mode 0600, or tighten an existing file."""
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        os.makedirs(folder, mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        mode = stat.S_IMODE(os.fstat(fd).st_mode)
        if mode & 0o077:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


class FilteredFileHistory(FileHistory):
    """FileHistory that keeps sensitive lines in memory only: lines matching ``ignore``, and
    lines ``sensitive`` finds secrets in (``gshell.repl.sensitive``: an argument bound to a
    parameter declared sensitive, a hashtable key naming one, a token-like literal)."""

    def __init__(self, filename: str, ignore: re.Pattern[str] | None = None,
                 sensitive: SensitiveLines | None = None) -> None:
        ensure_private_file(filename)
        self.ignore = ignore if ignore is not None else ignore_pattern()
        self.sensitive = sensitive if sensitive is not None else SensitiveLines()
        super().__init__(filename)

    def is_sensitive(self, line: str) -> bool:
        if self.ignore.search(line):
            return True
        try:
            return self.sensitive.is_sensitive(line)
        except Exception:  # noqa: BLE001 - when in doubt, keep it out of the file
            return True

    def store_string(self, string: str) -> None:
        # History.append_string has already added the line to the in-memory list.
        if self.is_sensitive(string):
            return
        ensure_private_file(os.fsdecode(self.filename))
        super().store_string(string)


def open_history(path: str | None = None, sensitive: SensitiveLines | None = None) -> FileHistory | None:
    """The REPL's history, or None when the file cannot be created (then memory only)."""
    try:
        return FilteredFileHistory(path or default_history_path(), sensitive=sensitive)
    except OSError:
        return None
