"""Parser layer for quoted strings, here-strings, expandable text (also argument-mode
barewords) and variable references."""

from __future__ import annotations

import re

from gshell.lazy import LazyRegex

from . import ast as A
from .parse_base import HSPACE, ParserBase
from .tokenizer import (
    BARE_SPECIAL,
    DQ_SPECIAL,
    ESCAPES,
    HERE_SPECIAL,
    VAR_NAME,
    skip,
)
from .tokenizer import (
    TokenKind as K,
)

KNOWN_SCOPES = frozenset({"global", "script", "local", "private", "using", "env", "variable", "function"})
_HERE_END = {'"': LazyRegex(r'^"@', re.M), "'": LazyRegex(r"^'@", re.M)}
_UNICODE_ESCAPE = LazyRegex(r"u\{([0-9a-fA-F]{1,6})\}")


class StringParser(ParserBase):
    """Strings and variables."""

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
                self.take(K.STRING, i, self.n)
                self.err("The string is missing the terminator: '.", i, incomplete=True)
            buf.append(src[j:k])
            if k + 1 < self.n and s[k + 1] == "'":
                buf.append(src[k])
                j = k + 2
                continue
            end = k + 1
            break
        self.take(K.STRING, i, end)
        return A.ConstantExpr("".join(buf), src[i:end], pos=self.pos(i))

    def quoted(self) -> A.ConstantExpr | A.ExpandableStringExpr:
        """The '...' or "..." string at the cursor."""
        if self.s[self.i] == "'":
            return self.verbatim_string()
        return self.dq_string()

    def dq_string(self) -> A.ExpandableStringExpr:
        i = self.i
        parts, end, _ = self.expandable(i + 1, "dq", emit_from=i)
        self.i = end
        return A.ExpandableStringExpr(parts, pos=self.pos(i))

    def here_string(self) -> A.Expr:
        s, n = self.s, self.n
        i = self.i
        q = s[i + 1]
        j = skip(HSPACE, s, i + 2)
        if j >= n:
            self.take(K.STRING, i, n)
            self.err(f"The here-string is missing the terminator '{q}@'.", i, incomplete=True)
        if s[j] not in "\r\n":
            self.i = j
            self.err("No characters are allowed after a here-string header but before the end of "
                     "the line.", j, incomplete=False)
        body_start = j + 2 if s.startswith("\r\n", j) else j + 1
        m = _HERE_END[q].search(s, body_start)
        if m is None:
            self.take(K.STRING, i, n)
            self.err(f"The here-string is missing the terminator '{q}@'.", i, incomplete=True)
        close = m.start()
        body_end = close
        if close > body_start:
            body_end = close - 1
            if body_end > body_start and s[body_end - 1] == "\r":
                body_end -= 1
        end = close + 2
        if q == "'":
            self.take(K.STRING, i, end)
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
                        parts[-1] = parts[-1] + text
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
