"""The Gradio protocol engine: plain Python API, no dependency on the language runtime.

Submodules are imported on first use so that `gshell -c` does not pay for httpx.
"""
from __future__ import annotations

from gshell.lazy import lazy_attributes

_LAZY: dict[str, str] = {
    "AppConfig": "model",
    "AppModel": "model",
    "AppDescriptionError": "model",
    "Endpoint": "model",
    "Parameter": "model",
    "Slot": "model",
    "norm_api_name": "model",
    "ApiCall": "calls",
    "ApiEventResult": "calls",
    "GradioClient": "client",
    "AppError": "errors",
    "AuthRequired": "errors",
    "BadRequest": "errors",
    "CallCancelled": "errors",
    "CallTimeout": "errors",
    "ConnectionFailed": "errors",
    "EndpointNotFound": "errors",
    "FileError": "errors",
    "GradioError": "errors",
    "HiddenAppError": "errors",
    "HttpError": "errors",
    "LoginFailed": "errors",
    "MaxCallsExceeded": "errors",
    "NotFound": "errors",
    "ParameterError": "errors",
    "ProtocolError": "errors",
    "QueueFull": "errors",
    "ServerError": "errors",
    "ServerStoppedResponding": "errors",
    "SessionError": "errors",
    "StreamBroken": "errors",
    "GradioSession": "session",
    "SavedFile": "session",
    "SessionManager": "manager",
    "Credential": "tokens",
    "TraceRecord": "trace",
}

__all__ = [
    "AppConfig", "AppModel", "AppDescriptionError", "Endpoint", "Parameter", "Slot", "norm_api_name",
    "ApiCall", "ApiEventResult", "GradioClient",
    "GradioSession", "SavedFile", "SessionManager", "Credential", "TraceRecord",
    "GradioError", "AppError", "HiddenAppError", "AuthRequired", "BadRequest", "CallCancelled",
    "CallTimeout", "ConnectionFailed", "EndpointNotFound", "FileError", "HttpError", "LoginFailed",
    "MaxCallsExceeded", "NotFound", "ParameterError", "ProtocolError", "QueueFull", "ServerError",
    "ServerStoppedResponding", "SessionError", "StreamBroken",
]


__getattr__ = lazy_attributes(__name__, _LAZY)
