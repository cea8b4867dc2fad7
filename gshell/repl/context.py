"""What the completer, the highlighter and the toolbar read from the running shell.

``ShellContext`` is a small read-only protocol, so the completion core can be tested with
a ``StaticContext`` built from fixtures, and the REPL can use ``RuntimeContext``, an adapter
over whatever runtime objects exist (interpreter, registry, sessions).  Nothing here ever
touches the network: ``cached_info`` answers from what a session already holds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from gshell.commands.registry import BUILTINS, Registry


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """The default session as the prompt and toolbar show it."""

    name: str
    url: str = ""
    version: str = ""


@runtime_checkable
class ShellContext(Protocol):
    """Read-only view of the shell state used by completion, highlighting and the toolbar."""

    @property
    def registry(self) -> Registry:
        """Commands, functions (proxies included) and aliases."""
        ...

    def variables(self) -> Mapping[str, Any]:
        """Variable name (without ``$``) -> current value, as visible at the prompt."""
        ...

    def session_names(self) -> list[str]:
        ...

    def default_session(self) -> SessionSummary | None:
        ...

    def cached_info(self, ref: Any = None) -> Mapping[str, Any] | None:
        """The cached ``/info`` of a session: ``ref`` is a session name, an app URL, a
        session object, or None for the default session.  Never fetches."""
        ...

    def help_topics(self) -> list[str]:
        """``about_*`` help topic names."""
        ...

    def cwd(self) -> str:
        ...

    def running_calls(self) -> int:
        """Gradio calls currently in flight (toolbar)."""
        ...


# --------------------------------------------------------------------------- static context

@dataclass
class StaticContext:
    """A ShellContext from plain data (tests, benchmarks, the REPL before a runtime exists).

    ``infos`` maps session names *and* URLs to ``/info`` JSON; ``sessions`` maps session
    names to their URL."""

    registry: Registry = field(default_factory=lambda: BUILTINS)
    vars: dict[str, Any] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    infos: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    default: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    directory: str = field(default_factory=os.getcwd)
    calls: int = 0

    def variables(self) -> Mapping[str, Any]:
        return self.vars

    def session_names(self) -> list[str]:
        return list(self.sessions)

    def default_session(self) -> SessionSummary | None:
        name = self.default
        if name is None and len(self.sessions) == 1:
            name = next(iter(self.sessions))
        if name is None:
            return None
        return SessionSummary(name, self.sessions.get(name, ""), self.versions.get(name, ""))

    def cached_info(self, ref: Any = None) -> Mapping[str, Any] | None:
        if ref is None:
            summary = self.default_session()
            if summary is None:
                return None
            ref = summary.name
        if not isinstance(ref, str):
            ref = _attr(ref, ("name", "Name"))
            if not isinstance(ref, str):
                return None
        info = _lookup_ci(self.infos, ref) or _lookup_ci(self.infos, ref.rstrip("/"))
        if info is None:
            for name, url in self.sessions.items():
                if url.rstrip("/") == ref.rstrip("/"):
                    return _lookup_ci(self.infos, name)
        return info

    def help_topics(self) -> list[str]:
        return list(self.topics)

    def cwd(self) -> str:
        return self.directory

    def running_calls(self) -> int:
        return self.calls


def _lookup_ci(mapping: Mapping[str, Any], key: str) -> Any:
    if key in mapping:
        return mapping[key]
    folded = key.casefold()
    for k, v in mapping.items():
        if k.casefold() == folded:
            return v
    return None


def _attr(obj: Any, names: tuple[str, ...]) -> Any:
    """First present attribute or mapping key among ``names`` (None if none)."""
    for name in names:
        if isinstance(obj, Mapping):
            if name in obj:
                return obj[name]
        elif hasattr(obj, name):
            try:
                return getattr(obj, name)
            except Exception:  # a property that fails is just absent
                continue
    return None


# --------------------------------------------------------------------------- runtime adapter

class RuntimeContext:
    """A ShellContext over the live runtime objects, read duck-typed so the REPL works
    while the interpreter and the Gradio engine evolve.

    It reads from the interpreter (``interp``) when present:
      - registry: ``interp.registry`` (else ``BUILTINS``)
      - variables: ``interp.variables()`` / ``interp.scope`` / ``interp.globals`` mapping
      - sessions: ``interp.sessions`` (a mapping name -> session, or an object with
        ``names()``/``all()``/``get()``/``default()``)
    and each session object's ``name``/``url``/``version`` and cached ``info``.
    Any attribute that is missing simply yields nothing.
    """

    def __init__(self, interp: Any = None, *, registry: Registry | None = None,
                 sessions: Any = None, calls: Callable[[], int] | None = None) -> None:
        self.interp = interp
        self._registry = registry
        self._sessions = sessions
        self._calls = calls

    # -- registry
    @property
    def registry(self) -> Registry:
        if self._registry is not None:
            return self._registry
        reg = _attr(self.interp, ("registry", "commands")) if self.interp is not None else None
        return reg if isinstance(reg, Registry) else BUILTINS

    # -- variables
    def variables(self) -> Mapping[str, Any]:
        interp = self.interp
        if interp is None:
            return {}
        for name in ("visible_variables", "variables"):
            fn = getattr(interp, name, None)
            if callable(fn):
                try:
                    out = fn()
                except TypeError:
                    continue
                if isinstance(out, Mapping):
                    return out
            elif isinstance(fn, Mapping):
                return fn
        scope = _attr(interp, ("scope", "global_scope", "globals"))
        if scope is not None:
            for name in ("visible", "all_variables", "items_visible"):
                fn = getattr(scope, name, None)
                if callable(fn):
                    out = fn()
                    if isinstance(out, Mapping):
                        return out
            vars_ = _attr(scope, ("vars", "variables"))
            if isinstance(vars_, Mapping):
                return {k: getattr(v, "value", v) for k, v in vars_.items()}
            if isinstance(scope, Mapping):
                return scope
        return {}

    # -- sessions
    def _session_store(self) -> Any:
        if self._sessions is not None:
            return self._sessions
        if self.interp is None:
            return None
        return _attr(self.interp, ("sessions", "session_store", "gradio_sessions"))

    def _session_map(self) -> dict[str, Any]:
        store = self._session_store()
        if store is None:
            return {}
        if isinstance(store, Mapping):
            return dict(store)
        for name in ("all", "list", "sessions"):
            fn = getattr(store, name, None)
            try:
                items = fn() if callable(fn) else fn
            except Exception:
                continue
            if isinstance(items, Mapping):
                return dict(items)
            if isinstance(items, (list, tuple)):
                return {str(_attr(s, ("name", "Name"))): s for s in items}
        return {}

    def session_names(self) -> list[str]:
        return list(self._session_map())

    def _default_session_object(self) -> Any:
        store = self._session_store()
        if store is not None and not isinstance(store, Mapping):
            for name in ("default", "get_default", "default_session"):
                fn = getattr(store, name, None)
                try:
                    obj = fn() if callable(fn) else fn
                except Exception:
                    continue
                if obj is not None:
                    return obj
        sessions = self._session_map()
        if len(sessions) == 1:
            return next(iter(sessions.values()))
        return None

    def default_session(self) -> SessionSummary | None:
        obj = self._default_session_object()
        if obj is None:
            return None
        return _summary(obj)

    def cached_info(self, ref: Any = None) -> Mapping[str, Any] | None:
        obj = self._resolve_session(ref)
        if obj is None:
            return None
        info = _attr(obj, ("info", "cached_info", "Info"))
        if callable(info):
            try:
                info = info(fetch=False)
            except TypeError:
                return None
        return info if isinstance(info, Mapping) else None

    def _resolve_session(self, ref: Any) -> Any:
        if ref is None:
            return self._default_session_object()
        if not isinstance(ref, str):
            return ref
        if ref == ".":
            return self._default_session_object()
        sessions = self._session_map()
        obj = _lookup_ci(sessions, ref)
        if obj is not None:
            return obj
        wanted = ref.rstrip("/")
        for session in sessions.values():
            for key in ("url", "app_url", "AppUrl", "real_url", "RealAppUrl"):
                url = _attr(session, (key,))
                if isinstance(url, str) and url.rstrip("/") == wanted:
                    return session
        return None

    # -- misc
    def help_topics(self) -> list[str]:
        fn = getattr(self.interp, "help_topics", None) if self.interp is not None else None
        if callable(fn):
            try:
                return list(fn())
            except Exception:
                return []
        try:
            from gshell.commands import help as help_module  # type: ignore[attr-defined]
        except Exception:
            return []
        topics = getattr(help_module, "topics", None) or getattr(help_module, "TOPICS", None)
        if callable(topics):
            try:
                topics = topics()
            except Exception:
                return []
        return list(topics or [])

    def cwd(self) -> str:
        cwd = _attr(self.interp, ("cwd", "location")) if self.interp is not None else None
        if callable(cwd):
            cwd = cwd()
        return cwd if isinstance(cwd, str) else os.getcwd()

    def running_calls(self) -> int:
        if self._calls is not None:
            return self._calls()
        total = 0
        for session in self._session_map().values():
            n = _attr(session, ("running_calls", "calls_running", "active_calls"))
            if callable(n):
                n = n()
            if isinstance(n, int):
                total += n
        return total


def _summary(obj: Any) -> SessionSummary:
    name = _attr(obj, ("name", "Name"))
    url = _attr(obj, ("url", "app_url", "AppUrl", "real_url", "RealAppUrl"))
    version = _attr(obj, ("version", "gradio_version", "Version"))
    return SessionSummary(str(name or ""), str(url or ""), str(version or ""))
