"""Compile functions of expressions (and of assignment targets): each returns ``fn(scope) -> value``.

``EXPRESSIONS`` maps each expression node class to its compile function; ``gshell.runtime.compiler``
dispatches through it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from gshell.lang import ast
from gshell.lazy import LazyModule
from gshell.runtime import conversions as conv
from gshell.runtime.compiling import CompileContext, ExprFn, collapse
from gshell.runtime.errors import PSError, method_error, not_supported
from gshell.runtime.scope import Scope, env_get, env_set
from gshell.runtime.signals import FlowSignal
from gshell.runtime.values import Hashtable, OrderedHashtable, Record, ScriptBlock

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

    from gshell.runtime import casts, members, operators
else:  # loaded when a script first uses an operator, a cast or a member
    casts = LazyModule("gshell.runtime.casts", globals())
    members = LazyModule("gshell.runtime.members", globals())
    operators = LazyModule("gshell.runtime.operators", globals())


#: the .NET exception a Python exception from an emulated method stands for (the InnerException)
_DOTNET_EXCEPTIONS = {"ValueError": "ArgumentException", "IndexError": "ArgumentOutOfRangeException",
                      "KeyError": "KeyNotFoundException", "OverflowError": "OverflowException",
                      "ZeroDivisionError": "DivideByZeroException", "TypeError": "ArgumentException"}

def _constant_expr(ctx: CompileContext, node: ast.ConstantExpr) -> ExprFn:
    v = node.value
    return lambda s: v


def _expandable_string_expr(ctx: CompileContext, node: ast.ExpandableStringExpr) -> ExprFn:
    parts: list[Any] = []
    for p in node.parts:
        parts.append(p if isinstance(p, str) else ctx.compile_expr(p))
    if len(parts) == 1 and isinstance(parts[0], str):
        const = parts[0]
        return lambda s: const

    def expand(scope: Scope) -> str:
        out = []
        for p in parts:
            if isinstance(p, str):
                out.append(p)
            else:
                v = p(scope)
                if isinstance(v, (list, tuple)):
                    ofs = scope.lookup("ofs", None)
                    out.append(conv.to_str(v, " " if ofs is None else conv.to_str(ofs)))
                else:
                    out.append(conv.to_str(v))
        return "".join(out)
    return expand


def _variable_expr(ctx: CompileContext, node: ast.VariableExpr) -> ExprFn:
    name = node.name
    key = name.casefold()
    sc = (node.scope or "").casefold()
    if sc == "env":
        return lambda s: env_get(name)
    if sc == "using":
        raise not_supported(f"$using:{name}", "there are no remote or parallel sessions")
    if sc == "function":
        raise not_supported(f"$function:{name}")
    if key == "true" and not sc:
        return lambda s: True
    if key == "false" and not sc:
        return lambda s: False
    if key == "null" and not sc:
        return lambda s: None
    if key == "?":
        return lambda s: ctx.last_status
    if key == "pwd":
        return lambda s: os.getcwd()
    if sc in ("global", "script"):
        root = ctx.global_scope
        return lambda s: root.lookup(key, None)
    if sc == "local":
        return lambda s: s.vars.get(key)
    if key == "psitem":
        return lambda s: s.lookup("_", None)
    return lambda s: s.lookup(key, None)


def _array_literal_expr(ctx: CompileContext, node: ast.ArrayLiteralExpr) -> ExprFn:
    fns = [ctx.compile_expr(i) for i in node.items]
    return lambda s: [f(s) for f in fns]


def _array_expr(ctx: CompileContext, node: ast.ArrayExpr) -> ExprFn:
    body = ctx.compile_block(node.body)
    return lambda s: list(body(s))


def _sub_expr(ctx: CompileContext, node: ast.SubExpr) -> ExprFn:
    body = ctx.compile_block(node.body)
    return lambda s: collapse(list(body(s)))


def _paren_expr(ctx: CompileContext, node: ast.ParenExpr) -> ExprFn:
    return ctx.compile_value(node.inner)


def _hashtable_expr(ctx: CompileContext, node: ast.HashtableExpr) -> ExprFn:
    entries = [(ctx.compile_expr(e.key), ctx.compile_value(e.value), e) for e in node.entries]
    cls = OrderedHashtable if node.ordered else Hashtable

    def build(scope: Scope) -> Hashtable:
        h = cls()
        for kf, vf, e in entries:
            k = kf(scope)
            if k in h:
                err = PSError(f"Duplicate keys '{k}' are not allowed in hash literals.", category="ParserError",
                              exception_type="ParseException", error_id="DuplicateKeyInHashLiteral")
                ctx.locate(err.record, e.pos)
                raise err
            h[k] = vf(scope)
        return h
    return build


def _script_block_expr(ctx: CompileContext, node: ast.ScriptBlockExpr) -> ExprFn:
    return lambda s: ScriptBlock(node)


def _type_expr(ctx: CompileContext, node: ast.TypeExpr) -> ExprFn:
    tv = operators.TypeValue(node.name)
    return lambda s: tv


def _cast_expr(ctx: CompileContext, node: ast.CastExpr) -> ExprFn:
    tname = node.type_name
    key = casts.normalize_type(tname)
    if not casts.is_known_type(tname):
        raise ctx.located(conv_refusal(tname), node.pos)
    operand = node.operand
    if key in ("pscustomobject", "ordered") and isinstance(operand, ast.HashtableExpr):
        inner = ctx.compile_expr(operand)
        if key == "ordered":
            return lambda s: OrderedHashtable(inner(s).items())
        return lambda s: Record(inner(s).items())
    f = ctx.compile_expr(operand)
    pos = node.pos

    def do(scope: Scope) -> Any:
        try:
            return casts.cast(f(scope), tname)
        except PSError as e:
            ctx.locate(e.record, pos)
            raise
    return do


def _unary_expr(ctx: CompileContext, node: ast.UnaryExpr) -> ExprFn:
    op = node.op
    if op in ("++", "--"):
        return _incdec(ctx, node.operand, op, prefix=True, pos=node.pos)
    f = ctx.compile_expr(node.operand)
    pos = node.pos
    if op in ("-not", "!"):
        return lambda s: not conv.to_bool(f(s))

    def do(scope: Scope) -> Any:
        try:
            return operators.unary(op, f(scope))
        except PSError as e:
            ctx.locate(e.record, pos)
            raise
    return do


def _postfix_expr(ctx: CompileContext, node: ast.PostfixExpr) -> ExprFn:
    return _incdec(ctx, node.operand, node.op, prefix=False, pos=node.pos)


def _incdec(ctx: CompileContext, target: Any, op: str, prefix: bool, pos: Any) -> ExprFn:
    get = ctx.compile_expr(target)
    setter = _setter(ctx, target)
    delta = 1 if op == "++" else -1

    def do(scope: Scope) -> Any:
        try:
            old = get(scope)
            new = operators.add(old if old is not None else 0, delta)
            setter(scope, new)
        except PSError as e:
            ctx.locate(e.record, pos)
            raise
        return new if prefix else old
    return do


def _binary_expr(ctx: CompileContext, node: ast.BinaryExpr) -> ExprFn:
    op = node.op.casefold()
    left = ctx.compile_expr(node.left)
    right = ctx.compile_expr(node.right)
    pos = node.pos
    if op == "-and":
        return lambda s: conv.to_bool(left(s)) and conv.to_bool(right(s))
    if op == "-or":
        return lambda s: conv.to_bool(left(s)) or conv.to_bool(right(s))
    arith = operators.ARITH.get(op)
    if arith is not None:
        def do_arith(scope: Scope) -> Any:
            a = left(scope)
            b = right(scope)
            if type(a) is int and type(b) is int and op != "/":
                r = a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else None
                if r is not None and -2147483648 <= r <= 2147483647:
                    return r
            try:
                return arith(a, b)
            except PSError as e:
                ctx.locate(e.record, pos)
                raise
        return do_arith

    def do(scope: Scope) -> Any:
        a = left(scope)
        b = right(scope)
        try:
            return operators.binary(op, a, b, ctx)
        except PSError as e:
            ctx.locate(e.record, pos)
            raise
    return do


def _member_name(ctx: CompileContext, member: Any) -> ExprFn:
    if isinstance(member, ast.ConstantExpr):
        name = conv.to_str(member.value)
        return lambda s: name
    f = ctx.compile_expr(member)
    return lambda s: conv.to_str(f(s))


def _member_expr(ctx: CompileContext, node: ast.MemberExpr) -> ExprFn:
    name_f = _member_name(ctx, node.member)
    pos = node.pos
    if node.static:
        from gshell.runtime import static_members  # the .NET statics, loaded when a script uses one
        tname = node.target.name if isinstance(node.target, ast.TypeExpr) else conv.to_str(node.target)

        def static(scope: Scope) -> Any:
            try:
                return static_members.static_member(tname, name_f(scope))
            except PSError as e:
                ctx.locate(e.record, pos)
                raise
        return static
    target = ctx.compile_expr(node.target)
    if isinstance(node.member, ast.ConstantExpr):
        const_name = conv.to_str(node.member.value)
        return lambda s: members.get_member(target(s), const_name)
    return lambda s: members.get_member(target(s), name_f(s))


def _invoke_member_expr(ctx: CompileContext, node: ast.InvokeMemberExpr) -> ExprFn:
    name_f = _member_name(ctx, node.member)
    args = [ctx.compile_expr(a) for a in node.args]
    pos = node.pos
    if node.static:
        from gshell.runtime import static_members
        tname = node.target.name if isinstance(node.target, ast.TypeExpr) else conv.to_str(node.target)

        def static(scope: Scope) -> Any:
            try:
                return static_members.call_static(tname, name_f(scope), [a(scope) for a in args])
            except PSError as e:
                ctx.locate(e.record, pos)
                raise
        return static
    target = ctx.compile_expr(node.target)
    from gshell.runtime import methods  # loaded when a script first calls a method

    def call(scope: Scope) -> Any:
        obj = target(scope)
        name = name_f(scope)
        values = [a(scope) for a in args]
        try:
            return methods.call_method(ctx, obj, name, values)
        except PSError as e:
            ctx.locate(e.record, pos)
            raise
        except FlowSignal:
            raise
        except Exception as e:  # noqa: BLE001 - a bad argument to an emulated method
            err = method_error(name, len(values), str(e), _DOTNET_EXCEPTIONS.get(type(e).__name__, "Exception"))
            ctx.locate(err.record, pos)
            raise err from None
    return call


def _index_expr(ctx: CompileContext, node: ast.IndexExpr) -> ExprFn:
    target = ctx.compile_expr(node.target)
    index = ctx.compile_expr(node.index)
    pos = node.pos

    def do(scope: Scope) -> Any:
        try:
            return members.get_index(target(scope), index(scope))
        except PSError as e:
            ctx.locate(e.record, pos)
            raise
    return do


def _pipeline_stmt(ctx: CompileContext, node: ast.PipelineStmt) -> ExprFn:
    return ctx.compile_value(node)


def _setter(ctx: CompileContext, target: Any) -> Callable[[Scope, Any], None]:
    if isinstance(target, ast.VariableExpr):
        name = target.name
        key = name.casefold()
        sc = (target.scope or "").casefold()
        if sc == "env":
            def set_env(s: Scope, v: Any) -> None:
                from gshell import environment
                env_set(name, v)
                environment.register_secret_value(name, env_get(name))
                warning = environment.change_warning(name)
                if warning:
                    ctx.host.warning(warning)
            return set_env
        if sc in ("global", "script"):
            root = ctx.global_scope
            return lambda s, v: root.set(name, v)
        if sc == "using":
            raise not_supported(f"$using:{name}")
        if key == "null":  # `$null = expr` runs expr and discards its output
            return lambda s, v: None
        if key in ("true", "false", "?"):
            def ro(s: Scope, v: Any) -> None:
                raise PSError(f"Cannot overwrite variable {name} because it is read-only or constant.",
                              category="WriteError", exception_type="SessionStateUnauthorizedAccessException",
                              error_id="VariableNotWritable")
            return ro
        if key == "psitem":
            key = "_"
        ctx.global_scope.spell(name)

        def set_var(s: Scope, v: Any) -> None:
            if key in ("islinux", "iswindows", "ismacos"):
                s.set(name, v)
            s.vars[key] = v
        return set_var
    if isinstance(target, ast.MemberExpr):
        obj_f = ctx.compile_expr(target.target)
        name_f = _member_name(ctx, target.member)
        if target.static:
            raise not_supported("Assigning a static .NET member")
        return lambda s, v: members.set_member(obj_f(s), name_f(s), v)
    if isinstance(target, ast.IndexExpr):
        obj_f = ctx.compile_expr(target.target)
        idx_f = ctx.compile_expr(target.index)
        return lambda s, v: members.set_index(obj_f(s), idx_f(s), v)
    if isinstance(target, ast.CastExpr):
        inner = _setter(ctx, target.operand)
        tname = target.type_name
        return lambda s, v: inner(s, casts.cast(v, tname))
    if isinstance(target, ast.ParenExpr) and isinstance(target.inner, ast.PipelineStmt) \
            and len(target.inner.elements) == 1:
        return _setter(ctx, target.inner.elements[0])
    raise PSError("The assignment expression is not valid. The input to an assignment operator must be an "
                  "object that is able to accept assignments, such as a variable or a property.",
                  category="ParserError", exception_type="ParseException", error_id="InvalidLeftHandSide")


def compile_assignment(ctx: CompileContext, node: ast.AssignmentStmt) -> ExprFn:
    """Compile an assignment into ``fn(scope) -> assigned value``."""
    op = node.op
    value_f = ctx.compile_value(node.value)
    pos = node.pos
    target = node.target
    if isinstance(target, ast.ArrayLiteralExpr):
        setters = [_setter(ctx, t) for t in target.items]

        def multi(scope: Scope) -> Any:
            v = value_f(scope)
            items = list(v) if isinstance(v, (list, tuple)) else [v]
            n = len(setters)
            for i, st in enumerate(setters):
                if i < n - 1:
                    st(scope, items[i] if i < len(items) else None)
                else:
                    rest = items[i:]
                    st(scope, None if not rest else rest[0] if len(rest) == 1 else rest)
            return v
        return multi
    try:
        setter = _setter(ctx, target)
    except PSError as e:
        ctx.locate(e.record, pos)
        raise
    if op == "=":
        def assign(scope: Scope) -> Any:
            v = value_f(scope)
            try:
                setter(scope, v)
            except PSError as e:
                ctx.locate(e.record, pos)
                raise
            return v
        return assign
    bop = op[:-1]
    get = ctx.compile_expr(target)

    def compound(scope: Scope) -> Any:
        try:
            v = operators.binary(bop, get(scope), value_f(scope), ctx)
            setter(scope, v)
        except PSError as e:
            ctx.locate(e.record, pos)
            raise
        return v
    return compound


def compile_condition(ctx: CompileContext, stmt: Any) -> Callable[[Scope], bool]:
    f = ctx.compile_value(stmt)
    return lambda s: conv.to_bool(f(s))


def conv_refusal(type_name: str) -> PSError:
    return not_supported(f"The .NET type [{type_name}]",
                         "gshell supports only its own value types ([int] [long] [double] [decimal] [string] [char] "
                         "[bool] [array] [hashtable] [ordered] [pscustomobject] [datetime] [regex] [scriptblock])")


#: Expression node class → its compile function.
EXPRESSIONS: dict[type, Callable[[CompileContext, Any], ExprFn]] = {
    ast.ConstantExpr: _constant_expr,
    ast.ExpandableStringExpr: _expandable_string_expr,
    ast.VariableExpr: _variable_expr,
    ast.ArrayLiteralExpr: _array_literal_expr,
    ast.ArrayExpr: _array_expr,
    ast.SubExpr: _sub_expr,
    ast.ParenExpr: _paren_expr,
    ast.HashtableExpr: _hashtable_expr,
    ast.ScriptBlockExpr: _script_block_expr,
    ast.TypeExpr: _type_expr,
    ast.CastExpr: _cast_expr,
    ast.UnaryExpr: _unary_expr,
    ast.PostfixExpr: _postfix_expr,
    ast.BinaryExpr: _binary_expr,
    ast.MemberExpr: _member_expr,
    ast.InvokeMemberExpr: _invoke_member_expr,
    ast.IndexExpr: _index_expr,
    ast.PipelineStmt: _pipeline_stmt,  # a statement used where an expression is expected
}
