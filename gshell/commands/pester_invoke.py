"""Invoke-Pester: discovers the tests of `*.Tests.ps1` files (or the files named), runs them
and prints the summary, as Pester 5 does; -PassThru returns the run's result object.

Each file is discovered in a scope of its own under the caller's (`$PSScriptRoot` and
`$PSCommandPath` name the file); its tests later run in another scope under the caller's,
so what the discovery pass set is not seen by them.  Failed tests make the exit status 1;
with -CI, Invoke-Pester ends the script with `exit <number of failures>` as Pester does.
"""
from __future__ import annotations

import datetime as _dt
import glob
import os
import time
from collections.abc import Iterator
from typing import Any

from gshell.commands._common import E, P, S, as_list, resolve_path, to_bool, to_str, wildcard_match
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
    PesterState,
    Test,
)
from gshell.commands.pester_runner import VERBOSITIES, Runner, RunTotals, run_containers
from gshell.runtime.errors import PSError, not_supported
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import Record, ScriptBlock

MODULE = "gshell.Pester"
TEST_SUFFIX = ".tests.ps1"


def find_test_files(inv: Invocation, paths: list[str], exclude: list[str]) -> list[str]:
    """The files to run: a file named is taken as it is; a directory gives its `*.Tests.ps1`
    files, recursively (any letter case), files before sub-directories, in name order."""
    found: list[str] = []

    def add(path: str) -> None:
        full = os.path.abspath(path)
        if full in found or any(wildcard_match(full, pat) for pat in exclude):
            return
        found.append(full)

    for raw in paths:
        path = resolve_path(inv, raw)
        matches = sorted(glob.glob(path)) if any(c in path for c in "*?[") else [path]
        for m in matches:
            if os.path.isfile(m):
                if m.casefold().endswith(".ps1"):
                    add(m)
            elif os.path.isdir(m):
                for top, dirs, files in os.walk(m):
                    dirs.sort(key=str.casefold)
                    for f in sorted(files, key=str.casefold):
                        if f.casefold().endswith(TEST_SUFFIX):
                            add(os.path.join(top, f))
    return found


def _file_scope(inv: Invocation, path: str) -> Any:
    scope = inv.scope.child()
    scope.set_local("psscriptroot", os.path.dirname(path))
    scope.set_local("pscommandpath", path)
    return scope


def discover_file(inv: Invocation, path: str) -> Container:
    """Run the file once to find its tests (its output is dropped, as in Pester)."""
    root = Block(path, kind="File")
    container = Container(root, path=path)
    runtime: Any = inv.runtime
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            container.source = fh.read()
        script = runtime.parse(container.source)
    except OSError as exc:
        container.error = PSError(f"Cannot read '{path}': {exc.strerror}", category="ReadError")
        return container
    except PSError as exc:
        container.error = exc
        return container
    from gshell.lang import ast
    body = ScriptBlock(ast.ScriptBlockExpr(params=script.params, end=script.statements, text=container.source))
    slot = runtime.state(PesterSlot)
    saved = slot.state
    slot.state = PesterState(container, [root], invoked=True)
    runtime.try_depth += 1
    try:
        with runtime.source_of(path, container.source):
            runtime.invoke_block(body, [], scope=_file_scope(inv, path))
    except PSError as exc:
        container.error = container.error or exc
    finally:
        runtime.try_depth -= 1
        slot.state = saved
    container.scope = _file_scope(inv, path)
    return container


def _test_record(t: Test) -> Record:
    return Record([
        ("Name", t.name), ("ExpandedName", t.name), ("Path", list(t.path)), ("ExpandedPath", ".".join(t.path)),
        ("Result", t.result), ("Passed", t.result == PASSED), ("Skipped", t.result == SKIPPED),
        ("Inconclusive", t.result == INCONCLUSIVE), ("ShouldRun", t.result != NOT_RUN),
        ("Executed", t.result not in (NOT_RUN,) and not (t.result == SKIPPED and t.duration == 0)),
        ("Tag", list(t.tags)), ("Data", t.data), ("Duration", _dt.timedelta(seconds=t.duration)),
        ("ErrorRecord", [t.error.record] if t.error is not None else []),
        ("FailureMessage", t.message if t.result == FAILED else None),
    ], type_name="Pester.Test")


def result_object(totals: RunTotals, started: _dt.datetime) -> Record:
    """What -PassThru returns: Pester's run object (the commonly read members)."""
    tests = [_test_record(t) for t in totals.tests]

    def having(result: str) -> list[Record]:
        return [r for r in tests if r["Result"] == result]

    failures = totals.failures
    containers = [Record([("Item", c.path or "<ScriptBlock>"), ("Type", "File" if c.path else "ScriptBlock"),
                          ("Result", "Failed" if c.error is not None or any(t.result == FAILED for t in c.root.tests())
                           else "Passed"),
                          ("TotalCount", c.root.count())], type_name="Pester.Container")
                  for c in totals.containers]
    return Record([
        ("Result", "Failed" if failures else "Passed"),
        ("FailedCount", totals.count(FAILED)), ("FailedBlocksCount", len(totals.failed_blocks)),
        ("FailedContainersCount", len(totals.failed_containers)), ("PassedCount", totals.count(PASSED)),
        ("SkippedCount", totals.count(SKIPPED)), ("InconclusiveCount", totals.count(INCONCLUSIVE)),
        ("NotRunCount", totals.count(NOT_RUN)), ("TotalCount", len(totals.tests)),
        ("Duration", _dt.timedelta(seconds=totals.duration)), ("Executed", True), ("ExecutedAt", started),
        ("Containers", containers), ("Tests", tests), ("Passed", having(PASSED)), ("Failed", having(FAILED)),
        ("Skipped", having(SKIPPED)), ("Inconclusive", having(INCONCLUSIVE)), ("NotRun", having(NOT_RUN)),
        ("FailedBlocks", list(totals.failed_blocks)), ("FailedContainers", list(totals.failed_containers)),
    ], type_name="Pester.Run")


def _strings(v: Any) -> list[str]:
    return [to_str(x) for x in as_list(v) if x is not None and to_str(x) != ""]


@command(
    "Invoke-Pester",
    module=MODULE,
    synopsis="Pester: runs the tests of *.Tests.ps1 files (discovery, the tests, a summary).",
    description=("Finds the `*.Tests.ps1` files under -Path (the current directory by default; a file named is "
                 "run as it is), discovers their Describe / Context / It blocks, runs the tests selected by "
                 "-TagFilter / -ExcludeTagFilter / -FullNameFilter (wildcards; a block's tags count for its "
                 "tests) and prints the results as Pester 5 does (-Output None, Minimal, Normal, Detailed).  "
                 "-PassThru returns the result object (Result, PassedCount, FailedCount, SkippedCount, "
                 "NotRunCount, TotalCount, Tests...).  A failure makes gshell's exit status 1; -CI ends the "
                 "script with `exit <failures>`.  Mock, InModuleScope and -Configuration are not supported."),
    params=[
        P("Path", "string[]", 0, aliases=("Script",), help="Test files or directories (default: the current one).",
          complete="path"),
        P("ExcludePath", "string[]", help="Files to leave out (wildcards on the full path)."),
        P("TagFilter", "string[]", aliases=("Tag", "Tags"), help="Run only tests with one of these tags."),
        P("ExcludeTagFilter", "string[]", aliases=("ExcludeTag",), help="Do not run tests with these tags."),
        P("FullNameFilter", "string[]", aliases=("Name",), help="Run only tests whose full name matches."),
        P("Output", "string", help="None, Minimal, Normal (default), Detailed or Diagnostic.",
          choices=VERBOSITIES),
        S("PassThru", help="Output the result object."),
        S("CI", help="End the script with exit <number of failures> (Pester's Run.Exit)."),
        S("EnableExit", help="Like -CI (Pester 4's name)."),
        P("Configuration", "object", help="Not supported in gshell (use the parameters)."),
        P("Container", "object[]", help="Not supported in gshell (use -Path)."),
    ],
    examples=[
        E("Invoke-Pester ./tests -Output Detailed", "Runs every *.Tests.ps1 under ./tests, one line per test."),
        E("Invoke-Pester -TagFilter basic -ExcludeTagFilter slow", "Runs the tests tagged basic but not slow."),
        E("(Invoke-Pester -PassThru -Output None).FailedCount", "The number of failed tests."),
    ],
)
def invoke_pester(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    for name in ("Configuration", "Container"):
        if name in args and args[name] is not None:
            raise not_supported(f"Invoke-Pester -{name}", "give -Path, -TagFilter, -Output... instead")
    verbosity = next((v for v in VERBOSITIES if v.casefold() == to_str(args.Output).casefold()), "Normal") \
        if args.Output else "Normal"
    filt = Filter(_strings(args.TagFilter), _strings(args.ExcludeTagFilter), _strings(args.FullNameFilter))
    runner = Runner(inv.runtime, verbosity, filt)
    began = _dt.datetime.now()
    started = time.monotonic()
    files = find_test_files(inv, _strings(args.Path) or ["."], _strings(args.ExcludePath))
    if not files:
        inv.error("No test files were found and no scriptblocks were provided.", category="ObjectNotFound")
        return
    if verbosity in ("Normal", "Detailed", "Diagnostic"):
        runner.say("")
        runner.say(f"Starting discovery in {len(files)} files.", "Magenta")
    containers = [discover_file(inv, f) for f in files]
    runtime: Any = inv.runtime
    slot = runtime.state(PesterSlot)
    saved = slot.state
    slot.state = None
    try:
        totals = run_containers(runner, containers, inv.scope, started)
    finally:
        slot.state = saved
    if to_bool(args.PassThru):
        yield result_object(totals, began)
    if to_bool(args.CI) or to_bool(args.EnableExit):
        from gshell.runtime.signals import ExitSignal
        raise ExitSignal(totals.failures)
    if totals.failures:
        runtime.failed = True
