"""Pester's `Should` assertions (Describe / Context / It and the setup blocks are in
``pester_run``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from gshell.commands._common import E, P, S, is_scriptblock, resolve_path, to_bool, to_str, wildcard_match
from gshell.runtime.errors import PSError
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import CIDict

MODULE = "gshell.Pester"


# =========================================================================================
# Should
# =========================================================================================


def pester_repr(v: Any) -> str:
    """Values as Pester prints them in messages: 'text', 1, $null, $true, @(1, 2)."""
    if v is None:
        return "$null"
    if isinstance(v, bool):
        return "$true" if v else "$false"
    if isinstance(v, (int, float, Decimal)):
        return to_str(v)
    if isinstance(v, str):
        return f"'{v}'"
    if isinstance(v, (list, tuple)):
        return "@(" + ", ".join(pester_repr(x) for x in v) + ")"
    if is_scriptblock(v):
        return "{" + str(getattr(v, "text", "")) + "}"
    return to_str(v)


class ShouldFailure(PSError):
    """A failed assertion: Pester throws it, so it is script-terminating (it ends the test)."""

    script_terminating = True

    def __init__(self, message: str) -> None:
        super().__init__(message, category="InvalidResult", exception_type="Exception",
                         error_id="PesterAssertionFailed")


def _equal(a: Any, b: Any, case_sensitive: bool) -> bool:
    from gshell.runtime.conversions import equals
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        la = list(a) if isinstance(a, (list, tuple)) else [a]
        lb = list(b) if isinstance(b, (list, tuple)) else [b]
        return len(la) == len(lb) and all(_equal(x, y, case_sensitive) for x, y in zip(la, lb, strict=False))
    if a is None or b is None:
        return a is None and b is None
    if isinstance(b, str) and not isinstance(a, str):
        return equals(b, a, case_sensitive)
    return equals(a, b, case_sensitive)


def _because(args: Any) -> str:
    return f" because {to_str(args.Because)}," if args.Because is not None else ""


def _message(expected: str, actual: Any, args: Any, negated: bool, verb: str = "") -> str:
    """'Expected 1, but got 2.' / 'Expected 'a*' to be like ..., but got 'b'.'"""
    neg = "not " if negated else ""
    text = f"Expected {neg}{verb}{expected},{_because(args)} but got {pester_repr(actual)}."
    return text.replace(",,", ",")


def _number(v: Any) -> Any:
    from gshell.runtime.conversions import to_number
    return to_number(v)


def _ordered(actual: Any, expected: Any, op: str) -> bool:
    from gshell.runtime.conversions import compare
    return compare(actual, expected, op)


_OPERATORS = ("Be", "BeExactly", "BeLike", "BeLikeExactly", "Match", "MatchExactly", "BeNullOrEmpty",
              "BeGreaterThan", "BeLessThan", "BeGreaterOrEqual", "BeLessOrEqual", "Contain", "BeIn", "BeOfType",
              "HaveCount", "Exist", "Throw", "BeTrue", "BeFalse")


@command(
    "Should",
    module=MODULE,
    synopsis="Pester assertion: fails (a terminating error) when the piped value does not match.",
    description=("`$actual | Should -Be $expected` (and -BeExactly, -BeLike, -BeLikeExactly, -Match, "
                 "-BeNullOrEmpty, -BeGreaterThan, -BeLessThan, -BeGreaterOrEqual, -BeLessOrEqual, -Contain, "
                 "-BeIn, -BeOfType, -HaveCount, -Exist, -BeTrue, -BeFalse, -Throw); -Not inverts.  Messages "
                 "follow Pester: \"Expected 'x', but got 'y'.\"  For -Throw pipe a script block; the optional "
                 "expected message is matched as a wildcard."),
    params=[
        P("ActualValue", "object", from_pipeline=True, help="The value tested (piped)."),
        P("ExpectedValue", "object", 0, aliases=("Expected", "ExpectedMessage", "ExpectedType"),
          help="What the value is compared with."),
        P("Because", "string", 1, help="Why: added to the failure message."),
        S("Not", help="Inverts the assertion."),
        *[S(op, help=f"Assertion -{op}.") for op in _OPERATORS],
        P("ExceptionType", "string", help="With -Throw: the expected exception type."),
        P("ErrorId", "string", help="With -Throw: the expected FullyQualifiedErrorId (wildcards)."),
        P("PassThru", "switch", help="With -Throw: outputs the error record."),
    ],
    common=False,
    examples=[
        E("1 + 1 | Should -Be 2", "Passes."),
        E("'hello' | Should -BeLike 'h*'", "Passes."),
        E("{ throw 'boom' } | Should -Throw 'boom'", "Passes: the block throws that message."),
        E("$null | Should -Not -BeNullOrEmpty", "Fails: Expected a value, but got $null."),
    ],
)
def should(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    items = list(inv.input) if inv.expecting_input else ([args.ActualValue] if "ActualValue" in args else [])
    actual: Any = None if not items else items[0] if len(items) == 1 else items
    ops = [op for op in _OPERATORS if to_bool(args[op])]
    if len(ops) != 1:
        raise inv.fail("Should: give exactly one assertion operator such as -Be or -BeLike.",
                       category="InvalidArgument")
    op = ops[0]
    negated = to_bool(args.Not)
    expected = args.ExpectedValue
    if op == "Throw":
        record = _should_throw(inv, actual, expected, args, negated)
        if record is not None and to_bool(args.PassThru):
            yield record
        return
    ok, message = _check(op, actual, items, expected, args, negated, inv)
    if ok == negated:
        raise ShouldFailure(message)
    return
    yield


def _check(op: str, actual: Any, items: list[Any], expected: Any, args: Any, negated: bool,
           inv: Invocation) -> tuple[bool, str]:
    """(assertion holds?, failure message)."""
    e = pester_repr(expected)
    if op in ("Be", "BeExactly"):
        cs = op == "BeExactly"
        ok = _equal(actual, expected, cs)
        if not negated and isinstance(actual, str) and isinstance(expected, str):
            return ok, _string_difference(expected, actual, args, cs)
        return ok, (_message(e, actual, args, negated, "exactly " if cs else "") if not negated else
                    f"Expected {'exactly ' if cs else ''}{e} to be different from the actual value,"
                    f"{_because(args)} but got the same value.".replace(",,", ","))
    if op in ("BeLike", "BeLikeExactly"):
        ok = wildcard_match(to_str(actual), to_str(expected), op == "BeLikeExactly")
        verb = "like " if op == "BeLike" else "like exactly "
        return ok, _message(e, actual, args, negated, verb)
    if op in ("Match", "MatchExactly"):
        from gshell.runtime.regex import compile_regex
        ok = compile_regex(to_str(expected), op == "MatchExactly").search(to_str(actual)) is not None
        return ok, (f"Expected regular expression {e} to {'not ' if negated else ''}match "
                    f"{pester_repr(actual)},{_because(args)} but it did {'' if negated else 'not '}match."
                    ).replace(",,", ",")
    if op == "BeNullOrEmpty":
        ok = actual is None or actual == "" or (isinstance(actual, (list, tuple)) and len(actual) == 0) or (
            isinstance(actual, CIDict) and len(actual) == 0)
        if negated:
            shown = pester_repr(actual) if actual != [] else "@()"
            return ok, f"Expected a value,{_because(args)} but got {shown}.".replace(",,", ",")
        return ok, f"Expected $null or empty,{_because(args)} but got {pester_repr(actual)}.".replace(",,", ",")
    if op in ("BeGreaterThan", "BeLessThan", "BeGreaterOrEqual", "BeLessOrEqual"):
        cmp = {"BeGreaterThan": "gt", "BeLessThan": "lt", "BeGreaterOrEqual": "ge", "BeLessOrEqual": "le"}[op]
        words = {"gt": "greater than", "lt": "less than", "ge": "greater than or equal to",
                 "le": "less than or equal to"}[cmp]
        try:
            ok = _ordered(actual, expected, cmp)
        except PSError:
            ok = False
        return ok, (f"Expected the actual value to be {'not ' if negated else ''}{words} {e},{_because(args)} "
                    f"but got {pester_repr(actual)}.").replace(",,", ",")
    if op == "Contain":
        from gshell.runtime.operators import contains
        ok = contains(items, expected, False)
        return ok, (f"Expected {e} to {'not ' if negated else ''}be found in collection {pester_repr(items)},"
                    f"{_because(args)} but it was {'' if negated else 'not '}found.").replace(",,", ",")
    if op == "BeIn":
        from gshell.runtime.operators import contains
        ok = contains(expected, actual, False)
        return ok, (f"Expected collection {e} to {'not ' if negated else ''}contain {pester_repr(actual)},"
                    f"{_because(args)} but it was {'' if negated else 'not '}found.").replace(",,", ",")
    if op == "BeOfType":
        from gshell.runtime.casts import is_instance
        from gshell.runtime.conversions import type_name
        tname = to_str(expected).strip("[]")
        ok = actual is not None and is_instance(actual, tname)
        return ok, (f"Expected the value to {'not ' if negated else ''}have type [{tname}] or any of its subtypes,"
                    f"{_because(args)} but got {pester_repr(actual)} with type [{type_name(actual)}]."
                    ).replace(",,", ",")
    if op == "HaveCount":
        count = len(items)
        ok = count == int(_number(expected))
        return ok, (f"Expected a collection with size {to_str(expected)},{_because(args)} but got collection with "
                    f"size {count} {pester_repr(items)}." if not negated else
                    f"Expected a collection with size different from {to_str(expected)},{_because(args)} but got "
                    f"collection with that size {pester_repr(items)}.").replace(",,", ",")
    if op == "Exist":
        ok = os.path.exists(resolve_path(inv, to_str(actual)))
        return ok, f"Expected path {pester_repr(actual)} to {'not ' if negated else ''}exist,{_because(args)} but it " \
            f"did {'' if negated else 'not '}exist.".replace(",,", ",")
    if op in ("BeTrue", "BeFalse"):
        want = op == "BeTrue"
        ok = to_bool(actual) == want
        expected = "$true" if want else "$false"
        return ok, f"Expected {expected},{_because(args)} but got {pester_repr(actual)}.".replace(",,", ",")
    raise PSError(f"Should: unknown operator -{op}", category="InvalidArgument")


def _string_difference(expected: str, actual: str, args: Any, cs: bool) -> str:
    exactly = "exactly " if cs else ""
    return (f"Expected {exactly}{pester_repr(expected)},{_because(args)} but got {pester_repr(actual)}."
            .replace(",,", ","))


def _should_throw(inv: Invocation, block: Any, expected: Any, args: Any, negated: bool) -> Any:
    if not is_scriptblock(block):
        raise inv.fail("Should -Throw: pipe a script block, e.g. { Do-Something } | Should -Throw.",
                       category="InvalidArgument")
    error: PSError | None = None
    try:
        inv.invoke(block)
    except PSError as exc:
        error = exc
    if negated:
        if error is not None:
            raise ShouldFailure(f"Expected no exception to be thrown,{_because(args)} but an exception "
                                f"\"{error.message}\" was thrown.".replace(",,", ","))
        return None
    if error is None:
        want = f" with message {pester_repr(to_str(expected))}" if expected is not None else ""
        raise ShouldFailure(f"Expected an exception{want} to be thrown,{_because(args)} but no exception was thrown."
                            .replace(",,", ","))
    if expected is not None and not wildcard_match(error.message, to_str(expected)) \
            and to_str(expected) not in error.message:
        raise ShouldFailure(f"Expected an exception with message like {pester_repr(to_str(expected))} to be thrown,"
                            f"{_because(args)} but the message was {pester_repr(error.message)}.".replace(",,", ","))
    if args.ExceptionType is not None and not error.record.matches_type(to_str(args.ExceptionType)):
        raise ShouldFailure(f"Expected an exception of type [{to_str(args.ExceptionType)}] to be thrown,"
                            f"{_because(args)} but got [{error.record.exception_type}].".replace(",,", ","))
    if args.ErrorId is not None and not wildcard_match(error.record.error_id, to_str(args.ErrorId)):
        raise ShouldFailure(f"Expected an exception with FullyQualifiedErrorId {pester_repr(to_str(args.ErrorId))} to "
                            f"be thrown, but got {pester_repr(error.record.error_id)}.")
    return error.record
