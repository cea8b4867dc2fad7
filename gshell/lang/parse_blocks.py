"""Parser layer for script blocks: named blocks (begin/process/end), statement blocks,
param() blocks, parameter declarations and attributes."""

from __future__ import annotations

from gshell.lazy import LazyRegex

from . import ast as A
from .parse_base import HSPACE
from .parse_commands import CommandParser
from .tokenizer import (
    ATTRIBUTE_START,
    TRIVIA_NL,
    TYPE_NAME,
    skip,
)
from .tokenizer import (
    TokenKind as K,
)

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

NAMED_BLOCKS = ("begin", "process", "end", "dynamicparam", "clean")
_MISSING_BLOCK_CLOSE = "Missing closing '}' in statement block or type definition."
_IDENT = LazyRegex(r"[^\W\d]\w*")


class BlockParser(CommandParser):
    """Script blocks, statement blocks, param() and attributes."""

    def scriptblock(self) -> A.ScriptBlockExpr:
        open_at = self.open_bracket()
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
        close = self.close_bracket("}", _MISSING_BLOCK_CLOSE, open_at)
        sb.text = self.src[open_at + 1:close]
        return sb

    def block_follows(self, at: int) -> bool:
        j = skip(TRIVIA_NL, self.s, at)
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
            setattr(sb, w[0], self.open_block(f"'{w[0]}'"))

    def block(self) -> list[A.Stmt]:
        """`{ statements }` at the cursor."""
        open_at = self.open_bracket()
        body = self.statements("}")
        self.close_bracket("}", _MISSING_BLOCK_CLOSE, open_at)
        return body

    def open_block(self, after: str) -> list[A.Stmt]:
        self.nl()
        if self.i >= self.n or self.s[self.i] != "{":
            self.err(f"Missing statement block after {after}.")
        return self.block()

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
            j = skip(TRIVIA_NL, s, close + 1)
        w = self.peek_word(j)
        if w is None or w[0] != "param":
            return False
        k = skip(TRIVIA_NL, s, w[1])
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
        open_at = self.expect("(", "Missing '(' after 'param'.")
        self.enter()
        out: list[A.ParamDecl] = []
        self.nl()
        if not (self.i < self.n and self.s[self.i] == ")"):
            while True:
                out.append(self.param_decl())
                if not self.list_comma():
                    break
        self.close_bracket(")", "Missing ')' in function parameter list.", open_at)
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
                type_name = self.type_literal()
            self.nl()
        i = self.i
        if i >= n or s[i] != "$":
            if i >= n:
                self.err("Missing ')' in function parameter list.", start)
            self.err("Missing variable name in the parameter declaration.", i, incomplete=False)
        v = self.scan_variable(i)
        if v is None:
            self.err("Missing variable name in the parameter declaration.", i, incomplete=False)
        self.take(K.VARIABLE, i, v[1])
        default = None
        self.ws()
        j = self.i
        if j < n and s[j] == "=" and s[j + 1:j + 2] != "=":
            self.take(K.OPERATOR, j, j + 1)
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
        self.take(K.PUNCTUATION, open_at, open_at + 1)
        self.ws()
        m = TYPE_NAME.match(s, self.i)
        if m is None:
            self.err("Missing attribute name after '['.")
        self.take(K.TYPE, m.start(), m.end())
        aname = m.group()
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
                    k = skip(HSPACE, s, im.end())
                    after = s[k] if k < n else ""
                    if after == "=" and s[k + 1:k + 2] != "=":
                        self.take(K.MEMBER, j, im.end())
                        self.ws()
                        self.take(K.OPERATOR, k, k + 1)
                        self.nl()
                        if not self.operand_start():
                            self.err("Missing expression after '=' in the attribute.")
                        named[im.group().lower()] = _constant(self.expression(False))
                        handled = True
                    elif after in (",", ")", "\r", "\n"):
                        self.take(K.MEMBER, j, im.end())
                        named[im.group().lower()] = True
                        handled = True
                if not handled:
                    if not self.operand_start():
                        if self.i >= n:
                            self.err("Missing ')' in attribute.", paren_at)
                        self.unexpected()
                    positional.append(_constant(self.expression(False)))
                if not self.list_comma():
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
