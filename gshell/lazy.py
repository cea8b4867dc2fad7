"""Lazy package attributes: ``__getattr__ = lazy_attributes(__name__, {"Name": "submodule"})`` lets
a package re-export names from its submodules without importing them (and httpx) at start-up."""
from __future__ import annotations

import sys
from collections.abc import Callable

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    import re
    from typing import Any


def lazy_attributes(package: str, names: dict[str, str] | dict[str, tuple[str, str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``package.<submodule>`` on first use of ``name``
    and caches the value in the package.  ``names`` maps a name to its submodule, or to
    ``(submodule, attribute)`` when the package exports it under another name."""

    def getattr_(name: str) -> Any:
        where = names.get(name)
        if where is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attribute = (where, name) if isinstance(where, str) else where
        import importlib
        value = getattr(importlib.import_module(f".{module}", package), attribute)
        setattr(sys.modules[package], name, value)
        return value

    return getattr_


class _LazyRegex:
    """A regular expression compiled on first use (``re.compile`` at import costs start-up
    time for patterns most runs never need).  After the first use the pattern's methods are
    plain instance attributes, so later calls cost what a compiled pattern costs."""

    _ATTRIBUTES = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer",
                   "pattern", "flags", "groups", "groupindex")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        if name not in self._ATTRIBUTES:
            raise AttributeError(name)
        import re
        compiled = re.compile(*self._source)
        for attribute in self._ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)


if TYPE_CHECKING:
    def LazyRegex(pattern: str, flags: int = 0) -> re.Pattern[str]:
        """For the type checker a lazy pattern is a compiled pattern."""
        ...
else:
    LazyRegex = _LazyRegex


class LazyModule:
    """A module imported on first attribute use: ``_dt.datetime`` imports ``datetime`` then.
    The runtime's value checks are ordered so that a script that never makes a date or a decimal
    never imports ``datetime`` or ``decimal`` (a few milliseconds of start-up).  Each attribute is
    cached on first use, so later lookups cost what a module attribute costs.  Given the
    ``globals()`` of the module that declares it, the first use also puts the real module in its
    place there, so hot code pays nothing afterwards.  Modules declare it for the type checker as
    the real module (``if TYPE_CHECKING: import datetime as _dt``)."""

    def __init__(self, name: str, namespace: dict[str, Any] | None = None) -> None:
        self._name = name
        self._namespace = namespace

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)  # copy/pickle probes: not the module's
        module = sys.modules.get(self._name)
        if module is None:
            import importlib
            module = importlib.import_module(self._name)
        if self._namespace is not None:
            for key, value in list(self._namespace.items()):
                if value is self:
                    self._namespace[key] = module
        value = getattr(module, attribute)
        setattr(self, attribute, value)
        return value
