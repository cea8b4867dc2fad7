"""$ErrorView = 'DetailedView' (pwsh 7.5): the record listed as Get-Error lists it."""
from __future__ import annotations

from gshell.commands import builtin_registry
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter


def _errors_of(text: str) -> str:
    interp = Interpreter(builtin_registry(), host=CaptureHost(width=120))
    interp.run_text(text)
    return "\n".join(line.rstrip() for line in interp.host.err.rstrip("\n").split("\n"))


def test_detailed_view_lists_the_wrapped_exception_and_the_call_frames() -> None:
    assert _errors_of("$ErrorView = 'DetailedView'\nfunction f {\n  1/0\n}\nf") == """\
Exception             :
    Type           : System.Management.Automation.RuntimeException
    Message        : Attempted to divide by zero.
    InnerException :
        Type    : System.DivideByZeroException
        Message : Attempted to divide by zero.
        HResult : -2147352558
    HResult        : -2146233087
CategoryInfo          : NotSpecified: (:) [], RuntimeException
FullyQualifiedErrorId : RuntimeException
InvocationInfo        :
    ScriptLineNumber : 3
    OffsetInLine     : 3
    Line             :   1/0
    PositionMessage  : At line:3 char:3
                       +   1/0
                       +   ~~~
ScriptStackTrace      : at f, <No file>: line 3
                        at <ScriptBlock>, <No file>: line 5"""


def test_detailed_view_of_write_error_in_a_function_names_the_function() -> None:
    text = _errors_of("$ErrorView = 'DetailedView'\nfunction g { Write-Error 'we' -TargetObject 42 }\ng")
    assert "TargetObject          : 42" in text
    assert "FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException,g" in text
    assert "CategoryInfo          : NotSpecified: (42:Int32) [Write-Error], WriteErrorException" in text
    assert "    MyCommand        : g\n    ScriptLineNumber : 3\n" in text
    assert text.endswith("ScriptStackTrace      : at g, <No file>: line 2\n"
                         "                        at <ScriptBlock>, <No file>: line 3")


def test_the_other_views_are_unchanged() -> None:
    assert _errors_of("$ErrorView = 'CategoryView'; 1/0") == "NotSpecified: (:) [], RuntimeException"
    assert _errors_of("function f { Write-Error 'in f' }; f") == "f: in f"
