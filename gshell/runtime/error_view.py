"""How an error record looks when it is output as an object (`$Error[0]`, `$_` in `catch`).

pwsh 7 shows such a record in its concise view, one line: ``nosuch: The term 'nosuch' is not
recognized ...``, ``Write-Error: bad``, ``Exception: boom`` for a `throw`.  `| Format-List *`
lists its properties the way pwsh does (Exception, TargetObject, CategoryInfo,
FullyQualifiedErrorId, InvocationInfo, ScriptStackTrace).
"""
from __future__ import annotations

from gshell.runtime.errors import EXCEPTION_NAMESPACES, ErrorRecord

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any


def concise(rec: ErrorRecord) -> str:
    """The one-line view: the command (or the unknown term) that failed, else the exception's
    kind, then the message."""
    if rec.exception_type == "CommandNotFoundException" and rec.target is not None:
        prefix = str(rec.target)
    elif rec.command_name:
        prefix = rec.command_name
    elif rec.exception_type == "RuntimeException" and rec.category == "OperationStopped":
        prefix = "Exception"      # `throw 'text'`
    else:
        prefix = rec.exception_type
    message = rec.message
    if message.startswith(prefix + ": "):
        return message
    return f"{prefix}: {message}"


def _type_of(value: Any) -> str:
    from gshell.runtime.conversions import type_name
    return type_name(value)


def detailed(rec: ErrorRecord) -> list[tuple[str, Any]]:
    """The properties `Format-List *` shows, with pwsh's text for each."""
    namespace = EXCEPTION_NAMESPACES.get(rec.exception_type, "System")
    target = rec.target
    target_text = "" if target is None else str(target)
    category = (f"{rec.category}: ({target_text}:{_type_of(target) if target is not None else ''}) "
                f"[{rec.command_name}], {rec.exception_type}")
    where = f"{rec.script_name or '<No file>'}: line {rec.line}" if rec.line else "<No file>"
    return [
        ("Exception", f"{namespace}.{rec.exception_type}: {rec.message}"),
        ("TargetObject", target),
        ("CategoryInfo", category),
        ("FullyQualifiedErrorId", rec.error_id),
        ("InvocationInfo", "System.Management.Automation.InvocationInfo"),
        ("ScriptStackTrace", f"at <ScriptBlock>, {where}"),
        ("PipelineIterationInfo", []),
        ("PSMessageDetails", None),
    ]
