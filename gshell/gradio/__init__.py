"""The Gradio protocol engine: plain Python API, no dependency on the language runtime."""
from .appinfo import AppConfig, Endpoint, Parameter, norm_api_name
from .calls import ApiCall, ApiEventResult
from .client import GradioClient
from .errors import (AppError, AuthRequired, BadRequest, CallCancelled, CallTimeout, ConnectionFailed,
                     EndpointNotFound, FileError, GradioError, HiddenAppError, HttpError, LoginFailed,
                     MaxCallsExceeded, NotFound, ParameterError, ProtocolError, QueueFull, ServerError,
                     ServerStoppedResponding, SessionError, StreamBroken)
from .session import GradioSession, SavedFile, SessionManager
from .tokens import Credential
from .trace import TraceRecord

__all__ = [
    "AppConfig", "Endpoint", "Parameter", "norm_api_name", "ApiCall", "ApiEventResult", "GradioClient",
    "GradioSession", "SavedFile", "SessionManager", "Credential", "TraceRecord",
    "GradioError", "AppError", "HiddenAppError", "AuthRequired", "BadRequest", "CallCancelled",
    "CallTimeout", "ConnectionFailed", "EndpointNotFound", "FileError", "HttpError", "LoginFailed",
    "MaxCallsExceeded", "NotFound", "ParameterError", "ProtocolError", "QueueFull", "ServerError",
    "ServerStoppedResponding", "SessionError", "StreamBroken",
]
