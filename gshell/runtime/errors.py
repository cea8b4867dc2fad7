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
    from collections.abc import Callable
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
    "WriteErrorException": ("SystemException", "Exception"),
    "MethodInvocationException": ("RuntimeException", "SystemException", "Exception"),
    "Exception": (),
}

#: exceptions that pwsh reports wrapped in a RuntimeException when an expression raises them:
#: `$_.Exception` is the RuntimeException (same message), its InnerException this type, and
#: `catch [DivideByZeroException]` still matches (pwsh also tries the inner exception)
WRAPPED_IN_RUNTIME = frozenset({"DivideByZeroException", "OverflowException", "IndexOutOfRangeException",
                                "NullReferenceException"})

#: HResult of the exceptions whose code is not COR_E_EXCEPTION's (-2146233087)
HRESULTS: dict[str, int] = {"DivideByZeroException": -2147352558, "OverflowException": -2146233066,
                            "IndexOutOfRangeException": -2146233080, "NullReferenceException": -2147467261}

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
    "WriteErrorException": "Microsoft.PowerShell.Commands",
    "MethodInvocationException": "System.Management.Automation",
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


def extent_length(line: str, col: int) -> int:
    """How many characters an error's underline covers from ``col`` (1-based) in ``line``: up
    to the end of the command or expression that starts there (an unmatched closing bracket, a
    `;`, a `|` or a comment outside quotes and brackets), trailing blanks excluded; at least 1."""
    start = max(col - 1, 0)
    depth = 0
    quote = ""
    end = len(line)
    i = start
    while i < len(line):
        c = line[i]
        if c == "`":
            i += 2
            continue
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            if not depth:
                end = i
                break
            depth -= 1
        elif not depth and (c in ";|" or (c == "#" and (i == start or line[i - 1] in " \t"))):
            end = i
            break
        i += 1
    return max(len(line[start:end].rstrip()), 1)


class ErrorRecord:
    """One error: message, category, target and where it happened."""

    __slots__ = ("message", "category", "target", "exception_type", "error_id", "line", "col",
                 "source_line", "script_name", "command_name", "inner", "reason", "activity", "target_name",
                 "target_type", "recommended_action", "origin", "stack")

    def __init__(self, message: str, *, category: str = "NotSpecified", target: Any = None,
                 exception_type: str | None = None, error_id: str | None = None,
                 line: int = 0, col: int = 0, source_line: str = "", script_name: str = "",
                 command_name: str = "", inner: Any = None) -> None:
        self.message = message
        self.category = category
        self.target = target
        self.exception_type = exception_type or CATEGORY_EXCEPTIONS.get(category, "RuntimeException")
        self.inner = inner
        if self.exception_type in WRAPPED_IN_RUNTIME and inner is None:
            self.inner = ExceptionInfo(ErrorRecord(message, category=category, exception_type="Exception"))
            self.inner.record.exception_type = self.inner.record.reason = self.exception_type
            self.exception_type = "RuntimeException"
        self.error_id = error_id or (self.exception_type if command_name == "" else
                                     f"{self.exception_type},{command_name}")
        self.line = line
        self.col = col
        self.source_line = source_line
        self.script_name = script_name
        self.command_name = command_name
        self.reason = self.exception_type
        #: CategoryInfo overrides (Write-Error -CategoryActivity, -CategoryTargetName, ...)
        self.activity: str | None = None
        self.target_name: str | None = None
        self.target_type: str | None = None
        self.recommended_action: str | None = None
        #: the command that wrote the record when ``command_name`` is the function it ran in
        #: (Write-Error in a function: CategoryInfo's activity stays Write-Error)
        self.origin: str | None = None
        #: the script functions running when it happened, innermost first: (name, line), the
        #: script's own frame last ("<ScriptBlock>"); None until known (ScriptStackTrace)
        self.stack: list[tuple[str, int]] | None = None

    # -- PowerShell-visible members -------------------------------------------------
    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ErrorRecord({self.message!r}, category={self.category!r})"

    @property
    def position_message(self) -> str:
        """`InvocationInfo.PositionMessage`: ``At line:L char:C`` (``At PATH:L char:C`` in a
        file), ``+ `` the source line, ``+ `` the underline."""
        if not self.line:
            return ""
        where = f"At {self.script_name}:{self.line} char:{self.col}" if self.script_name else \
            f"At line:{self.line} char:{self.col}"
        if not self.source_line:
            return where
        return f"{where}\n+ {self.source_line}\n+ {self.underline()}"

    def underline(self) -> str:
        """The source line's indentation up to the error, then ``~`` under the failing part."""
        lead = "".join(ch if ch == "\t" else " " for ch in self.source_line[:max(self.col - 1, 0)])
        return lead + "~" * extent_length(self.source_line, self.col)

    def script_stack_trace(self) -> str:
        """`$_.ScriptStackTrace`: ``at NAME, FILE: line N``, one line per frame, innermost first."""
        where = self.script_name or "<No file>"
        frames = self.stack if self.stack else ([("<ScriptBlock>", self.line)] if self.line else [])
        return "\n".join(f"at {name}, {where}: line {line}" for name, line in frames)

    def type_names(self) -> tuple[str, ...]:
        return (self.exception_type,) + EXCEPTION_PARENTS.get(self.exception_type,
                                                              ("RuntimeException", "SystemException", "Exception"))

    def matches_type(self, type_name: str) -> bool:
        """Loose `catch [Type]` matching: the last dotted segment against the exception's
        type and its parents, case-insensitively."""
        short = type_name.strip("[]").rsplit(".", 1)[-1].casefold()
        if any(short == t.casefold() for t in self.type_names()):
            return True
        inner = self.inner
        return self.exception_type in _WRAPPERS and isinstance(inner, ExceptionInfo) and \
            inner.record.matches_type(type_name)

    def exception_info(self) -> ExceptionInfo:
        return ExceptionInfo(self)

    def ps_get_member(self, name: str) -> Any:
        """Member access used by the interpreter (`$_.Exception.Message`)."""
        key = name.casefold()
        if key == "exception":
            return self.exception_info()
        if key == "categoryinfo":
            return CategoryInfo(self)
        if key == "invocationinfo":
            return Record([("MyCommand", self.command_name or None), ("ScriptLineNumber", self.line),
                           ("OffsetInLine", self.col), ("Line", self.source_line),
                           ("PositionMessage", self.position_message), ("ScriptName", self.script_name),
                           ("PSCommandPath", self.script_name or None),
                           ("InvocationName", self.command_name or "")],
                          type_name="InvocationInfo")
        if key == "targetobject":
            return self.target
        if key == "fullyqualifiederrorid":
            return self.error_id
        if key == "errordetails":
            if self.recommended_action:
                return Record([("Message", None), ("RecommendedAction", self.recommended_action)],
                              type_name="ErrorDetails")
            return None
        if key == "scriptstacktrace":
            return self.script_stack_trace()
        return _MISSING

    def ps_member_names(self) -> list[str]:
        return ["CategoryInfo", "ErrorDetails", "Exception", "FullyQualifiedErrorId", "InvocationInfo",
                "ScriptStackTrace", "TargetObject"]


def _python_type_name(value: Any) -> str:
    return type(value).__name__


#: how a value's type is named in CategoryInfo.TargetType (gshell.runtime.conversions sets its
#: type_name here when it is imported; conversions imports this module, not the other way)
type_name_of: Callable[[Any], str] = _python_type_name


class CategoryInfo:
    """`$_.CategoryInfo`: Category, Activity, Reason, TargetName, TargetType; GetMessage() and
    "$($_.CategoryInfo)" give ``Category: (target:Type) [Activity], Reason``."""

    __slots__ = ("record",)
    type_name = "ErrorCategoryInfo"
    full_name = "System.Management.Automation.ErrorCategoryInfo"

    def __init__(self, record: ErrorRecord) -> None:
        self.record = record

    def _values(self) -> dict[str, Any]:
        rec = self.record
        target = rec.target
        if rec.target_type is not None:
            target_type = rec.target_type
        elif target is None:
            target_type = ""
        else:
            target_type = type_name_of(target)
        return {"Category": rec.category, "Activity": rec.activity or rec.origin or rec.command_name or "",
                "Reason": rec.reason,
                "TargetName": rec.target_name if rec.target_name is not None else
                ("" if target is None else str(target)),
                "TargetType": target_type}

    def message(self) -> str:
        v = self._values()
        return f"{v['Category']}: ({v['TargetName']}:{v['TargetType']}) [{v['Activity']}], {v['Reason']}"

    def __str__(self) -> str:
        return self.message()

    def ps_get_member(self, name: str) -> Any:
        for k, v in self._values().items():
            if k.casefold() == name.casefold():
                return v
        return _MISSING

    def ps_member_names(self) -> list[str]:
        return list(self._values())

    def ps_call_method(self, name: str, args: list[Any]) -> Any:
        if name.casefold() == "getmessage":
            return self.message()
        raise PSError(f"Method invocation failed because [{self.full_name}] does not contain a method named "
                      f"'{name}'.", category="InvalidOperation", exception_type="RuntimeException",
                      error_id="MethodNotFound")


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
                  "hresult": HRESULTS.get(self.record.exception_type, -2146233087), "data": None, "stacktrace": None}
        return values.get(name.casefold(), _MISSING)

    def ps_member_names(self) -> list[str]:
        return ["Data", "ErrorRecord", "HResult", "InnerException", "Message", "Source", "StackTrace"]


#: the exceptions `catch [Type]` looks inside of (their InnerException is tried too, as pwsh)
_WRAPPERS = frozenset({"RuntimeException", "MethodInvocationException"})


def method_error(method: str, arg_count: int, message: str, exception_type: str = "Exception") -> PSError:
    """A .NET method's exception as pwsh reports it: a MethodInvocationException ``Exception
    calling "M" with "n" argument(s): "message"`` whose InnerException is ``exception_type``
    with ``message``; its FullyQualifiedErrorId is the inner type's name."""
    inner = ErrorRecord(message, exception_type=exception_type)
    rec = ErrorRecord(f'Exception calling "{method}" with "{arg_count}" argument(s): "{message}"',
                      exception_type="MethodInvocationException", error_id=exception_type,
                      inner=ExceptionInfo(inner))
    return PSError(rec)


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
    from gshell.display import excerpt  # a value from a server may be 1 MB or many lines
    msg = f'Cannot convert value "{excerpt(str(value))}" to type "{type_name}".'
    if detail:
        msg += f" Error: \"{excerpt(str(detail), 400)}\""
    return PSError(msg, category="InvalidArgument", exception_type="PSInvalidCastException",
                   error_id="InvalidCastFromStringToInteger" if isinstance(value, str) else "InvalidCast")


def too_many_digits(exc: BaseException) -> PSError | None:
    """The error for Python's refusal to convert an integer of more than 4,300 digits to or
    from text (a guard against quadratic time), or None for any other exception: a cast or a
    display past the limit is one catchable line (about_gshell_Language)."""
    if not isinstance(exc, ValueError) or "integer string conversion" not in str(exc):
        return None
    return PSError("The number has more than 4,300 digits: gshell converts integers only up to 4,300 digits "
                   "to or from text.", category="InvalidOperation", exception_type="OverflowException",
                   error_id="IntegerTooLong")
