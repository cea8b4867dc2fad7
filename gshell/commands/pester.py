"""Pester's `Should` assertions, with Pester 5's failure messages (Describe / Context / It
and the setup blocks are in ``pester_run``).

`$actual | Should -<Operator> [expected]`: the operators that take a whole collection (-Be,
-BeExactly, -BeNullOrEmpty, -Contain, -HaveCount) see every piped value at once; the others
check each piped value in turn.  A failed assertion is a terminating error: it ends the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from gshell.commands._common import E, P, S, is_scriptblock, resolve_path, to_bool, to_str, wildcard_match
from gshell.runtime.errors import PSError, not_supported
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import CIDict, Hashtable, Record

MODULE = "gshell.Pester"


def pester_repr(v: Any) -> str:
    """Values as Pester prints them in messages (Format-Nicely): 'text', 1, $null, $true,
    @(1, 2), @{a=1; b=2}, PSObject{a=1}, [string]."""
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
    if isinstance(v, Record):
        return "PSObject{" + "; ".join(f"{k}={pester_repr(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (Hashtable, CIDict)):
        keys = sorted(v.keys(), key=lambda k: to_str(k).casefold())
        return "@{" + "; ".join(f"{k}={pester_repr(v[k])}" for k in keys) + "}"
    if is_scriptblock(v):
        return "{" + str(getattr(v, "text", "")) + "}"
    return to_str(v)


class ShouldFailure(PSError):
    """A failed assertion: Pester throws it, so it is script-terminating (it ends the test)."""

    script_terminating = True

    def __init__(self, message: str) -> None:
        super().__init__(message, category="InvalidResult", exception_type="Exception",
                         error_id="PesterAssertionFailed")


def because(args: Any) -> str:
    """Format-Because: ' because <why>,' (the final dot dropped), or nothing."""
    if args.Because is None:
        return ""
    why = to_str(args.Because).strip()
    return f" because {why[:-1] if why.endswith('.') else why},"


def _null_or_empty(items: list[Any]) -> bool:
    return not items or (len(items) == 1 and items[0] is None)


def _equal(actual: Any, expected: Any, cs: bool) -> bool:
    """Pester's ArraysAreEqual: both $null/empty, or the same count and each pair equal
    (`expected -eq actual`, nested arrays compared the same way)."""
    from gshell.runtime.conversions import equals
    a = list(actual) if isinstance(actual, (list, tuple)) else [actual]
    b = list(expected) if isinstance(expected, (list, tuple)) else [expected]
    if _null_or_empty(a) or _null_or_empty(b):
        return _null_or_empty(a) and _null_or_empty(b)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if isinstance(x, (list, tuple)) or isinstance(y, (list, tuple)):
            if not _equal(x, y, cs):
                return False
        elif y is None or x is None:
            if x is not y:
                return False
        elif not equals(y, x, cs):
            return False
    return True


def _unroll(v: Any) -> Any:
    return v[0] if isinstance(v, (list, tuple)) and len(v) == 1 else v


def string_difference(expected: str, actual: str, why: str, cs: bool) -> str:
    """Pester's message when two strings differ: lengths, the index, and a marker."""
    index = next((i for i in range(max(len(expected), len(actual)))
                  if i >= len(expected) or i >= len(actual)
                  or (expected[i] != actual[i] if cs else expected[i].casefold() != actual[i].casefold())), 0)
    lines = [f"Expected strings to be the same,{why} but they were different."]
    if len(expected) != len(actual):
        lines += [f"Expected length: {len(expected)}", f"Actual length:   {len(actual)}"]
    else:
        lines.append(f"String lengths are both {len(expected)}.")
    lines.append(f"Strings differ at index {index}.")

    def shown(s: str) -> str:
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    lines += [f"Expected: '{shown(expected)}'", f"But was:  '{shown(actual)}'", " " * 11 + "-" * index + "^"]
    return "\n".join(lines)


# -- the operators: (actual, expected, args, negated, inv) -> (holds?, failure message) -------------

Check = Callable[[Any, Any, Any, bool, Invocation], tuple[bool, str]]


def _be(cs: bool) -> Check:
    def check(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
        ok = _equal(actual, expected, cs)
        e, a, why = _unroll(expected), _unroll(actual), because(args)
        if neg:
            same = "exactly the same" if cs else "the same"
            return ok, (f"Expected {pester_repr(expected)} to be different from the actual value,{why} but got "
                        f"{same} value.")
        if isinstance(e, str) and isinstance(a, str):
            return ok, string_difference(e, a, why, cs)
        exactly = "exactly " if cs else ""
        return ok, f"Expected {exactly}{pester_repr(e)},{why} but got {pester_repr(a)}."
    return check


def _like(cs: bool) -> Check:
    def check(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
        ok = actual is not None and wildcard_match(to_str(actual), to_str(expected), cs)
        kind = "case sensitive like wildcard" if cs else "like wildcard"
        verb = "not match" if neg else "match"
        return ok, (f"Expected {kind} {pester_repr(expected)} to {verb} {pester_repr(actual)},{because(args)} "
                    f"but it did {'' if neg else 'not '}match.")
    return check


def _match(cs: bool) -> Check:
    def check(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
        from gshell.runtime.regex import compile_regex
        ok = actual is not None and compile_regex(to_str(expected), cs).search(to_str(actual)) is not None
        verb = ("not " if neg else "") + ("case sensitively " if cs else "") + "match"
        return ok, (f"Expected regular expression {pester_repr(expected)} to {verb} {pester_repr(actual)},"
                    f"{because(args)} but it did {'' if neg else 'not '}match.")
    return check


def _null_or_empty_check(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
    items = list(actual) if isinstance(actual, (list, tuple)) else [actual]
    if _null_or_empty(items) or not items:
        ok = True
    elif len(items) == 1:
        v = items[0]
        ok = len(v) == 0 if isinstance(v, CIDict) else v == ""
    else:
        ok = False
    if neg:
        return ok, f"Expected a value,{because(args)} but got $null or empty."
    return ok, f"Expected $null or empty,{because(args)} but got {pester_repr(actual)}."


_ORDER = {"BeGreaterThan": ("gt", "greater than", "less than or equal to"),
          "BeLessThan": ("lt", "less than", "greater than or equal to"),
          "BeGreaterOrEqual": ("ge", "greater than or equal to", "less than"),
          "BeLessOrEqual": ("le", "less than or equal to", "greater than")}


def _ordered(op: str) -> Check:
    cmp, words, opposite = _ORDER[op]

    def check(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
        from gshell.runtime.conversions import compare
        try:
            ok = compare(actual, expected, cmp)
        except PSError:
            ok = False
        return ok, (f"Expected the actual value to be {opposite if neg else words} {pester_repr(expected)},"
                    f"{because(args)} but got {pester_repr(actual)}.")
    return check


def _contain(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
    from gshell.runtime.operators import contains
    items = list(actual) if isinstance(actual, (list, tuple)) else [] if actual is None else [actual]
    ok = contains(items, expected, False)
    return ok, (f"Expected {pester_repr(expected)} to {'not ' if neg else ''}be found in collection "
                f"{pester_repr(items)},{because(args)} but it was {'' if neg else 'not '}found.")


def _be_in(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
    from gshell.runtime.operators import contains
    ok = contains(expected, actual, False)
    return ok, (f"Expected collection {pester_repr(expected)} to {'not ' if neg else ''}contain {pester_repr(actual)},"
                f"{because(args)} but it was {'' if neg else 'not '}found.")


def _short(full: str) -> str:
    """Pester's type labels: the .NET full name without 'System.' ([Int32], [Collections.Hashtable])."""
    return "[" + (full[7:] if full.startswith("System.") else full) + "]"


def _of_type(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
    from gshell.runtime.casts import is_instance
    from gshell.runtime.conversions import full_type_name
    from gshell.runtime.members import get_member
    from gshell.runtime.operators import TypeValue
    tname = to_str(getattr(expected, "name", expected)).strip().strip("[]")
    try:
        label = _short(to_str(get_member(TypeValue(tname), "FullName")))
    except PSError:
        label = f"[{tname}]"
    ok = actual is not None and is_instance(actual, tname)
    shown_type = _short(full_type_name(actual)) if actual is not None else "[null]"
    return ok, (f"Expected the value to {'not ' if neg else ''}have type {label} or any of its subtypes,"
                f"{because(args)} but got {pester_repr(actual)} with type {shown_type}.")


def _have_count(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
    from gshell.runtime.conversions import to_number
    items = list(actual) if isinstance(actual, (list, tuple)) else [] if actual is None else [actual]
    want = int(to_number(expected))
    count = len(items)
    ok = count == want
    if neg:
        expect = "Expected a non-empty collection" if want == 0 else \
            f"Expected a collection with size different from {want}"
        but = f"but got collection with that size {pester_repr(items)}." if count else "but got an empty collection."
    else:
        expect = "Expected an empty collection" if want == 0 else f"Expected a collection with size {want}"
        but = f"but got collection with size {count} {pester_repr(items)}." if count else \
            "but got an empty collection."
    return ok, f"{expect},{because(args)} {but}"


def _exist(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
    ok = actual is not None and os.path.exists(resolve_path(inv, to_str(actual)))
    return ok, (f"Expected path {pester_repr(actual)} to {'not ' if neg else ''}exist,{because(args)} but it did "
                f"{'' if neg else 'not '}exist.")


def _file_content(cs: bool, multiline: bool) -> Check:
    def check(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
        from gshell.runtime.regex import compile_regex
        path = resolve_path(inv, to_str(actual))
        try:
            with open(path, encoding="utf-8-sig", errors="replace") as fh:
                text = fh.read()
        except OSError as exc:
            raise PSError(f"Cannot find path '{path}' because it does not exist.", category="ObjectNotFound",
                          exception_type="ItemNotFoundException") from exc
        rx = compile_regex(to_str(expected), cs)
        ok = rx.search(text) is not None if multiline else any(rx.search(line) for line in text.splitlines())
        exactly = " exactly" if cs else ""
        return ok, (f"Expected {pester_repr(expected)} to {'not ' if neg else ''}be{exactly} found in file "
                    f"'{to_str(actual)}',{because(args)} but it was {'' if neg else 'not '}found.")
    return check


def _truth(want: bool) -> Check:
    def check(actual: Any, expected: Any, args: Any, neg: bool, inv: Invocation) -> tuple[bool, str]:
        ok = to_bool(actual) == want
        shown = "$true" if want != neg else "$false"
        return ok, f"Expected {shown},{because(args)} but got {pester_repr(actual)}."
    return check


#: name -> (takes the whole piped collection?, check)
OPERATORS: dict[str, tuple[bool, Check]] = {
    "Be": (True, _be(False)), "BeExactly": (True, _be(True)),
    "BeLike": (False, _like(False)), "BeLikeExactly": (False, _like(True)),
    "Match": (False, _match(False)), "MatchExactly": (False, _match(True)),
    "BeNullOrEmpty": (True, _null_or_empty_check),
    **{op: (False, _ordered(op)) for op in _ORDER},
    "Contain": (True, _contain), "BeIn": (False, _be_in), "BeOfType": (False, _of_type),
    "HaveCount": (True, _have_count), "Exist": (False, _exist),
    "FileContentMatch": (False, _file_content(False, False)),
    "FileContentMatchExactly": (False, _file_content(True, False)),
    "FileContentMatchMultiline": (False, _file_content(False, True)),
    "FileContentMatchMultilineExactly": (False, _file_content(True, True)),
    "BeTrue": (False, _truth(True)), "BeFalse": (False, _truth(False)),
}
#: Pester's other names for operators.
ALIASES = {"EQ": "Be", "CEQ": "BeExactly", "GT": "BeGreaterThan", "LT": "BeLessThan", "GE": "BeGreaterOrEqual",
           "LE": "BeLessOrEqual", "HaveType": "BeOfType", "CMATCH": "MatchExactly"}
#: Operators gshell refuses (mocking).
REFUSED = ("Invoke", "InvokeVerifiable", "HaveParameter")


@command(
    "Should",
    module=MODULE,
    synopsis="Pester assertion: fails (a terminating error) when the piped value does not match.",
    description=("`$actual | Should -Be $expected` (and -BeExactly, -BeLike, -BeLikeExactly, -Match, -MatchExactly, "
                 "-BeNullOrEmpty, -BeGreaterThan, -BeLessThan, -BeGreaterOrEqual, -BeLessOrEqual, -Contain, "
                 "-BeIn, -BeOfType, -HaveCount, -Exist, -FileContentMatch[Exactly|Multiline], -BeTrue, -BeFalse, "
                 "-Throw); -Not inverts, -Because explains.  Messages follow Pester 5: \"Expected 2, but got 1.\"  "
                 "For -Throw pipe a script block; -ExpectedMessage is a wildcard pattern.  -Invoke (mocking) is "
                 "not supported."),
    params=[
        P("ActualValue", "object", from_pipeline=True, help="The value tested (piped)."),
        P("ExpectedValue", "object", 0, aliases=("Expected", "ExpectedMessage", "ExpectedType", "ExpectedContent",
                                                  "RegularExpression"),
          help="What the value is compared with."),
        P("Because", "string", 1, help="Why: added to the failure message."),
        S("Not", help="Inverts the assertion."),
        *[S(op, help=f"Assertion -{op}.") for op in OPERATORS],
        *[S(alias, help=f"Pester's other name for -{op}.") for alias, op in ALIASES.items()],
        S("Throw", help="The piped script block must throw."),
        *[S(op, help="Not supported in gshell (Pester's mocking).") for op in REFUSED],
        P("ExceptionType", "object", help="With -Throw: the expected exception type."),
        P("ErrorId", "string", help="With -Throw: the expected FullyQualifiedErrorId (wildcards)."),
        P("CommandName", "string", help="With -Invoke: not supported."),
        P("Times", "int", help="With -Invoke: not supported."),
        P("PassThru", "switch", help="With -Throw: outputs the error record."),
    ],
    common=False,
    examples=[
        E("1 + 1 | Should -Be 2", "Passes."),
        E("'hello' | Should -BeLike 'h*'", "Passes."),
        E("{ throw 'boom' } | Should -Throw 'boom'", "Passes: the block throws that message."),
        E("$null | Should -Not -BeNullOrEmpty", "Fails: Expected a value, but got $null or empty."),
    ],
)
def should(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    items = list(inv.input) if inv.expecting_input else ([args.ActualValue] if "ActualValue" in args else [])
    chosen = [op for op in (*OPERATORS, *ALIASES, "Throw", *REFUSED) if to_bool(args[op])]
    if not chosen and to_str(args.ExpectedValue).lstrip("-").casefold() in {
            o.casefold() for o in (*OPERATORS, *ALIASES, "Throw", "Not")}:
        raise inv.fail("Legacy Should syntax (without dashes) is not supported in Pester 5: write "
                       f"Should -{to_str(args.ExpectedValue)} ...", category="InvalidArgument")
    if len(chosen) != 1:
        raise inv.fail("Should: give exactly one assertion operator such as -Be or -BeLike.",
                       category="InvalidArgument")
    op = ALIASES.get(chosen[0], chosen[0])
    if op in REFUSED:
        raise not_supported(f"Should -{op} (Pester mocking)", "gshell cannot mock commands")
    negated = to_bool(args.Not)
    expected = args.ExpectedValue
    if op == "Throw":
        block = items[0] if len(items) == 1 else None
        record = should_throw(inv, block, expected, args, negated)
        if record is not None and to_bool(args.PassThru):
            yield record
        return
    whole, check = OPERATORS[op]
    subjects = [None if not items else items[0] if len(items) == 1 else items] if whole else (items or [None])
    for actual in subjects:
        ok, message = check(actual, expected, args, negated, inv)
        if ok == negated:
            raise ShouldFailure(message)
    return
    yield


def _join_and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def should_throw(inv: Invocation, block: Any, expected: Any, args: Any, negated: bool) -> Any:
    if not is_scriptblock(block):
        raise PSError("Input is missing or not a ScriptBlock. Input to '-Throw' and '-Not -Throw' must be enclosed "
                      "in curly braces.", category="InvalidArgument", exception_type="ArgumentException")
    error: PSError | None = None
    runtime: Any = inv.runtime
    runtime.try_depth += 1
    try:
        inv.invoke(block)
    except ShouldFailure as exc:
        error = exc
    except PSError as exc:
        error = exc
    finally:
        runtime.try_depth -= 1
    why = because(args)
    if negated:
        if error is not None:
            raise ShouldFailure(f"Expected no exception to be thrown,{why} but an exception \"{error.message}\" was "
                                "thrown.")
        return None
    filters: list[str] = []
    buts: list[str] = []
    if args.ExceptionType is not None:
        tname = to_str(getattr(args.ExceptionType, "name", args.ExceptionType)).strip("[]")
        filters.append(f"type [{tname}]")
        if error is not None and not error.record.matches_type(tname):
            buts.append(f"the exception type was [{error.record.exception_type}]")
    if expected is not None and to_str(expected).strip():
        filters.append(f"message like {pester_repr(to_str(expected))}")
        if error is not None and not wildcard_match(error.message, to_str(expected)):
            buts.append(f"the message was {pester_repr(error.message)}")
    if args.ErrorId is not None and to_str(args.ErrorId).strip():
        filters.append(f"FullyQualifiedErrorId {pester_repr(to_str(args.ErrorId))}")
        if error is not None and not wildcard_match(error.record.error_id, to_str(args.ErrorId)):
            buts.append(f"the FullyQualifiedErrorId was {pester_repr(error.record.error_id)}")
    if error is None:
        buts.append("no exception was thrown")
    if buts:
        with_filter = f" with {_join_and(filters)}" if filters else ""
        raise ShouldFailure(f"Expected an exception{with_filter} to be thrown,{why} but {_join_and(buts)}.")
    assert error is not None
    return error.record
