"""SessionManager: named sessions and the default-session rule."""
from __future__ import annotations

from typing import Any

from .errors import SessionError
from .session import GradioSession


class SessionManager:
    """Named sessions and the default-session rule."""

    def __init__(self) -> None:
        self.sessions: dict[str, GradioSession] = {}

    def __iter__(self):
        return iter(list(self.sessions.values()))

    def __len__(self) -> int:
        return len(self.sessions)

    def add(self, session: GradioSession, *, force: bool = False) -> GradioSession:
        key = session.name
        old = self._find(key)
        if old is not None:
            if not force:
                raise SessionError(f"a session named '{key}' already exists (use -Force to replace it)")
            self.remove(old)
        self.sessions[key] = session
        if session.default:
            self.set_default(session)
        return session

    def connect(self, url: str, *, name: str | None = None, force: bool = False,
                username: str | None = None, password: str | None = None,
                **kw: Any) -> GradioSession:
        """Create a session, log in / fetch /config and /info, and register it."""
        s = GradioSession(url, name=name, **kw)
        if self._find(s.name) is not None and not force:
            s.client.close()
            raise SessionError(f"a session named '{s.name}' already exists (use -Force to replace it)")
        try:
            s.connect(username, password)
        except Exception:
            s.client.close()
            raise
        return self.add(s, force=force)

    def _find(self, name: str) -> GradioSession | None:
        if name in self.sessions:
            return self.sessions[name]
        for k, v in self.sessions.items():
            if k.lower() == name.lower():
                return v
        return None

    def get(self, name: str | None = None) -> GradioSession:
        """By name; '.' or None is the default session."""
        if name is None or name == ".":
            return self.default()
        s = self._find(name)
        if s is None:
            known = ", ".join(self.sessions) or "(none)"
            raise SessionError(f"no session named '{name}'; sessions: {known}")
        return s

    def current(self) -> GradioSession | None:
        """The default session: the only one, else the one marked default; None if neither."""
        if len(self.sessions) == 1:
            return next(iter(self.sessions.values()))
        for s in self.sessions.values():
            if s.default:
                return s
        return None

    def default(self) -> GradioSession:
        s = self.current()
        if s is not None:
            return s
        raise SessionError("No default session: name one with -Session or set one with "
                           "Set-GradioSession -Default")

    def set_default(self, session: GradioSession | str) -> None:
        s = self.get(session) if isinstance(session, str) else session
        for other in self.sessions.values():
            other.default = other is s
        s.default = True

    def remove(self, session: GradioSession | str) -> None:
        s = self.get(session) if isinstance(session, str) else session
        for k, v in list(self.sessions.items()):
            if v is s:
                del self.sessions[k]
        s.close()

    def close_all(self) -> None:
        for s in list(self.sessions.values()):
            self.remove(s)
