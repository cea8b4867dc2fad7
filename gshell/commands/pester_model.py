"""The tree Pester builds while it discovers tests (blocks, tests, setup code), the filters
that select what runs, and the helpers for `-ForEach` data (variables, `<name>` templates).

No commands here: ``pester_run`` declares Describe / Context / It and the setup blocks,
``pester_runner`` runs the tree, ``pester_invoke`` is Invoke-Pester.
"""
from __future__ import annotations

import re
import time
from typing import Any

from gshell.commands._common import as_list, to_str, wildcard_match
from gshell.runtime.values import CIDict
from gshell.structs import Struct, field

#: Test results as Pester names them (the `Result` of a test and of the run).
PASSED, FAILED, SKIPPED, INCONCLUSIVE, NOT_RUN = "Passed", "Failed", "Skipped", "Inconclusive", "NotRun"


class Test(Struct, slots=False):
    name: str
    body: Any
    data: Any = None
    skip: bool = False
    tags: list[str] = field(default_factory=list)
    # filled by the run
    result: str = NOT_RUN
    message: str = ""                       # the failure / skip reason
    error: Any = None                       # the ErrorRecord that failed the test
    duration: float = 0.0
    path: list[str] = field(default_factory=list)   # the names of the blocks and the test


class Block(Struct, slots=False):
    name: str
    kind: str = "Describe"                 # 'Describe' | 'Context' | 'File' (the root of a container)
    data: Any = None                        # the -ForEach item
    skip: bool = False
    tags: list[str] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)   # Tests and Blocks, in order
    before_all: list[Any] = field(default_factory=list)
    after_all: list[Any] = field(default_factory=list)
    before_each: list[Any] = field(default_factory=list)
    after_each: list[Any] = field(default_factory=list)
    error: Any = None                       # a PSError: discovery (or BeforeAll/AfterAll) failed

    def count(self) -> int:
        return sum(1 if isinstance(i, Test) else i.count() for i in self.items)

    def tests(self) -> list[Test]:
        out: list[Test] = []
        for i in self.items:
            out.extend([i] if isinstance(i, Test) else i.tests())
        return out


class Container(Struct, slots=False):
    """One test file (or the running script): its tree and where it came from."""
    root: Block
    path: str = ""                          # the file ('' for the script typed or run directly)
    source: str = ""
    scope: Any = None                       # the scope its tests run under
    error: Any = None                       # discovery of the file failed (a PSError)


class PesterState(Struct, slots=False):
    """Discovery in progress: the container being filled and the block being discovered."""
    container: Container
    stack: list[Block]
    started: float = field(default_factory=time.monotonic)
    running: bool = False
    invoked: bool = False                   # by Invoke-Pester (else: a script run directly)
    snapshot: dict[str, Any] = field(default_factory=dict)   # the global variables when it started


class PesterSlot:
    """The interpreter's Pester state (``Runtime.state(PesterSlot)``): ``state`` while tests
    are being discovered; ``running`` while a test runs (Set-ItResult needs one)."""

    def __init__(self) -> None:
        self.state: PesterState | None = None
        self.running: bool = False


class Filter(Struct, slots=False):
    """Invoke-Pester's -TagFilter / -ExcludeTagFilter / -FullNameFilter (wildcards, any case)."""
    tags: list[str] = field(default_factory=list)
    exclude_tags: list[str] = field(default_factory=list)
    full_names: list[str] = field(default_factory=list)

    def active(self) -> bool:
        return bool(self.tags or self.exclude_tags or self.full_names)

    def selects(self, test: Test, chain: list[Block]) -> bool:
        """Whether ``test`` (inside the blocks ``chain``) runs: its tags and its blocks' tags
        count; an excluded tag anywhere wins; a full name matches the test's or a block's."""
        tags = [t for b in chain for t in b.tags] + test.tags

        def any_tag(patterns: list[str]) -> bool:
            return any(wildcard_match(t, p) for t in tags for p in patterns)

        if self.exclude_tags and any_tag(self.exclude_tags):
            return False
        if self.tags and not any_tag(self.tags):
            return False
        if self.full_names:
            names = [b.name for b in chain if b.kind != "File"]
            paths = [".".join(names[:i + 1]) for i in range(len(names))] + [".".join(names + [test.name])]
            if not any(wildcard_match(p, pat) for p in paths for pat in self.full_names):
                return False
        return True


def expand(name: str, data: Any) -> str:
    """`<key>` → the value of that key of the -ForEach item, `<_>` → the item, `<a.b>` → a member."""
    if "<" not in name:
        return name

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


def template_data(stack: list[Block], item: Any) -> Any:
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


def set_data(scope: Any, data: Any) -> None:
    """The -ForEach item as variables: `$_` and, for a hashtable, one variable per key."""
    if data is None:
        return
    scope.set_local("_", data)
    if isinstance(data, CIDict):
        for k, v in data.items():
            scope.spell(to_str(k))
            scope.set_local(to_str(k).casefold(), v)


def cases(bound: bool, value: Any) -> list[Any]:
    """The items a -ForEach / -TestCases gives: one run without data when the parameter is
    not given; none at all for `$null` or `@()` (Pester makes no block or test then)."""
    if not bound:
        return [None]
    if value is None:
        return []
    return as_list(value)
