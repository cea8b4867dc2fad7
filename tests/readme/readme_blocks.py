"""Reading the README's gshell code blocks for the README doctest (test_readme.py).

A block is a ```powershell fence.  The HTML comment on the line before it chooses how it runs:

    <!-- doctest: demo -->          in the tour process: `gshell --demo` with a second copy of the
                                    demo app and the Hub stand-in (HF_ENDPOINT) around it
    <!-- doctest: hub -->           the same process (named for the reader: it needs HF_ENDPOINT)
    <!-- doctest: plain -->         on its own: `gshell -c` without any app (also the default)
    <!-- doctest: skip REASON -->   not run (interactive keys only); REASON is required

A block whose lines start with ``PS> `` is a transcript: each ``PS> `` line (with its ``>> ``
continuation lines) is a statement and the lines up to the next ``PS> `` are its expected
output (compared line by line, blank lines ignored, runs of blanks counted as one
(so a port's width does not matter), ``...`` matching anything).  Any other
block is a script: every line runs and it must print no error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^```powershell\s*$")
MARKER = re.compile(r"^<!--\s*doctest:\s*(\w+)\s*(.*?)\s*-->\s*$")
TARGETS = ("demo", "hub", "plain", "skip")
WILDCARD = "..."


@dataclass
class Step:
    source: str                      # the statement(s) as typed
    expected: list[str] | None       # expected output lines (transcripts), None: not compared
    line: int                        # README line of the statement


@dataclass
class Block:
    target: str
    reason: str
    line: int                        # README line of the fence
    steps: list[Step] = field(default_factory=list)

    @property
    def shared(self) -> bool:
        """Runs in the tour process (state carries from block to block)."""
        return self.target in ("demo", "hub")


def read_blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if not FENCE.match(lines[i]):
            i += 1
            continue
        j = i - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        m = MARKER.match(lines[j]) if j >= 0 else None
        target, reason = (m.group(1), m.group(2)) if m else ("plain", "")
        if target not in TARGETS:
            raise ValueError(f"README line {j + 1}: unknown doctest target {target!r}")
        if target == "skip" and not reason:
            raise ValueError(f"README line {j + 1}: a skipped block needs a reason")
        end = i + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        blocks.append(Block(target, reason, i + 1, parse_body(lines[i + 1:end], i + 2)))
        i = end + 1
    return blocks


def parse_body(body: list[str], first_line: int) -> list[Step]:
    if not any(ln.startswith("PS> ") for ln in body):
        code = "\n".join(body)
        return [Step(code, None, first_line)] if code.strip() else []
    steps: list[Step] = []
    for n, ln in enumerate(body):
        if ln.startswith("PS> "):
            steps.append(Step(ln[4:], [], first_line + n))
        elif ln.startswith(">> ") and steps and not steps[-1].expected:
            steps[-1].source += "\n" + ln[3:]
        elif steps:
            steps[-1].expected.append(ln)  # type: ignore[union-attr]
    return steps


def _pattern(expected: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in expected.rstrip().split(WILDCARD)]
    return re.compile(".*?".join(parts) + r"\Z", re.DOTALL)


def mismatch(expected: list[str], actual: list[str]) -> str | None:
    """None when ``actual`` matches ``expected`` (blank lines ignored, trailing blanks
    stripped, ``...`` = anything on that line); else a short description."""
    want = [" ".join(ln.split()) for ln in expected if ln.strip()]
    got = [" ".join(ln.split()) for ln in actual if ln.strip()]
    for k, (w, g) in enumerate(zip(want, got, strict=False)):
        if not _pattern(w).match(g):
            return f"line {k + 1}: expected {w!r}, got {g!r}"
    if len(want) != len(got):
        return f"expected {len(want)} lines, got {len(got)}: {got[len(want):] or want[len(got):]!r}"
    return None
