"""Parser layer for commands in argument mode: command names, parameters, arguments,
barewords and redirections."""

from __future__ import annotations

import re

from . import ast as A
from .parse_expressions import DASH_UNARY, ExpressionParser
from .tokenizer import (
    ARG_END,
    COMMAND_NAME,
    DASH_WORD,
    NUMBER,
    PARAMETER,
    REDIRECTION,
    VAR_NAME,
)
from .tokenizer import (
    TokenKind as K,
)

AND_AND_MESSAGE = "The token '&&' is not a valid statement separator in gshell; use ';' or a new line."
_REDIRECTION_START = "<>123456*"


class CommandParser(ExpressionParser):
    """Commands (argument mode)."""

    def starts_expression(self, i: int) -> bool:
        s, n = self.s, self.n
        c = s[i]
        if c in "$'\"([{@!,+":
            return True
        d = s[i + 1] if i + 1 < n else ""
        if c.isdigit() or (c == "." and d.isdigit()):
            return self.word_ends(NUMBER.match(s, i).end())  # type: ignore[union-attr]
        if c == ".":
            return False
        if c == "-":
            if d.isdigit() or d in ".$(@'\"[-!":
                return True
            m = DASH_WORD.match(s, i)
            return m is not None and m.group(1).lower() in DASH_UNARY and self.word_ends(m.end())
        return False

    def element(self, first: bool, redirs: list[A.Redirection]) -> A.Expr | A.CommandExpr:
        if self.starts_expression(self.i):
            if not first:
                self.err("Expressions are only allowed as the first element of a pipeline.",
                         incomplete=False)
            return self.expression()
        return self.command(redirs)

    def command(self, redirs: list[A.Redirection]) -> A.CommandExpr:
        s, n = self.s, self.n
        start = self.i
        c = s[start]
        d = s[start + 1] if start + 1 < n else ""
        invocation = ""
        if c == "&":
            if d == "&":
                self.err(AND_AND_MESSAGE, start, incomplete=False)
            invocation = "&"
        elif c == "." and (d == "" or d.isspace() or d in "$'\"{("):
            invocation = "."
        if invocation:
            self.take(K.OPERATOR, start, start + 1)
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
                self.take(K.COMMAND, j, m.end())
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
            self.take(K.COMMAND, start, m.end())
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
                    self.err(AND_AND_MESSAGE, i, incomplete=False)
                self.err("The '&' operator (background job) is not supported in gshell.", i,
                         incomplete=False)
            if c in _REDIRECTION_START and self.redirection_at(i, redirs):
                continue
            # a '-' glued to the previous argument ($HOME.Length-more) is not a parameter
            if c == "-" and not dashdash and s[i - 1].isspace():
                if s.startswith("--", i):
                    e = i + 2
                    if e < n and s[e] == "%":
                        self.err("The stop-parsing token '--%' is not supported in gshell.", i,
                                 incomplete=False)
                    if e >= n or s[e] in ARG_END:
                        self.take(K.OPERATOR, i, e)
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
        self.take(K.PARAMETER, i, m.end())
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
            self.take(K.OPERATOR, i, i + 1)
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
                    self.take(K.VARIABLE, i, e)
                    return self.postfix(var, True)
                return self.bareword()
            if nc == "" or nc in ARG_END:
                self.take(K.VARIABLE, i, e)
                return var
            return self.bareword()
        if c == "@":
            literal = self.at_literal(d)
            if literal is not None:
                return self.postfix(literal, True) if d == "(" else literal
            m = VAR_NAME.match(s, i + 1)
            if m is not None:
                self.take(K.VARIABLE, i, m.end())
                return A.VariableExpr(m.group(), None, True, pos=self.pos(i))
            return self.bareword()
        if c == "(":
            return self.postfix(self.paren(), True)
        if c == "{":
            return self.scriptblock()
        if c == "'" or c == '"':
            return self.quoted()
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
            if not special:
                value = self.numeric_word(start, end)
                if value is not None:
                    if self.tokens is not None:
                        del self.tokens[mark:]
                        self.emit(K.NUMBER, start, end)
                    return A.ConstantExpr(value, self.src[start:end], pos=pos)
            return A.ConstantExpr(text, self.src[start:end], pos=pos)
        return A.ExpandableStringExpr(parts, True, pos=pos)

    def redirections(self, redirs: list[A.Redirection]) -> None:
        """The redirections after an expression (`$x > file`)."""
        while True:
            self.ws()
            i = self.i
            if i >= self.n or not self.redirection_at(i, redirs):
                return

    def redirection_at(self, i: int, redirs: list[A.Redirection]) -> bool:
        """The redirection operator at ``i`` and its target, added to ``redirs``; False when
        there is none."""
        c = self.s[i]
        if c not in _REDIRECTION_START:
            return False
        if c == "<":
            self.err("The '<' operator is reserved for future use.", i, incomplete=False)
        m = REDIRECTION.match(self.s, i)
        if m is None:
            return False
        self.redirection(m, redirs)
        return True

    def redirection(self, m: re.Match[str], redirs: list[A.Redirection]) -> None:
        i = m.start()
        self.take(K.OPERATOR, i, m.end())
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
