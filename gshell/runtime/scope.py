"""Variable scopes.

A ``Scope`` maps case-folded variable names to values and points at its parent.  Lookup
walks outwards (PowerShell's dynamic scoping); assignment writes to the current scope
(``$global:``/``$script:`` write to the root).  Functions get a child scope; script blocks
of ForEach-Object / Where-Object run in the caller's scope.  ``$env:NAME`` reads and writes
the real process environment (case-sensitive on Linux; assigning ``$null`` removes it).
"""

from __future__ import annotations

import os
import sys

from gshell.runtime.errors import PSError

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

_UNSET = object()

#: Variables that can't be assigned (PowerShell: "Cannot overwrite variable X because it is
#: read-only or constant.").
READ_ONLY = frozenset({"true", "false", "null", "islinux", "iswindows", "ismacos", "pshome", "host"})


class Scope:
    __slots__ = ("vars", "parent", "root", "display_names", "frame")

    def __init__(self, parent: Scope | None = None) -> None:
        self.vars: dict[str, Any] = {}
        #: a script function's scope: (its name, the position of the call); see function_frame
        self.frame: tuple[str, Any] | None = None
        self.parent = parent
        self.root: Scope = parent.root if parent is not None else self
        #: folded name -> the spelling first used, shared by the whole scope tree (variables
        #: are case-insensitive; Get-Variable and completion show `$MyVar`, not `$myvar`)
        self.display_names: dict[str, str] = parent.display_names if parent is not None else {}

    def child(self) -> Scope:
        return Scope(self)

    def call_stack(self, line: int) -> list[tuple[str, int]]:
        """The script functions running here, innermost first, as (name, line) with ``line``
        the current line in the innermost one; the script's own frame (``<ScriptBlock>``) last."""
        out: list[tuple[str, int]] = []
        s: Scope | None = self
        while s is not None:
            if s.frame is not None:
                name, pos = s.frame
                out.append((name, line))
                line = getattr(pos, "line", 0)
            s = s.parent
        out.append(("<ScriptBlock>", line))
        return out

    def function_frame(self) -> tuple[str, Any] | None:
        """The innermost script function running in this scope: its name and the position of
        the command that called it (None outside functions)."""
        s: Scope | None = self
        while s is not None:
            if s.frame is not None:
                return s.frame
            s = s.parent
        return None

    def lookup(self, key: str, default: Any = _UNSET) -> Any:
        """``key`` is already case-folded."""
        s: Scope | None = self
        while s is not None:
            v = s.vars.get(key, _UNSET)
            if v is not _UNSET:
                return v
            s = s.parent
        return default

    def has(self, key: str) -> bool:
        return self.lookup(key) is not _UNSET

    def get(self, name: str, default: Any = None) -> Any:
        v = self.lookup(name.casefold())
        return default if v is _UNSET else v

    def set(self, name: str, value: Any) -> None:
        key = name.casefold()
        if key in READ_ONLY:
            raise PSError(f"Cannot overwrite variable {name} because it is read-only or constant.",
                          category="WriteError", exception_type="SessionStateUnauthorizedAccessException",
                          error_id="VariableNotWritable")
        self.display_names.setdefault(key, name)
        self.vars[key] = value

    def spell(self, name: str) -> None:
        """Remember how a variable is spelled (the first spelling wins)."""
        self.display_names.setdefault(name.casefold(), name)

    def set_local(self, key: str, value: Any) -> None:
        self.vars[key] = value

    def remove(self, name: str) -> bool:
        key = name.casefold()
        s: Scope | None = self
        while s is not None:
            if key in s.vars:
                del s.vars[key]
                return True
            s = s.parent
        return False

    def find_owner(self, key: str) -> Scope | None:
        s: Scope | None = self
        while s is not None:
            if key in s.vars:
                return s
            s = s.parent
        return None

    def names(self) -> list[str]:
        """The visible variables, as first spelled."""
        seen: dict[str, None] = {}
        s: Scope | None = self
        while s is not None:
            for k in s.vars:
                seen.setdefault(k, None)
            s = s.parent
        return [self.display_names.get(k, k) for k in seen]


# ---------------------------------------------------------------------------------------
# Environment variables
# ---------------------------------------------------------------------------------------


def env_get(name: str) -> str | None:
    if sys.platform == "win32":
        for k, v in os.environ.items():
            if k.casefold() == name.casefold():
                return v
        return None
    return os.environ.get(name)


def env_set(name: str, value: Any) -> None:
    from gshell.runtime.conversions import to_str
    if value is None or value == "":
        os.environ.pop(name, None)
    else:
        os.environ[name] = to_str(value)
