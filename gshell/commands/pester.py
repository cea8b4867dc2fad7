"""A small Pester: `Should` assertions and Describe / Context / It blocks (with BeforeAll,
BeforeEach, AfterEach, AfterAll) that print `[+] name` / `[-] name` and a summary."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from gshell.commands._common import E, P, S, is_scriptblock, resolve_path, to_bool, to_str, wildcard_match
from gshell.runtime.errors import PSError
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import CIDict
from gshell.structs import Struct, field

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
    """A failed assertion (a terminating error, like Pester's)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, category="InvalidResult", exception_type="Exception", error_id="PesterAssertionFailed")


def _equal(a: Any, b: Any, case_sensitive: bool) -> bool:
    from gshell.runtime.conversions import equals
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        la = list(a) if isinstance(a, (list, tuple)) else [a]
        lb = list(b) if isinstance(b, (list, tuple)) else [b]
        return len(la) == len(lb) and all(_equal(x, y, case_sensitive) for x, y in zip(la, lb))
    if a is None or b is None:
        return a is None and b is None
    return equals(b, a, case_sensitive) if isinstance(b, str) and not isinstance(a, str) else equals(a, b, case_sensitive)


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
        raise inv.fail("Should: give exactly one assertion operator such as -Be or -BeLike.", category="InvalidArgument")
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
                    f"{pester_repr(actual)},{_because(args)} but it did {'' if negated else 'not '}match.").replace(",,", ",")
    if op == "BeNullOrEmpty":
        ok = actual is None or actual == "" or (isinstance(actual, (list, tuple)) and len(actual) == 0) or (
            isinstance(actual, CIDict) and len(actual) == 0)
        if negated:
            return ok, f"Expected a value,{_because(args)} but got {pester_repr(actual) if actual != [] else '@()'}.".replace(",,", ",")
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
                    f"{_because(args)} but got {pester_repr(actual)} with type [{type_name(actual)}].").replace(",,", ",")
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
        return ok, f"Expected {'$true' if want else '$false'},{_because(args)} but got {pester_repr(actual)}.".replace(",,", ",")
    raise PSError(f"Should: unknown operator -{op}", category="InvalidArgument")


def _string_difference(expected: str, actual: str, args: Any, cs: bool) -> str:
    return f"Expected {'exactly ' if cs else ''}{pester_repr(expected)},{_because(args)} but got {pester_repr(actual)}.".replace(",,", ",")


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


# =========================================================================================
# Describe / Context / It
# =========================================================================================


class _Block(Struct, slots=False):
    name: str
    before_each: list[Any] = field(default_factory=list)
    after_each: list[Any] = field(default_factory=list)
    after_all: list[Any] = field(default_factory=list)


class _Run(Struct, slots=False):
    stack: list[_Block] = field(default_factory=list)
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.monotonic)


_RUNS: dict[int, _Run] = {}


def _run_of(inv: Invocation) -> _Run:
    key = id(getattr(inv, "runtime", None))
    if key not in _RUNS:
        _RUNS[key] = _Run()
    return _RUNS[key]


def _indent(run: _Run) -> str:
    return "  " * max(len(run.stack) - 1, 0)


def _container(inv: Invocation, label: str) -> Iterator[Any]:
    args = inv.args
    name = to_str(args.Name)
    body = args.Fixture
    if not is_scriptblock(body):
        raise inv.fail(f"{inv.command.name}: give a name and a script block: {inv.command.name} 'name' {{ ... }}.",
                       category="InvalidArgument")
    run = _run_of(inv)
    outermost = not run.stack
    if outermost:
        run.passed = run.failed = run.skipped = 0
        run.started = time.monotonic()
    run.stack.append(_Block(name))
    inv.write_host(f"{_indent(run)}{label} {name}", color="Green" if label == "Describing" else "Cyan")
    try:
        yield from inv.invoke_iter(body)
    except PSError as exc:
        run.failed += 1
        inv.write_host(f"{_indent(run)}[-] {label} {name} failed: {exc.message}", color="Red")
    finally:
        block = run.stack.pop()
        for b in block.after_all:
            _safe(inv, b)
        if outermost:
            elapsed = time.monotonic() - run.started
            inv.write_host(f"Tests completed in {elapsed:.2f}s")
            inv.write_host(f"Tests Passed: {run.passed}, Failed: {run.failed}, Skipped: {run.skipped}",
                           color="Red" if run.failed else "Green")


def _safe(inv: Invocation, block: Any) -> None:
    try:
        inv.invoke(block)
    except PSError as exc:
        inv.write_host(f"  cleanup failed: {exc.message}", color="Red")


_CONTAINER_PARAMS = [
    P("Name", "string", 0, mandatory=True, help="The name of the group of tests."),
    P("Fixture", "scriptblock", 1, mandatory=True, help="The block holding the tests (It, Context, BeforeAll...)."),
    P("Tag", "string[]", aliases=("Tags",), help="Accepted for compatibility."),
]


@command("Describe", module=MODULE, params=_CONTAINER_PARAMS, common=False,
         synopsis="Pester: a named group of tests; prints a summary at the end of the outermost Describe.",
         examples=[E("Describe 'math' { It 'adds' { 1 + 1 | Should -Be 2 } }", "Prints [+] adds and the summary.")])
def describe(inv: Invocation) -> Iterator[Any]:
    yield from _container(inv, "Describing")


@command("Context", module=MODULE, params=_CONTAINER_PARAMS, common=False,
         synopsis="Pester: a named sub-group of tests inside Describe.",
         examples=[E("Context 'strings' { It 'upper' { 'a'.ToUpper() | Should -BeExactly 'A' } }", "A nested group.")])
def context(inv: Invocation) -> Iterator[Any]:
    yield from _container(inv, "Context")


@command(
    "It",
    module=MODULE,
    common=False,
    synopsis="Pester: one test; prints [+] name when its block runs without error, [-] name and the message otherwise.",
    params=[
        P("Name", "string", 0, mandatory=True, help="The test's name."),
        P("Test", "scriptblock", 1, help="The test body (assertions with Should)."),
        S("Skip", help="Does not run the test (counted as skipped)."),
        P("TestCases", "object[]", aliases=("ForEach",), help="Hashtables: the test runs once per case with their keys as variables."),
        P("Tag", "string[]", aliases=("Tags",), help="Accepted for compatibility."),
    ],
    examples=[E("It 'greets' { 'hi' | Should -Be 'hi' }", "[+] greets")],
)
def it(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    run = _run_of(inv)
    name = to_str(args.Name)
    pad = "  " * len(run.stack)
    if to_bool(args.Skip) or args.Test is None:
        run.skipped += 1
        inv.write_host(f"{pad}[!] {name} is skipped", color="Yellow")
        return
    cases = [c for c in (args.TestCases or []) if isinstance(c, CIDict)] or [None]
    for case in cases:
        label = name
        if case is not None:
            for k, v in case.items():
                label = label.replace(f"<{k}>", to_str(v))
        started = time.monotonic()
        failure: str | None = None
        try:
            for block in run.stack:
                for b in block.before_each:
                    inv.invoke(b)
            if case is not None:
                _set_case_variables(inv, case)
            inv.invoke(args.Test)
        except PSError as exc:
            failure = exc.message
        finally:
            for block in reversed(run.stack):
                for b in block.after_each:
                    _safe(inv, b)
        ms = int((time.monotonic() - started) * 1000)
        if failure is None:
            run.passed += 1
            inv.write_host(f"{pad}[+] {label} {ms}ms", color="Green")
        else:
            run.failed += 1
            inv.write_host(f"{pad}[-] {label} {ms}ms", color="Red")
            for line in failure.splitlines():
                inv.write_host(f"{pad}  {line}", color="Red")
    return
    yield


def _set_case_variables(inv: Invocation, case: CIDict) -> None:
    from gshell.commands.variables import set_variable_value
    for k, v in case.items():
        set_variable_value(inv, to_str(k), v)


def _hook(kind: str) -> Any:
    def run(inv: Invocation) -> Iterator[Any]:
        block = inv.args.Scriptblock
        state = _run_of(inv)
        if kind == "BeforeAll" or not state.stack:
            yield from inv.invoke_iter(block) if kind == "BeforeAll" else iter(())
            return
        target = state.stack[-1]
        {"BeforeEach": target.before_each, "AfterEach": target.after_each, "AfterAll": target.after_all}[kind].append(block)
    return run


for _kind, _text in (("BeforeAll", "runs its block now, before the tests of the enclosing Describe/Context"),
                     ("BeforeEach", "runs its block before each It of the enclosing Describe/Context"),
                     ("AfterEach", "runs its block after each It of the enclosing Describe/Context"),
                     ("AfterAll", "runs its block after the tests of the enclosing Describe/Context")):
    command(_kind, module=MODULE, common=False,
            params=[P("Scriptblock", "scriptblock", 0, mandatory=True, help="The setup or cleanup code.")],
            synopsis=f"Pester: {_text}.",
            examples=[E(f"{_kind} {{ $script:app = 'x' }}", f"{_kind} inside a Describe block.")])(_hook(_kind))
