"""What the completer, the highlighter and the toolbar read from the running shell.

``ShellContext`` is a small read-only protocol, so the completion core can be tested with
a ``StaticContext`` built from fixtures, and the REPL can use ``RuntimeContext``, an adapter
over whatever runtime objects exist (interpreter, registry, sessions).  Nothing here ever
touches the network: ``cached_model`` answers from the endpoint model a session already holds.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

if TYPE_CHECKING:   # the Gradio engine and the cmdlets stay off the startup path
    from gshell.commands.gradio_views import GradioState
    from gshell.gradio.calls import ApiCall
    from gshell.gradio.model import AppModel
    from gshell.gradio.session import GradioSession
    from gshell.runtime.registry import Registry, Runtime


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

    def cached_model(self, ref: Any = None) -> AppModel | None:
        """The endpoint model (gshell.gradio.model) of a session: ``ref`` is a session name,
        an app URL, a session value, or None for the default session.  Never fetches."""
        ...

    def help_topics(self) -> list[str]:
        """``about_*`` help topic names."""
        ...

    @property
    def loading(self) -> bool:
        """The interpreter is still being built (everything counts as known meanwhile)."""
        ...

    def wait_ready(self, timeout: float = 10.0) -> None:
        """Block until the interpreter is built (an explicit Tab may wait)."""
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

    def _info(self, ref: Any = None) -> Mapping[str, Any] | None:
        if ref is None:
            summary = self.default_session()
            if summary is None:
                return None
            ref = summary.name
        if not isinstance(ref, str):
            session = session_of_value(ref)
            if session is None:
                return None
            ref = session.name
        info = _lookup_ci(self.infos, ref) or _lookup_ci(self.infos, ref.rstrip("/"))
        if info is None:
            for name, url in self.sessions.items():
                if url.rstrip("/") == ref.rstrip("/"):
                    return _lookup_ci(self.infos, name)
        return info

    def cached_model(self, ref: Any = None) -> AppModel | None:
        info = self._info(ref)
        return model_of_info(info, self._models) if info is not None else None

    def help_topics(self) -> list[str]:
        return list(self.topics)

    @property
    def loading(self) -> bool:
        return False

    def wait_ready(self, timeout: float = 10.0) -> None:
        return None

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


def session_of_value(value: Any) -> GradioSession | None:
    """The session a variable holds (``$s = New-GradioSession ... -PassThru``: a SessionView).
    Without the Gradio cmdlets loaded no such value exists, and the module is not imported."""
    views = sys.modules.get("gshell.commands.gradio_views")
    if views is not None and isinstance(value, views.SessionView):
        return cast("GradioSession", value.session)
    return None


# --------------------------------------------------------------------------- runtime adapter

class Deferred:
    """A value built in a background thread (the interpreter: importing every cmdlet takes
    longer than showing the prompt should).  With ``start=False`` the thread starts on
    ``start()`` (the REPL calls it once the first prompt is drawn, so the build does not
    compete with drawing it) or on the first ``wait``/``get``."""

    def __init__(self, factory: Callable[[], Any], *, start: bool = True) -> None:
        import _thread
        import threading

        self._factory = factory
        self._value: Any = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._started = False
        self._lock = _thread.allocate_lock()
        if start:
            self.start()

    def start(self) -> None:
        """Start building (once; later calls do nothing)."""
        import threading

        with self._lock:
            if self._started:
                return
            self._started = True

        def build() -> None:
            try:
                self._value = self._factory()
            except BaseException as exc:  # noqa: BLE001 - re-raised by get()
                self._error = exc
            finally:
                self._done.set()

        threading.Thread(target=build, name="gshell-load", daemon=True).start()

    def wait(self, timeout: float | None = None) -> bool:
        self.start()
        return self._done.wait(timeout)

    def peek(self) -> Any:
        return self._value if self._done.is_set() else None

    def get(self) -> Any:
        self.wait()
        if self._error is not None:
            raise self._error
        return self._value


class RuntimeContext:
    """A ShellContext over the live runtime, read through typed interfaces only and without side
    effects (nothing that could fetch is read):

      - registry and variables: the ``Runtime`` (``registry``, ``global_scope``);
      - sessions: ``runtime.state(GradioState)`` (``gshell.commands.gradio_views``), whose
        ``manager`` is the engine's ``SessionManager``; per session ``GradioSession.name``,
        ``url``, ``client.config`` (the cached /config, for the version), ``cached_model``
        (the endpoint model of ``gshell.gradio.model``, never fetched here) and ``calls``
        (``ApiCall.finished``, ``ApiCall.being_read``).
    """

    def __init__(self, interp: Runtime | Deferred | None = None, *, registry: Registry | None = None) -> None:
        self._interp = interp
        self._registry = registry

    @property
    def interp(self) -> Runtime | None:
        """The runtime, or None while a deferred one is still loading (never blocks)."""
        target = self._interp
        if isinstance(target, Deferred):
            return cast("Runtime | None", target.peek())
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
        interp = self.interp
        if interp is None:
            return EMPTY_REGISTRY if self.loading else _builtins()  # type: ignore[return-value]
        return interp.registry

    # -- variables
    def variables(self) -> Mapping[str, Any]:
        interp = self.interp
        if interp is None:
            return {}
        scope = interp.global_scope
        return {name: scope.get(name) for name in scope.names()}

    # -- sessions
    def _gradio(self) -> GradioState | None:
        """The runtime's Gradio state, or None.  Before any Gradio cmdlet ran, the module that
        declares the state is not even imported (and no session can exist): the prompt does
        not import it."""
        interp = self.interp
        views = sys.modules.get("gshell.commands.gradio_views")
        if interp is None or views is None:
            return None
        state: GradioState = interp.state(views.GradioState)
        return state

    def _sessions(self) -> dict[str, GradioSession]:
        state = self._gradio()
        if state is None or state.manager is None:
            return {}
        return dict(state.manager.sessions)

    def session_names(self) -> list[str]:
        return list(self._sessions())

    def _default_object(self) -> GradioSession | None:
        state = self._gradio()
        return state.manager.current() if state is not None and state.manager is not None else None

    def default_session(self) -> SessionSummary | None:
        session = self._default_object()
        if session is None:
            return None
        config = session.client.config   # cached /config only: session.version would fetch
        return SessionSummary(session.name, session.url, config.version if config is not None else "")

    def cached_model(self, ref: Any = None) -> AppModel | None:
        session = self._resolve(ref)
        return session.cached_model if session is not None else None

    def _resolve(self, ref: Any) -> GradioSession | None:
        """The session ``ref`` names: None or '.' (the default), a name, an app URL (also the
        anonymous session of a session-less cmdlet), or a session value (``-Session $s``)."""
        if ref is None or ref == ".":
            return self._default_object()
        if not isinstance(ref, str):
            return session_of_value(ref)
        sessions = self._sessions()
        found = _lookup_ci(sessions, ref)
        if found is not None:
            return cast("GradioSession", found)
        wanted = ref.rstrip("/")
        state = self._gradio()
        anonymous = list(state.anonymous.values()) if state is not None else []
        for session in [*sessions.values(), *anonymous]:
            if session.url.rstrip("/") == wanted:
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
        interp = self.interp
        return interp.location() if interp is not None else os.getcwd()

    def _unfinished_calls(self) -> list[ApiCall]:
        return [call for session in self._sessions().values() for call in list(session.calls) if not call.finished]

    def running_calls(self) -> int:
        return sum(1 for call in self._unfinished_calls() if call.being_read)

    def unread_calls(self) -> int:
        return sum(1 for call in self._unfinished_calls() if not call.being_read)
