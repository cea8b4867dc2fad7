"""Parser layer for expression mode: operators by precedence, casts and types, numbers,
member access and calls, and bracketed expressions (`( )`, `$( )`, `@( )`, `@{ }`)."""

from __future__ import annotations

from . import ast as A
from .parse_base import HSPACE
from .parse_strings import StringParser
from .tokenizer import (
    DASH_WORD,
    HASH_KEY,
    MEMBER_NAME,
    NUMBER,
    NUMBER_ARG,
    TYPE_NAME,
    VAR_NAME,
    number_value,
    skip,
)
from .tokenizer import (
    TokenKind as K,
)

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

# ---------------------------------------------------------------------------------------
# Operator tables
# ---------------------------------------------------------------------------------------

LOGICAL, BITWISE, COMPARISON, ADDITIVE, MULTIPLICATIVE, FORMAT, RANGE, COMMA = range(1, 9)

CASE_VARIANT_OPS = (
    "eq ne gt ge lt le like notlike match notmatch contains notcontains in notin "
    "replace split join"
).split()
DASH_BINARY: dict[str, int] = {}
for _op in CASE_VARIANT_OPS:
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


class ExpressionParser(StringParser):
    """Expressions."""

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
            self.take(K.OPERATOR, i, end)
            self.nl()
            if not self.operand_start():
                self.err(f"You must provide a value expression following the '{op}' operator.")
            if op == ",":
                items = [left, self.unary(comma)]
                while True:
                    self.ws()
                    j = self.i
                    if j < n and s[j] == ",":
                        self.take(K.OPERATOR, j, j + 1)
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
        self.take(K.OPERATOR, i, end)
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
        name = self.type_literal()
        e = self.i
        if e < n and (s[e] == "." or s[e] == ":"):
            return self.postfix(A.TypeExpr(name, pos=self.pos(i)), False)
        j = skip(HSPACE, s, e)
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
        j = skip(HSPACE, s, i + 1)
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
        j = skip(HSPACE, s, j)
        if j >= n or s[j] != "]":
            self.i = j
            self.err("Missing closing ']' after the type name.", i)
        return s[m.start():name_end], j + 1

    def type_literal(self) -> str:
        """Consume the `[ type ]` at the cursor (recorded as a TYPE token); returns its name."""
        at = self.i
        name, end = self.scan_type(at)
        self.take(K.TYPE, at, end)
        return name

    def numeric_word(self, a: int, e: int) -> Any:
        """The value of the source text ``a..e`` when it is a whole number literal as an argument
        or hash key can hold (`10`, `0x1F`, `1kb`, `-5`); None otherwise."""
        if NUMBER_ARG.fullmatch(self.s, a, e):
            return number_value(self.s[a:e])
        return None

    def number(self, at: int, negative: bool = False) -> A.Expr:
        s = self.s
        m = NUMBER.match(s, at)
        if m is None:  # pragma: no cover - callers check
            self.unexpected(at)
        e = m.end()
        if not self.word_ends(e):
            self.err(f"Unexpected token '{self.snippet(at)}' in expression or statement.", at,
                     incomplete=False)
        start = at - 1 if negative else at
        text = s[start:e]
        value = number_value(text)
        if value is None:
            self.err(f"The numeric constant '{text[:40]}' is not valid or too large.", start,
                     incomplete=False)
        self.take(K.NUMBER, start, e)
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
            self.take(K.VARIABLE, i, v[1])
            return v[0]
        if c == "@":
            literal = self.at_literal(d)
            if literal is not None:
                return literal
            if VAR_NAME.match(s, i + 1):
                self.err("Splatting ('@name') can only be used as an argument to a command.", i,
                         incomplete=False)
            self.unexpected()
        if c.isdigit() or (c == "." and d.isdigit()):
            return self.number(i)
        if c == "'" or c == '"':
            return self.quoted()
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
                self.take(K.OPERATOR, i, i + 1)
                expr = self.member_rest(expr, i, False)
            elif c == ":" and s[i + 1:i + 2] == ":":
                self.take(K.OPERATOR, i, i + 2)
                if not self.member_start(i + 2):
                    self.err("Missing property name after the '::' operator.", i + 2)
                expr = self.member_rest(expr, i, True)
            elif c == "[":
                self.open_bracket()
                self.nl()
                if self.i < n and s[self.i] == "]":
                    self.err("Array index expression is missing or not valid.")
                if not self.operand_start():
                    if self.i >= n:
                        self.err("Missing ']' after array index expression.", i)
                    self.unexpected()
                index = self.expression()
                self.nl()
                self.close_bracket("]", "Missing ']' after array index expression.", i)
                expr = A.IndexExpr(expr, index, pos=expr.pos)
            elif not arg and (c == "+" or c == "-") and s[i + 1:i + 2] == c:
                self.take(K.OPERATOR, i, i + 2)
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
            self.take(K.MEMBER, j, m.end())
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
                self.take(K.VARIABLE, j, v[1])
                member = v[0]
        else:  # '('
            member = self.paren()
        if self.i < n and s[self.i] == "(":
            args = self.call_args()
            return A.InvokeMemberExpr(target, member, args, static, pos=target.pos)
        return A.MemberExpr(target, member, static, pos=target.pos)

    def call_args(self) -> list[A.Expr]:
        s, n = self.s, self.n
        open_at = self.open_bracket()
        args: list[A.Expr] = []
        self.nl()
        if not (self.i < n and s[self.i] == ")"):
            while True:
                if not self.operand_start():
                    if self.i >= n:
                        self.err("Missing ')' in method call.", open_at)
                    if s[self.i] == ",":
                        self.err("Missing argument in method call.")
                    self.unexpected()
                args.append(self.expression(False))
                if not self.list_comma():
                    break
        self.close_bracket(")", "Missing ')' in method call.", open_at)
        return args

    # -----------------------------------------------------------------------------------
    # Bracketed expressions
    # -----------------------------------------------------------------------------------

    def paren(self) -> A.ParenExpr:
        open_at = self.open_bracket()
        inner = self.paren_statement(open_at, "Missing closing ')' in expression.",
                                     "An expression was expected after '('.")
        return A.ParenExpr(inner, pos=self.pos(open_at))

    def paren_statement(self, open_at: int, missing_close: str, missing_inner: str) -> A.Stmt:
        """The one statement of `( ... )` whose `(` (at ``open_at``) was just opened, and the `)`."""
        self.nl()
        if self.i >= self.n:
            self.err(missing_close, open_at)
        if self.s[self.i] == ")":
            self.err(missing_inner, incomplete=False)
        inner = self.statement()
        self.close_paren(missing_close, open_at)
        return inner

    def subexpr(self) -> A.SubExpr:
        open_at = self.open_bracket(2)
        body = self.statements(")")
        self.close_bracket(")", "Missing closing ')' in subexpression.", open_at)
        return A.SubExpr(body, pos=self.pos(open_at))

    def array_expr(self) -> A.ArrayExpr:
        open_at = self.open_bracket(2)
        body = self.statements(")")
        self.close_bracket(")", "Missing closing ')' in array expression '@( )'.", open_at)
        return A.ArrayExpr(body, pos=self.pos(open_at))

    def at_literal(self, after_at: str) -> A.Expr | None:
        """`@( )`, `@{ }` or a here-string at the cursor (``after_at`` follows the `@`); None
        for anything else."""
        if after_at == "(":
            return self.array_expr()
        if after_at == "{":
            return self.hashtable()
        if after_at == '"' or after_at == "'":
            return self.here_string()
        return None

    def hashtable(self) -> A.HashtableExpr:
        s, n = self.s, self.n
        open_at = self.open_bracket(2)
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
            self.take(K.OPERATOR, j, j + 1)
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
        self.close_bracket("}", "Missing closing '}' in hash literal.", open_at)
        return A.HashtableExpr(entries, pos=self.pos(open_at))

    def hash_key(self) -> A.Expr:
        s = self.s
        i = self.i
        c = s[i]
        if c == "'" or c == '"':
            return self.quoted()
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
        value = self.numeric_word(i, e)
        if value is not None:
            self.emit(K.NUMBER, i, e)
            return A.ConstantExpr(value, text, pos=self.pos(i))
        self.emit(K.MEMBER, i, e)
        return A.ConstantExpr(text, pos=self.pos(i))
