"""Recursive-descent parser for the gshell language (the PowerShell subset of language.md).

PowerShell's tokens depend on the parsing mode (expression mode vs argument mode, b.2/b.3),
so this parser scans the source directly with the regular expressions of
``gshell.lang.tokenizer`` instead of consuming a pre-made token stream.  It scans a
*normalized* copy of the source (typographic dashes and quotes replaced one for one by ASCII
ones) and slices literal text from the original.

With ``record=True`` every piece of scanned text is also recorded as a token (kind, start,
end); ``gshell.lang.tokenizer.tokenize`` uses that for the highlighter.

Nesting is limited to ``MAX_DEPTH`` levels (brackets, blocks, unary operators, assignment
chains); deeper input is a clean ``ParseError("... nesting too deep")``.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from typing import Any, Callable, NoReturn

from . import ast as A
from .errors import ParseError
from .tokenizer import (
    ARG_END,
    ATTRIBUTE_START,
    BARE_SPECIAL,
    COMMAND_NAME,
    DASH_WORD,
    DQ_SPECIAL,
    ESCAPES,
    FUNCTION_NAME,
    HASH_KEY,
    HERE_SPECIAL,
    KEYWORD_END,
    LABEL,
    MEMBER_NAME,
    NUMBER,
    NUMBER_ARG,
    PARAMETER,
    REDIRECTION,
    TRIVIA_H,
    TRIVIA_NL,
    TRIVIA_PIECE,
    TYPE_NAME,
    VAR_NAME,
    WORD,
    TokenKind as K,
    line_starts,
    normalize,
    number_value,
)

MAX_DEPTH = 500
# Python frames per nesting level stay well under 40; make sure the interpreter allows it.
_RECURSION_NEEDED = MAX_DEPTH * 40 + 2000
if sys.getrecursionlimit() < _RECURSION_NEEDED:
    sys.setrecursionlimit(_RECURSION_NEEDED)

# ---------------------------------------------------------------------------------------
# Operator tables
# ---------------------------------------------------------------------------------------

LOGICAL, BITWISE, COMPARISON, ADDITIVE, MULTIPLICATIVE, FORMAT, RANGE, COMMA = range(1, 9)

_CASE_VARIANT_OPS = (
    "eq ne gt ge lt le like notlike match notmatch contains notcontains in notin "
    "replace split join"
).split()
DASH_BINARY: dict[str, int] = {}
for _op in _CASE_VARIANT_OPS:
    for _prefix in ("", "c", "i"):
        DASH_BINARY[_prefix + _op] = COMPARISON
for _op in ("is", "isnot", "as", "shl", "shr"):
    DASH_BINARY[_op] = COMPARISON
for _op in ("and", "or", "xor"):
    DASH_BINARY[_op] = LOGICAL
for _op in ("band", "bor", "bxor"):
    DASH_BINARY[_op] = BITWISE
DASH_BINARY["f"] = FORMAT

DASH_UNARY = frozenset({"not", "bnot", "split", "join", "csplit", "isplit"})
ASSIGN_CHARS = frozenset("+-*/%")
KNOWN_SCOPES = frozenset({"global", "script", "local", "private", "using", "env", "variable", "function"})
NAMED_BLOCKS = ("begin", "process", "end", "dynamicparam", "clean")
SWITCH_OPTIONS = ("regex", "wildcard", "exact", "casesensitive", "file", "parallel")
UNSUPPORTED_KEYWORDS = frozenset(
    {"class", "enum", "trap", "data", "using", "workflow", "configuration", "parallel",
     "sequence", "inlinescript", "dynamicparam"}
)
STRAY_KEYWORDS = {
    "else": "'else' without a preceding 'if'",
    "elseif": "'elseif' without a preceding 'if'",
    "catch": "'catch' without a preceding 'try'",
    "finally": "'finally' without a preceding 'try'",
    "until": "'until' without a preceding 'do'",
    "param": "A param block must be the first thing in a script, function or script block",
    "begin": "'begin' blocks are only allowed directly inside a script block or function",
    "process": "'process' blocks are only allowed directly inside a script block or function",
}

STATEMENT_END = frozenset("\r\n;)}")
_CONTINUATION_AT_END = re.compile(r"`\r?\n[^\S\r\n]*\Z")
_TRIVIA_START = frozenset(" \t\f\v#<`\ufeff")
_HWS = re.compile(r"[^\S\r\n]*")
_SEPS = re.compile(r"(?:[\s;]+|\ufeff|`\r?\n|#[^\r\n]*|<#.*?#>)*", re.S)
_IDENT = re.compile(r"[^\W\d]\w*")
_HERE_END = {'"': re.compile(r'^"@', re.M), "'": re.compile(r"^'@", re.M)}
_TRIVIA_KIND = {"ws": K.WHITESPACE, "cont": K.WHITESPACE, "nl": K.NEWLINE, "comment": K.COMMENT}
_UNICODE_ESCAPE = re.compile(r"u\{([0-9a-fA-F]{1,6})\}")


class Parser:
    """One parse of one source text.  Use ``parse()`` from ``gshell.lang``."""

    def __init__(
        self,
        text: str,
        *,
        filename: str | None = None,
        record: bool = False,
        start: int = 0,
        normalized: str | None = None,
        starts: list[int] | None = None,
    ) -> None:
        self.src = text
        self.s = normalized if normalized is not None else normalize(text)
        self.n = len(text)
        self.i = start
        self.depth = 0
        self.filename = filename
        self.tokens: list[tuple[K, int, int]] | None = [] if record else None
        self.starts = starts if starts is not None else line_starts(text)
        self._line_cache = (0, 0, 1)

    # -----------------------------------------------------------------------------------
    # Helpers: positions, errors, tokens, trivia
    # -----------------------------------------------------------------------------------

    def pos(self, off: int) -> A.Pos:
        lo, hi, line = self._line_cache
        if not (lo <= off < hi):
            starts = self.starts
            line = bisect_right(starts, off)
            lo = starts[line - 1]
            hi = starts[line] if line < len(starts) else self.n + 1
            self._line_cache = (lo, hi, line)
        return A.Pos(line, off - lo + 1, off)

    def incomplete_at(self, at: int) -> bool:
        s, n = self.s, self.n
        j = TRIVIA_NL.match(s, min(at, n)).end()
        if j >= n:
            return True
        if s.startswith("<#", j) and s.find("#>", j + 2) < 0:
            return True
        return j == n - 1 and s[j] == "`"

    def err(self, message: str, report: int | None = None, *, incomplete: bool | None = None) -> NoReturn:
        at = self.i
        rep = at if report is None else report
        rep = max(0, min(rep, self.n))
        inc = self.incomplete_at(at) if incomplete is None else incomplete
        p = self.pos(rep)
        raise ParseError(message, p.line, p.col, offset=rep, incomplete=inc, filename=self.filename)

    def snippet(self, at: int) -> str:
        s = self.s
        if at >= self.n:
            return "<end of input>"
        m = COMMAND_NAME.match(s, at)
        text = self.src[at:m.end()] if m else self.src[at]
        return text[:40]

    def unexpected(self, at: int | None = None) -> NoReturn:
        at = self.i if at is None else at
        self.err(f"Unexpected token '{self.snippet(at)}' in expression or statement.", at)

    def emit(self, kind: K, a: int, b: int) -> None:
        if self.tokens is not None and b > a:
            self.tokens.append((kind, a, b))

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.err(f"The input is nested too deeply (more than {MAX_DEPTH} levels): nesting too deep.",
                     incomplete=False)

    def _check_comment(self, j: int) -> None:
        if self.s.startswith("<#", j):
            self.i = self.n
            self.emit(K.COMMENT, j, self.n)
            self.err("Missing the end of a block comment ('#>').", j, incomplete=True)

    def _trivia_tokens(self, newlines: bool, semicolons: bool = False) -> None:
        s, n, i = self.s, self.n, self.i
        tokens = self.tokens
        assert tokens is not None
        while i < n:
            if semicolons and s[i] == ";":
                tokens.append((K.PUNCTUATION, i, i + 1))
                i += 1
                continue
            m = TRIVIA_PIECE.match(s, i)
            if m is None:
                break
            kind = m.lastgroup
            if kind == "nl" and not newlines:
                break
            tokens.append((_TRIVIA_KIND[kind or "ws"], i, m.end()))
            i = m.end()
        self.i = i
        self._check_comment(i)

    def ws(self) -> None:
        """Skip spaces, comments and backtick-newline continuations (not newlines)."""
        i = self.i
        if i >= self.n:
            return
        c = self.s[i]
        if c not in _TRIVIA_START and (c < "\x80" or not c.isspace()):
            return
        if self.tokens is not None:
            self._trivia_tokens(False)
            return
        j = TRIVIA_H.match(self.s, i).end()
        self.i = j
        if j < self.n and self.s[j] == "<":
            self._check_comment(j)

    def nl(self) -> None:
        """Skip trivia including newlines."""
        i = self.i
        if i >= self.n:
            return
        c = self.s[i]
        if c not in _TRIVIA_START and c not in "\r\n" and (c < "\x80" or not c.isspace()):
            return
        if self.tokens is not None:
            self._trivia_tokens(True)
            return
        j = TRIVIA_NL.match(self.s, i).end()
        self.i = j
        if j < self.n and self.s[j] == "<":
            self._check_comment(j)

    def seps(self) -> None:
        """Skip trivia, newlines and `;` between statements."""
        if self.tokens is not None:
            self._trivia_tokens(True, True)
            return
        j = _SEPS.match(self.s, self.i).end()
        self.i = j
        if j < self.n and self.s[j] == "<":
            self._check_comment(j)

    def peek_word(self, at: int) -> tuple[str, int] | None:
        """An ASCII word at ``at`` that ends where a keyword may end, lower-cased."""
        m = WORD.match(self.s, at)
        if m is None:
            return None
        e = m.end()
        if e < self.n and self.s[e] not in KEYWORD_END:
            return None
        return m.group().lower(), e

    def word_after_trivia(self) -> tuple[str, int, int] | None:
        """Look past trivia and newlines (without consuming) for a word: (word, start, end)."""
        j = TRIVIA_NL.match(self.s, self.i).end()
        m = WORD.match(self.s, j)
        if m is None:
            return None
        e = m.end()
        if e < self.n and self.s[e] not in KEYWORD_END and self.s[e] != "[":
            return None
        return m.group().lower(), j, e

    def expect(self, ch: str, message: str, report: int | None = None) -> int:
        i = self.i
        if i < self.n and self.s[i] == ch:
            self.emit(K.PUNCTUATION, i, i + 1)
            self.i = i + 1
            return i
        self.err(message, report)

    def keyword(self, a: int, b: int) -> None:
        self.emit(K.KEYWORD, a, b)
        self.i = b

    # -----------------------------------------------------------------------------------
    # Script and statement lists
    # -----------------------------------------------------------------------------------

    def parse_script(self) -> A.Script:
        start = self.i
        self.seps()
        attributes: dict[str, Any] = {}
        params: list[A.ParamDecl] = []
        if self.at_param_block():
            params, attributes = self.param_block()
        stmts = self.statements(None)
        m = _CONTINUATION_AT_END.search(self.s, start)
        if m is not None:
            line_start = self.s.rfind("\n", 0, m.start()) + 1
            if "#" not in self.s[line_start:m.start()]:
                self.err("Missing the continuation of the line after the backtick (`).", m.start(),
                         incomplete=True)
        script = A.Script(stmts, source=self.src, params=params, pos=self.pos(start))
        return script

    def statements(self, closer: str | None) -> list[A.Stmt]:
        out: list[A.Stmt] = []
        s, n = self.s, self.n
        while True:
            self.seps()
            i = self.i
            if i >= n:
                return out
            c = s[i]
            if c == closer:
                return out
            if c == ")" or c == "}":
                self.unexpected()
            out.append(self.statement())
            self.ws()
            i = self.i
            if i < n:
                c = s[i]
                if c != closer and c not in "\r\n;":
                    self.unexpected()

    def statement(self) -> A.Stmt:
        s, i = self.s, self.i
        c = s[i]
        if c == ":":
            return self.labelled()
        if c.isalpha():
            w = self.peek_word(i)
            if w is not None:
                handler = _KEYWORDS.get(w[0])
                if handler is not None:
                    return handler(self, i, w[1], w[0])
                if w[0] in UNSUPPORTED_KEYWORDS:
                    self.err(f"'{w[0]}' is not supported in gshell.", i, incomplete=False)
                if w[0] in STRAY_KEYWORDS:
                    self.err(STRAY_KEYWORDS[w[0]] + ".", i, incomplete=False)
        return self.pipeline()

    def labelled(self) -> A.Stmt:
        i = self.i
        m = LABEL.match(self.s, i)
        if m is None:
            self.unexpected()
        self.emit(K.LABEL, i, m.end())
        self.i = m.end()
        self.ws()
        w = self.peek_word(self.i)
        if w is None or w[0] not in ("foreach", "for", "while", "do", "switch"):
            self.err("A label must be followed by a loop (foreach, for, while, do) or switch.",
                     i)
        stmt = _KEYWORDS[w[0]](self, self.i, w[1], w[0])
        stmt.label = m.group(1)  # type: ignore[union-attr]
        return stmt

    # -----------------------------------------------------------------------------------
    # Pipelines and assignment
    # -----------------------------------------------------------------------------------

    def pipeline(self) -> A.Stmt:
        s, n = self.s, self.n
        start = self.i
        redirs: list[A.Redirection] = []
        first = self.element(True, redirs)
        if not isinstance(first, A.CommandExpr):
            self.ws()
            i = self.i
            if i < n:
                c = s[i]
                op = None
                if c == "=":
                    op = "="
                elif c in ASSIGN_CHARS and s[i + 1:i + 2] == "=":
                    op = c + "="
                if op is not None:
                    return self.assignment(first, op, start)
            self.redirections(redirs)
        elements: list[A.Expr | A.CommandExpr] = [first]
        while True:
            self.ws()
            i = self.i
            if i >= n:
                break
            c = s[i]
            if c == "|":
                if s[i + 1:i + 2] == "|":
                    self.err("The token '||' is not a valid statement separator in gshell; "
                             "use 'if (-not $?) { ... }'.", i, incomplete=False)
                self.emit(K.OPERATOR, i, i + 1)
                self.i = i + 1
                self.nl()
                if self.i >= n or s[self.i] in ";)}|":
                    self.err("An empty pipe element is not allowed.", i)
                elements.append(self.element(False, redirs))
                continue
            if c == "\r" or c == "\n":
                j = TRIVIA_NL.match(s, i).end()
                if j < n and s[j] == "|" and s[j + 1:j + 2] != "|":
                    self.nl()  # a leading '|' on the next line continues the pipeline
                    continue
            if c == "&" and s[i + 1:i + 2] == "&":
                self.err("The token '&&' is not a valid statement separator in gshell; "
                         "use ';' or a new line.", i, incomplete=False)
            break
        return A.PipelineStmt(elements, redirs, pos=self.pos(start))

    def assignment(self, target: A.Expr, op: str, start: int) -> A.AssignmentStmt:
        if not _assignable(target):
            self.err("The assignment expression is not valid. The input to an assignment operator "
                     "must be an object that is able to accept assignments, such as a variable or "
                     "a property.", self.i, incomplete=False)
        i = self.i
        if op == "=" and self.s[i + 1:i + 2] == "=":
            self.err("'==' is not an operator in gshell: compare with -eq.", i, incomplete=False)
        self.emit(K.OPERATOR, i, i + len(op))
        self.i = i + len(op)
        self.nl()
        if self.i >= self.n or self.s[self.i] in ");}":
            self.err(f"You must provide a value expression on the right-hand side of the '{op}' "
                     "operator.")
        self.enter()
        value = self.statement()
        self.depth -= 1
        return A.AssignmentStmt(target, op, value, pos=self.pos(start))

    def redirections(self, redirs: list[A.Redirection]) -> None:
        while True:
            self.ws()
            i = self.i
            if i >= self.n or self.s[i] not in "<>123456*":
                return
            if self.s[i] == "<":
                self.err("The '<' operator is reserved for future use.", i, incomplete=False)
            m = REDIRECTION.match(self.s, i)
            if m is None:
                return
            self.redirection(m, redirs)

    def redirection(self, m: re.Match[str], redirs: list[A.Redirection]) -> None:
        i = m.start()
        self.emit(K.OPERATOR, i, m.end())
        self.i = m.end()
        stream = m.group(1) or "1"
        op = m.group(2)
        if m.group(3):
            redirs.append(A.Redirection(op, stream, None, m.group(3), pos=self.pos(i)))
            return
        self.ws()
        if self.i >= self.n or self.s[self.i] in "\r\n;)}|&,":
            self.err("Missing file specification after redirection operator.")
        target = self.arg_item()
        redirs.append(A.Redirection(op, stream, target, pos=self.pos(i)))

    def starts_expression(self, i: int) -> bool:
        s, n = self.s, self.n
        c = s[i]
        if c in "$'\"([{@!,+":
            return True
        if c.isdigit():
            e = NUMBER.match(s, i).end()  # type: ignore[union-attr]
            return e >= n or not (s[e].isalnum() or s[e] == "_")
        d = s[i + 1] if i + 1 < n else ""
        if c == ".":
            if d.isdigit():
                e = NUMBER.match(s, i).end()  # type: ignore[union-attr]
                return e >= n or not (s[e].isalnum() or s[e] == "_")
            return False
        if c == "-":
            if d.isdigit() or d in ".$(@'\"[-!":
                return True
            m = DASH_WORD.match(s, i)
            return m is not None and m.group(1).lower() in DASH_UNARY and (
                m.end() >= n or not (s[m.end()].isalnum() or s[m.end()] == "_"))
        return False

    def element(self, first: bool, redirs: list[A.Redirection]) -> A.Expr | A.CommandExpr:
        if self.starts_expression(self.i):
            if not first:
                self.err("Expressions are only allowed as the first element of a pipeline.",
                         incomplete=False)
            return self.expression()
        return self.command(redirs)

    # -----------------------------------------------------------------------------------
    # Commands (argument mode)
    # -----------------------------------------------------------------------------------

    def command(self, redirs: list[A.Redirection]) -> A.CommandExpr:
        s, n = self.s, self.n
        start = self.i
        c = s[start]
        d = s[start + 1] if start + 1 < n else ""
        invocation = ""
        if c == "&":
            if d == "&":
                self.err("The token '&&' is not a valid statement separator in gshell; use ';' or "
                         "a new line.", start, incomplete=False)
            invocation = "&"
        elif c == "." and (d == "" or d.isspace() or d in "$'\"{("):
            invocation = "."
        if invocation:
            self.emit(K.OPERATOR, start, start + 1)
            self.i = start + 1
            self.ws()
            j = self.i
            if j >= n or s[j] in "\r\n;)}|":
                self.err(f"Missing expression after the '{invocation}' operator.")
            if s[j] in "$'\"{(@":
                self.arg_item()
                name = self.src[j:self.i]
            else:
                m = COMMAND_NAME.match(s, j)
                if m is None:
                    self.unexpected()
                name = m.group()
                self.emit(K.COMMAND, j, m.end())
                self.i = m.end()
            name_at = j
        else:
            if c in "<>":
                self.err(f"Missing command before the redirection operator '{c}'.", start,
                         incomplete=False)
            m = COMMAND_NAME.match(s, start)
            if m is None:
                self.unexpected()
            name = m.group()
            name_at = start
            self.emit(K.COMMAND, start, m.end())
            self.i = m.end()
        elements = self.command_elements(redirs)
        return A.CommandExpr(name, elements, invocation, pos=self.pos(start),
                             name_pos=self.pos(name_at))

    def command_elements(self, redirs: list[A.Redirection]) -> list[A.CommandElement]:
        s, n = self.s, self.n
        elements: list[A.CommandElement] = []
        dashdash = False
        while True:
            self.ws()
            i = self.i
            if i >= n:
                return elements
            c = s[i]
            if c in "\r\n;)}|":
                return elements
            if c == "&":
                if s[i + 1:i + 2] == "&":
                    self.err("The token '&&' is not a valid statement separator in gshell; use ';' "
                             "or a new line.", i, incomplete=False)
                self.err("The '&' operator (background job) is not supported in gshell.", i,
                         incomplete=False)
            if c in "<>123456*":
                if c == "<":
                    self.err("The '<' operator is reserved for future use.", i, incomplete=False)
                m = REDIRECTION.match(s, i)
                if m is not None:
                    self.redirection(m, redirs)
                    continue
            # a '-' glued to the previous argument ($HOME.Length-more) is not a parameter
            if c == "-" and not dashdash and s[i - 1].isspace():
                if s.startswith("--", i):
                    e = i + 2
                    if e < n and s[e] == "%":
                        self.err("The stop-parsing token '--%' is not supported in gshell.", i,
                                 incomplete=False)
                    if e >= n or s[e] in ARG_END:
                        self.emit(K.OPERATOR, i, e)
                        self.i = e
                        dashdash = True
                        continue
                m = PARAMETER.match(s, i)
                if m is not None:
                    e = m.end()
                    colon = bool(m.group(2))
                    if colon or e >= n or s[e] in ARG_END:
                        elements.append(self.parameter(m, colon))
                        continue
            if c == ",":
                self.err("Missing argument in parameter list.", i, incomplete=False)
            value = self.argument()
            elements.append(A.CommandArgument(value, pos=value.pos))

    def parameter(self, m: re.Match[str], colon: bool) -> A.CommandParameter:
        i = m.start()
        self.emit(K.PARAMETER, i, m.end())
        self.i = m.end()
        name = m.group(1)
        value = None
        if colon:
            self.ws()
            if self.i >= self.n or self.s[self.i] in "\r\n;)}|,":
                self.err(f"Missing an argument for parameter '{name}'. Specify a value after "
                         f"'-{name}:'.", i)
            value = self.argument()
        return A.CommandParameter(name, value, colon, pos=self.pos(i))

    def argument(self) -> A.Expr:
        """One argument: an item, or items separated by commas (one array argument)."""
        first = self.arg_item()
        self.ws()
        s, n = self.s, self.n
        if self.i >= n or s[self.i] != ",":
            return first
        items = [first]
        while self.i < n and s[self.i] == ",":
            i = self.i
            self.emit(K.OPERATOR, i, i + 1)
            self.i = i + 1
            self.nl()
            if self.i >= n or s[self.i] in ",;)}|\r\n&":
                self.err("Missing argument in parameter list.")
            items.append(self.arg_item())
            self.ws()
        return A.ArrayLiteralExpr(items, pos=first.pos)

    def arg_item(self) -> A.Expr:
        s, n = self.s, self.n
        i = self.i
        c = s[i]
        d = s[i + 1] if i + 1 < n else ""
        if c == "$":
            if d == "(":
                return self.postfix(self.subexpr(), True)
            v = self.scan_variable(i)
            if v is None:
                return self.bareword()
            var, e = v
            nc = s[e] if e < n else ""
            if nc == "." or nc == "[" or (nc == ":" and s[e + 1:e + 2] == ":"):
                if nc != "." or self.member_start(e + 1):
                    self.emit(K.VARIABLE, i, e)
                    self.i = e
                    return self.postfix(var, True)
                return self.bareword()
            if nc == "" or nc in ARG_END:
                self.emit(K.VARIABLE, i, e)
                self.i = e
                return var
            return self.bareword()
        if c == "@":
            if d == "(":
                return self.postfix(self.array_expr(), True)
            if d == "{":
                return self.hashtable()
            if d == '"' or d == "'":
                return self.here_string()
            m = VAR_NAME.match(s, i + 1)
            if m is not None:
                self.emit(K.VARIABLE, i, m.end())
                self.i = m.end()
                return A.VariableExpr(m.group(), None, True, pos=self.pos(i))
            return self.bareword()
        if c == "(":
            return self.postfix(self.paren(), True)
        if c == "{":
            return self.scriptblock()
        if c == "'":
            return self.verbatim_string()
        if c == '"':
            return self.dq_string()
        return self.bareword()

    def bareword(self) -> A.Expr:
        start = self.i
        mark = len(self.tokens) if self.tokens is not None else 0
        parts, end, special = self.expandable(start, "bare")
        if end == start:
            self.unexpected(start)
        self.i = end
        pos = self.pos(start)
        if not parts:
            return A.ConstantExpr("", self.src[start:end], pos=pos)
        if len(parts) == 1 and isinstance(parts[0], str):
            text = parts[0]
            if not special and NUMBER_ARG.fullmatch(self.s, start, end):
                value = number_value(self.s[start:end])
                if value is not None:
                    if self.tokens is not None:
                        del self.tokens[mark:]
                        self.emit(K.NUMBER, start, end)
                    return A.ConstantExpr(value, self.src[start:end], pos=pos)
            return A.ConstantExpr(text, self.src[start:end], pos=pos)
        return A.ExpandableStringExpr(parts, True, pos=pos)

    # -----------------------------------------------------------------------------------
    # Expressions
    # -----------------------------------------------------------------------------------

    def expression(self, comma: bool = True) -> A.Expr:
        return self.binary(LOGICAL, comma)

    def binary(self, min_level: int, comma: bool) -> A.Expr:
        left = self.unary(comma)
        s, n = self.s, self.n
        while True:
            self.ws()
            i = self.i
            if i >= n:
                return left
            c = s[i]
            d = s[i + 1] if i + 1 < n else ""
            if c == "-":
                if d.isalpha():
                    m = DASH_WORD.match(s, i)
                    word = m.group(1).lower()  # type: ignore[union-attr]
                    level = DASH_BINARY.get(word, 0)
                    if not level:
                        self.err(f"Unexpected token '-{m.group(1)}' in expression or statement.",  # type: ignore[union-attr]
                                 i, incomplete=False)
                    op = "-" + word
                    end = m.end()  # type: ignore[union-attr]
                elif d == "=":
                    return left
                else:
                    op, level, end = "-", ADDITIVE, i + 1
            elif c == "+":
                if d == "=":
                    return left
                op, level, end = "+", ADDITIVE, i + 1
            elif c == "*" or c == "/" or c == "%":
                if d == "=":
                    return left
                op, level, end = c, MULTIPLICATIVE, i + 1
            elif c == "." and d == ".":
                op, level, end = "..", RANGE, i + 2
            elif c == "," and comma:
                op, level, end = ",", COMMA, i + 1
            else:
                return left
            if level < min_level:
                return left
            self.emit(K.OPERATOR, i, end)
            self.i = end
            self.nl()
            if not self.operand_start():
                self.err(f"You must provide a value expression following the '{op}' operator.")
            if op == ",":
                items = [left, self.unary(comma)]
                while True:
                    self.ws()
                    j = self.i
                    if j < n and s[j] == ",":
                        self.emit(K.OPERATOR, j, j + 1)
                        self.i = j + 1
                        self.nl()
                        if not self.operand_start():
                            self.err("Missing expression after ','.")
                        items.append(self.unary(comma))
                    else:
                        break
                left = A.ArrayLiteralExpr(items, pos=left.pos)
                continue
            right = self.binary(level + 1, comma)
            left = A.BinaryExpr(op, left, right, pos=left.pos)

    def operand_start(self) -> bool:
        i = self.i
        if i >= self.n:
            return False
        c = self.s[i]
        return c.isdigit() or c in "$'\"(@[{!+-,." 

    def unary(self, comma: bool) -> A.Expr:
        s, n = self.s, self.n
        i = self.i
        if i >= n:
            self.err("Missing expression.")
        c = s[i]
        d = s[i + 1] if i + 1 < n else ""
        op = ""
        end = i + 1
        if c == "-":
            if d.isdigit() or (d == "." and s[i + 2:i + 3].isdigit()):
                return self.postfix(self.number(i + 1, negative=True), False)
            if d == "-":
                op, end = "--", i + 2
            elif d.isalpha():
                m = DASH_WORD.match(s, i)
                word = m.group(1).lower()  # type: ignore[union-attr]
                if word not in DASH_UNARY:
                    self.err(f"Unexpected token '-{m.group(1)}' in expression or statement.", i,  # type: ignore[union-attr]
                             incomplete=False)
                op, end = "-" + word, m.end()  # type: ignore[union-attr]
            else:
                op = "-"
        elif c == "+":
            op, end = ("++", i + 2) if d == "+" else ("+", i + 1)
        elif c == "!":
            op = "!"
        elif c == ",":
            op = ","
        elif c == "[":
            return self.type_or_cast(comma)
        if not op:
            return self.postfix(self.primary(), False)
        self.emit(K.OPERATOR, i, end)
        self.i = end
        self.ws()
        if not self.operand_start():
            self.err(f"Missing expression after unary operator '{op}'.")
        self.enter()
        operand = self.unary(comma)
        self.depth -= 1
        return A.UnaryExpr(op, operand, pos=self.pos(i))

    def type_or_cast(self, comma: bool) -> A.Expr:
        s, n = self.s, self.n
        i = self.i
        name, e = self.scan_type(i)
        self.emit(K.TYPE, i, e)
        self.i = e
        if e < n and (s[e] == "." or s[e] == ":"):
            return self.postfix(A.TypeExpr(name, pos=self.pos(i)), False)
        j = _HWS.match(s, e).end()
        if j < n and self.cast_operand_start(j):
            self.ws()
            self.enter()
            operand = self.unary(comma)
            self.depth -= 1
            lname = name.lower()
            if lname == "ordered":
                if not isinstance(operand, A.HashtableExpr):
                    self.err("The [ordered] attribute can be specified only on a hash literal node.",
                             i, incomplete=False)
                operand.ordered = True
                operand.pos = self.pos(i)
                return operand
            if lname in ("pscustomobject", "system.management.automation.pscustomobject") and isinstance(
                    operand, A.HashtableExpr):
                operand.ordered = True
            return A.CastExpr(name, operand, pos=self.pos(i))
        return self.postfix(A.TypeExpr(name, pos=self.pos(i)), False)

    def cast_operand_start(self, j: int) -> bool:
        s = self.s
        c = s[j]
        if c.isdigit() or c in "$@'\"([!{":
            return True
        d = s[j + 1:j + 2]
        if c == ".":
            return d.isdigit()
        if c == "-":
            if d.isdigit() or d in "$(.-":
                return True
            m = DASH_WORD.match(s, j)
            return m is not None and m.group(1).lower() in DASH_UNARY
        return False

    def scan_type(self, i: int) -> tuple[str, int]:
        """`[ name ]` at ``i`` (generic and array suffixes included): (name, end)."""
        s, n = self.s, self.n
        j = _HWS.match(s, i + 1).end()
        m = TYPE_NAME.match(s, j)
        if m is None:
            self.i = j
            self.err("Missing type name after '['.", i)
        j = m.end()
        while j < n and s[j] == "[":
            level = 0
            k = j
            while k < n:
                ch = s[k]
                if ch == "[":
                    level += 1
                elif ch == "]":
                    level -= 1
                    if level == 0:
                        break
                elif ch == "\n" or ch == "\r":
                    break
                k += 1
            if k >= n or s[k] != "]":
                self.i = k
                self.err("Missing ']' in type name.", i)
            j = k + 1
        name_end = j
        j = _HWS.match(s, j).end()
        if j >= n or s[j] != "]":
            self.i = j
            self.err("Missing closing ']' after the type name.", i)
        return s[m.start():name_end], j + 1

    def number(self, at: int, negative: bool = False) -> A.Expr:
        s, n = self.s, self.n
        m = NUMBER.match(s, at)
        if m is None:  # pragma: no cover - callers check
            self.unexpected(at)
        e = m.end()
        if e < n and (s[e].isalnum() or s[e] == "_"):
            self.err(f"Unexpected token '{self.snippet(at)}' in expression or statement.", at,
                     incomplete=False)
        start = at - 1 if negative else at
        text = s[start:e]
        value = number_value(text)
        if value is None:
            self.err(f"The numeric constant '{text[:40]}' is not valid or too large.", start,
                     incomplete=False)
        self.emit(K.NUMBER, start, e)
        self.i = e
        return A.ConstantExpr(value, text, pos=self.pos(start))

    def primary(self) -> A.Expr:
        s, n = self.s, self.n
        i = self.i
        c = s[i]
        d = s[i + 1] if i + 1 < n else ""
        if c == "$":
            if d == "(":
                return self.subexpr()
            v = self.scan_variable(i)
            if v is None:
                self.err("Variable reference is not valid. '$' was not followed by a valid variable "
                         "name character.", i, incomplete=False)
            self.emit(K.VARIABLE, i, v[1])
            self.i = v[1]
            return v[0]
        if c == "@":
            if d == "(":
                return self.array_expr()
            if d == "{":
                return self.hashtable()
            if d == '"' or d == "'":
                return self.here_string()
            if VAR_NAME.match(s, i + 1):
                self.err("Splatting ('@name') can only be used as an argument to a command.", i,
                         incomplete=False)
            self.unexpected()
        if c.isdigit() or (c == "." and d.isdigit()):
            return self.number(i)
        if c == "'":
            return self.verbatim_string()
        if c == '"':
            return self.dq_string()
        if c == "(":
            return self.paren()
        if c == "{":
            return self.scriptblock()
        self.unexpected()

    def member_start(self, j: int) -> bool:
        if j >= self.n:
            return False
        c = self.s[j]
        return c.isalnum() or c in "_'\"$("

    def postfix(self, expr: A.Expr, arg: bool) -> A.Expr:
        s, n = self.s, self.n
        while True:
            i = self.i
            if i >= n:
                return expr
            c = s[i]
            if c == ".":
                if i + 1 < n and s[i + 1] == ".":
                    return expr
                if not self.member_start(i + 1):
                    if arg:
                        return expr
                    self.i = i + 1
                    self.err("Missing property name after reference operator.", i + 1)
                self.emit(K.OPERATOR, i, i + 1)
                self.i = i + 1
                expr = self.member_rest(expr, i, False)
            elif c == ":" and s[i + 1:i + 2] == ":":
                self.emit(K.OPERATOR, i, i + 2)
                self.i = i + 2
                if not self.member_start(i + 2):
                    self.err("Missing property name after the '::' operator.", i + 2)
                expr = self.member_rest(expr, i, True)
            elif c == "[":
                self.emit(K.PUNCTUATION, i, i + 1)
                self.i = i + 1
                self.enter()
                self.nl()
                if self.i < n and s[self.i] == "]":
                    self.err("Array index expression is missing or not valid.")
                if not self.operand_start():
                    if self.i >= n:
                        self.err("Missing ']' after array index expression.", i)
                    self.unexpected()
                index = self.expression()
                self.nl()
                self.expect("]", "Missing ']' after array index expression.", i)
                self.depth -= 1
                expr = A.IndexExpr(expr, index, pos=expr.pos)
            elif not arg and (c == "+" or c == "-") and s[i + 1:i + 2] == c:
                self.emit(K.OPERATOR, i, i + 2)
                self.i = i + 2
                expr = A.PostfixExpr(c + c, expr, pos=expr.pos)
            else:
                return expr

    def member_rest(self, target: A.Expr, dot_at: int, static: bool) -> A.Expr:
        s, n = self.s, self.n
        j = self.i
        c = s[j]
        member: A.Expr
        m = MEMBER_NAME.match(s, j)
        if m is not None:
            self.emit(K.MEMBER, j, m.end())
            self.i = m.end()
            member = A.ConstantExpr(self.src[j:m.end()], pos=self.pos(j))
        elif c == "'":
            member = self.verbatim_string()
        elif c == '"':
            member = self.dq_string()
            if isinstance(member, A.ExpandableStringExpr) and all(isinstance(p, str) for p in member.parts):
                member = A.ConstantExpr("".join(member.parts), pos=member.pos)  # type: ignore[arg-type]
        elif c == "$":
            if s[j + 1:j + 2] == "(":
                member = self.subexpr()
            else:
                v = self.scan_variable(j)
                if v is None:
                    self.err("Missing property name after reference operator.", j)
                self.emit(K.VARIABLE, j, v[1])
                self.i = v[1]
                member = v[0]
        else:  # '('
            member = self.paren()
        if self.i < n and s[self.i] == "(":
            args = self.call_args()
            return A.InvokeMemberExpr(target, member, args, static, pos=target.pos)
        return A.MemberExpr(target, member, static, pos=target.pos)

    def call_args(self) -> list[A.Expr]:
        s, n = self.s, self.n
        open_at = self.i
        self.emit(K.PUNCTUATION, open_at, open_at + 1)
        self.i = open_at + 1
        self.enter()
        args: list[A.Expr] = []
        self.nl()
        if self.i < n and s[self.i] == ")":
            self.emit(K.PUNCTUATION, self.i, self.i + 1)
            self.i += 1
            self.depth -= 1
            return args
        while True:
            if not self.operand_start():
                if self.i >= n:
                    self.err("Missing ')' in method call.", open_at)
                if s[self.i] == ",":
                    self.err("Missing argument in method call.")
                self.unexpected()
            args.append(self.expression(False))
            self.nl()
            i = self.i
            if i < n and s[i] == ",":
                self.emit(K.OPERATOR, i, i + 1)
                self.i = i + 1
                self.nl()
                continue
            self.expect(")", "Missing ')' in method call.", open_at)
            break
        self.depth -= 1
        return args

    # -----------------------------------------------------------------------------------
    # Bracketed expressions
    # -----------------------------------------------------------------------------------

    def paren(self) -> A.ParenExpr:
        i = self.i
        self.emit(K.PUNCTUATION, i, i + 1)
        self.i = i + 1
        self.enter()
        self.nl()
        if self.i >= self.n:
            self.err("Missing closing ')' in expression.", i)
        if self.s[self.i] == ")":
            self.err("An expression was expected after '('.", incomplete=False)
        inner = self.statement()
        self.nl()
        if self.i < self.n and self.s[self.i] != ")":
            self.unexpected()
        self.expect(")", "Missing closing ')' in expression.", i)
        self.depth -= 1
        return A.ParenExpr(inner, pos=self.pos(i))

    def subexpr(self) -> A.SubExpr:
        i = self.i
        self.emit(K.PUNCTUATION, i, i + 2)
        self.i = i + 2
        self.enter()
        body = self.statements(")")
        self.expect(")", "Missing closing ')' in subexpression.", i)
        self.depth -= 1
        return A.SubExpr(body, pos=self.pos(i))

    def array_expr(self) -> A.ArrayExpr:
        i = self.i
        self.emit(K.PUNCTUATION, i, i + 2)
        self.i = i + 2
        self.enter()
        body = self.statements(")")
        self.expect(")", "Missing closing ')' in array expression '@( )'.", i)
        self.depth -= 1
        return A.ArrayExpr(body, pos=self.pos(i))

    def hashtable(self) -> A.HashtableExpr:
        s, n = self.s, self.n
        open_at = self.i
        self.emit(K.PUNCTUATION, open_at, open_at + 2)
        self.i = open_at + 2
        self.enter()
        entries: list[A.HashEntry] = []
        while True:
            self.seps()
            i = self.i
            if i >= n:
                self.err("Missing closing '}' in hash literal.", open_at)
            if s[i] == "}":
                break
            key = self.hash_key()
            self.ws()
            j = self.i
            if j >= n or s[j] != "=" or s[j + 1:j + 2] == "=":
                if j >= n:
                    self.err("Missing '=' operator after key in hash literal.")
                self.err("Missing '=' operator after key in hash literal.", incomplete=False)
            self.emit(K.OPERATOR, j, j + 1)
            self.i = j + 1
            self.nl()
            if self.i >= n or s[self.i] in ";}":
                self.err("Missing statement after '=' in hash literal.")
            value = self.statement()
            entries.append(A.HashEntry(key, value, pos=key.pos))
            self.ws()
            j = self.i
            if j < n and s[j] not in "\r\n;}":
                self.err("Missing statement after '=' in hash literal: the hash literal was "
                         f"incomplete before '{self.snippet(j)}'.", j, incomplete=False)
        self.emit(K.PUNCTUATION, self.i, self.i + 1)
        self.i += 1
        self.depth -= 1
        return A.HashtableExpr(entries, pos=self.pos(open_at))

    def hash_key(self) -> A.Expr:
        s = self.s
        i = self.i
        c = s[i]
        if c == "'":
            return self.verbatim_string()
        if c == '"':
            return self.dq_string()
        if c == "(":
            return self.paren()
        if c == "$":
            return self.unary(False)
        m = HASH_KEY.match(s, i)
        if m is None:
            self.unexpected()
        e = m.end()
        text = self.src[i:e]
        self.i = e
        if NUMBER_ARG.fullmatch(s, i, e):
            value = number_value(s[i:e])
            if value is not None:
                self.emit(K.NUMBER, i, e)
                return A.ConstantExpr(value, text, pos=self.pos(i))
        self.emit(K.MEMBER, i, e)
        return A.ConstantExpr(text, pos=self.pos(i))

    def scriptblock(self) -> A.ScriptBlockExpr:
        s, n = self.s, self.n
        open_at = self.i
        self.emit(K.PUNCTUATION, open_at, open_at + 1)
        self.i = open_at + 1
        self.enter()
        self.seps()
        params: list[A.ParamDecl] = []
        attributes: dict[str, Any] = {}
        if self.at_param_block():
            params, attributes = self.param_block()
        sb = A.ScriptBlockExpr(params, pos=self.pos(open_at), attributes=attributes)
        w = self.word_after_trivia()
        if w is not None and w[0] in NAMED_BLOCKS and self.block_follows(w[2]):
            self.named_blocks(sb)
        else:
            sb.end = self.statements("}")
        close = self.expect("}", "Missing closing '}' in statement block or type definition.",
                            open_at)
        sb.text = self.src[open_at + 1:close]
        self.depth -= 1
        return sb

    def block_follows(self, at: int) -> bool:
        j = TRIVIA_NL.match(self.s, at).end()
        return j < self.n and self.s[j] == "{"

    def named_blocks(self, sb: A.ScriptBlockExpr) -> None:
        s, n = self.s, self.n
        while True:
            self.seps()
            i = self.i
            if i >= n or s[i] == "}":
                return
            w = self.peek_word(i)
            if w is None or w[0] not in NAMED_BLOCKS:
                self.err("Unexpected token in a script block with named blocks: expected begin, "
                         "process or end.", i)
            if w[0] in ("dynamicparam", "clean"):
                self.err(f"'{w[0]}' blocks are not supported in gshell.", i, incomplete=False)
            if getattr(sb, w[0]) is not None:
                self.err(f"Script block has more than one '{w[0]}' block.", i, incomplete=False)
            self.keyword(i, w[1])
            self.nl()
            if self.i >= n or s[self.i] != "{":
                self.err(f"Missing statement block after '{w[0]}'.")
            setattr(sb, w[0], self.block())

    def block(self) -> list[A.Stmt]:
        open_at = self.i
        self.emit(K.PUNCTUATION, open_at, open_at + 1)
        self.i = open_at + 1
        self.enter()
        body = self.statements("}")
        self.expect("}", "Missing closing '}' in statement block or type definition.", open_at)
        self.depth -= 1
        return body

    def open_block(self, after: str) -> list[A.Stmt]:
        self.nl()
        if self.i >= self.n or self.s[self.i] != "{":
            self.err(f"Missing statement block after {after}.")
        return self.block()

    def paren_condition(self, what: str, kw_at: int) -> A.Stmt:
        """`( statement )` after a keyword."""
        self.nl()
        i = self.i
        if i >= self.n or self.s[i] != "(":
            self.err(f"Missing '(' after '{what}'.")
        self.emit(K.PUNCTUATION, i, i + 1)
        self.i = i + 1
        self.enter()
        self.nl()
        if self.i >= self.n:
            self.err(f"Missing closing ')' after the condition of '{what}'.", i)
        if self.s[self.i] == ")":
            self.err(f"Missing condition in '{what}' statement.", incomplete=False)
        cond = self.statement()
        self.nl()
        if self.i < self.n and self.s[self.i] != ")":
            self.unexpected()
        self.expect(")", f"Missing closing ')' after the condition of '{what}'.", i)
        self.depth -= 1
        return cond

    # -----------------------------------------------------------------------------------
    # Strings and variables
    # -----------------------------------------------------------------------------------

    def scan_variable(self, k: int) -> tuple[A.VariableExpr, int] | None:
        """The variable at ``k`` (which holds `$`), without consuming: (node, end)."""
        s, n = self.s, self.n
        j = k + 1
        if j >= n:
            return None
        c = s[j]
        if c == "{":
            buf: list[str] = []
            e = j + 1
            while True:
                close = s.find("}", e)
                tick = s.find("`", e, close if close >= 0 else n)
                if close < 0 and tick < 0:
                    self.i = n
                    self.err("Missing closing '}' in the variable name '${...}'.", k, incomplete=True)
                if tick >= 0:
                    buf.append(self.src[e:tick])
                    if tick + 1 >= n:
                        self.i = n
                        self.err("Missing closing '}' in the variable name '${...}'.", k,
                                 incomplete=True)
                    buf.append(self.src[tick + 1])
                    e = tick + 2
                    continue
                buf.append(self.src[e:close])
                end = close + 1
                break
            name = "".join(buf)
            if not name:
                self.err("Empty variable name '${}'.", k, incomplete=False)
            scope = None
            colon = name.find(":")
            if colon > 0 and name[:colon].lower() in KNOWN_SCOPES and colon + 1 < len(name):
                scope, name = name[:colon].lower(), name[colon + 1:]
            return A.VariableExpr(name, scope, pos=self.pos(k)), end
        m = VAR_NAME.match(s, j)
        if m is not None:
            e = m.end()
            if e < n and s[e] == ":" and s[e + 1:e + 2] != ":":
                m2 = VAR_NAME.match(s, e + 1)
                if m2 is None:
                    self.err("Variable reference is not valid. ':' was not followed by a valid "
                             "variable name character. Consider using ${} to delimit the name.",
                             k, incomplete=False)
                return A.VariableExpr(self.src[m2.start():m2.end()], m.group().lower(),
                                      pos=self.pos(k)), m2.end()
            return A.VariableExpr(self.src[j:e], pos=self.pos(k)), e
        if c == "$" or c == "^":
            return A.VariableExpr(c, pos=self.pos(k)), j + 1
        return None

    def verbatim_string(self) -> A.ConstantExpr:
        s, src = self.s, self.src
        i = self.i
        j = i + 1
        buf: list[str] = []
        while True:
            k = s.find("'", j)
            if k < 0:
                self.emit(K.STRING, i, self.n)
                self.i = self.n
                self.err("The string is missing the terminator: '.", i, incomplete=True)
            buf.append(src[j:k])
            if k + 1 < self.n and s[k + 1] == "'":
                buf.append(src[k])
                j = k + 2
                continue
            end = k + 1
            break
        self.emit(K.STRING, i, end)
        self.i = end
        return A.ConstantExpr("".join(buf), src[i:end], pos=self.pos(i))

    def dq_string(self) -> A.ExpandableStringExpr:
        i = self.i
        parts, end, _ = self.expandable(i + 1, "dq", emit_from=i)
        self.i = end
        return A.ExpandableStringExpr(parts, pos=self.pos(i))

    def here_string(self) -> A.Expr:
        s, n = self.s, self.n
        i = self.i
        q = s[i + 1]
        j = _HWS.match(s, i + 2).end()
        if j >= n:
            self.emit(K.STRING, i, n)
            self.i = n
            self.err(f"The here-string is missing the terminator '{q}@'.", i, incomplete=True)
        if s[j] not in "\r\n":
            self.i = j
            self.err("No characters are allowed after a here-string header but before the end of "
                     "the line.", j, incomplete=False)
        body_start = j + 2 if s.startswith("\r\n", j) else j + 1
        m = _HERE_END[q].search(s, body_start)
        if m is None:
            self.emit(K.STRING, i, n)
            self.i = n
            self.err(f"The here-string is missing the terminator '{q}@'.", i, incomplete=True)
        close = m.start()
        body_end = close
        if close > body_start:
            body_end = close - 1
            if body_end > body_start and s[body_end - 1] == "\r":
                body_end -= 1
        end = close + 2
        if q == "'":
            self.emit(K.STRING, i, end)
            self.i = end
            return A.ConstantExpr(self.src[body_start:body_end], self.src[i:end], pos=self.pos(i))
        parts, _, _ = self.expandable(body_start, "here", limit=body_end, emit_from=i, emit_to=end)
        self.i = end
        return A.ExpandableStringExpr(parts, pos=self.pos(i))

    def expandable(
        self,
        start: int,
        mode: str,
        *,
        limit: int | None = None,
        emit_from: int | None = None,
        emit_to: int | None = None,
    ) -> tuple[list[str | A.Expr], int, bool]:
        """Scan the body of "..." ('dq', ``start`` after the quote), a here-string body
        ('here', up to ``limit``) or an argument-mode bareword ('bare').  Returns (parts, end,
        special) where ``special`` says whether quotes or escapes were seen."""
        s, src = self.s, self.src
        n = limit if limit is not None else self.n
        regex = DQ_SPECIAL if mode == "dq" else HERE_SPECIAL if mode == "here" else BARE_SPECIAL
        lit_kind = K.BAREWORD if mode == "bare" else K.STRING
        parts: list[str | A.Expr] = []
        buf: list[str] = []
        special = False
        piece = start if emit_from is None else emit_from
        pos = start
        end = n

        def flush_text() -> None:
            if buf:
                text = "".join(buf)
                buf.clear()
                if text:
                    if parts and isinstance(parts[-1], str):
                        parts[-1] = parts[-1] + text  # type: ignore[operator]
                    else:
                        parts.append(text)

        while True:
            m = regex.search(s, pos, n)
            if m is None:
                buf.append(src[pos:n])
                if mode == "dq":
                    self.emit(lit_kind, piece, self.n)
                    self.i = self.n
                    self.err('The string is missing the terminator: ".',
                             emit_from if emit_from is not None else start, incomplete=True)
                end = n
                break
            k = m.start()
            if k > pos:
                buf.append(src[pos:k])
            ch = s[k]
            if ch == "`":
                if k + 1 >= self.n:
                    self.emit(lit_kind, piece, self.n)
                    self.i = self.n
                    if mode == "dq":
                        self.err('The string is missing the terminator: ".',
                                 emit_from if emit_from is not None else start, incomplete=True)
                    self.err("Missing character after the escape character '`'.", k,
                             incomplete=True)
                nx = s[k + 1]
                if mode == "bare" and (nx == "\n" or nx == "\r"):
                    end = k
                    break
                special = True
                if nx == "u" and s[k + 2:k + 3] == "{":
                    um = _UNICODE_ESCAPE.match(s, k + 1)
                    code = int(um.group(1), 16) if um else -1
                    if um is None or code > 0x10FFFF:
                        self.i = k
                        self.err("The Unicode escape sequence is not valid. A valid sequence is `u{ "
                                 "followed by one to six hex digits and a closing '}'.", k,
                                 incomplete=False)
                    buf.append(chr(code))
                    pos = um.end()
                    continue
                buf.append(ESCAPES.get(nx, src[k + 1]))
                pos = k + 2
                continue
            if ch == '"':
                if mode == "dq":
                    if k + 1 < n and s[k + 1] == '"':
                        buf.append(src[k])
                        special = True
                        pos = k + 2
                        continue
                    end = k + 1
                    break
                # a quoted part inside a bareword: a"b c"d
                special = True
                self.emit(lit_kind, piece, k)
                flush_text()
                sub, e, _ = self.expandable(k + 1, "dq", emit_from=k)
                for p in sub:
                    if isinstance(p, str):
                        buf.append(p)
                    else:
                        flush_text()
                        parts.append(p)
                piece = pos = e
                continue
            if ch == "'":
                special = True
                self.emit(lit_kind, piece, k)
                save = self.i
                self.i = k
                const = self.verbatim_string()
                self.i = save
                buf.append(const.value)
                piece = pos = k + len(const.text)
                continue
            if ch == "$":
                nx = s[k + 1] if k + 1 < self.n else ""
                if nx == "(":
                    self.emit(lit_kind, piece, k)
                    flush_text()
                    save = self.i
                    self.i = k
                    sub_expr = self.subexpr()
                    parts.append(sub_expr)
                    piece = pos = self.i
                    self.i = save
                    continue
                v = self.scan_variable(k)
                if v is None:
                    buf.append("$")
                    pos = k + 1
                    continue
                self.emit(lit_kind, piece, k)
                self.emit(K.VARIABLE, k, v[1])
                flush_text()
                parts.append(v[0])
                piece = pos = v[1]
                continue
            # a metacharacter ends a bareword
            end = k
            break
        flush_text()
        self.emit(lit_kind, piece, emit_to if emit_to is not None else end)
        return parts, end, special

    # -----------------------------------------------------------------------------------
    # param() blocks and attributes
    # -----------------------------------------------------------------------------------

    def at_param_block(self) -> bool:
        s, i = self.s, self.i
        j = i
        while j < self.n and s[j] == "[" and ATTRIBUTE_START.match(s, j):
            close = s.find("]", j)
            # skip to the matching ']' of the attribute (cheaply: the last ')' ']' pair)
            if close < 0:
                return False
            k = s.find(")", j)
            close = s.find("]", k if k >= 0 else j)
            if close < 0:
                return False
            j = TRIVIA_NL.match(s, close + 1).end()
        w = self.peek_word(j)
        if w is None or w[0] != "param":
            return False
        k = TRIVIA_NL.match(s, w[1]).end()
        return k < self.n and s[k] == "("

    def param_block(self) -> tuple[list[A.ParamDecl], dict[str, Any]]:
        attributes: dict[str, Any] = {}
        while self.s[self.i] == "[":
            self.attribute(attributes, block=True)
            self.nl()
        w = self.peek_word(self.i)
        assert w is not None
        self.keyword(self.i, w[1])
        self.nl()
        return self.param_list(), attributes

    def param_list(self) -> list[A.ParamDecl]:
        s, n = self.s, self.n
        open_at = self.expect("(", "Missing '(' after 'param'.")
        self.enter()
        out: list[A.ParamDecl] = []
        self.nl()
        if self.i < n and s[self.i] == ")":
            self.emit(K.PUNCTUATION, self.i, self.i + 1)
            self.i += 1
            self.depth -= 1
            return out
        while True:
            out.append(self.param_decl())
            self.nl()
            i = self.i
            if i < n and s[i] == ",":
                self.emit(K.OPERATOR, i, i + 1)
                self.i = i + 1
                self.nl()
                continue
            self.expect(")", "Missing ')' in function parameter list.", open_at)
            break
        self.depth -= 1
        return out

    def param_decl(self) -> A.ParamDecl:
        s, n = self.s, self.n
        start = self.i
        attributes: dict[str, Any] = {}
        type_name: str | None = None
        while self.i < n and s[self.i] == "[":
            if ATTRIBUTE_START.match(s, self.i):
                self.attribute(attributes)
            else:
                i = self.i
                type_name, e = self.scan_type(i)
                self.emit(K.TYPE, i, e)
                self.i = e
            self.nl()
        i = self.i
        if i >= n or s[i] != "$":
            if i >= n:
                self.err("Missing ')' in function parameter list.", start)
            self.err("Missing variable name in the parameter declaration.", i, incomplete=False)
        v = self.scan_variable(i)
        if v is None:
            self.err("Missing variable name in the parameter declaration.", i, incomplete=False)
        self.emit(K.VARIABLE, i, v[1])
        self.i = v[1]
        default = None
        self.ws()
        j = self.i
        if j < n and s[j] == "=" and s[j + 1:j + 2] != "=":
            self.emit(K.OPERATOR, j, j + 1)
            self.i = j + 1
            self.nl()
            if not self.operand_start():
                self.err("Missing expression after '=' in the parameter declaration.")
            default = self.expression(False)
        return A.ParamDecl(v[0].name, type_name, default, attributes, pos=self.pos(start))

    def attribute(self, into: dict[str, Any], block: bool = False) -> None:
        """`[Name(args)]`; Parameter's and CmdletBinding's named arguments are flattened into
        ``into`` (keys lower-case); other attributes store their positional arguments (a
        list) or True."""
        s, n = self.s, self.n
        open_at = self.i
        self.emit(K.PUNCTUATION, open_at, open_at + 1)
        self.i = open_at + 1
        self.ws()
        m = TYPE_NAME.match(s, self.i)
        if m is None:
            self.err("Missing attribute name after '['.")
        self.emit(K.TYPE, m.start(), m.end())
        aname = m.group()
        self.i = m.end()
        self.ws()
        paren_at = self.expect("(", "Missing '(' in attribute.")
        self.enter()
        positional: list[Any] = []
        named: dict[str, Any] = {}
        self.nl()
        if self.i < n and s[self.i] != ")":
            while True:
                j = self.i
                im = _IDENT.match(s, j)
                handled = False
                if im is not None:
                    k = _HWS.match(s, im.end()).end()
                    after = s[k] if k < n else ""
                    if after == "=" and s[k + 1:k + 2] != "=":
                        self.emit(K.MEMBER, j, im.end())
                        self.i = im.end()
                        self.ws()
                        self.emit(K.OPERATOR, k, k + 1)
                        self.i = k + 1
                        self.nl()
                        if not self.operand_start():
                            self.err("Missing expression after '=' in the attribute.")
                        named[im.group().lower()] = _constant(self.expression(False))
                        handled = True
                    elif after in (",", ")", "\r", "\n"):
                        self.emit(K.MEMBER, j, im.end())
                        self.i = im.end()
                        named[im.group().lower()] = True
                        handled = True
                if not handled:
                    if not self.operand_start():
                        if self.i >= n:
                            self.err("Missing ')' in attribute.", paren_at)
                        self.unexpected()
                    positional.append(_constant(self.expression(False)))
                self.nl()
                i = self.i
                if i < n and s[i] == ",":
                    self.emit(K.OPERATOR, i, i + 1)
                    self.i = i + 1
                    self.nl()
                    continue
                break
        self.expect(")", "Missing ')' in attribute.", paren_at)
        self.ws()
        self.expect("]", "Missing closing ']' after the attribute.", open_at)
        self.depth -= 1
        key = aname.lower()
        if key == "parameter":
            into.update(named)
        elif key == "cmdletbinding" and block:
            into[key] = named or True
        else:
            into[key] = positional if positional else (named or True)

    # -----------------------------------------------------------------------------------
    # Keyword statements
    # -----------------------------------------------------------------------------------

    def if_stmt(self, start: int, kw_end: int, word: str) -> A.IfStmt:
        self.keyword(start, kw_end)
        clauses: list[A.IfClause] = []
        clause_at = start
        what = "if"
        else_body = None
        while True:
            cond = self.paren_condition(what, clause_at)
            body = self.open_block(f"{what} ( condition )")
            clauses.append(A.IfClause(cond, body, pos=self.pos(clause_at)))
            w = self.word_after_trivia()
            if w is None or w[0] not in ("elseif", "else"):
                break
            self.nl()
            self.keyword(w[1], w[2])
            if w[0] == "else":
                self.nl()
                if self.i < self.n and self.s[self.i] != "{":
                    nxt = self.peek_word(self.i)
                    if nxt is not None and nxt[0] == "if":
                        self.err("Missing statement block after 'else': PowerShell writes "
                                 "'elseif', not 'else if'.", incomplete=False)
                else_body = self.open_block("'else'")
                break
            clause_at = w[1]
            what = "elseif"
        return A.IfStmt(clauses, else_body, pos=self.pos(start))

    def foreach_stmt(self, start: int, kw_end: int, word: str) -> A.ForeachStmt:
        s, n = self.s, self.n
        self.keyword(start, kw_end)
        self.nl()
        open_at = self.i
        if open_at >= n or s[open_at] != "(":
            self.err("Missing opening '(' after keyword 'foreach'.")
        self.emit(K.PUNCTUATION, open_at, open_at + 1)
        self.i = open_at + 1
        self.enter()
        self.nl()
        i = self.i
        v = self.scan_variable(i) if i < n and s[i] == "$" else None
        if v is None:
            self.err("Missing variable name after foreach.")
        self.emit(K.VARIABLE, i, v[1])
        self.i = v[1]
        self.nl()
        w = self.peek_word(self.i)
        if w is None or w[0] != "in":
            self.err("Missing 'in' after variable in foreach loop.")
        self.keyword(self.i, w[1])
        self.nl()
        if self.i >= n or s[self.i] == ")":
            self.err("Missing foreach loop collection after 'in'.")
        iterable = self.pipeline()
        self.nl()
        if self.i < n and s[self.i] != ")":
            self.unexpected()
        self.expect(")", "Missing closing ')' after expression in 'foreach' statement.", open_at)
        self.depth -= 1
        body = self.open_block("foreach ( ... )")
        return A.ForeachStmt(v[0].name, iterable, body, pos=self.pos(start))

    def for_stmt(self, start: int, kw_end: int, word: str) -> A.ForStmt:
        s, n = self.s, self.n
        self.keyword(start, kw_end)
        self.nl()
        open_at = self.i
        if open_at >= n or s[open_at] != "(":
            self.err("Missing opening '(' after keyword 'for'.")
        self.emit(K.PUNCTUATION, open_at, open_at + 1)
        self.i = open_at + 1
        self.enter()
        parts: list[A.Stmt | None] = []
        for index in range(3):
            self.nl()
            i = self.i
            if i >= n:
                self.err("Missing closing ')' after the 'for' loop header.", open_at)
            if s[i] == ";" or s[i] == ")":
                parts.append(None)
            else:
                parts.append(self.statement())
                self.ws()
            i = self.i
            if index < 2:
                if i < n and s[i] == ";":
                    self.emit(K.PUNCTUATION, i, i + 1)
                    self.i = i + 1
                elif i < n and s[i] in "\r\n":
                    pass
                elif i < n and s[i] == ")":
                    parts.extend([None] * (2 - index))
                    break
                else:
                    if i >= n:
                        self.err("Missing closing ')' after the 'for' loop header.", open_at)
                    self.unexpected()
        self.nl()
        if self.i < n and s[self.i] != ")":
            self.unexpected()
        self.expect(")", "Missing closing ')' after the 'for' loop header.", open_at)
        self.depth -= 1
        body = self.open_block("for ( ... )")
        return A.ForStmt(parts[0], parts[1], parts[2], body, pos=self.pos(start))

    def while_stmt(self, start: int, kw_end: int, word: str) -> A.WhileStmt:
        self.keyword(start, kw_end)
        cond = self.paren_condition("while", start)
        body = self.open_block("while ( condition )")
        return A.WhileStmt(cond, body, pos=self.pos(start))

    def do_stmt(self, start: int, kw_end: int, word: str) -> A.DoStmt:
        self.keyword(start, kw_end)
        body = self.open_block("'do'")
        w = self.word_after_trivia()
        if w is None or w[0] not in ("while", "until"):
            self.nl()
            self.err("Missing 'while' or 'until' after the 'do' loop body.")
        self.nl()
        self.keyword(w[1], w[2])
        cond = self.paren_condition(w[0], w[1])
        return A.DoStmt(body, cond, w[0] == "until", pos=self.pos(start))

    def switch_stmt(self, start: int, kw_end: int, word: str) -> A.SwitchStmt:
        s, n = self.s, self.n
        self.keyword(start, kw_end)
        options: list[str] = []
        while True:
            self.nl()
            i = self.i
            if i < n and s[i] == "-":
                m = DASH_WORD.match(s, i)
                if m is None:
                    self.unexpected()
                w = m.group(1).lower()
                matches = [o for o in SWITCH_OPTIONS if o.startswith(w)]
                if len(matches) != 1:
                    self.err(f"Unknown switch option '-{m.group(1)}': use -regex, -wildcard, -exact "
                             "or -casesensitive.", i, incomplete=False)
                if matches[0] in ("file", "parallel"):
                    self.err(f"'switch -{matches[0]}' is not supported in gshell.", i,
                             incomplete=False)
                self.emit(K.PARAMETER, i, m.end())
                self.i = m.end()
                options.append(matches[0])
                continue
            break
        subject = self.paren_condition("switch", start)
        self.nl()
        open_at = self.i
        if open_at >= n or s[open_at] != "{":
            self.err("Missing '{' after 'switch ( ... )'.")
        self.emit(K.PUNCTUATION, open_at, open_at + 1)
        self.i = open_at + 1
        self.enter()
        clauses: list[A.SwitchClause] = []
        while True:
            self.seps()
            i = self.i
            if i >= n:
                self.err("Missing closing '}' in the switch statement.", open_at)
            if s[i] == "}":
                break
            w = self.peek_word(i)
            pattern: A.Expr | None
            if w is not None and w[0] == "default" and self.block_follows(w[1]):
                self.keyword(i, w[1])
                pattern = None
            else:
                pattern = self.arg_item()
            self.nl()
            if self.i >= n or s[self.i] != "{":
                self.err("Missing statement block in switch statement clause.")
            body = self.block()
            clauses.append(A.SwitchClause(pattern, body, pos=self.pos(i)))
        self.emit(K.PUNCTUATION, self.i, self.i + 1)
        self.i += 1
        self.depth -= 1
        return A.SwitchStmt(subject, clauses, options, pos=self.pos(start))

    def flow_stmt(self, start: int, kw_end: int, word: str) -> A.FlowStmt:
        s, n = self.s, self.n
        self.keyword(start, kw_end)
        self.ws()
        i = self.i
        at_end = i >= n or s[i] in STATEMENT_END
        if word in ("break", "continue"):
            label = None
            if not at_end:
                m = MEMBER_NAME.match(s, i)
                if m is None:
                    self.unexpected()
                self.emit(K.LABEL, i, m.end())
                self.i = m.end()
                label = m.group()
            return A.FlowStmt(word, None, label, pos=self.pos(start))
        value = None
        if not at_end:
            if s[i] == "|":
                self.unexpected()
            self.enter()
            value = self.pipeline()
            self.depth -= 1
        return A.FlowStmt(word, value, pos=self.pos(start))

    def try_stmt(self, start: int, kw_end: int, word: str) -> A.TryStmt:
        s, n = self.s, self.n
        self.keyword(start, kw_end)
        body = self.open_block("'try'")
        catches: list[A.CatchClause] = []
        finally_body = None
        while True:
            w = self.word_after_trivia()
            if w is None or w[0] not in ("catch", "finally"):
                break
            self.nl()
            self.keyword(w[1], w[2])
            if w[0] == "finally":
                finally_body = self.open_block("'finally'")
                break
            types: list[str] = []
            self.ws()
            while self.i < n and s[self.i] == "[":
                i = self.i
                name, e = self.scan_type(i)
                self.emit(K.TYPE, i, e)
                self.i = e
                types.append(name)
                self.nl()
                if self.i < n and s[self.i] == ",":
                    self.emit(K.OPERATOR, self.i, self.i + 1)
                    self.i += 1
                    self.nl()
                    if self.i >= n or s[self.i] != "[":
                        self.err("Missing type name after ',' in the catch clause.")
            cbody = self.open_block("'catch'")
            catches.append(A.CatchClause(types, cbody, pos=self.pos(w[1])))
        if not catches and finally_body is None:
            self.nl()
            self.err("The Try statement is missing its Catch or Finally block.")
        return A.TryStmt(body, catches, finally_body, pos=self.pos(start))

    def function_stmt(self, start: int, kw_end: int, word: str) -> A.FunctionDefStmt:
        s, n = self.s, self.n
        self.keyword(start, kw_end)
        self.ws()
        i = self.i
        m = FUNCTION_NAME.match(s, i) if i < n and s[i] not in "\r\n" else None
        if m is None:
            self.err(f"Missing name after the '{word}' keyword.")
        name = m.group()
        self.emit(K.COMMAND, i, m.end())
        self.i = m.end()
        self.nl()
        params: list[A.ParamDecl] = []
        has_list = False
        if self.i < n and s[self.i] == "(":
            params = self.param_list()
            has_list = True
            self.nl()
        if self.i >= n or s[self.i] != "{":
            self.err(f"Missing the function body: '{{' expected after '{word} {name}'.")
        body = self.scriptblock()
        if has_list:
            if body.params:
                self.err("A function cannot have both a parameter list after its name and a param "
                         "block.", start, incomplete=False)
            body.params = params
        return A.FunctionDefStmt(name, body, word == "filter", pos=self.pos(start))


def _assignable(target: A.Expr) -> bool:
    if isinstance(target, A.VariableExpr):
        return not target.splat
    if isinstance(target, (A.MemberExpr, A.IndexExpr)):
        return True
    if isinstance(target, A.CastExpr):
        return isinstance(target.operand, A.VariableExpr)
    if isinstance(target, A.ArrayLiteralExpr):
        return all(_assignable(item) for item in target.items)
    return False


def _constant(expr: A.Expr) -> Any:
    """The plain value of a constant attribute argument; the node itself otherwise."""
    if isinstance(expr, A.ConstantExpr):
        return expr.value
    if isinstance(expr, A.ExpandableStringExpr) and all(isinstance(p, str) for p in expr.parts):
        return "".join(expr.parts)  # type: ignore[arg-type]
    if isinstance(expr, A.VariableExpr) and expr.scope is None:
        lowered = expr.name.lower()
        if lowered in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[lowered]
    if isinstance(expr, A.ArrayLiteralExpr):
        return [_constant(item) for item in expr.items]
    return expr


_KEYWORDS: dict[str, Callable[[Parser, int, int, str], Any]] = {
    "if": Parser.if_stmt,
    "foreach": Parser.foreach_stmt,
    "for": Parser.for_stmt,
    "while": Parser.while_stmt,
    "do": Parser.do_stmt,
    "switch": Parser.switch_stmt,
    "break": Parser.flow_stmt,
    "continue": Parser.flow_stmt,
    "return": Parser.flow_stmt,
    "throw": Parser.flow_stmt,
    "exit": Parser.flow_stmt,
    "try": Parser.try_stmt,
    "function": Parser.function_stmt,
    "filter": Parser.function_stmt,
}
