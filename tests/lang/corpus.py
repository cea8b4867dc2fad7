"""Reading and writing conformance cases in ``grammar/corpus/`` (format: grammar/README.md).

A case file is a short description followed by sections, each introduced by a line
``--- NAME``::

    Edge case 6: barewords stay strings
    --- input
    Get-X http://127.0.0.1:7860 ./a.png
    --- ast
    (Script ...)

Sections: ``input`` (required), ``ast`` (the pretty-printed ``gshell.lang.ast.dump`` of the
parsed Script), ``error`` (first line: a substring of the message; then ``at: LINE:COL`` and
``incomplete: yes|no``), ``output`` (expected stdout when run; checked by the runtime's
tests).  Unknown sections are kept and ignored here.  The text of a section is everything up
to the next header line, minus the newline that precedes that header.

Runtime tests can reuse this module: ``sys.path.insert(0, "<repo>/tests/lang")`` then
``from corpus import load_cases``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "grammar" / "corpus"
HEADER = re.compile(r"^--- ([A-Za-z][\w-]*)[ \t]*$", re.M)
WIDTH = 96


@dataclass
class Case:
    path: Path
    description: str
    sections: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def input(self) -> str:
        return self.sections["input"]

    def error_spec(self) -> tuple[str, str | None, bool | None]:
        """(message substring, 'L:C' or None, incomplete or None)."""
        lines = self.sections["error"].split("\n")
        message = lines[0].strip()
        at = None
        incomplete = None
        for line in lines[1:]:
            key, _, value = line.partition(":")
            key = key.strip().lower()
            if key == "at":
                at = value.strip()
            elif key == "incomplete":
                incomplete = value.strip().lower() in ("yes", "true")
        return message, at, incomplete

    def render(self) -> str:
        out = [self.description.rstrip("\n")] if self.description.strip() else []
        for name in self.order:
            out.append(f"--- {name}")
            out.append(self.sections[name])
        return "\n".join(out) + "\n"


def read_case(path: Path) -> Case:
    text = path.read_text(encoding="utf-8")
    headers = list(HEADER.finditer(text))
    description = text[: headers[0].start()] if headers else text
    case = Case(path, description)
    for k, m in enumerate(headers):
        body_start = m.end() + 1  # skip the header's newline
        body_end = headers[k + 1].start() - 1 if k + 1 < len(headers) else len(text)
        body = text[body_start:max(body_start, body_end)]
        if k + 1 == len(headers) and body.endswith("\n"):
            body = body[:-1]
        case.sections[m.group(1)] = body
        case.order.append(m.group(1))
    if "input" not in case.sections:
        raise ValueError(f"{path}: no '--- input' section")
    return case


def load_cases(directory: Path = CORPUS_DIR) -> list[Case]:
    return [read_case(p) for p in sorted(directory.glob("*.txt"))]


# ---------------------------------------------------------------------------------------
# Pretty-printing of ast.dump() S-expressions (whitespace between atoms is not significant)
# ---------------------------------------------------------------------------------------

_ATOM = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|[()\[\]{}]|[^\s()\[\]{}'"]+""")
_OPEN = {"(": ")", "[": "]", "{": "}"}


def atoms(text: str) -> list[str]:
    return _ATOM.findall(text)


def flatten(text: str) -> str:
    """The canonical one-line form of a (possibly pretty-printed) dump."""
    out: list[str] = []
    prev = ""
    for a in atoms(text):
        if out and not (prev in _OPEN or (prev.endswith("=") and prev[0] not in "'\"") or a in ")]}"):
            out.append(" ")
        out.append(a)
        prev = a
    return "".join(out)


def _tree(items: list[str], i: int = 0) -> tuple[list[object], int]:
    """Group atoms into nested ('(', [...], ')') tuples and ('=', 'key=', value) pairs."""
    out: list[object] = []
    key: str | None = None
    while i < len(items):
        a = items[i]
        if a in ")]}":
            break
        node: object
        if a in _OPEN:
            inner, j = _tree(items, i + 1)
            node = (a, inner, items[j] if j < len(items) else _OPEN[a])
            i = j + 1
        else:
            i += 1
            if key is None and a.endswith("=") and a[0] not in "'\"":
                key = a
                continue
            node = a
        if key is not None:
            node = ("=", key, node)
            key = None
        out.append(node)
    if key is not None:
        out.append(key)
    return out, i


def _flat(node: object) -> str:
    if isinstance(node, str):
        return node
    kind, a, b = node  # type: ignore[misc]
    if kind == "=":
        return a + _flat(b)
    return kind + " ".join(_flat(x) for x in a) + b


def _fmt(node: object, indent: int) -> str:
    flat = _flat(node)
    if isinstance(node, str) or indent + len(flat) <= WIDTH:
        return flat
    kind, a, b = node  # type: ignore[misc]
    if kind == "=":
        return a + _fmt(b, indent)
    items = list(a)
    head = kind
    if kind == "(" and items and isinstance(items[0], str):
        head += items.pop(0)
    if not items:
        return head + b
    pad = " " * (indent + 2)
    return head + "".join("\n" + pad + _fmt(x, indent + 2) for x in items) + b


def pretty(dump: str) -> str:
    nodes, _ = _tree(atoms(dump))
    return "\n".join(_fmt(n, 0) for n in nodes)
