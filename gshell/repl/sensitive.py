"""Which input lines carry a secret (kept out of the history file; see ``history.py``).

A line is sensitive when, anywhere in it (nested blocks included):

- an argument binds to a parameter declared ``sensitive`` (tokens, passwords, credentials):
  by its full name, an unambiguous or ambiguous prefix (``-Tok``, ``-Pass``), an alias, a
  position (``Set-HfToken hf_...``) or splatting ``@p`` of a variable holding such a key;
- a hashtable literal has a key naming such a parameter, prefixes counted (``@{Tok='...'}``,
  later splatted);
- a literal looks like a token (``hf_`` followed by 20+ characters, ``sk-...``, ``ghp_...``, a
  JWT, ``Bearer ...``).

The line is parsed with gshell's own parser; a line that does not parse is checked word by
word (every ``-Word`` and ``Word =`` against the sensitive names), so a typo cannot let a
secret through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from gshell.lazy import LazyRegex

if TYPE_CHECKING:
    from gshell.runtime.registry import Registry

TOKEN_LIKE = LazyRegex(
    r"\bhf_[A-Za-z0-9]{20,}|\bsk-[A-Za-z0-9_-]{20,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bxox[abpr]-[A-Za-z0-9-]{10,}"
    r"|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.|\bBearer\s+[A-Za-z0-9._~+/-]{16,}|\bAKIA[0-9A-Z]{16}\b")
#: names treated as sensitive even for unknown commands (script functions, typos)
GENERIC_NAMES = ("token", "apitoken", "password", "credential", "secret", "apikey", "accesstoken")
MIN_PREFIX = 3   # `-To` is too short to mean anything (and would flag -Top / -To ...)


def _walk(node: Any) -> Iterator[Any]:
    from gshell.lang import ast
    from gshell.structs import fields
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Node):
            yield n
            for f in fields(n):
                stack.append(getattr(n, f.name, None))
        elif isinstance(n, (list, tuple)):
            stack.extend(n)


class SensitiveLines:
    """``is_sensitive(line)``; ``registry`` returns the command registry (declarations; None
    while it loads), ``variable`` looks up a variable's current value (for ``@splat``)."""

    def __init__(self, registry: Callable[[], Registry | None] | None = None,
                 variable: Callable[[str], Any] | None = None) -> None:
        self._registry = registry
        self.variable = variable

    @property
    def registry(self) -> Registry | None:
        return self._registry() if self._registry is not None else None

    # -- names -------------------------------------------------------------------------
    def _sensitive_names(self, command: Any = None) -> set[str]:
        names = set(GENERIC_NAMES)
        cmds = [command] if command is not None else self._all_commands()
        for cmd in cmds:
            for p in cmd.params:
                if p.sensitive:
                    names.add(p.name.casefold())
                    names.update(a.casefold() for a in p.aliases)
        return names

    def _all_commands(self) -> list[Any]:
        reg = self.registry
        return list(reg.commands()) if reg is not None else []

    def _names_sensitive(self, word: str, command: Any = None) -> bool:
        """``word`` (a parameter as written, or a hashtable key) names a sensitive parameter:
        equal to one, or a prefix of one (at least MIN_PREFIX letters), or an alias."""
        w = word.casefold().lstrip("-").rstrip(":")
        if not w:
            return False
        for name in self._sensitive_names(command):
            if w == name or (len(w) >= MIN_PREFIX and name.startswith(w)):
                return True
        return False

    # -- the rule ------------------------------------------------------------------------
    def is_sensitive(self, line: str) -> bool:
        if TOKEN_LIKE.search(line):
            return True
        try:
            from gshell.lang import parse
            script = parse(line)
        except Exception:  # noqa: BLE001 - unparsable: word by word
            return self._words_sensitive(line)
        return any(self._node_sensitive(n) for n in _walk(script))

    def _words_sensitive(self, line: str) -> bool:
        words = re.findall(r"(?:^|[\s;({|])-(\w+)|(\w+)\s*=", line)
        return any(self._names_sensitive(a or b) for a, b in words)

    def _node_sensitive(self, node: Any) -> bool:
        from gshell.lang import ast
        if isinstance(node, ast.HashtableExpr):
            return any(isinstance(e.key, ast.ConstantExpr) and isinstance(e.key.value, str)
                       and self._names_sensitive(e.key.value) for e in node.entries)
        if isinstance(node, ast.CommandExpr) and isinstance(node.name, str):
            return self._command_sensitive(node)
        return False

    def _lookup(self, name: str) -> Any:
        reg = self.registry
        try:
            return reg.lookup(name) if reg is not None else None
        except Exception:  # noqa: BLE001
            return None

    def _command_sensitive(self, node: Any) -> bool:
        from gshell.lang import ast
        cmd = self._lookup(node.name)
        positional = 0
        for el in node.elements:
            if isinstance(el, ast.CommandParameter):
                if self._names_sensitive(el.name, cmd) or self._names_sensitive(el.name):
                    return True
            elif isinstance(el, ast.CommandArgument):
                v = el.value
                if isinstance(v, ast.VariableExpr) and v.splat:
                    if self._splat_sensitive(v.name, cmd):
                        return True
                    continue
                if cmd is not None and any(p.sensitive and p.position == positional
                                           for p in cmd.params):
                    return True
                positional += 1
        return False

    def _splat_sensitive(self, name: str, cmd: Any) -> bool:
        if self.variable is None:
            return False
        try:
            value = self.variable(name)
        except Exception:  # noqa: BLE001
            return False
        if isinstance(value, Mapping):
            return any(self._names_sensitive(str(k), cmd) for k in value.keys())
        if isinstance(value, (list, tuple)) and cmd is not None:
            return any(p.sensitive and p.position is not None and p.position < len(value)
                       for p in cmd.params)
        return False
