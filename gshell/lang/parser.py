"""Recursive-descent parser for the gshell language (the PowerShell subset of docs/language.md).

PowerShell's tokens depend on the parsing mode (expression mode vs argument mode, b.2/b.3),
so this parser scans the source directly with the regular expressions of
``gshell.lang.tokenizer`` instead of consuming a pre-made token stream.  It scans a
*normalized* copy of the source (typographic dashes and quotes replaced one for one by ASCII
ones) and slices literal text from the original.

With ``record=True`` every piece of scanned text is also recorded as a token (kind, start,
end); ``gshell.lang.tokenizer.tokenize`` uses that for the highlighter.

Nesting is limited to ``MAX_DEPTH`` levels (brackets, blocks, unary operators, assignment
chains); deeper input is a clean ``ParseError("... nesting too deep")``.

The parser is one class built in layers, one module each: ``parse_base`` (cursor, errors,
trivia), ``parse_strings``, ``parse_expressions``, ``parse_commands`` (argument mode),
``parse_blocks`` (script blocks, param()) and this module (statements, keywords).
"""

from __future__ import annotations

from collections.abc import Callable

from gshell.lazy import LazyRegex

from . import ast as A
from .parse_base import MAX_DEPTH
from .parse_blocks import NAMED_BLOCKS, BlockParser
from .parse_commands import AND_AND_MESSAGE
from .parse_expressions import CASE_VARIANT_OPS, DASH_BINARY, DASH_UNARY
from .tokenizer import (
    DASH_WORD,
    FUNCTION_NAME,
    LABEL,
    MEMBER_NAME,
    TRIVIA_NL,
    skip,
)
from .tokenizer import (
    TokenKind as K,
)

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["CASE_VARIANT_OPS", "DASH_BINARY", "DASH_UNARY", "MAX_DEPTH", "NAMED_BLOCKS", "Parser",
           "UNSUPPORTED_KEYWORDS"]

ASSIGN_CHARS = frozenset("+-*/%")
SWITCH_OPTIONS = ("regex", "wildcard", "exact", "casesensitive", "file", "parallel")
UNSUPPORTED_KEYWORDS = frozenset(
    {"class", "enum", "data", "using", "workflow", "configuration", "parallel",
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
_CONTINUATION_AT_END = LazyRegex(r"`\r?\n[^\S\r\n]*\Z")


class Parser(BlockParser):
    """One parse of one source text.  Use ``parse()`` from ``gshell.lang``."""

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
        self.take(K.LABEL, i, m.end())
        self.ws()
        w = self.peek_word(self.i)
        if w is None or w[0] not in ("foreach", "for", "while", "do", "switch"):
            self.err("A label must be followed by a loop (foreach, for, while, do) or switch.",
                     i)
        stmt = _KEYWORDS[w[0]](self, self.i, w[1], w[0])
        stmt.label = m.group(1)
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
                self.take(K.OPERATOR, i, i + 1)
                self.nl()
                if self.i >= n or s[self.i] in ";)}|":
                    self.err("An empty pipe element is not allowed.", i)
                elements.append(self.element(False, redirs))
                continue
            if c == "\r" or c == "\n":
                j = skip(TRIVIA_NL, s, i)
                if j < n and s[j] == "|" and s[j + 1:j + 2] != "|":
                    self.nl()  # a leading '|' on the next line continues the pipeline
                    continue
            if c == "&" and s[i + 1:i + 2] == "&":
                self.err(AND_AND_MESSAGE, i, incomplete=False)
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
        self.take(K.OPERATOR, i, i + len(op))
        self.nl()
        if self.i >= self.n or self.s[self.i] in ");}":
            self.err(f"You must provide a value expression on the right-hand side of the '{op}' "
                     "operator.")
        self.enter()
        value = self.statement()
        self.depth -= 1
        return A.AssignmentStmt(target, op, value, pos=self.pos(start))

    # -----------------------------------------------------------------------------------
    # Keyword statements
    # -----------------------------------------------------------------------------------

    def paren_condition(self, what: str) -> A.Stmt:
        """`( statement )` after the keyword ``what``."""
        open_at = self.open_after("(", f"Missing '(' after '{what}'.")
        return self.paren_statement(open_at, f"Missing closing ')' after the condition of '{what}'.",
                                    f"Missing condition in '{what}' statement.")

    def clause_keyword(self, words: tuple[str, ...]) -> tuple[str, int, int] | None:
        """The next clause keyword (one of ``words``: else, catch, until ...) past trivia and
        newlines, consumed: (word, start, end); None (nothing consumed) when another word or
        none follows."""
        w = self.word_after_trivia()
        if w is None or w[0] not in words:
            return None
        self.nl()
        self.keyword(w[1], w[2])
        return w

    def if_stmt(self, start: int, kw_end: int, word: str) -> A.IfStmt:
        self.keyword(start, kw_end)
        clauses: list[A.IfClause] = []
        clause_at = start
        what = "if"
        else_body = None
        while True:
            cond = self.paren_condition(what)
            body = self.open_block(f"{what} ( condition )")
            clauses.append(A.IfClause(cond, body, pos=self.pos(clause_at)))
            w = self.clause_keyword(("elseif", "else"))
            if w is None:
                break
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
        open_at = self.open_after("(", "Missing opening '(' after keyword 'foreach'.")
        self.nl()
        i = self.i
        v = self.scan_variable(i) if i < n and s[i] == "$" else None
        if v is None:
            self.err("Missing variable name after foreach.")
        self.take(K.VARIABLE, i, v[1])
        self.nl()
        w = self.peek_word(self.i)
        if w is None or w[0] != "in":
            self.err("Missing 'in' after variable in foreach loop.")
        self.keyword(self.i, w[1])
        self.nl()
        if self.i >= n or s[self.i] == ")":
            self.err("Missing foreach loop collection after 'in'.")
        iterable = self.pipeline()
        self.close_paren("Missing closing ')' after expression in 'foreach' statement.", open_at)
        body = self.open_block("foreach ( ... )")
        return A.ForeachStmt(v[0].name, iterable, body, pos=self.pos(start))

    def for_stmt(self, start: int, kw_end: int, word: str) -> A.ForStmt:
        s, n = self.s, self.n
        self.keyword(start, kw_end)
        open_at = self.open_after("(", "Missing opening '(' after keyword 'for'.")
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
                    self.take(K.PUNCTUATION, i, i + 1)
                elif i < n and s[i] in "\r\n":
                    pass
                elif i < n and s[i] == ")":
                    parts.extend([None] * (2 - index))
                    break
                else:
                    if i >= n:
                        self.err("Missing closing ')' after the 'for' loop header.", open_at)
                    self.unexpected()
        self.close_paren("Missing closing ')' after the 'for' loop header.", open_at)
        body = self.open_block("for ( ... )")
        return A.ForStmt(parts[0], parts[1], parts[2], body, pos=self.pos(start))

    def while_stmt(self, start: int, kw_end: int, word: str) -> A.WhileStmt:
        self.keyword(start, kw_end)
        cond = self.paren_condition("while")
        body = self.open_block("while ( condition )")
        return A.WhileStmt(cond, body, pos=self.pos(start))

    def do_stmt(self, start: int, kw_end: int, word: str) -> A.DoStmt:
        self.keyword(start, kw_end)
        body = self.open_block("'do'")
        w = self.clause_keyword(("while", "until"))
        if w is None:
            self.nl()
            self.err("Missing 'while' or 'until' after the 'do' loop body.")
        cond = self.paren_condition(w[0])
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
                self.take(K.PARAMETER, i, m.end())
                options.append(matches[0])
                continue
            break
        subject = self.paren_condition("switch")
        open_at = self.open_after("{", "Missing '{' after 'switch ( ... )'.")
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
        self.close_bracket("}", "Missing closing '}' in the switch statement.", open_at)
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
                self.take(K.LABEL, i, m.end())
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
            w = self.clause_keyword(("catch", "finally"))
            if w is None:
                break
            if w[0] == "finally":
                finally_body = self.open_block("'finally'")
                break
            types: list[str] = []
            self.ws()
            while self.i < n and s[self.i] == "[":
                types.append(self.type_literal())
                if self.list_comma() and (self.i >= n or s[self.i] != "["):
                    self.err("Missing type name after ',' in the catch clause.")
            cbody = self.open_block("'catch'")
            catches.append(A.CatchClause(types, cbody, pos=self.pos(w[1])))
        if not catches and finally_body is None:
            self.nl()
            self.err("The Try statement is missing its Catch or Finally block.")
        return A.TryStmt(body, catches, finally_body, pos=self.pos(start))

    def trap_stmt(self, start: int, kw_end: int, word: str) -> A.TrapStmt:
        s, n = self.s, self.n
        self.keyword(start, kw_end)
        self.ws()
        types: list[str] = []
        if self.i < n and s[self.i] == "[":
            types.append(self.type_literal())
        body = self.open_block("'trap'")
        return A.TrapStmt(types, body, pos=self.pos(start))

    def function_stmt(self, start: int, kw_end: int, word: str) -> A.FunctionDefStmt:
        s, n = self.s, self.n
        self.keyword(start, kw_end)
        self.ws()
        i = self.i
        m = FUNCTION_NAME.match(s, i) if i < n and s[i] not in "\r\n" else None
        if m is None:
            self.err(f"Missing name after the '{word}' keyword.")
        name = m.group()
        self.take(K.COMMAND, i, m.end())
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
    "trap": Parser.trap_stmt,
    "function": Parser.function_stmt,
    "filter": Parser.function_stmt,
}
