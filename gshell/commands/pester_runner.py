"""Pester's run phase: the discovered tree of each container runs, the results are printed
as Pester 5 prints them, and counted.

Scoping follows Pester 5: each block runs in a scope of its own under its parent's (its
BeforeAll / AfterAll run there, so their variables are seen by the block's tests); each test
runs in a new scope under its block's, after the BeforeEach blocks (outside in) and before
the AfterEach blocks (inside out); the -ForEach data of a block or test is set as
variables.  A test selected by no filter is 'NotRun'; a block whose tests are all left out
does not run (nor its BeforeAll).  Output verbosity: None, Minimal, Normal, Detailed
(and Diagnostic, shown as Detailed).
"""
from __future__ import annotations

import time
from contextlib import nullcontext
from typing import Any

from gshell.commands.pester import ShouldFailure
from gshell.commands.pester_model import (
    FAILED,
    INCONCLUSIVE,
    NOT_RUN,
    PASSED,
    SKIPPED,
    Block,
    Container,
    Filter,
    PesterSlot,
    Test,
    set_data,
)
from gshell.runtime.errors import PSError
from gshell.runtime.signals import BreakSignal, ContinueSignal, ExitSignal
from gshell.structs import Struct, field

VERBOSITIES = ("None", "Minimal", "Normal", "Detailed", "Diagnostic")


class ResultOf(PSError):
    """Set-ItResult: ends the test as 'Skipped' or 'Inconclusive' (not a failure)."""

    script_terminating = True

    def __init__(self, result: str, message: str) -> None:
        super().__init__(message, category="NotSpecified", exception_type="Exception",
                         error_id="PesterTest" + result)
        self.result = result


def human_time(seconds: float) -> str:
    """Pester's durations: '12ms' under a second, else '1.23s'."""
    if seconds < 1:
        return f"{int(seconds * 1000)}ms"
    return f"{round(seconds, 2)}s"


class RunTotals(Struct, slots=False):
    containers: list[Container] = field(default_factory=list)
    tests: list[Test] = field(default_factory=list)
    failed_blocks: list[str] = field(default_factory=list)
    failed_containers: list[str] = field(default_factory=list)
    duration: float = 0.0

    def count(self, result: str) -> int:
        return sum(1 for t in self.tests if t.result == result)

    @property
    def failures(self) -> int:
        return self.count(FAILED) + len(self.failed_blocks) + len(self.failed_containers)


def error_lines(err: PSError, assertion: bool) -> list[str]:
    """How Pester shows an error under a test: the message (with the exception type when it
    is not an assertion), then where it happened."""
    rec = err.record
    lines = rec.message.splitlines() or [""]
    if not assertion and not isinstance(err, ResultOf):
        lines[0] = f"{rec.exception_type}: {lines[0]}"
    if rec.line:
        where = f"{rec.script_name or '<ScriptBlock>'}:{rec.line}"
        if assertion and rec.source_line.strip():
            lines.append(f"at {rec.source_line.strip()}, {where}")
        lines.append(f"at <ScriptBlock>, {where}")
    return lines


class Runner:
    """Runs containers one after the other and prints as the chosen verbosity asks."""

    def __init__(self, interp: Any, verbosity: str = "Detailed", filt: Filter | None = None) -> None:
        self.interp = interp
        self.verbosity = "Detailed" if verbosity == "Diagnostic" else verbosity
        self.filter = filt or Filter()
        self.totals = RunTotals()
        self._written: set[int] = set()      # blocks whose header is printed
        self._first_top = True

    # -- output -----------------------------------------------------------------------------
    @property
    def detailed(self) -> bool:
        return self.verbosity == "Detailed"

    def say(self, text: str, color: str | None = None) -> None:
        if self.verbosity != "None":
            self.interp.host.write_host(text, color=color)

    def header(self, chain: list[Block]) -> None:
        """'Describing X' / 'Context X' (Detailed), written before the block's first test."""
        if not self.detailed:
            return
        blocks = [b for b in chain if b.kind != "File"]
        for level, b in enumerate(blocks):
            if id(b) in self._written:
                continue
            self._written.add(id(b))
            if level == 0:
                if not self._first_top:
                    self.say("")
                self._first_top = False
            word = "Describing" if b.kind == "Describe" else "Context"
            self.say(f"{' ' * level}{word} {b.name}", "Green" if b.kind == "Describe" else "Cyan")

    # -- running ----------------------------------------------------------------------------
    def run_code(self, block: Any, scope: Any) -> None:
        """Runs setup or test code as Pester does (inside its try): any terminating error
        ends it."""
        self.interp.try_depth += 1
        try:
            self.interp.invoke_block(block, [], scope=scope)
        except (BreakSignal, ContinueSignal):
            pass   # Pester runs the code inside a loop of its own: break / continue end it
        except ExitSignal as sig:
            raise PSError(f"exit {sig.code} was called; gshell ends only this test or block with it.",
                          category="OperationStopped", exception_type="ExitException") from None
        finally:
            self.interp.try_depth -= 1

    def selected(self, block: Block, chain: list[Block]) -> list[Test]:
        """The tests of ``block`` (and its blocks) that the filter lets run."""
        out: list[Test] = []
        for item in block.items:
            if isinstance(item, Test):
                if self.filter.selects(item, chain + [block]):
                    out.append(item)
            else:
                out.extend(self.selected(item, chain + [block]))
        return out

    def container(self, c: Container, parent_scope: Any) -> None:
        """Run one container's tests (errors point into its file when it has one)."""
        with self.interp.source_of(c.path, c.source) if c.source else nullcontext():
            self._container(c, parent_scope)

    def _container(self, c: Container, parent_scope: Any) -> None:
        started = time.monotonic()
        for t in c.root.tests():
            t.result = NOT_RUN
        self.totals.containers.append(c)
        self.totals.tests.extend(c.root.tests())
        name = c.path or "<ScriptBlock>"
        if c.error is not None:
            self.totals.failed_containers.append(name)
            self.say(f"[-] Discovery in {name} failed with:", "Red")
            for line in error_lines(c.error, False):
                self.say(line, "Red")
            return
        if self.detailed and c.path:
            self.say("")
            self.say(f"Running tests from '{c.path}'", "Magenta")
        self._first_top = True
        scope = c.scope if c.scope is not None else parent_scope.child()
        self.block(c.root, scope, [])
        if self.verbosity == "Normal" and c.path:
            total = time.monotonic() - started
            user = sum(t.duration for t in c.root.tests())
            took = f"{human_time(total)} ({human_time(user)}|{human_time(max(total - user, 0.0))})"
            failed = any(t.result == FAILED for t in c.root.tests())
            if not failed:
                self.say(f"[+] {c.path} {took}", "DarkGreen")

    def block(self, block: Block, parent_scope: Any, chain: list[Block]) -> None:
        chain = chain + [block]
        if not self.selected(block, chain[:-1]):
            return
        scope = parent_scope.child() if block.kind != "File" else parent_scope
        set_data(scope, block.data)
        if block.skip:
            for t in self.selected(block, chain[:-1]):
                self.header(chain)
                self.finish(t, chain, SKIPPED, "", 0.0, 0.0)
            return
        try:
            for code in block.before_all:
                self.run_code(code, scope)
        except PSError as exc:
            self.block_failed(block, chain, exc)
            return
        for item in block.items:
            if isinstance(item, Test):
                if self.filter.selects(item, chain):
                    self.test(item, scope, chain)
            else:
                self.block(item, scope, chain)
        for code in block.after_all:
            try:
                self.run_code(code, scope)
            except PSError as exc:
                self.block_failed(block, chain, exc)

    def block_failed(self, block: Block, chain: list[Block], exc: PSError) -> None:
        """A BeforeAll / AfterAll failed: the block's tests that did not run stay NotRun; at
        the top of a file it is the file (container) that failed."""
        if block.kind == "File":
            self.totals.failed_containers.append(block.name)
            self.say(f"[-] {block.name} failed with:", "Red")
            for line in error_lines(exc, False):
                self.say(line, "Red")
            return
        names = [b.name for b in chain if b.kind != "File"]
        path = ".".join(names)
        self.totals.failed_blocks.append(path)
        if self.detailed:
            self.header(chain)
        margin = " " * (len(names) if self.detailed else 1)
        self.say(f"[-] {block.kind} {path} failed", "Red")
        for line in error_lines(exc, False):
            self.say(margin + line, "Red")

    def test(self, test: Test, block_scope: Any, chain: list[Block]) -> None:
        if test.skip:
            self.header(chain)
            self.finish(test, chain, SKIPPED, "", 0.0, 0.0)
            return
        scope = block_scope.child()
        set_data(scope, test.data)
        self.header(chain)
        started = time.monotonic()
        user = 0.0
        error: PSError | None = None
        slot = self.interp.state(PesterSlot)
        slot.running = True
        try:
            for b in chain:
                for code in b.before_each:
                    self.run_code(code, scope)
            body_started = time.monotonic()
            try:
                self.run_code(test.body, scope)
            finally:
                user = time.monotonic() - body_started
        except PSError as exc:
            error = exc
        finally:
            slot.running = False
            for b in reversed(chain):
                for code in b.after_each:
                    try:
                        self.run_code(code, scope)
                    except PSError as exc:
                        error = error or exc
        total = time.monotonic() - started
        if error is None:
            self.finish(test, chain, PASSED, "", total, user)
        elif isinstance(error, ResultOf):
            self.finish(test, chain, error.result, error.message, total, user)
        else:
            test.error = error
            self.finish(test, chain, FAILED, error.message, total, user)

    def finish(self, test: Test, chain: list[Block], result: str, message: str, total: float,
               user: float) -> None:
        test.result, test.message, test.duration = result, message, total
        test.path = [b.name for b in chain if b.kind != "File"] + [test.name]
        took = f"{human_time(total)} ({human_time(user)}|{human_time(max(total - user, 0.0))})"
        level = len(test.path)
        if result == FAILED:
            assertion = isinstance(test.error, ShouldFailure)
            if self.detailed:
                self.say(f"{' ' * level}[-] {test.name} {took}", "Red")
                margin = " " * (level + 1)
            else:
                self.say(f"[-] {'.'.join(test.path)} {took}", "Red")
                margin = " "
            for line in error_lines(test.error, assertion):
                self.say(margin + line, "Red")
            return
        if not self.detailed:
            return
        pad = " " * level
        if result == PASSED:
            self.say(f"{pad}[+] {test.name} {took}", "DarkGreen")
        elif result == SKIPPED:
            self.say(f"{pad}[!] {test.name}{' ' + message if message else ''} {took}", "Yellow")
        elif result == INCONCLUSIVE:
            self.say(f"{pad}[?] {test.name}{' ' + message if message else ''} {took}", "Gray")

    # -- summary ----------------------------------------------------------------------------
    def summary(self) -> None:
        t = self.totals
        self.say(f"Tests completed in {human_time(t.duration)}")
        self.say(f"Tests Passed: {t.count(PASSED)}, Failed: {t.count(FAILED)}, Skipped: {t.count(SKIPPED)}, "
                 f"Inconclusive: {t.count(INCONCLUSIVE)}, NotRun: {t.count(NOT_RUN)}",
                 "Red" if t.failures else "Green")
        if t.failed_blocks:
            self.say(f"BeforeAll \\ AfterAll failed: {len(t.failed_blocks)}", "Red")
            for p in t.failed_blocks:
                self.say(f"  - {p}", "Red")
        if t.failed_containers:
            self.say(f"Container failed: {len(t.failed_containers)}", "Red")
            for p in t.failed_containers:
                self.say(f"  - {p}", "Red")


def discovery_lines(runner: Runner, containers: list[Container], started: float) -> None:
    """'Starting discovery' is written when discovery starts; this is the end of it."""
    found = sum(c.root.count() for c in containers)
    runner.say(f"Discovery found {found} tests in {human_time(time.monotonic() - started)}.", "Magenta")
    f = runner.filter
    if runner.detailed and f.active():
        for label, values in (("Tag", f.tags), ("ExcludeTag", f.exclude_tags), ("FullName", f.full_names)):
            if values:
                shown = "', '".join(values)
                runner.say(f"Filter '{label}' set to ('{shown}').", "Magenta")
        chosen = sum(len(runner.selected(c.root, [])) for c in containers if c.error is None)
        runner.say(f"Filters selected {chosen} tests to run.", "Magenta")
    runner.say("Running tests.", "Magenta")


def run_containers(runner: Runner, containers: list[Container], parent_scope: Any, started: float) -> RunTotals:
    if runner.verbosity in ("Normal", "Detailed"):
        discovery_lines(runner, containers, started)
    run_started = time.monotonic()
    for c in containers:
        runner.container(c, parent_scope)
    runner.totals.duration = time.monotonic() - run_started
    if runner.verbosity != "None":
        runner.summary()
    return runner.totals
