"""Describe / Context / It and the setup blocks: Pester 5's discovery.

While the script (or the input typed at the prompt) runs, `Describe`, `Context` and `It` only
*discover*: a Describe/Context body runs at once to find its tests and setup blocks
(`BeforeAll`, `AfterAll`, `BeforeEach`, `AfterEach`), once per `-ForEach` item with the item's
keys as variables; `BeforeDiscovery` runs at once.  When the script ends, the tests run
(``pester_runner``), then the summary; a failure makes the exit status 1.  Invoke-Pester
(``pester_invoke``) discovers and runs test files the same way.  `<name>` in a name is
replaced by the -ForEach / -TestCases value of that key (`<_>`: the item itself).

Variables set while discovering (in a Describe body, or at the top of the script after the
first Pester command) are not seen by the tests, as in Pester 5: only BeforeAll / BeforeEach
and the -ForEach data bring values into them.  Mock and InModuleScope are not supported.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from gshell.commands._common import E, P, S, as_list, is_scriptblock, to_bool, to_str
from gshell.commands.pester_model import (
    INCONCLUSIVE,
    SKIPPED,
    Block,
    Container,
    PesterSlot,
    PesterState,
    Test,
    cases,
    expand,
    set_data,
    template_data,
)
from gshell.commands.pester_runner import ResultOf, Runner, run_containers
from gshell.runtime.errors import PSError, not_supported
from gshell.runtime.registry import Invocation, Runtime, command

MODULE = "gshell.Pester"

#: Variables the run phase never hides (automatic ones and preferences).
_AUTOMATIC = frozenset({"_", "?", "args", "input", "matches", "error", "lastexitcode", "psitem", "this", "foreach",
                        "switch", "myinvocation", "psboundparameters", "ofs", "psscriptroot", "pscommandpath"})


def _state(inv: Invocation, create: bool = True) -> PesterState | None:
    """The discovery in progress; the first Pester command of a script run directly starts
    one (and asks for the run phase at the end of the script)."""
    interp = inv.runtime
    slot = interp.state(PesterSlot)
    state = slot.state
    if state is None and create:
        name = interp.script_name   # the script run directly, if any
        path = os.path.abspath(name) if name else ""
        root = Block(path or "<ScriptBlock>", kind="File")
        state = slot.state = PesterState(Container(root, path=path), [root])
        state.snapshot = dict(interp.global_scope.vars)
        inv.write_host("")
        inv.write_host("Starting discovery in 1 files.", color="Magenta")
        found = state
        interp.at_script_end(lambda: _run_direct(interp, found))
    return state


def _run_scope(interp: Runtime, snapshot: dict[str, Any]) -> Any:
    """The scope the tests of a script run directly run under: the global scope, with the
    variables the discovery pass created or changed hidden (set back to what they were)."""
    scope = interp.global_scope.child()
    for key, value in interp.global_scope.vars.items():
        if key in _AUTOMATIC or key.endswith("preference"):
            continue
        if key not in snapshot:
            scope.set_local(key, None)
        elif snapshot[key] is not value:
            scope.set_local(key, snapshot[key])
    return scope


def _run_direct(interp: Runtime, state: PesterState) -> None:
    """The run phase of a script run directly: called when the script (or the typed input) ends."""
    slot = interp.state(PesterSlot)
    slot.state = None
    state.container.scope = _run_scope(interp, state.snapshot)
    runner = Runner(interp, "Detailed")
    state.running = True
    try:
        totals = run_containers(runner, [state.container], interp.global_scope, state.started)
    finally:
        state.running = False
    if totals.failures:
        interp.failed = True   # exit status 1, as when an error was reported


def _discover(inv: Invocation, state: PesterState, body: Any, scope: Any) -> None:
    """Run a Describe / Context body to find what it holds: an error there fails the
    container (as in Pester); under Invoke-Pester it also ends the file's discovery."""
    interp: Any = inv.runtime
    interp.try_depth += 1
    try:
        interp.invoke_block(body, [], scope=scope)
    except PSError as exc:
        if state.container.error is None:
            state.container.error = exc
        if state.invoked:
            exc.script_terminating = True
            raise
    finally:
        interp.try_depth -= 1


def _container(inv: Invocation, kind: str) -> Iterator[Any]:
    args = inv.args
    body = args.Fixture
    if not is_scriptblock(body):
        raise inv.fail("No test fixture is provided. (Have you put the open curly brace on the next line?)",
                       category="InvalidArgument")
    state = _state(inv)
    assert state is not None
    if state.running or inv.runtime.state(PesterSlot).running:
        raise inv.fail(f"{kind} cannot run inside a test; put it at the top of the file or in another "
                       "Describe.", category="InvalidOperation")
    parent = state.stack[-1]
    for item in cases("ForEach" in args, args.ForEach):
        block = Block(expand(to_str(args.Name), template_data(state.stack, item)), kind=kind, data=item,
                      skip=to_bool(args.Skip), tags=[to_str(t) for t in as_list(args.Tag)])
        parent.items.append(block)
        state.stack.append(block)
        scope = inv.scope.child()   # variables of the discovery pass stay there, as in Pester
        set_data(scope, item)
        try:
            _discover(inv, state, body, scope)
        finally:
            state.stack.pop()
    return
    yield


_CONTAINER_PARAMS = [
    P("Name", "string", 0, mandatory=True, help="The name of the group of tests (`<key>` takes -ForEach values)."),
    P("Fixture", "scriptblock", 1, help="The block holding the tests (It, Context, BeforeAll...)."),
    P("Tag", "string[]", aliases=("Tags",), help="Tags, for Invoke-Pester -TagFilter / -ExcludeTagFilter."),
    P("ForEach", "object[]", aliases=("TestCases",), help="Runs the block once per item ($_ and the item's keys)."),
    S("Skip", help="Skips every test of the block."),
]


@command("Describe", module=MODULE, params=_CONTAINER_PARAMS, common=False,
         synopsis="Pester: a named group of tests; the tests run when the script ends, then a summary.",
         examples=[E("Describe 'math' { It 'adds' { 1 + 1 | Should -Be 2 } }", "Prints [+] adds and the summary.")])
def describe(inv: Invocation) -> Iterator[Any]:
    yield from _container(inv, "Describe")


@command("Context", module=MODULE, params=_CONTAINER_PARAMS, common=False,
         synopsis="Pester: a named sub-group of tests inside Describe.",
         examples=[E("Context 'strings' { It 'upper' { 'a'.ToUpper() | Should -BeExactly 'A' } }", "A nested group.")])
def context(inv: Invocation) -> Iterator[Any]:
    yield from _container(inv, "Context")


@command(
    "It",
    module=MODULE,
    common=False,
    synopsis="Pester: one test; [+] name when its block runs without error, [-] name and the message otherwise.",
    params=[
        P("Name", "string", 0, mandatory=True, help="The test's name (`<key>` takes -TestCases values)."),
        P("Test", "scriptblock", 1, help="The test body (assertions with Should)."),
        P("ForEach", "object[]", aliases=("TestCases",), help="The test runs once per item ($_ and the item's keys)."),
        P("Tag", "string[]", aliases=("Tags",), help="Tags, for Invoke-Pester -TagFilter / -ExcludeTagFilter."),
        S("Skip", help="Does not run the test (counted as skipped)."),
        S("Pending", help="Like -Skip."),
    ],
    examples=[E("It 'greets' { 'hi' | Should -Be 'hi' }", "[+] greets"),
              E("It '<a> + <b> is <sum>' -TestCases @{a=1;b=2;sum=3} { $a + $b | Should -Be $sum }", "[+] 1 + 2 is 3")],
)
def it(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    state = _state(inv, create=False)
    if state is None or len(state.stack) < 2 or state.running or inv.runtime.state(PesterSlot).running:
        raise inv.fail("It must be called inside a Describe or Context block.", category="InvalidOperation")
    if args.Test is None:
        raise inv.fail("No test scriptblock is provided. Did you put the opening curly brace on the next line?",
                       category="InvalidArgument")
    block = state.stack[-1]
    for item in cases("ForEach" in args, args.ForEach):
        block.items.append(Test(expand(to_str(args.Name), template_data(state.stack, item)), args.Test, item,
                                skip=to_bool(args.Skip) or to_bool(args.Pending),
                                tags=[to_str(t) for t in as_list(args.Tag)]))
    return
    yield


def _hook(kind: str) -> Any:
    def run(inv: Invocation) -> Iterator[Any]:
        block = inv.args.Scriptblock
        if kind == "BeforeDiscovery":
            _state(inv)
            yield from inv.invoke_iter(block)
            return
        if inv.runtime.state(PesterSlot).running:
            raise inv.fail(f"{kind} cannot run inside a test.", category="InvalidOperation")
        state = _state(inv)
        assert state is not None
        target = state.stack[-1]
        {"BeforeAll": target.before_all, "AfterAll": target.after_all, "BeforeEach": target.before_each,
         "AfterEach": target.after_each}[kind].append(block)
    return run


for _kind, _text in (("BeforeAll", "runs before the tests of the enclosing block; its variables are seen by them"),
                     ("BeforeEach", "runs before each test of the enclosing block (and of the blocks inside it)"),
                     ("AfterEach", "runs after each test of the enclosing block (and of the blocks inside it)"),
                     ("AfterAll", "runs after the tests of the enclosing block"),
                     ("BeforeDiscovery", "runs at once, before the tests are discovered (data for -ForEach)")):
    command(_kind, module=MODULE, common=False,
            params=[P("Scriptblock", "scriptblock", 0, mandatory=True, help="The setup or cleanup code.")],
            synopsis=f"Pester: {_text}.",
            examples=[E(f"{_kind} {{ $script:app = 'x' }}", f"{_kind} in a test file or a Describe block.")],
            )(_hook(_kind))


@command(
    "Set-ItResult",
    module=MODULE,
    common=False,
    synopsis="Pester: ends the running test as skipped or inconclusive (not failed).",
    params=[S("Skipped", help="The test is skipped."), S("Inconclusive", help="The test is inconclusive."),
            S("Pending", help="Like -Skipped (Pester 5 has no pending state)."),
            P("Because", "string", help="Why: shown after the test's name.")],
    examples=[E("It 'needs a token' { if (-not $env:HF_TOKEN) { Set-ItResult -Skipped -Because 'no token' } }",
                "[!] needs a token is skipped, because no token")],
)
def set_it_result(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    if not inv.runtime.state(PesterSlot).running:
        raise inv.fail("Set-ItResult can only be used inside an It block.", category="InvalidOperation")
    result = INCONCLUSIVE if to_bool(args.Inconclusive) else SKIPPED
    message = ("is inconclusive" if result == INCONCLUSIVE else "is pending" if to_bool(args.Pending)
               else "is skipped")
    if args.Because:
        message += f", because {to_str(args.Because).strip().rstrip('.')}"
    raise ResultOf(result, message)
    yield


for _name, _why in (("Mock", "Pester's mocking replaces commands, which gshell does not do"),
                    ("InModuleScope", "gshell has no module scopes"),
                    ("Assert-MockCalled", "Pester's mocking is not available"),
                    ("Assert-VerifiableMock", "Pester's mocking is not available"),
                    ("New-MockObject", "Pester's mocking is not available")):
    def _refuse(inv: Invocation, _name: str = _name, _why: str = _why) -> Iterator[Any]:
        raise not_supported(f"{_name} (Pester)", _why)
        yield
    command(_name, module=MODULE, common=False,
            params=[P("RefusedArguments", "object[]", 0, remaining=True, help="Ignored: the command is refused.")],
            synopsis=f"Not supported in gshell: {_why}.",
            examples=[E(f"{_name} ...", f"Fails with: {_name} (Pester) is not supported in gshell.")])(_refuse)
