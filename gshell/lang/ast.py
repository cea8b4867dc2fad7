"""AST nodes of the gshell language.

Every node is a frozen-ish dataclass-like record with a ``pos`` (where it starts in the
source).  The parser (``gshell.lang.parser``) builds these; the interpreter (``gshell.runtime``)
walks them; the highlighter and completer may read them.  ``dump()`` renders a node as a
compact, deterministic S-expression (positions left out) used by the conformance corpus.

Naming: ``*Stmt`` are statements, ``*Expr`` are expressions, the rest are parts.
Operators are stored lower-case with their leading dash (``-eq``, ``-ceq``, ``-not``);
symbol operators as written (``+``, ``..``, ``!``).

Nodes are ``gshell.structs.Struct`` classes: declared like dataclasses (annotated fields,
defaults, ``field(...)``) and behaving like ``@dataclass(slots=True)`` (same ``__init__``
signatures, ``__eq__`` without ``pos``, ``__repr__``), but much cheaper to define at import
time.  ``fields(node)`` lists a node's fields like ``dataclasses.fields``.
"""

from __future__ import annotations

from gshell.structs import Field, Struct, field, fields  # noqa: F401 - Field/fields re-exported

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any


class Pos:
    """A position in the source: 1-based line and column, 0-based character offset
    (immutable and hashable).  ``source`` is the whole text it is in (shared, not copied; not
    part of equality), so that an error can show its source line wherever it is reported."""

    __slots__ = ("line", "col", "offset", "source")
    __match_args__ = ("line", "col", "offset")
    line: int
    col: int
    offset: int
    source: str

    def __init__(self, line: int, col: int, offset: int, source: str = "") -> None:
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "col", col)
        object.__setattr__(self, "offset", offset)
        object.__setattr__(self, "source", source)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.line, self.col, self.offset) == (other.line, other.col, other.offset)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.line, self.col, self.offset))

    def __repr__(self) -> str:
        return f"Pos(line={self.line!r}, col={self.col!r}, offset={self.offset!r})"

    def __str__(self) -> str:
        return f"{self.line}:{self.col}"

    def __reduce__(self) -> Any:
        return (Pos, (self.line, self.col, self.offset))


NOPOS = Pos(0, 0, 0)


class Node(Struct):
    pos: Pos = field(default=NOPOS, kw_only=True, compare=False, repr=False)


# ---------------------------------------------------------------------------------------
# Expressions
# ---------------------------------------------------------------------------------------


class ConstantExpr(Node):
    """A number (int or float) or a verbatim string ('...', @'...'@, or a bareword argument
    without any `$`)."""

    value: Any
    text: str = ""  # the source text (for highlighting and dumps of numbers like 0x10, 1kb)


class ExpandableStringExpr(Node):
    """"...", @"..."@, or a bareword argument containing `$`.  ``parts`` alternate literal
    text (str) and expressions (VariableExpr for `$x`/`${x}`, SubExpr for `$(...)`)."""

    parts: list[str | Expr]
    bareword: bool = False


class VariableExpr(Node):
    """`$name`, `${name}`, `$env:NAME`, `$global:x`; ``scope`` is lower-case or None.
    ``splat`` is True for `@name` in argument mode."""

    name: str
    scope: str | None = None
    splat: bool = False


class ArrayLiteralExpr(Node):
    """Binary comma: `1, 2, 3` (also the argument-mode `a,b,c`)."""

    items: list[Expr]


class ArrayExpr(Node):
    """`@( statements )`: always an array, output of each statement enumerated."""

    body: list[Stmt]


class SubExpr(Node):
    """`$( statements )`: 0 results -> $null, 1 -> scalar, more -> array."""

    body: list[Stmt]


class ParenExpr(Node):
    """`( pipeline )` (also an assignment inside parentheses, whose value passes through)."""

    inner: Stmt


class HashEntry(Node):
    key: Expr  # ConstantExpr for a bareword key
    value: Stmt


class HashtableExpr(Node):
    """`@{ k = v; ... }`.  ``ordered`` is set by the parser for `[ordered]@{}`; a
    `[pscustomobject]@{}` is a CastExpr around this node."""

    entries: list[HashEntry]
    ordered: bool = False


class ParamDecl(Node):
    """One parameter of a script block or function: `[type] $name = default`, with
    attributes such as Mandatory / Position / ValueFromPipeline / Alias."""

    name: str
    type_name: str | None = None
    default: Expr | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


class ScriptBlockExpr(Node):
    """`{ param(...) begin {} process {} end {} }` or `{ statements }`.
    For the plain form ``end`` holds the statements and begin/process are None."""

    params: list[ParamDecl] = field(default_factory=list)
    begin: list[Stmt] | None = None
    process: list[Stmt] | None = None
    end: list[Stmt] | None = None
    text: str = ""  # source text between the braces (for display / ToString)
    # Attributes before `param(...)`, keys lower-case: {'cmdletbinding': True or {named args}}.
    attributes: dict[str, Any] = field(default_factory=dict)


class TypeExpr(Node):
    """A type literal `[int]`, `[string[]]`, `[pscustomobject]` (name as written)."""

    name: str


class CastExpr(Node):
    """`[type] operand`."""

    type_name: str
    operand: Expr


class UnaryExpr(Node):
    """`-not x`, `!x`, `-x`, `+x`, `,x`, `-join x`, `-split x`, `++x`, `--x`."""

    op: str
    operand: Expr


class PostfixExpr(Node):
    """`x++`, `x--`."""

    op: str
    operand: Expr


class BinaryExpr(Node):
    """`a op b`: arithmetic, comparison (incl. c/i variants), `-and/-or/-xor`, `..`, `-f`,
    `-replace`, `-split`, `-join`, `-is`, `-isnot`, `-as`, `-band`, `-bor`."""

    op: str
    left: Expr
    right: Expr


class MemberExpr(Node):
    """`target.name`, `target.'quoted'`, `target.$var`, `[Type]::Name` (static=True)."""

    target: Expr
    member: Expr  # ConstantExpr(str) for a simple or quoted name, else an expression
    static: bool = False


class InvokeMemberExpr(Node):
    """`target.Method(args)` / `[Type]::Method(args)`."""

    target: Expr
    member: Expr
    args: list[Expr]
    static: bool = False


class IndexExpr(Node):
    """`target[index]` (index may be an ArrayLiteralExpr for a slice)."""

    target: Expr
    index: Expr


Expr = (
    ConstantExpr
    | ExpandableStringExpr
    | VariableExpr
    | ArrayLiteralExpr
    | ArrayExpr
    | SubExpr
    | ParenExpr
    | HashtableExpr
    | ScriptBlockExpr
    | TypeExpr
    | CastExpr
    | UnaryExpr
    | PostfixExpr
    | BinaryExpr
    | MemberExpr
    | InvokeMemberExpr
    | IndexExpr
)


# ---------------------------------------------------------------------------------------
# Commands and pipelines
# ---------------------------------------------------------------------------------------


class CommandParameter(Node):
    """`-Name`, `-Name:value` (value set, ``colon`` True).  ``name`` is as written, without
    the dash and colon."""

    name: str
    value: Expr | None = None
    colon: bool = False


class CommandArgument(Node):
    """A positional argument (also `@splat`, as a VariableExpr with splat=True)."""

    value: Expr


CommandElement = CommandParameter | CommandArgument


class CommandExpr(Node):
    """A command invocation in argument mode: `Name -P v arg ...`.
    ``name`` is the command name as written.  ``invocation`` is '' normally, '&' or '.'
    for the call / dot-source operators (which the runtime refuses)."""

    name: str
    elements: list[CommandElement] = field(default_factory=list)
    invocation: str = ""
    name_pos: Pos = field(default=NOPOS, compare=False, repr=False)


class Redirection(Node):
    """`> file`, `>> file`, `2> file`, `2>&1` (``merge`` set; refused by the runtime)."""

    op: str  # '>' or '>>'
    stream: str = "1"  # '1', '2', '*', ...
    target: Expr | None = None
    merge: str | None = None


class PipelineStmt(Node):
    """`element | element | ...`.  The first element may be an expression; the rest are
    CommandExpr."""

    elements: list[Expr | CommandExpr]
    redirections: list[Redirection] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Statements
# ---------------------------------------------------------------------------------------


class AssignmentStmt(Node):
    """`target op value` with op in = += -= *= /= %=; target is a VariableExpr, MemberExpr
    or IndexExpr (or an ArrayLiteralExpr of variables for `$a, $b = ...`)."""

    target: Expr
    op: str
    value: Stmt


class IfClause(Node):
    condition: Stmt
    body: list[Stmt]


class IfStmt(Node):
    clauses: list[IfClause]  # if + elseif
    else_body: list[Stmt] | None = None


class ForeachStmt(Node):
    variable: str
    iterable: Stmt
    body: list[Stmt]
    label: str | None = None


class ForStmt(Node):
    init: Stmt | None
    condition: Stmt | None
    step: Stmt | None
    body: list[Stmt]
    label: str | None = None


class WhileStmt(Node):
    condition: Stmt
    body: list[Stmt]
    label: str | None = None


class DoStmt(Node):
    """`do {} while (c)` (until=False) or `do {} until (c)` (until=True)."""

    body: list[Stmt]
    condition: Stmt
    until: bool = False
    label: str | None = None


class SwitchClause(Node):
    pattern: Expr | None  # None for `default`
    body: list[Stmt]


class SwitchStmt(Node):
    subject: Stmt
    clauses: list[SwitchClause]
    options: list[str] = field(default_factory=list)  # 'wildcard', 'regex', 'exact', 'casesensitive'
    label: str | None = None


class FlowStmt(Node):
    """`break [label]`, `continue [label]`, `return [pipeline]`, `throw [pipeline]`,
    `exit [pipeline]`."""

    kind: str  # 'break' | 'continue' | 'return' | 'throw' | 'exit'
    value: Stmt | None = None
    label: str | None = None


class CatchClause(Node):
    types: list[str]
    body: list[Stmt]


class TryStmt(Node):
    body: list[Stmt]
    catches: list[CatchClause] = field(default_factory=list)
    finally_body: list[Stmt] | None = None


class TrapStmt(Node):
    """`trap [Type] { ... }`: handles the terminating errors of every statement of the block
    it is written in (also those before it).  ``types`` holds at most one type name."""

    types: list[str]
    body: list[Stmt]


class FunctionDefStmt(Node):
    """`function Name { param(...) ... }` or `function Name($a, $b) { ... }` (params moved
    into ``body.params``).  ``filter`` for the `filter` keyword."""

    name: str
    body: ScriptBlockExpr
    filter: bool = False


Stmt = (
    PipelineStmt
    | AssignmentStmt
    | IfStmt
    | ForeachStmt
    | ForStmt
    | WhileStmt
    | DoStmt
    | SwitchStmt
    | FlowStmt
    | TryStmt
    | TrapStmt
    | FunctionDefStmt
)


class Script(Node):
    """A whole input: a list of statements, with the source kept for error messages."""

    statements: list[Stmt]
    source: str = field(default="", compare=False, repr=False)
    params: list[ParamDecl] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Dump (for the conformance corpus and debugging)
# ---------------------------------------------------------------------------------------

_SKIP = {"pos", "name_pos", "source", "text"}


def dump(node: Any) -> str:
    """A compact deterministic S-expression of ``node`` without positions, e.g.
    ``(PipelineStmt (CommandExpr 'Get-X' ...))``.  Empty lists, None, False and '' fields
    are left out so that dumps stay short."""

    if isinstance(node, Node):
        parts = [type(node).__name__]
        for f in fields(node):
            if f.name in _SKIP:
                continue
            value = getattr(node, f.name)
            if value is None or value is False or value == "" or value == [] or value == {}:
                continue
            if f.name == "splat" or f.name == "ordered" or f.name == "static" or f.name == "until":
                parts.append(f":{f.name}")
                continue
            parts.append(f"{f.name}={dump(value)}")
        if isinstance(node, ConstantExpr) and node.text and not isinstance(node.value, str):
            pass
        return "(" + " ".join(parts) + ")"
    if isinstance(node, list):
        return "[" + " ".join(dump(x) for x in node) + "]"
    if isinstance(node, dict):
        return "{" + " ".join(f"{k}={dump(v)}" for k, v in node.items()) + "}"
    if isinstance(node, bool):
        return "$true" if node else "$false"
    if isinstance(node, str):
        return repr(node)
    return repr(node)
