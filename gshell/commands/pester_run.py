"""Describe / Context / It run as Pester 5 runs a test file: discovery first, then the tests.

While the script (or the input typed at the prompt) runs, `Describe`, `Context` and `It` only
*discover*: a Describe/Context body runs at once to find its tests and setup blocks
(`BeforeAll`, `AfterAll`, `BeforeEach`, `AfterEach`), once per `-ForEach` item with the item's
keys as variables; `BeforeDiscovery` runs at once.  When the script ends, the tests run:
each block's BeforeAll (its variables are seen by the block's tests), the tests (each in its
own scope, after the BeforeEach blocks from the outside in, before the AfterEach blocks from
the inside out), the AfterAll; then the summary.  A failing test makes the exit status 1.
`<name>` in a name is replaced by the -ForEach / -TestCases value of that key (`<_>`: the
item itself).  Mock and InModuleScope are not supported.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from gshell.commands._common import E, P, S, as_list, is_scriptblock, to_bool, to_str
from gshell.runtime.errors import PSError, not_supported
from gshell.runtime.registry import Invocation, Runtime, command
from gshell.runtime.values import CIDict
from gshell.structs import Struct, field

MODULE = "gshell.Pester"
_KINDS = ("Describe", "Context")


class Test(Struct, slots=False):
    name: str
    body: Any
    data: Any = None
    skip: bool = False
    tags: list[str] = field(default_factory=list)


class Block(Struct, slots=False):
    name: str
    kind: str = "Describe"                 # 'Describe' | 'Context' | 'File' (the root)
    data: Any = None                        # the -ForEach item
    skip: bool = False
    tags: list[str] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)   # Tests and Blocks, in order
    before_all: list[Any] = field(default_factory=list)
    after_all: list[Any] = field(default_factory=list)
    before_each: list[Any] = field(default_factory=list)
    after_each: list[Any] = field(default_factory=list)
    error: str | None = None                # discovery failed with this message

    def count(self) -> int:
        return sum(1 if isinstance(i, Test) else i.count() for i in self.items)


class Counts(Struct, slots=False):
    passed: int = 0
    failed: int = 0
    skipped: int = 0


class PesterState(Struct, slots=False):
    root: Block
    stack: list[Block]
    started: float = field(default_factory=time.monotonic)
    running: bool = False


# =========================================================================================
# Discovery
# =========================================================================================


class PesterSlot:
    """The interpreter's Pester state (``Runtime.state(PesterSlot)``): set while tests are
    being discovered, until the run phase at the end of the script."""

    def __init__(self) -> None:
        self.state: PesterState | None = None


def _state(inv: Invocation, create: bool = True) -> PesterState | None:
    slot = inv.runtime.state(PesterSlot)
    state = slot.state
    if state is None and create:
        root = Block("file", kind="File")
        state = slot.state = PesterState(root, [root])
        inv.write_host("Starting discovery in 1 files.", color="Magenta")
        interp = inv.runtime
        found = state
        interp.at_script_end(lambda: _run_all(interp, found))
    return state


def expand(name: str, data: Any) -> str:
    """`<key>` → the value of that key of the -ForEach item, `<_>` → the item, `<a.b>` → a member."""
    if "<" not in name:
        return name
    import re

    def one(m: re.Match[str]) -> str:
        path = m.group(1).split(".")
        if isinstance(data, CIDict) and path[0] in data:
            value = data[path[0]]
        else:
            return m.group(0)
        from gshell.runtime.members import get_member
        for part in path[1:]:
            value = get_member(value, part)
        return to_str(value)
    return re.sub(r"<([\w.]+)>", one, name)


def _template_data(stack: list[Block], item: Any) -> Any:
    """What `<key>` can name: the keys of the -ForEach items of the enclosing blocks and of
    ``item`` (inner ones win); `<_>` is the innermost item."""
    merged = CIDict()
    last: Any = None
    for data in [b.data for b in stack] + [item]:
        if data is None:
            continue
        last = data
        if isinstance(data, CIDict):
            for k, v in data.items():
                merged[k] = v
    if last is None:
        return None
    merged["_"] = last
    return merged


def _set_data(scope: Any, data: Any) -> None:
    if data is None:
        return
    scope.set_local("_", data)
    if isinstance(data, CIDict):
        for k, v in data.items():
            scope.spell(to_str(k))
            scope.set_local(to_str(k).casefold(), v)


def _cases(value: Any) -> list[Any]:
    if value is None:
        return [None]
    items = as_list(value)
    return items if items else []


def _container(inv: Invocation, kind: str) -> Iterator[Any]:
    args = inv.args
    body = args.Fixture
    if not is_scriptblock(body):
        raise inv.fail(f"{kind}: give a name and a script block: {kind} 'name' {{ ... }}.", category="InvalidArgument")
    state = _state(inv)
    assert state is not None
    if state.running:
        raise inv.fail(f"{kind} cannot run inside a test; put it at the top of the file or in another "
                       "Describe.", category="InvalidOperation")
    parent = state.stack[-1]
    for item in _cases(args.ForEach):
        block = Block(expand(to_str(args.Name), _template_data(state.stack, item)), kind=kind, data=item,
                      skip=to_bool(args.Skip),
                      tags=[to_str(t) for t in as_list(args.Tag)])
        parent.items.append(block)
        state.stack.append(block)
        scope = inv.scope.child()   # variables of the discovery pass stay there, as in Pester
        _set_data(scope, item)
        try:
            inv.runtime.invoke_block(body, [], scope=scope)
        except PSError as exc:
            block.error = exc.message
        finally:
            state.stack.pop()
    return
    yield


_CONTAINER_PARAMS = [
    P("Name", "string", 0, mandatory=True, help="The name of the group of tests (`<key>` takes -ForEach values)."),
    P("Fixture", "scriptblock", 1, mandatory=True, help="The block holding the tests (It, Context, BeforeAll...)."),
    P("Tag", "string[]", aliases=("Tags",), help="Tags (recorded; gshell runs every test)."),
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
        S("Skip", help="Does not run the test (counted as skipped)."),
        P("TestCases", "object[]", aliases=("ForEach",), help="The test runs once per item ($_ and the item's keys)."),
        P("Tag", "string[]", aliases=("Tags",), help="Tags (recorded; gshell runs every test)."),
    ],
    examples=[E("It 'greets' { 'hi' | Should -Be 'hi' }", "[+] greets"),
              E("It '<a> + <b> is <sum>' -TestCases @{a=1;b=2;sum=3} { $a + $b | Should -Be $sum }", "[+] 1 + 2 is 3")],
)
def it(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    state = _state(inv, create=False)
    if state is None or len(state.stack) < 2 or state.running:
        raise inv.fail("It must be called inside a Describe or Context block.", category="InvalidOperation")
    block = state.stack[-1]
    for item in _cases(args.TestCases):
        block.items.append(Test(expand(to_str(args.Name), _template_data(state.stack, item)), args.Test, item,
                                skip=to_bool(args.Skip) or args.Test is None,
                                tags=[to_str(t) for t in as_list(args.Tag)]))
    return
    yield


def _hook(kind: str) -> Any:
    def run(inv: Invocation) -> Iterator[Any]:
        block = inv.args.Scriptblock
        if kind == "BeforeDiscovery":
            yield from inv.invoke_iter(block)
            return
        state = _state(inv)
        assert state is not None
        if state.running:
            raise inv.fail(f"{kind} cannot run inside a test.", category="InvalidOperation")
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


for _name, _why in (("Mock", "Pester's mocking replaces commands, which gshell does not do"),
                    ("InModuleScope", "gshell has no module scopes"),
                    ("Assert-MockCalled", "Pester's mocking is not available")):
    def _refuse(inv: Invocation, _name: str = _name, _why: str = _why) -> Iterator[Any]:
        raise not_supported(f"{_name} (Pester)", _why)
        yield
    command(_name, module=MODULE, common=False,
            params=[P("RefusedArguments", "object[]", 0, remaining=True, help="Ignored: the command is refused.")],
            synopsis=f"Not supported in gshell: {_why}.",
            examples=[E(f"{_name} ...", f"Fails with: {_name} (Pester) is not supported in gshell.")])(_refuse)


# =========================================================================================
# Running
# =========================================================================================


def _ms(seconds: float) -> str:
    return f"{int(seconds * 1000)}ms"


class _Runner:
    def __init__(self, interp: Any, state: PesterState) -> None:
        self.interp = interp
        self.state = state
        self.counts = Counts()

    def say(self, text: str, color: str | None = None) -> None:
        self.interp.host.write_host(text, color=color)

    def run_code(self, block: Any, scope: Any) -> None:
        """Runs setup/test code like Pester (inside its try): any terminating error fails it."""
        self.interp.try_depth += 1
        try:
            self.interp.invoke_block(block, [], scope=scope)
        finally:
            self.interp.try_depth -= 1

    def fail_all(self, block: Block, depth: int, message: str) -> None:
        for item in block.items:
            if isinstance(item, Test):
                self.counts.failed += 1
                self.say(f"{'  ' * depth}[-] {item.name} failed: {message}", "Red")
            else:
                self.fail_all(item, depth + 1, message)

    def block(self, block: Block, parent_scope: Any, depth: int, chain: list[Block]) -> None:
        scope = parent_scope.child()
        _set_data(scope, block.data)
        pad = "  " * depth
        if block.kind != "File":
            self.say(f"{pad}{'Describing' if block.kind == 'Describe' else 'Context'} {block.name}",
                     "Green" if block.kind == "Describe" else "Cyan")
        inner = depth + (0 if block.kind == "File" else 1)
        if block.error is not None:
            self.counts.failed += 1
            self.say(f"{'  ' * inner}[-] {block.kind} {block.name} failed during discovery: {block.error}", "Red")
            return
        if block.skip:
            self.skip_all(block, inner)
            return
        try:
            for b in block.before_all:
                self.run_code(b, scope)
        except PSError as exc:
            self.fail_all(block, inner, f"BeforeAll: {exc.message}")
            return
        chain = chain + [block]
        for item in block.items:
            if isinstance(item, Test):
                self.test(item, scope, inner, chain)
            else:
                self.block(item, scope, inner, chain)
        for b in block.after_all:
            try:
                self.run_code(b, scope)
            except PSError as exc:
                self.counts.failed += 1
                self.say(f"{'  ' * inner}[-] AfterAll of {block.name} failed: {exc.message}", "Red")

    def skip_all(self, block: Block, depth: int) -> None:
        for item in block.items:
            if isinstance(item, Test):
                self.counts.skipped += 1
                self.say(f"{'  ' * depth}[!] {item.name} is skipped", "Yellow")
            else:
                self.skip_all(item, depth + 1)

    def test(self, test: Test, block_scope: Any, depth: int, chain: list[Block]) -> None:
        pad = "  " * depth
        if test.skip:
            self.counts.skipped += 1
            self.say(f"{pad}[!] {test.name} is skipped", "Yellow")
            return
        scope = block_scope.child()
        _set_data(scope, test.data)
        started = time.monotonic()
        failure: str | None = None
        try:
            for b in chain:
                for code in b.before_each:
                    self.run_code(code, scope)
            self.run_code(test.body, scope)
        except PSError as exc:
            failure = exc.message
        finally:
            for b in reversed(chain):
                for code in b.after_each:
                    try:
                        self.run_code(code, scope)
                    except PSError as exc:
                        failure = failure or f"AfterEach: {exc.message}"
        took = _ms(time.monotonic() - started)
        if failure is None:
            self.counts.passed += 1
            self.say(f"{pad}[+] {test.name} {took}", "Green")
        else:
            self.counts.failed += 1
            self.say(f"{pad}[-] {test.name} {took}", "Red")
            for line in failure.splitlines():
                self.say(f"{pad}  {line}", "Red")


def _run_all(interp: Runtime, state: PesterState) -> None:
    """The run phase: called by the interpreter when the script (or the typed input) ends."""
    interp.state(PesterSlot).state = None
    found = state.root.count()
    host = interp.host
    host.write_host(f"Discovery found {found} tests in {_ms(time.monotonic() - state.started)}.", color="Magenta")
    host.write_host("Running tests.", color="Magenta")
    runner = _Runner(interp, state)
    state.running = True
    started = time.monotonic()
    try:
        runner.block(state.root, interp.global_scope, 0, [])
    finally:
        state.running = False
    c = runner.counts
    host.write_host(f"Tests completed in {_ms(time.monotonic() - started)}")
    host.write_host(f"Tests Passed: {c.passed}, Failed: {c.failed}, Skipped: {c.skipped}, Inconclusive: 0, "
                    "NotRun: 0", color="Red" if c.failed else "Green")
    if c.failed:
        interp.failed = True   # exit status 1, as when an error was reported
