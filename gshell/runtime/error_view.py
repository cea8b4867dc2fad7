"""How an error record looks: when it is reported, and when it is output as an object
(`$Error[0]`, `$_` in `catch`).  `$ErrorView` picks the view, as in pwsh 7:

* ``ConciseView`` (the default).  For an error on the first line of what was typed or given to
  `-c`: one line, ``nosuch: The term 'nosuch' is not recognized ...``, ``Write-Error: bad``,
  ``Exception: boom`` for a `throw`.  In a script file, or further down a multi-line input, the
  position lines follow the first line (in a file, it ends with ``PATH:LINE``)::

      Write-Error: /home/me/t.ps1:3
      Line |
         3 |      Write-Error 'bad'
           |      ~~~~~~~~~~~~~~~~~
           | bad

  In a file the message is one paragraph wrapped to the terminal width after ``     | ``.
* ``NormalView``: the message, ``At line:L char:C`` with the source line and the underline, then
  ``+ CategoryInfo`` and ``+ FullyQualifiedErrorId``.
* ``CategoryView``: one line, ``Category: (target:Type) [Command], Reason``.
* ``DetailedView`` (pwsh 7.5): the record's properties as Get-Error lists them, nested
  (``detailed_view``).

`| Format-List *` lists the record's properties the way pwsh does (Exception, TargetObject,
CategoryInfo, FullyQualifiedErrorId, InvocationInfo, ScriptStackTrace).
"""
from __future__ import annotations

from gshell.runtime.errors import EXCEPTION_NAMESPACES, HRESULTS, CategoryInfo, ErrorRecord, ExceptionInfo

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

VIEWS = ("ConciseView", "NormalView", "CategoryView", "DetailedView")



def position_message(rec: ErrorRecord) -> str:
    return rec.position_message


def reason(rec: ErrorRecord) -> str:
    """What the concise view puts before the message (pwsh's rules: `throw` → Exception; the
    command that failed; the unknown term; the category unless NotSpecified; the
    exception's type)."""
    if rec.exception_type == "CommandNotFoundException" and rec.target is not None:
        return str(rec.target)
    if rec.exception_type == "RuntimeException" and rec.category == "OperationStopped":
        return "Exception"      # `throw 'text'`
    if rec.activity:
        return rec.activity     # Write-Error -CategoryActivity
    if rec.command_name:
        return rec.command_name
    if rec.category and rec.category != "NotSpecified":
        return rec.category
    return rec.exception_type



def concise(rec: ErrorRecord) -> str:
    """The one-line view: the reason, then the message."""
    prefix = reason(rec)
    message = rec.message
    if message.startswith(prefix + ": "):
        return message
    return f"{prefix}: {message}"


def concise_view(rec: ErrorRecord, width: int = 120) -> str:
    """pwsh 7's ConciseView (see the module doc)."""
    if not rec.line or not rec.source_line or (rec.line <= 1 and not rec.script_name):
        return concise(rec)
    number = str(rec.line)
    header_pad = " " * max(len(number) - 4, 0)
    bar = f"{header_pad}     | "
    first = f"{reason(rec)}: {rec.script_name}:{rec.line}" if rec.script_name else f"{reason(rec)}:"
    lines = [first, f"{header_pad}Line |", f"{number:>4} |  {rec.source_line}", f"{bar} {rec.underline()}"]
    if rec.script_name:
        text = " ".join(rec.message.replace("\t", " ").splitlines())
        import textwrap  # not at start-up
        lines.extend(textwrap.wrap(text, width=max(width, len(bar) + 20), initial_indent=bar,
                                   subsequent_indent=bar, break_on_hyphens=False) or [bar.rstrip()])
    else:
        lines.append(bar + rec.message)
    return "\n".join(lines)


def category_message(rec: ErrorRecord) -> str:
    """`$_.CategoryInfo.GetMessage()`: ``Category: (target:Type) [Activity], Reason``."""
    return CategoryInfo(rec).message()


def normal_view(rec: ErrorRecord) -> str:
    """pwsh's NormalView: the message with the command's name, the position, the category
    and the error id."""
    head = f"{rec.command_name} : {rec.message}" if rec.command_name else rec.message
    parts = [head]
    pos = position_message(rec)
    if pos:
        parts.append(pos)
    parts.append(f"    + CategoryInfo          : {category_message(rec)}")
    parts.append(f"    + FullyQualifiedErrorId : {rec.error_id}")
    return "\n".join(parts)


def _fields(pairs: list[tuple[str, Any]], indent: str) -> list[str]:
    """``Name : value`` lines with the names padded to one width; a nested list of pairs is
    listed under its name, indented by 4; a multi-line value continues under its first line."""
    shown = [(k, v) for k, v in pairs if v is not None and v != ""]
    pad = max((len(k) for k, _ in shown), default=0)
    out: list[str] = []
    for key, value in shown:
        head = f"{indent}{key:<{pad}} : "
        if isinstance(value, list):
            out.append(head.rstrip())
            out.extend(_fields(value, indent + "    "))
            continue
        first, *rest = str(value).split("\n")
        out.append(head + first)
        out.extend(" " * len(head) + line for line in rest)
    return out


def _exception_fields(rec: ErrorRecord) -> list[tuple[str, Any]]:
    namespace = EXCEPTION_NAMESPACES.get(rec.exception_type, "System")
    inner = rec.inner
    inner_fields = _exception_fields(inner.record) if isinstance(inner, ExceptionInfo) else None
    return [("Type", f"{namespace}.{rec.exception_type}"), ("Message", rec.message),
            ("InnerException", inner_fields), ("HResult", HRESULTS.get(rec.exception_type, -2146233087))]


def detailed_view(rec: ErrorRecord) -> str:
    """`$ErrorView = 'DetailedView'` (pwsh 7.5, as Get-Error lists a record): the exception with
    its inner one, the target, the category, the error id, where it happened and the script
    stack trace (the .NET-only members, TargetSite, Source and StackTrace, are left out)."""
    invocation: list[tuple[str, Any]] = [
        ("MyCommand", rec.command_name or None), ("ScriptLineNumber", rec.line or None),
        ("OffsetInLine", rec.col or None), ("Line", rec.source_line or None),
        ("PositionMessage", rec.position_message or None), ("InvocationName", rec.command_name or None)]
    return "\n".join(_fields([
        ("Exception", _exception_fields(rec)), ("TargetObject", rec.target),
        ("CategoryInfo", category_message(rec)), ("FullyQualifiedErrorId", rec.error_id),
        ("InvocationInfo", invocation if rec.line else None),
        ("ScriptStackTrace", rec.script_stack_trace() or None)], ""))


def render(rec: ErrorRecord, view: Any = None, width: int = 120) -> str:
    """``rec`` in the view ``view`` (a `$ErrorView` value; anything else is ConciseView)."""
    name = str(view).strip().casefold() if view is not None else ""
    if name == "normalview":
        return normal_view(rec)
    if name == "categoryview":
        return category_message(rec)
    if name == "detailedview":
        return detailed_view(rec)
    return concise_view(rec, width)


def detailed(rec: ErrorRecord) -> list[tuple[str, Any]]:
    """The properties `Format-List *` shows, with pwsh's text for each."""
    namespace = EXCEPTION_NAMESPACES.get(rec.exception_type, "System")
    return [
        ("Exception", f"{namespace}.{rec.exception_type}: {rec.message}"),
        ("TargetObject", rec.target),
        ("CategoryInfo", category_message(rec)),
        ("FullyQualifiedErrorId", rec.error_id),
        ("InvocationInfo", "System.Management.Automation.InvocationInfo"),
        ("ScriptStackTrace", rec.script_stack_trace() or "at <ScriptBlock>, <No file>"),
        ("PipelineIterationInfo", []),
        ("PSMessageDetails", None),
    ]
