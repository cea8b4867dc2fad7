"""File-path candidates for parameters that take files (no I/O beyond one directory listing)."""

from __future__ import annotations

import os

MAX_ENTRIES = 500
_NEEDS_QUOTES = set(" \t'\"`,;(){}|&#@$")


def quote_path(path: str) -> str:
    """``path`` bare when it needs no quotes, else a safe literal (``gshell.repl.literal``)."""
    from gshell.display import is_clean
    from gshell.repl.literal import SPECIAL, literal
    if any(ch in _NEEDS_QUOTES or ch in SPECIAL or not ch.isprintable() for ch in path) or not is_clean(path):
        return literal(path)
    return path


def path_candidates(partial: str, cwd: str) -> list[tuple[str, str, bool]]:
    """(text to insert, display name, is_dir) for entries of the directory ``partial`` points
    into whose names start with its last component.  ``partial`` is unquoted."""
    head, tail = os.path.split(partial)
    base = os.path.expanduser(head) if head else ""
    folder = base if os.path.isabs(base) else os.path.join(cwd, base)
    try:
        entries = list(os.scandir(folder or "."))
    except OSError:
        return []
    folded = tail.casefold()
    out: list[tuple[str, str, bool]] = []
    for entry in sorted(entries, key=lambda e: e.name.casefold())[:MAX_ENTRIES]:
        name = entry.name
        if not name.casefold().startswith(folded):
            continue
        if name.startswith(".") and not tail.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        text = os.path.join(head, name) if head else name
        if is_dir:
            text += "/"
        out.append((text, name + ("/" if is_dir else ""), is_dir))
    return out
