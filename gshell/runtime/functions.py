"""Script functions and script blocks: defining a function from its declaration, binding
its parameters, running its begin/process/end blocks; invoking script blocks (`& {}`,
`ForEach-Object`, `.ForEach()` / `.Where()`, `-replace` evaluators)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from gshell.lang import ast
from gshell.lazy import LazyModule
from gshell.runtime import conversions as conv
from gshell.runtime.compiler import Compiler
from gshell.runtime.compiling import UNSET, StmtFn, collapse
from gshell.runtime.depth import MAX_CALL_DEPTH, overflow
from gshell.runtime.errors import runtime_error
from gshell.runtime.pipeline import CommandInvocation
from gshell.runtime.registry import Command, Invocation, Parameter, Registry
from gshell.runtime.scope import Scope
from gshell.runtime.signals import ReturnSignal
from gshell.runtime.values import Record, ScriptBlock

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

    from gshell.runtime import binding, casts, members
else:  # loaded when a script first calls a function, casts or reads a member
    binding = LazyModule("gshell.runtime.binding", globals())
    casts = LazyModule("gshell.runtime.casts", globals())
    members = LazyModule("gshell.runtime.members", globals())


class ScriptFunctions(Compiler):
    """Script functions and script blocks of an interpreter."""

    registry: Registry
    _matches_scope: Scope

    def define_function(self, node: ast.FunctionDefStmt) -> Command:
        block = node.body
        decls = list(block.params)
        params, advanced = params_from_decls(decls)
        if "cmdletbinding" in (block.text or "").casefold().replace(" ", "")[:400]:
            advanced = True
        is_filter = node.filter
        interp = self

        def run(inv: Invocation) -> Iterator[Any]:
            assert isinstance(inv, CommandInvocation)  # a script function runs in its interpreter
            return interp._run_function(node, decls, inv, is_filter)

        cmd = Command(name=node.name, run=run, params=params, kind="Function", common=advanced,
                      module="", synopsis=_synopsis(block), script=True, advanced=advanced, source=node)
        self.registry.add(cmd)
        return cmd

    def _bind_function_scope(self, fscope: Scope, decls: list[ast.ParamDecl], args: binding.BoundArguments) -> None:
        for d in decls:
            key = d.name.casefold().lstrip("$")
            if d.name in args or key in args:
                fscope.vars[key] = args[d.name]
            elif d.default is not None:
                v = self.compile_expr(d.default)(fscope)
                if d.type_name and casts.is_known_type(d.type_name):
                    v = casts.cast(v, d.type_name)
                fscope.vars[key] = v
            else:
                t = (d.type_name or "").casefold()
                fscope.vars[key] = False if t in ("switch", "switchparameter") else (
                    "" if t == "string" else 0 if t in ("int", "long", "double", "int32", "float") else None)
        fscope.vars["args"] = list(args.extra)
        fscope.vars["psboundparameters"] = args.as_hashtable()

    def _run_function(self, node: ast.FunctionDefStmt, decls: list[ast.ParamDecl], inv: CommandInvocation,
                      is_filter: bool) -> Iterator[Any]:
        fscope = inv.scope.child()
        fscope.frame = (node.name, inv.pos)
        begin, process, end = self._function_blocks(node, is_filter)
        binding.check_mandatory(inv.args, pipeline_pending=inv.expecting_input)
        self._bind_function_scope(fscope, decls, inv.args)
        fscope.vars["myinvocation"] = Record([
            ("MyCommand", Record([("Name", node.name), ("CommandType", "Filter" if is_filter else "Function")],
                                 type_name="FunctionInfo")),
            ("InvocationName", node.name), ("BoundParameters", fscope.vars["psboundparameters"]),
            ("UnboundArguments", fscope.vars["args"])], type_name="InvocationInfo")
        for common, preference in (("ErrorAction", "erroractionpreference"),
                                   ("WarningAction", "warningpreference")):
            if common in inv.args:   # an advanced function's -ErrorAction is its local preference
                fscope.vars[preference] = inv.args[common]
        if self.call_depth >= MAX_CALL_DEPTH:
            raise overflow()
        self.call_depth += 1
        try:
            yield from self._function_parts(fscope, decls, inv, begin, process, end)
        finally:
            self.call_depth -= 1

    def _function_blocks(self, node: ast.FunctionDefStmt,
                         is_filter: bool) -> tuple[StmtFn | None, StmtFn | None, StmtFn | None]:
        """The compiled begin, process and end blocks of a function (compiled on its first call)."""
        key = ("function", id(node))
        hit = self._cache.get(key)
        if hit is not None and hit[0] is node:
            return hit[1]
        block = node.body
        process_stmts = block.process if block.process is not None else (block.end if is_filter else None)
        parts = (self.compile_block(block.begin) if block.begin else None,
                 self.compile_block(process_stmts) if process_stmts is not None else None,
                 self.compile_block(block.end) if (block.end and not is_filter) else None)
        self._cache[key] = (node, parts)
        return parts

    def _function_parts(self, fscope: Scope, decls: list[ast.ParamDecl], inv: CommandInvocation,
                        begin: StmtFn | None, process: StmtFn | None, end: StmtFn | None) -> Iterator[Any]:

        def guarded(fn: StmtFn) -> Iterator[Any]:
            try:
                yield from fn(fscope)
            except ReturnSignal:
                return

        if begin is not None:
            yield from guarded(begin)
        if process is not None:
            if inv.expecting_input:
                each = inv.each()
                try:
                    for obj, bound in each:
                        self._bind_function_scope(fscope, decls, bound)
                        fscope.vars["_"] = obj
                        yield from guarded(process)
                finally:
                    # closed here, while an error is being handled: left to the garbage
                    # collector, a suspended generator is closed while the error unwinds and
                    # each close walks the whole chain of running generators (quadratic)
                    each.close()
            else:
                binding.check_mandatory(inv.args)
                fscope.vars["_"] = None
                yield from guarded(process)
            if end is not None:
                yield from guarded(end)
        elif end is not None:
            if inv.expecting_input:
                items = list(inv.input)
                fscope.vars["input"] = items
                has_pipe = any(p.from_pipeline or p.from_pipeline_by_name for p in inv.command.params)
                if has_pipe and items:
                    bound = binding.bind_pipeline(inv.args, items[-1])
                    self._bind_function_scope(fscope, decls, bound)
            else:
                binding.check_mandatory(inv.args)
                fscope.vars["input"] = []
            yield from guarded(end)

    def bind_script_params(self, script: ast.Script, scope: Scope) -> None:
        """A script's own `param()` block: bound from the script's arguments (`$args` of the
        scope: gshell FILE ARGS..., -c COMMANDS ARGS...) like a function's, with defaults,
        `-Name value`, `-Name:value`, positions; what is left goes to `$args`."""
        decls = list(script.params)
        if not decls:
            return
        params, advanced = params_from_decls(decls)
        cmd = Command(name=os.path.basename(self.script_name) or "script", run=lambda inv: iter(()),
                      params=params, kind="Function", common=advanced,
                      script=True, advanced=advanced)
        given = scope.vars.get("args")
        argv = list(given) if isinstance(given, (list, tuple)) else []
        elements: list[binding.Element] = []
        for a in argv:
            if isinstance(a, str) and len(a) > 1 and a[0] == "-" and (a[1].isalpha() or a[1] == "_"):
                name, colon, value = a[1:].partition(":")
                elements.append(binding.Named(name, value if colon else None, bool(colon)))
            else:
                elements.append(binding.Positional(a))
        bound = binding.bind(cmd, elements)
        binding.check_mandatory(bound)
        self._bind_function_scope(scope, decls, bound)

    def _block_parts(self, block: ScriptBlock) -> tuple[StmtFn | None, StmtFn | None, StmtFn | None, list[Any]]:
        node = block.node
        compiled = block.compiled
        if compiled is not None and compiled[0] is self:
            return compiled[1]
        parts = (self.compile_block(node.begin) if node.begin else None,
                 self.compile_block(node.process) if node.process is not None else None,
                 self.compile_block(node.end) if node.end else None,
                 list(node.params))
        block.compiled = (self, parts)
        return parts

    def invoke_block_iter(self, block: Any, args: list[Any] | None = None, dollar_under: Any = ...,
                          scope: Scope | None = None, this: Any = None) -> Iterator[Any]:
        """Run a script block in ``scope`` (the caller's scope by default), `$_` set when
        ``dollar_under`` is given; `return` ends only this invocation."""
        if not isinstance(block, ScriptBlock):
            raise runtime_error(f"Expected a script block, got {conv.type_name(block)}.")
        begin, process, end, params = self._block_parts(block)
        scope = scope if scope is not None else self.global_scope
        vars_ = scope.vars
        saved: dict[str, Any] = {}
        set_keys: list[str] = []

        def setv(k: str, v: Any) -> None:
            if k not in saved:
                saved[k] = vars_.get(k, UNSET)
            vars_[k] = v
            set_keys.append(k)

        if dollar_under is not ...:
            setv("_", dollar_under)
        if this is not None:
            setv("this", this)
        args = args or []
        if params:
            for i, d in enumerate(params):
                key = d.name.casefold().lstrip("$")
                if i < len(args):
                    v = args[i]
                    if d.type_name and casts.is_known_type(d.type_name):
                        v = casts.cast(v, d.type_name)
                elif d.default is not None:
                    v = self.compile_expr(d.default)(scope)
                else:
                    v = None
                setv(key, v)
            setv("args", list(args[len(params):]))
        elif args or "args" in vars_:
            setv("args", list(args))
        if self.call_depth >= MAX_CALL_DEPTH:
            raise overflow()
        self.call_depth += 1
        try:
            for part in (begin, process, end):
                if part is None:
                    continue
                try:
                    yield from part(scope)
                except ReturnSignal:
                    pass
        finally:
            self.call_depth -= 1
            for k, v in saved.items():
                if v is UNSET:
                    vars_.pop(k, None)
                else:
                    vars_[k] = v

    def invoke_block(self, block: Any, args: list[Any] | None = None, dollar_under: Any = ...,
                     scope: Scope | None = None, this: Any = None) -> list[Any]:
        # fast path: a plain block without params, `$_` only
        if isinstance(block, ScriptBlock) and not args and this is None:
            begin, process, end, params = self._block_parts(block)
            if begin is None and process is None and not params and end is not None:
                scope = scope if scope is not None else self.global_scope
                vars_ = scope.vars
                if self.call_depth >= MAX_CALL_DEPTH:
                    raise overflow()
                self.call_depth += 1
                if dollar_under is ...:
                    try:
                        return list(end(scope))
                    except ReturnSignal:
                        return []
                    finally:
                        self.call_depth -= 1
                old = vars_.get("_", UNSET)
                vars_["_"] = dollar_under
                out: list[Any] = []
                try:
                    out.extend(end(scope))
                except ReturnSignal:
                    pass
                finally:
                    self.call_depth -= 1
                    if old is UNSET:
                        vars_.pop("_", None)
                    else:
                        vars_["_"] = old
                return out
        out2: list[Any] = []
        gen = self.invoke_block_iter(block, args, dollar_under, scope, this)
        out2.extend(gen)
        return out2

    def intrinsic_method(self, items: Any, name: str, args: list[Any]) -> Any:
        """`.ForEach({})` / `.Where({})` on collections."""
        if not args:
            raise runtime_error(f"{name}() needs a script block argument.")
        block = args[0]
        scope = self._matches_scope if hasattr(self, "_matches_scope") else self.global_scope
        if name == "foreach":
            if not isinstance(block, ScriptBlock):
                name = conv.to_str(block)
                from gshell.runtime import methods
                out0: list[Any] = []
                for x in items:
                    v = members.raw_member(x, name)
                    out0.append(methods.call_method(self, x, name, list(args[1:]))
                                if v is members.MISSING else v)
                return out0
            out: list[Any] = []
            for x in items:
                out.extend(self.invoke_block(block, dollar_under=x, scope=scope))
            return out
        mode = conv.to_str(args[1]).casefold() if len(args) > 1 else "default"
        limit = conv.to_int(args[2]) if len(args) > 2 else 0
        res: list[Any] = []
        for x in items:
            ok = conv.to_bool(collapse(self.invoke_block(block, dollar_under=x, scope=scope)))
            if mode == "first" and ok:
                res.append(x)
                if limit == 0 or len(res) >= limit:
                    break
            elif mode in ("default", "") and ok:
                res.append(x)
                if limit and len(res) >= limit:
                    break
            elif mode == "last" and ok:
                res.append(x)
            elif mode == "skipuntil" and (ok or res):
                res.append(x)
            elif mode == "until":
                if ok:
                    break
                res.append(x)
        if mode == "last" and limit:
            res = res[-limit:]
        elif mode == "last":
            res = res[-1:]
        return res

    def replace_evaluator(self, block: ScriptBlock, m: Any) -> str:
        return conv.to_str(collapse(self.invoke_block(block, dollar_under=m)))


_ATTR_PARAM_TYPES = {
    "switch": "switch", "switchparameter": "switch", "int": "int", "int32": "int", "long": "int", "int64": "int",
    "string": "string", "string[]": "string[]", "int[]": "int[]", "double": "float", "float": "float",
    "single": "float", "decimal": "float", "bool": "bool", "boolean": "bool", "scriptblock": "scriptblock",
    "hashtable": "hashtable", "object[]": "object[]", "array": "object[]", "psobject[]": "object[]",
    "datetime": "datetime", "object": "object", "psobject": "object", "pscustomobject": "object",
}


def _attr(attrs: dict[str, Any], name: str, default: Any = None) -> Any:
    for k, v in attrs.items():
        if k.casefold() == name.casefold():
            return v
    return default


def params_from_decls(decls: list[ast.ParamDecl]) -> tuple[list[Parameter], bool]:
    """Parameter declarations of a script function (and whether it is 'advanced')."""
    params: list[Parameter] = []
    advanced = False
    explicit_positions = False
    for d in decls:
        attrs = d.attributes or {}
        if attrs:
            advanced = True
        t = (d.type_name or "object").strip("[]").casefold() if d.type_name and not d.type_name.endswith("[]") \
            else (d.type_name or "object").casefold()
        ptype = _ATTR_PARAM_TYPES.get(casts.normalize_type(t) if t else "object", None)
        if ptype is None:
            ptype = d.type_name if d.type_name and casts.is_known_type(d.type_name) else "object"
        aliases = _attr(attrs, "Alias", ())
        if isinstance(aliases, str):
            aliases = (aliases,)
        choices = _attr(attrs, "ValidateSet", ())
        if isinstance(choices, str):
            choices = (choices,)
        position = _attr(attrs, "Position")
        if position is not None:
            explicit_positions = True
            position = int(position)
        params.append(Parameter(
            name=d.name.lstrip("$"), type=ptype, position=position,
            mandatory=bool(_attr(attrs, "Mandatory", False)),
            aliases=tuple(str(a) for a in aliases),
            from_pipeline=bool(_attr(attrs, "ValueFromPipeline", False)),
            from_pipeline_by_name=bool(_attr(attrs, "ValueFromPipelineByPropertyName", False)),
            choices=tuple(str(c) for c in choices),
            help=str(_attr(attrs, "HelpMessage", "") or ""),
        ))
    # PowerShell: without explicit positions, every non-switch parameter is positional in
    # declaration order; with some explicit, the others follow after them.
    next_pos = 0 if not explicit_positions else 1 + max(p.position for p in params if p.position is not None)
    for p in params:
        if p.position is None and not p.is_switch:
            p.position = next_pos
            next_pos += 1
    return params, advanced


def _synopsis(block: ast.ScriptBlockExpr) -> str:
    text = block.text or ""
    marker = ".SYNOPSIS"
    i = text.upper().find(marker)
    if i < 0:
        return ""
    rest = text[i + len(marker):].strip().splitlines()
    return rest[0].strip() if rest else ""
