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
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:   # importing gshell.commands loads every cmdlet: keep it off the startup path
    from gshell.gradio.model import AppModel
    from gshell.runtime.registry import Registry


def model_of_info(info: Mapping[str, Any], cache: dict[int, tuple[Any, Any]]) -> AppModel | None:
    """The endpoint model of a bare ``/info`` (no /config: no fn_index, no wire layout),
    kept in ``cache`` by the identity of ``info``; None when it is malformed."""
    hit = cache.get(id(info))
    if hit is not None and hit[0] is info:
        return hit[1]
    from gshell.gradio.model import AppConfig, AppDescriptionError, AppModel
    try:
        model = AppModel.build(AppConfig.parse({"dependencies": []}), info)
    except AppDescriptionError:
        model = None
    if len(cache) >= 16:
        cache.pop(next(iter(cache)))
    cache[id(info)] = (info, model)
    return model


def _builtins() -> Registry:
    from gshell.runtime.registry import BUILTINS

    return BUILTINS


class EmptyRegistry:
    """Stands in for the registry while the interpreter is still loading."""

    def lookup(self, name: str) -> None:
        return None

    def commands(self) -> list[Any]:
        return []

    def aliases(self) -> dict[str, str]:
        return {}


EMPTY_REGISTRY = EmptyRegistry()


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

    def cached_model(self, ref: Any = None) -> AppModel | None:
        """The endpoint model (gshell.gradio.model) of a session, as ``cached_info`` finds
        it.  Never fetches."""
        ...

    def help_topics(self) -> list[str]:
        """``about_*`` help topic names."""
        ...

    def cwd(self) -> str:
        ...

    def running_calls(self) -> int:
        """Gradio calls whose results are being read right now (toolbar)."""
        ...

    def unread_calls(self) -> int:
        """Gradio calls started and not finished that nobody reads (toolbar)."""
        ...


# --------------------------------------------------------------------------- static context

@dataclass
class StaticContext:
    """A ShellContext from plain data (tests, benchmarks, the REPL before a runtime exists).

    ``infos`` maps session names *and* URLs to ``/info`` JSON; ``sessions`` maps session
    names to their URL."""

    registry: Registry = field(default_factory=_builtins)
    vars: dict[str, Any] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    infos: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    default: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    directory: str = field(default_factory=os.getcwd)
    calls: int = 0
    unread: int = 0
    _models: dict[int, tuple[Any, Any]] = field(default_factory=dict, repr=False)

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

    def cached_model(self, ref: Any = None) -> AppModel | None:
        info = self.cached_info(ref)
        return model_of_info(info, self._models) if info is not None else None

    def help_topics(self) -> list[str]:
        return list(self.topics)

    def cwd(self) -> str:
        return self.directory

    def running_calls(self) -> int:
        return self.calls

    def unread_calls(self) -> int:
        return self.unread


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

class Deferred:
    """A value built in a background thread (the interpreter: importing every cmdlet takes
    longer than showing the prompt should)."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        import threading

        self._value: Any = None
        self._error: BaseException | None = None
        self._done = threading.Event()

        def build() -> None:
            try:
                self._value = factory()
            except BaseException as exc:  # noqa: BLE001 - re-raised by get()
                self._error = exc
            finally:
                self._done.set()

        threading.Thread(target=build, name="gshell-load", daemon=True).start()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def peek(self) -> Any:
        return self._value if self._done.is_set() else None

    def get(self) -> Any:
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value

def _stored(obj: Any, name: str) -> Any:
    """``obj.name`` only when it is stored data (instance attribute, slot, mapping key) --
    never a property, which could do I/O (a session's ``version`` may fetch /config)."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    if isinstance(getattr(type(obj), name, None), property):
        return None
    try:
        return getattr(obj, name, None)
    except Exception:
        return None


def _first_stored(obj: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        value = _stored(obj, name)
        if value is not None:
            return value
    return None


class RuntimeContext:
    """A ShellContext over the live runtime objects, read duck-typed and without side
    effects (no property that could fetch is ever read):

      - registry: ``interp.registry`` (else ``BUILTINS``)
      - variables: ``interp.global_scope`` (``names()``/``get()``), else ``interp.variables``
      - sessions: ``interp.state(GradioState).manager`` (the engine's SessionManager:
        ``sessions`` mapping, ``default()``)
      - per session: ``name``, ``url``, ``default``, ``client.config.version``,
        ``client.info_raw`` (the cached /info), ``calls`` (records with ``finished()``).
    """

    def __init__(self, interp: Any = None, *, registry: Registry | None = None,
                 sessions: Any = None) -> None:
        self._interp = interp
        self._registry = registry
        self._sessions = sessions
        self._models: dict[int, tuple[Any, Any]] = {}

    @property
    def interp(self) -> Any:
        """The interpreter, or None while a deferred one is still loading (never blocks)."""
        target = self._interp
        if isinstance(target, Deferred):
            return target.peek()
        return target

    def wait_ready(self, timeout: float = 10.0) -> None:
        """Block until a deferred interpreter is built (an explicit Tab may wait)."""
        if isinstance(self._interp, Deferred):
            self._interp.wait(timeout)

    @property
    def loading(self) -> bool:
        return isinstance(self._interp, Deferred) and self._interp.peek() is None

    # -- registry
    @property
    def registry(self) -> Registry:
        if self._registry is not None:
            return self._registry
        if self.loading:
            return EMPTY_REGISTRY  # type: ignore[return-value]
        reg = _stored(self.interp, "registry")
        if reg is not None and callable(getattr(reg, "lookup", None)):
            return reg
        return _builtins()

    # -- variables
    def variables(self) -> Mapping[str, Any]:
        interp = self.interp
        if interp is None:
            return {}
        scope = _first_stored(interp, ("global_scope", "scope"))
        if scope is not None and callable(getattr(scope, "names", None)):
            try:
                return {name: scope.get(name) for name in scope.names()}
            except Exception:
                return {}
        vars_ = _stored(interp, "variables")
        return vars_ if isinstance(vars_, Mapping) else {}

    # -- sessions
    def _gradio(self) -> Any:
        """The interpreter's Gradio state (gshell.commands.gradio_views.GradioState), or None."""
        interp = self.interp
        if interp is None:
            return None
        from gshell.commands.gradio_views import GradioState
        return interp.state(GradioState)

    def _store(self) -> Any:
        if self._sessions is not None:
            return self._sessions
        state = self._gradio()
        return state.manager if state is not None else None

    def _session_map(self) -> dict[str, Any]:
        store = self._store()
        if store is None:
            return {}
        if isinstance(store, Mapping):
            return dict(store)
        sessions = _stored(store, "sessions")
        if isinstance(sessions, Mapping):
            return dict(sessions)
        return {}

    def session_names(self) -> list[str]:
        return list(self._session_map())

    def _default_object(self) -> Any:
        sessions = self._session_map()
        if len(sessions) == 1:
            return next(iter(sessions.values()))
        for session in sessions.values():
            if _stored(session, "default") is True:
                return session
        return None

    def default_session(self) -> SessionSummary | None:
        obj = self._default_object()
        return _summary(obj) if obj is not None else None

    def cached_info(self, ref: Any = None) -> Mapping[str, Any] | None:
        obj = self._resolve(ref)
        if obj is None:
            return None
        if isinstance(obj, Mapping) and "named_endpoints" in obj:
            return obj
        info = _first_stored(_stored(obj, "client"), ("info_raw", "info"))
        if info is None:
            info = _first_stored(obj, ("info_raw", "info", "cached_info"))
        return info if isinstance(info, Mapping) else None

    def cached_model(self, ref: Any = None) -> AppModel | None:
        obj = self._resolve(ref)
        if obj is None:
            return None
        model = _stored(obj, "_model")   # a GradioSession's model, once built
        if model is not None and callable(getattr(model, "find", None)):
            return model
        info = self.cached_info(ref)
        return model_of_info(info, self._models) if info is not None else None

    def _resolve(self, ref: Any) -> Any:
        if ref is None or ref == ".":
            return self._default_object()
        if not isinstance(ref, str):
            return ref
        sessions = self._session_map()
        obj = _lookup_ci(sessions, ref)
        if obj is not None:
            return obj
        wanted = ref.rstrip("/")
        for session in sessions.values():
            url = _stored(session, "url")
            if isinstance(url, str) and url.rstrip("/") == wanted:
                return session
        # a session-less call to a URL: an anonymous session of the Gradio state
        state = self._gradio()
        for session in (state.anonymous.values() if state is not None else ()):
            url = _stored(session, "url")
            if isinstance(url, str) and url.rstrip("/") == wanted:
                return session
        return None

    # -- misc
    def help_topics(self) -> list[str]:
        folder = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "help")
        try:
            return sorted(f[:-4] for f in os.listdir(folder) if f.startswith("about_") and f.endswith(".txt"))
        except OSError:
            return []

    def cwd(self) -> str:
        return os.getcwd()

    def _unfinished_calls(self) -> list[Any]:
        out = []
        for session in self._session_map().values():
            for call in _stored(session, "calls") or ():
                try:
                    if not call.finished:
                        out.append(call)
                except Exception:
                    continue
        return out

    def running_calls(self) -> int:
        return sum(1 for call in self._unfinished_calls() if getattr(call, "being_read", False))

    def unread_calls(self) -> int:
        return sum(1 for call in self._unfinished_calls() if not getattr(call, "being_read", False))


def _summary(obj: Any) -> SessionSummary:
    name = _first_stored(obj, ("name", "Name"))
    url = _first_stored(obj, ("url", "AppUrl"))
    config = _stored(_stored(obj, "client"), "config")
    version = _stored(config, "version") if config is not None else None
    return SessionSummary(str(name or ""), str(url or ""), str(version or ""))
