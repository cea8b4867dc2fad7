"""Typed errors of the Gradio engine.  ``str(err)`` is always one masked line of bounded length."""
from __future__ import annotations

from typing import Any

from gshell import secrets
from gshell.display import one_line


def masked_line(text: str) -> str:
    """One masked line of bounded length (``display.one_line``): a server's 1 MB name or
    multi-line error never makes a 1 MB or multi-line error line."""
    return one_line(secrets.mask(str(text)))   # masked first: a cut never leaves part of a secret


class GradioError(Exception):
    """Base class.  ``str()`` is a single line with secrets masked."""

    def __init__(self, message: str, *, endpoint: str | None = None, url: str | None = None) -> None:
        self.message = masked_line(message)
        self.endpoint = endpoint
        self.url = secrets.mask(url) if url else url
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


# --- connection / transport -------------------------------------------------
class ConnectionFailed(GradioError):
    """Connection refused, DNS failure, TLS failure, connect timeout."""


class StreamBroken(GradioError):
    """The event stream ended or broke before a terminal event (events so far are kept)."""


class ServerStoppedResponding(StreamBroken):
    """The event stream sent nothing for 3x the heartbeat interval."""


class ProtocolError(StreamBroken):
    """The server sent something that is not the Gradio protocol (bad SSE, bad JSON)."""


class CallTimeout(GradioError):
    """The whole-call timeout elapsed."""


# --- HTTP status ---------------------------------------------------------------
class HttpError(GradioError):
    def __init__(self, message: str, *, status: int, endpoint: str | None = None,
                 url: str | None = None, body: str | None = None) -> None:
        super().__init__(message, endpoint=endpoint, url=url)
        self.status = status
        self.body = secrets.mask(body) if body else body


class AuthRequired(HttpError):
    """401: the app needs a login (or a token for a private Space)."""


class NotFound(HttpError):
    """404."""


class QueueFull(HttpError):
    """503: the app's queue is full or stopped."""


class ServerError(HttpError):
    """5xx."""


class BadRequest(HttpError):
    """400/422."""


class LoginFailed(GradioError):
    pass


# --- application errors ----------------------------------------------------------
class AppError(GradioError):
    """The app's function raised (``gr.Error`` or another exception shown with show_error)."""

    def __init__(self, message: str, *, endpoint: str | None = None, data: Any = None,
                 title: str | None = None) -> None:
        super().__init__(message, endpoint=endpoint)
        self.data = data
        self.title = title


class HiddenAppError(AppError):
    """The app raised but hides the details (show_error=False, or 4.x/5.x /call)."""


# --- client-side validation ---------------------------------------------------------
class EndpointNotFound(GradioError):
    def __init__(self, message: str, *, endpoint: str | None = None, known: list[str] | None = None) -> None:
        super().__init__(message, endpoint=endpoint)
        self.known = known or []


class ParameterError(GradioError):
    pass


class FileError(GradioError):
    """A local file is missing, a download target is unsafe or exists already."""


class SessionError(GradioError):
    """Session manager errors: no default session, duplicate name, unknown name."""


class MaxCallsExceeded(SessionError):
    pass


class CallCancelled(GradioError):
    pass
