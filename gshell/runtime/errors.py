"""Error records and the exceptions that carry them.

PowerShell distinguishes *terminating* errors (they unwind to the nearest ``try``/``catch``
or stop the script) from *non-terminating* ones (a cmdlet reports them and goes on).  In
gshell both are described by an ``ErrorRecord``; a terminating error is raised as
``PSError`` (an ``Exception`` holding the record).  Cmdlets raise ``PSError`` (usually via
``inv.fail(...)``) or call ``inv.error(...)`` for the non-terminating kind.

In a ``catch`` block ``$_`` is the ErrorRecord: ``$_.Exception.Message``,
``$_.CategoryInfo.Category``, ``$_.InvocationInfo.ScriptLineNumber``, ``$_.TargetObject``,
``$_.FullyQualifiedErrorId`` and ``"$_"`` (the message) work as in PowerShell.
"""

from __future__ import annotations

from gshell.runtime.values import Record

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

#: Exception type names (as used in `catch [Type]`) and the names they also answer to.
EXCEPTION_PARENTS: dict[str, tuple[str, ...]] = {
    "RuntimeException": ("SystemException", "Exception"),
    "ParameterBindingException": ("RuntimeException", "SystemException", "Exception"),
    "CommandNotFoundException": ("RuntimeException", "SystemException", "Exception"),
    "ParseException": ("RuntimeException", "SystemException", "Exception"),
    "ActionPreferenceStopException": ("RuntimeException", "SystemException", "Exception"),
    "PSInvalidCastException": ("InvalidCastException", "RuntimeException", "SystemException", "Exception"),
    "InvalidCastException": ("SystemException", "Exception"),
    "ArgumentException": ("SystemException", "Exception"),
    "ArgumentNullException": ("ArgumentException", "SystemException", "Exception"),
    "ArgumentOutOfRangeException": ("ArgumentException", "SystemException", "Exception"),
    "ValidationMetadataException": ("MetadataException", "RuntimeException", "SystemException", "Exception"),
    "InvalidOperationException": ("SystemException", "Exception"),
    "NotSupportedException": ("SystemException", "Exception"),
    "NotImplementedException": ("SystemException", "Exception"),
    "DivideByZeroException": ("ArithmeticException", "SystemException", "Exception"),
    "OverflowException": ("ArithmeticException", "SystemException", "Exception"),
    "FormatException": ("SystemException", "Exception"),
    "ItemNotFoundException": ("SessionStateException", "RuntimeException", "SystemException", "Exception"),
    "IOException": ("SystemException", "Exception"),
    "FileNotFoundException": ("IOException", "SystemException", "Exception"),
    "UnauthorizedAccessException": ("SystemException", "Exception"),
    "HttpRequestException": ("Exception",),
    "WebException": ("InvalidOperationException", "SystemException", "Exception"),
    "TimeoutException": ("SystemException", "Exception"),
    "OperationCanceledException": ("SystemException", "Exception"),
    "PipelineStoppedException": ("RuntimeException", "SystemException", "Exception"),
    "ScriptCallDepthException": ("SystemException", "Exception"),
    "Exception": (),
}

#: Namespaces used to make `.GetType().FullName` look like PowerShell's.
EXCEPTION_NAMESPACES: dict[str, str] = {
    "RuntimeException": "System.Management.Automation",
    "ParameterBindingException": "System.Management.Automation",
    "CommandNotFoundException": "System.Management.Automation",
    "ParseException": "System.Management.Automation",
    "ActionPreferenceStopException": "System.Management.Automation",
    "PSInvalidCastException": "System.Management.Automation",
    "ValidationMetadataException": "System.Management.Automation",
    "ItemNotFoundException": "System.Management.Automation",
    "PipelineStoppedException": "System.Management.Automation",
    "ScriptCallDepthException": "System.Management.Automation",
    "HttpRequestException": "System.Net.Http",
    "WebException": "System.Net",
    "IOException": "System.IO",
    "FileNotFoundException": "System.IO",
}

#: Default exception type per error category (when a cmdlet gives only a category).
CATEGORY_EXCEPTIONS: dict[str, str] = {
    "InvalidArgument": "ArgumentException",
    "InvalidType": "PSInvalidCastException",
    "ObjectNotFound": "ItemNotFoundException",
    "ConnectionError": "HttpRequestException",
    "ProtocolError": "HttpRequestException",
    "OperationTimeout": "TimeoutException",
    "NotImplemented": "NotSupportedException",
    "PermissionDenied": "UnauthorizedAccessException",
    "ParserError": "ParseException",
    "InvalidOperation": "RuntimeException",
    "NotSpecified": "RuntimeException",
}


class ErrorRecord:
    """One error: message, category, target and where it happened."""

    __slots__ = ("message", "category", "target", "exception_type", "error_id", "line", "col",
                 "source_line", "script_name", "command_name", "inner", "reason")

    def __init__(self, message: str, *, category: str = "NotSpecified", target: Any = None,
                 exception_type: str | None = None, error_id: str | None = None,
                 line: int = 0, col: int = 0, source_line: str = "", script_name: str = "",
                 command_name: str = "", inner: Any = None) -> None:
        self.message = message
        self.category = category
        self.target = target
        self.exception_type = exception_type or CATEGORY_EXCEPTIONS.get(category, "RuntimeException")
        self.error_id = error_id or (self.exception_type if command_name == "" else
                                     f"{self.exception_type},{command_name}")
        self.line = line
        self.col = col
        self.source_line = source_line
        self.script_name = script_name
        self.command_name = command_name
        self.inner = inner
        self.reason = self.exception_type

    # -- PowerShell-visible members -------------------------------------------------
    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ErrorRecord({self.message!r}, category={self.category!r})"

    @property
    def position_message(self) -> str:
        if not self.line:
            return ""
        where = f"At {self.script_name}:{self.line} char:{self.col}" if self.script_name else \
            f"At line:{self.line} char:{self.col}"
        if self.source_line:
            caret = " " * max(self.col - 1, 0) + "~"
            return f"{where}\n+ {self.source_line}\n+ {caret}"
        return where

    def type_names(self) -> tuple[str, ...]:
        return (self.exception_type,) + EXCEPTION_PARENTS.get(self.exception_type,
                                                              ("RuntimeException", "SystemException", "Exception"))

    def matches_type(self, type_name: str) -> bool:
        """Loose `catch [Type]` matching: the last dotted segment against the exception's
        type and its parents, case-insensitively."""
        short = type_name.strip("[]").rsplit(".", 1)[-1].casefold()
        return any(short == t.casefold() for t in self.type_names())

    def exception_info(self) -> ExceptionInfo:
        return ExceptionInfo(self)

    def ps_get_member(self, name: str) -> Any:
        """Member access used by the interpreter (`$_.Exception.Message`)."""
        key = name.casefold()
        if key == "exception":
            return self.exception_info()
        if key == "categoryinfo":
            return Record([("Category", self.category), ("Activity", self.command_name or None),
                           ("Reason", self.reason), ("TargetName", "" if self.target is None else str(self.target)),
                           ("TargetType", type(self.target).__name__ if self.target is not None else "")],
                          type_name="ErrorCategoryInfo")
        if key == "invocationinfo":
            return Record([("ScriptLineNumber", self.line), ("OffsetInLine", self.col),
                           ("Line", self.source_line), ("PositionMessage", self.position_message),
                           ("ScriptName", self.script_name), ("MyCommand", self.command_name or None)],
                          type_name="InvocationInfo")
        if key == "targetobject":
            return self.target
        if key == "fullyqualifiederrorid":
            return self.error_id
        if key == "errordetails":
            return None
        if key == "scriptstacktrace":
            return self.position_message.split("\n", 1)[0] if self.line else ""
        return _MISSING

    def ps_member_names(self) -> list[str]:
        return ["CategoryInfo", "ErrorDetails", "Exception", "FullyQualifiedErrorId", "InvocationInfo",
                "ScriptStackTrace", "TargetObject"]


class ExceptionInfo:
    """`$_.Exception`: Message, InnerException, GetType().Name/FullName."""

    __slots__ = ("record",)

    def __init__(self, record: ErrorRecord) -> None:
        self.record = record

    @property
    def type_name(self) -> str:
        return self.record.exception_type

    @property
    def full_name(self) -> str:
        return f"{EXCEPTION_NAMESPACES.get(self.record.exception_type, 'System')}.{self.record.exception_type}"

    def __str__(self) -> str:
        return self.record.message

    def ps_get_member(self, name: str) -> Any:
        values = {"message": self.record.message, "errorrecord": self.record,
                  "innerexception": self.record.inner, "source": self.record.command_name or None,
                  "hresult": -2146233087, "data": None, "stacktrace": None}
        return values.get(name.casefold(), _MISSING)

    def ps_member_names(self) -> list[str]:
        return ["Data", "ErrorRecord", "HResult", "InnerException", "Message", "Source", "StackTrace"]


class _Missing:
    """Marker: a member that does not exist (reads as $null)."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()
MISSING = _MISSING


class PSError(Exception):
    """A terminating error.  ``record`` is what `$_` holds in `catch`.

    By default it is *statement-terminating* (pwsh: a command not found, a parameter binding
    error, a cmdlet's terminating error, an exception in an expression): it ends the statement
    it happens in and the script goes on.  ``script_terminating`` errors (`throw`, an error
    turned into a stop by `-ErrorAction Stop` / `$ErrorActionPreference = 'Stop'`, call depth
    overflow) unwind to the nearest `try`, or end the script."""

    script_terminating = False

    def __init__(self, message: str | ErrorRecord, *, category: str = "NotSpecified", target: Any = None,
                 exception_type: str | None = None, error_id: str | None = None) -> None:
        if isinstance(message, ErrorRecord):
            record = message
        else:
            record = ErrorRecord(message, category=category, target=target,
                                 exception_type=exception_type, error_id=error_id)
        super().__init__(record.message)
        self.record = record
        self.thrown_value: Any = None  # the value given to `throw` (a string or any object)

    @property
    def message(self) -> str:
        return self.record.message


def runtime_error(message: str, *, category: str = "InvalidOperation", exception_type: str | None = None,
                  target: Any = None) -> PSError:
    """Shorthand used across the runtime."""
    return PSError(message, category=category, exception_type=exception_type, target=target)


def not_supported(construct: str, detail: str = "") -> PSError:
    """The one-line refusal for a construct gshell does not run."""
    tail = f": {detail}" if detail else ""
    return PSError(f"{construct} is not supported in gshell{tail}", category="NotImplemented",
                   exception_type="NotSupportedException", error_id="NotSupportedInGShell")


def conversion_error(value: Any, type_name: str, detail: str = "") -> PSError:
    shown = value if isinstance(value, str) else value
    msg = f'Cannot convert value "{shown}" to type "{type_name}".'
    if detail:
        msg += f" Error: \"{detail}\""
    return PSError(msg, category="InvalidArgument", exception_type="PSInvalidCastException",
                   error_id="InvalidCastFromStringToInteger" if isinstance(value, str) else "InvalidCast")
