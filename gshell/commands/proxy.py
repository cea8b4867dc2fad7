"""Gradio proxy functions: New/Get/Remove-GradioSessionApiProxyFunction and
Invoke-GradioDynamicApi (PowerShAI's huggingface.ps1, "New-GradioSessionApiProxyFunction").

A proxy is a ``Command`` (kind 'Function', module ``gshell.GradioProxy``) registered in the
interpreter's registry, so Get-Help, Get-Command, completion and binding treat it like any
other command.  Its parameters come from the endpoint's ``/info`` entry; calling it runs the
call and emits each non-heartbeat event with a ``pipeline`` property (the events of the earlier
proxy stages).  Naming follows PowerShAI (docs/protocol.md and the Get-Help of New-GradioSessionApiProxyFunction).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gshell.commands import gradio_views as gv
from gshell.commands._common import (
    E,
    P,
    S,
    as_list,
    has_wildcard,
    registry_of,
    resolve_path,
    to_bool,
    to_str,
    wildcard_match,
)
from gshell.commands.gradio import timeout_arg
from gshell.commands.proxy_names import clean_name, function_name, parameter_names
from gshell.display import excerpt
from gshell.gradio import kinds
from gshell.runtime.errors import PSError
from gshell.runtime.registry import (
    COMMON_PARAMETERS,
    WHATIF_PARAMETERS,
    Command,
    Example,
    Invocation,
    Parameter,
    command,
)
from gshell.runtime.values import CIDict, Record
from gshell.structs import Struct, field

MODULE = "gshell.Gradio"
PROXY_MODULE = "gshell.GradioProxy"
DEFAULT_PREFIX = "Invoke-GradioApi"
EVENT_TYPE = "GradioApiEventResult"


# ---- Proxy declarations --------------------------------------------------------------

#: the parameters every proxy has (PowerShAI's $DefaultParams), before the common ones
OWN_PARAMETERS: tuple[Parameter, ...] = (
    Parameter("Manual", "switch", help="Return the call record (for Update-GradioSessionApiResult) instead of "
                                       "the events."),
    Parameter("ApiResultMap", "string[]", aliases=("Map", "Arm"),
              help="Maps items of a piped event's data to parameters: 'Param=Index' strings "
                   "(ImageInput=0 takes data[0]). Without it, piped data items bind by kind (file, number, "
                   "bool, string) to the first unbound parameter of that kind."),
    Parameter("DebugData", "switch", help="Return what the proxy knows (session, endpoint, parameter map) "
                                          "instead of calling."),
    Parameter("ApiToken", "string", sensitive=True, help="A token for this call only; 'public' sends none."),
    Parameter("TimeoutSec", "int", help="Give up after this many seconds (one error line 'timed out after "
                                        "N s'; the events received so far are kept on the call)."),
    Parameter("PipeObj", "object", from_pipeline=True,
              help="The piped object: an event of an earlier proxy (its data feed this call) or a value."),
)


def reserved_names() -> list[str]:
    names: list[str] = []
    for p in OWN_PARAMETERS + COMMON_PARAMETERS + WHATIF_PARAMETERS:
        names.append(p.name)
        names.extend(p.aliases)
    return names


# kinds used to bind piped data without -ApiResultMap
FILE, NUMBER, BOOL, STRING, OTHER = "file", "number", "bool", "string", "object"


class ProxyParam(Struct, slots=False):
    name: str            # the PowerShell-side name (cleaned)
    index: int           # position in the endpoint's /info parameter list
    kind: str            # FILE | NUMBER | BOOL | STRING | OTHER
    type: str            # the declared registry type
    source: Any          # gshell.gradio.model.Slot
    choices: tuple[str, ...] = ()


class ProxySpec(Struct, slots=False):
    session_name: str
    api_name: str        # '/echo'
    url: str
    description: str | None
    params: list[ProxyParam] = field(default_factory=list)

    def by_name(self, name: str) -> ProxyParam | None:
        key = name.casefold()
        return next((p for p in self.params if p.name.casefold() == key), None)


def _schema(src: Any) -> dict[str, Any]:
    return src.schema if isinstance(src.schema, dict) else {}


#: the endpoint model's kind of a slot -> (binding kind for piped data, declared type)
_KIND_TYPES: dict[str, tuple[str, str]] = {
    kinds.TEXT: (STRING, "string"), kinds.COLOR: (STRING, "string"), kinds.CHOICE: (STRING, "string"),
    kinds.CHOICES: (OTHER, "string[]"), kinds.INTEGER: (NUMBER, "int"), kinds.NUMBER: (NUMBER, "number"),
    kinds.BOOL: (BOOL, "bool"), kinds.FILE: (FILE, "object"), kinds.FILES: (FILE, "object[]"),
}


def classify(src: Any) -> tuple[str, str, tuple[str, ...]]:
    """(binding kind, declared type, choices) of an endpoint input (a model ``Slot``): a
    Number/Slider is [int] when its precision is 0, else untyped numeric (never [double])."""
    kind, ptype = _KIND_TYPES.get(src.kind, (OTHER, "object"))
    choices = src.choices if src.kind in (kinds.CHOICE, kinds.CHOICES) else ()
    if choices and not isinstance(_schema(src).get("enum"), list) \
            and not all(isinstance(c, str) for c in _props_choices(src)):
        # numeric choices keep their type: [object] for one, [object[]] for several
        return (OTHER, "object", ()) if src.kind == kinds.CHOICE else (OTHER, "object[]", ())
    return kind, ptype, choices


def _props_choices(src: Any) -> list[Any]:
    raw = src.props.get("choices") if isinstance(src.props, dict) else None
    return [c[1] if isinstance(c, list) and len(c) == 2 else c for c in raw] if isinstance(raw, list) else []


def _show(value: Any) -> str:
    import json
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def parameter_help(src: Any, kind: str, choices: tuple[str, ...]) -> str:
    lines: list[str] = []
    if src.label:
        lines.append(str(src.label))
    if src.component:
        lines.append(f"Gradio component: {src.component}")
    lines.append(f"Kind: {src.kind}" + (f" ({src.python_type})" if src.python_type and src.kind not in (
        kinds.INTEGER, kinds.NUMBER) else ""))
    bounds = [f"{label} {_show(v)}" for label, v in (("minimum", src.minimum), ("maximum", src.maximum),
                                                       ("step", src.step)) if v is not None]
    if bounds and src.kind in (kinds.INTEGER, kinds.NUMBER):
        lines.append("Range: " + ", ".join(bounds))
    if src.has_default:
        lines.append(f"Default: {_show(src.default)}")
    if choices:
        lines.append(f"Choices: {', '.join(choices)}")
    if kind == FILE:
        lines.append("Upload: a local path, an http(s) URL or a FileData (uploaded automatically)"
                     + ("; several accepted" if src.multiple else ""))
    if src.name and clean_name(src.name).casefold() != src.name.casefold():
        lines.append(f"Gradio parameter name: {src.name}")
    return "\n".join(lines)


def build_spec(session_name: str, url: str, endpoint: Any) -> ProxySpec:
    names = parameter_names([p.name for p in endpoint.parameters], reserved_names())
    spec = ProxySpec(session_name, endpoint.name, url, endpoint.description)
    for i, (name, src) in enumerate(zip(names, endpoint.parameters, strict=False)):
        kind, ptype, choices = classify(src)
        spec.params.append(ProxyParam(name, i, kind, ptype, src, choices))
    return spec


def build_command(name: str, spec: ProxySpec) -> Command:
    params: list[Parameter] = []
    for pos, pp in enumerate(spec.params):
        src = pp.source
        default = src.default if src.has_default else None
        if pp.kind == BOOL and default is not None:
            default = bool(default)
        params.append(Parameter(pp.name, pp.type, position=pos, default=default,
                                help=parameter_help(src, pp.kind, pp.choices), choices=pp.choices,
                                complete="path" if pp.kind == FILE else None))   # a file: a local path
    params += [Parameter(p.name, p.type, aliases=p.aliases, from_pipeline=p.from_pipeline, help=p.help)
               for p in OWN_PARAMETERS]
    api = spec.api_name.lstrip("/")
    desc = [f"Proxy for app {spec.url} (session '{spec.session_name}'), endpoint /{api}."]
    if spec.description:
        desc.insert(0, spec.description)
    desc.append("Runs the call and emits each event (heartbeats dropped) with a 'pipeline' property holding "
                "the events of earlier proxy stages. Made by New-GradioSessionApiProxyFunction.")
    example_args = " ".join(f"-{pp.name} {_example_value(pp)}" for pp in spec.params[:3])
    examples = [Example(f"{name} {example_args}".rstrip() + " | % { $_.data }", "Calls the endpoint and prints "
                        "the data of each event."),
                Example(f"{name} {example_args} -Manual".replace("  ", " "),
                        "Starts the call and returns its record (read it with Update-GradioSessionApiResult).")]
    return Command(name=name, run=_run_proxy, params=params,
                   synopsis=f"Calls /{api} of {spec.url} (Gradio proxy function).",
                   description="\n".join(desc), examples=examples, module=PROXY_MODULE, kind="Function",
                   supports_whatif=True, source=spec)


def _example_value(pp: ProxyParam) -> str:
    src = pp.source
    if pp.choices:
        return f"'{pp.choices[0]}'"
    if pp.kind == FILE:
        return "./file.png"
    if pp.kind == BOOL:
        return "$true"
    if pp.kind == NUMBER:
        return str(src.default) if isinstance(src.default, (int, float)) and src.has_default else "1"
    return "'text'"


def spec_of(cmd: Command | None) -> ProxySpec | None:
    if cmd is None:
        return None
    return cmd.source if isinstance(cmd.source, ProxySpec) else None


# ---- Running a proxy -----------------------------------------------------------------


def _is_event(obj: Any) -> bool:
    return isinstance(obj, Record) and obj.type_name == EVENT_TYPE


def value_kind(value: Any) -> str:
    from gshell.gradio import files
    plain = gv.from_value(value)
    if isinstance(plain, dict) and files.is_filedata(plain):
        return FILE
    if isinstance(plain, list) and plain and all(isinstance(v, dict) and files.is_filedata(v) for v in plain):
        return FILE
    if isinstance(plain, bool):
        return BOOL
    if isinstance(plain, (int, float)):
        return NUMBER
    if isinstance(plain, str):
        return STRING
    return OTHER


def piped_data(obj: Any) -> list[Any]:
    """The data items a piped object offers: an event's ``data``; any other value is one item."""
    if obj is None:
        return []
    if _is_event(obj):
        data = obj.get("data")
        return list(data) if isinstance(data, (list, tuple)) else ([] if data is None else [data])
    return [obj]


def map_values(cmd: Command, spec: ProxySpec, data: list[Any], mapping: list[str]) -> dict[str, Any]:
    """-ApiResultMap 'Param=Index' strings -> {proxy parameter name: data[Index]}."""
    from gshell.runtime import binding
    out: dict[str, Any] = {}
    for expr in mapping:
        name, sep, index = to_str(expr).partition("=")
        if not sep:
            raise PSError(f"-ApiResultMap '{expr}': expected Param=Index (e.g. ImageInput=0).",
                          category="InvalidArgument")
        try:
            param = binding.resolve_parameter(cmd, name.strip(), cmd.params)
        except PSError as e:
            raise PSError(f"-ApiResultMap '{expr}': {e.record.message}", category="InvalidArgument") from None
        if spec.by_name(param.name) is None:
            raise PSError(f"-ApiResultMap '{expr}': {param.name} is not a parameter of the endpoint.",
                          category="InvalidArgument")
        try:
            i = int(index.strip())
        except ValueError:
            raise PSError(f"-ApiResultMap '{expr}': the index must be a number.", category="InvalidArgument") from None
        if not -len(data) <= i < len(data):
            raise PSError(f"-ApiResultMap '{expr}': the piped event has {len(data)} data item(s).",
                          category="InvalidArgument")
        out[param.name] = data[i]
    return out


def auto_values(spec: ProxySpec, data: list[Any], bound: set[str]) -> dict[str, Any]:
    """Piped data items by kind, in order, to the unbound parameters of that kind.  When more
    than one parameter of a kind is free and the counts differ, the binding is ambiguous."""
    out: dict[str, Any] = {}
    for kind in (FILE, NUMBER, BOOL, STRING):
        values = [(i, v) for i, v in enumerate(data) if value_kind(v) == kind]
        free = [p for p in spec.params if p.kind == kind and p.name.casefold() not in bound]
        if not values or not free:
            continue
        if len(free) > 1 and len(values) != len(free):
            names = " or ".join("-" + p.name for p in free)
            raise PSError(f"The piped data item {values[0][0]} ({kind}) could bind to {names}: say which with "
                          f"-Map (e.g. -Map {free[0].name}={values[0][0]}).", category="InvalidArgument")
        for (_, v), p in zip(values, free, strict=False):
            out[p.name] = v
    return out


def _local_paths(inv: Invocation, value: Any) -> Any:
    """Relative file paths resolved against gshell's current location."""
    if isinstance(value, list):
        return [_local_paths(inv, v) for v in value]
    from gshell.gradio.origin import ServerStr
    if isinstance(value, ServerStr):
        return value   # a server's text is not a path of ours (refused by the engine)
    if isinstance(value, str) and value and not value.startswith(("http://", "https://")):
        return resolve_path(inv, value)
    return value


def call_values(inv: Invocation, spec: ProxySpec, given: dict[str, Any]) -> list[Any]:
    """The positional data of the call: given values, else the /info default, else None."""
    values: list[Any] = []
    for pp in spec.params:
        if pp.name.casefold() in given:
            v = gv.from_value(given[pp.name.casefold()])
        elif pp.kind == FILE:
            # the server's default is never opened or fetched (docs/security.md)
            from gshell.gradio.files import server_default_file
            values.append(server_default_file(pp.source.default) if pp.source.has_default else None)
            continue
        else:
            v = pp.source.default if pp.source.has_default else None
        if pp.kind == FILE and v is not None:
            v = _local_paths(inv, v)
            if pp.source.multiple and not isinstance(v, list):
                v = [v]
        values.append(v)
    return values


def _session_for(inv: Invocation, spec: ProxySpec, cmd_name: str) -> Any:
    mgr = gv.sessions_of(inv.runtime)
    try:
        return mgr.get(spec.session_name)
    except Exception:  # noqa: BLE001 - SessionError: the session is gone
        raise inv.fail(f"{cmd_name}: its session '{spec.session_name}' was removed (or renamed) since the "
                       "function was created; open the session again and recreate the function with "
                       "New-GradioSessionApiProxyFunction.", category="ObjectNotFound") from None


def debug_record(spec: ProxySpec, cmd: Command, args: Any) -> Record:
    params = [Record([("Name", pp.name), ("GradioName", pp.source.name), ("Index", pp.index), ("Kind", pp.kind),
                      ("Type", pp.type), ("Component", pp.source.component)]) for pp in spec.params]
    return Record([("Function", cmd.name), ("Session", spec.session_name), ("AppUrl", spec.url),
                   ("ApiName", spec.api_name.lstrip("/")), ("Parameters", params),
                   ("BoundParams", args.as_hashtable())],
                  type_name="GradioProxyDebugData")


def run_call(inv: Invocation, cmd: Command, spec: ProxySpec, args: Any, piped: Any,
             has_piped: bool) -> Iterator[Any]:
    """One call of the endpoint for ``args`` (+ one piped object)."""
    session = _session_for(inv, spec, cmd.name)
    given: dict[str, Any] = {}
    for pp in spec.params:
        if pp.name in args and not (has_piped and pp.name.casefold() in args.from_pipeline):
            given[pp.name.casefold()] = args[pp.name]
    if has_piped:
        data = piped_data(piped)
        mapping = as_list(args.get("ApiResultMap"))
        try:
            extra = map_values(cmd, spec, data, mapping) if mapping else \
                auto_values(spec, data, set(given))
        except PSError as e:
            e.record.command_name = cmd.name
            raise
        from gshell.runtime import binding
        for name, value in extra.items():
            param = next(p for p in cmd.params if p.name == name)
            try:
                given[name.casefold()] = binding.coerce(param, value) if param.type not in ("object", "object[]") \
                    else value
            except PSError as e:
                raise inv.fail(f"{cmd.name}: {e.record.message}", category="InvalidArgument") from None
    values = call_values(inv, spec, given)
    gv.bind(inv, session)
    token = args.get("ApiToken")
    if to_bool(args.get("WhatIf")):
        from gshell.commands._common import cwd
        from gshell.teach import call_code
        try:
            inv.write_host(call_code(session, spec.api_name, values, token=to_str(token) if token else None,
                                     cwd=cwd(inv), language=gv.whatif_language(inv)))
        except Exception as exc:  # noqa: BLE001
            if gv.is_engine_error(exc):
                gv.report(inv, exc, target=cmd.name)
                return
            raise
        return
    try:
        call = session.call(spec.api_name, values, token=to_str(token) if token else None,
                            timeout=timeout_arg(args))
    except Exception as exc:  # noqa: BLE001
        if gv.is_engine_error(exc):
            gv.report(inv, exc, target=cmd.name)
            return
        raise
    if to_bool(args.get("Manual")):
        yield gv.call_view(call)
        return
    before: list[Any] = []
    if _is_event(piped):
        earlier = piped.get("pipeline")
        before = list(earlier) if isinstance(earlier, (list, tuple)) else []
        before.append(piped)
    try:
        for ev in gv.iter_events(inv, call, None):
            if ev.event == "heartbeat":
                inv.verbose(f"{cmd.name}: heartbeat (event {ev.num}) dropped")
                continue
            rec = gv.event_record(ev, session, call)
            rec["pipeline"] = list(before)
            yield rec
    except Exception as exc:  # noqa: BLE001
        if gv.is_engine_error(exc):
            gv.report(inv, exc, target=cmd.name)
            return
        raise
    if call.error is not None and call.status != "cancelled":
        gv.report(inv, call.error, target=cmd.name)


def _run_proxy(inv: Invocation) -> Iterator[Any]:
    cmd = inv.command
    spec = spec_of(cmd)
    assert spec is not None
    if to_bool(inv.args.get("DebugData")):
        yield debug_record(spec, cmd, inv.args)
        return
    if not inv.expecting_input:
        yield from run_call(inv, cmd, spec, inv.args, None, False)
        return
    for obj, bound in inv.each():
        yield from run_call(inv, cmd, spec, bound, obj, True)


# ---- Cmdlets -------------------------------------------------------------------------


def proxy_info(cmd: Command) -> Record:
    """What New-/Get-GradioSessionApiProxyFunction emit: Get-Command's record + GradioProxy."""
    from gshell.commands.help import command_info
    spec = spec_of(cmd)
    rec = command_info(cmd)
    if spec is not None:
        rec["GradioProxy"] = Record([("Session", spec.session_name), ("ApiName", spec.api_name.lstrip("/")),
                                     ("AppUrl", spec.url)], type_name="GradioProxyInfo")
    return rec


def _wanted(names: list[str]) -> list[str]:
    return [to_str(n).strip().lstrip("/").casefold() for n in names if to_str(n).strip()]


def _selected_endpoints(inv: Invocation, session: Any, names: list[str]) -> list[Any]:
    eps = list(session.endpoints.values())
    if not names:
        return [e for e in eps if e.visibility == "public" and not e.name.lstrip("/").isdigit()]
    wanted = _wanted(names)
    out = []
    for w in wanted:
        hit = [e for e in eps if e.name.lstrip("/").casefold() == w or
               (has_wildcard(w) and wildcard_match(e.name.lstrip("/"), w))]
        if not hit:
            known = ", ".join(e.name.lstrip("/") for e in eps) or "(none)"
            inv.error(f"The app has no endpoint '{w}'; known endpoints: {known}", category="ObjectNotFound",
                      target=w)
        out += [e for e in hit if e not in out]
    return out


@command(
    "New-GradioSessionApiProxyFunction",
    aliases=("GradioApiFunction",),
    module=MODULE,
    synopsis="Creates one PowerShell-style function per endpoint of a Gradio session.",
    description=(
        "For each endpoint of the session (or those named with -ApiName) a function <Prefix><Name> is created. "
        "The name follows PowerShAI: the endpoint name title-cased with everything but letters and digits "
        "removed (/op1 -> Invoke-GradioApiOp1, /GenerateImage -> Invoke-GradioApiGenerateimage). Its "
        "parameters are the endpoint's (typed from /info; file parameters upload local paths and URLs; "
        "enums are validated) plus -Manual, -ApiResultMap (-Map), -ApiToken and -DebugData. Calling it "
        "emits each event as it arrives; piping one proxy into another feeds the events' data to the next "
        "call (see about_Gradio_Proxy_Functions). A proxy remembers its session by name. An existing "
        "command is replaced only with -Force (a proxy of the same session is simply recreated)."),
    params=[
        P("ApiName", "string[]", 0, complete="endpoint", help="Only these endpoints ('echo' or '/echo'; wildcards)."),
        P("Prefix", "string", 1, default=DEFAULT_PREFIX, help="Prefix of the function names."),
        P("Session", "object", 2, from_pipeline=True, default=".", complete="session",
          help="The session (name, object or Hugging Face space); '.' is the default session."),
        S("Force", help="Replace existing commands of the same name."),
    ],
    examples=[
        E("New-GradioSession http://127.0.0.1:7860; New-GradioSessionApiProxyFunction",
          "Creates Invoke-GradioApi<Endpoint> for every endpoint of the app."),
        E("$app | GradioApiFunction -Prefix App -ApiName echo", "Creates AppEcho for the /echo endpoint."),
        E("Invoke-GradioApiOp1 -Duration 3 | % { \"ElapsedSeconds: $($_.data)\" }", "Calls a proxy."),
    ],
)
def new_proxy_function(inv: Invocation) -> Iterator[Any]:
    registry = registry_of(inv)
    prefix = to_str(inv.args.Prefix) if inv.args.Prefix is not None else DEFAULT_PREFIX
    force = to_bool(inv.args.Force)
    for _, args in inv.each():
        session = gv.resolve_session(inv, args.Session)
        gv.bind(inv, session)
        try:
            endpoints = _selected_endpoints(inv, session, as_list(args.ApiName))
        except Exception as exc:  # noqa: BLE001
            if gv.is_engine_error(exc):
                raise gv.fail(inv, exc) from None
            raise
        made: set[str] = set()
        for index, ep in enumerate(endpoints):
            name = function_name(prefix, ep.name)
            if name == prefix or name.casefold() in made:
                inv.warning(f"endpoint {excerpt(ep.name, 100)}: its name gives '{excerpt(name, 100)}' "
                            "(empty or already used); "
                            f"the function is named {name}{index}")
                name = f"{name}{index}"
            existing = registry.lookup(name)
            old_spec = spec_of(existing)
            same_session = old_spec is not None and old_spec.session_name.casefold() == session.name.casefold()
            if existing is not None and not force and not same_session:
                kind = "proxy function" if old_spec else existing.kind.lower()
                inv.error(f"A {kind} named '{existing.name}' already exists: use -Force to replace it, or "
                          "-Prefix to choose other names.", category="ResourceExists", target=name)
                continue
            spec = build_spec(session.name, session.url, ep)
            cmd = build_command(name, spec)
            if existing is not None and existing.name.casefold() != name.casefold():
                registry.remove(existing.name)   # an alias of that name pointed elsewhere
            registry.add(cmd)
            if registry.resolve_alias(name):
                registry.remove_alias(name)
            made.add(name.casefold())
            yield proxy_info(cmd)




def _proxies(registry: Any) -> list[Command]:
    return [c for c in registry.commands() if spec_of(c) is not None]


@command(
    "Get-GradioSessionApiProxyFunction",
    module=MODULE,
    synopsis="Lists the proxy functions made with New-GradioSessionApiProxyFunction.",
    params=[P("Session", "object", 0, from_pipeline=True, default=".", complete="session",
              help="Only those of this session; '*' lists all (also those of removed sessions).")],
    examples=[E("Get-GradioSessionApiProxyFunction *", "Every proxy function."),
              E("Get-GradioSessionApiProxyFunction | Remove-GradioSessionApiProxyFunction",
                "Removes the default session's proxies.")],
)
def get_proxy_function(inv: Invocation) -> Iterator[Any]:
    registry = registry_of(inv)
    for _, args in inv.each():
        which = args.Session
        if isinstance(which, str) and which == "*":
            name = None
        else:
            name = gv.resolve_session(inv, which).name.casefold()
        for cmd in _proxies(registry):
            spec = spec_of(cmd)
            if name is None or (spec is not None and spec.session_name.casefold() == name):
                yield proxy_info(cmd)


@command(
    "Remove-GradioSessionApiProxyFunction",
    module=MODULE,
    synopsis="Removes proxy functions (by name, wildcard or the objects Get-GradioSessionApiProxyFunction emits).",
    params=[P("Function", "object", 0, from_pipeline=True, mandatory=True,
              help="A proxy function's name (wildcards allowed) or its object.")],
    examples=[E("Remove-GradioSessionApiProxyFunction Invoke-GradioApiOp1", "Removes one proxy."),
              E("Get-GradioSessionApiProxyFunction * | Remove-GradioSessionApiProxyFunction", "Removes them all.")],
)
def remove_proxy_function(inv: Invocation) -> Iterator[Any]:
    registry = registry_of(inv)
    for _, args in inv.each():
        for item in as_list(args.Function):
            name = to_str(item.get("Name")) if isinstance(item, CIDict) else to_str(item)
            matches = [c for c in _proxies(registry) if wildcard_match(c.name, name)] if has_wildcard(name) \
                else [c for c in [registry.lookup(name)] if c is not None]
            if not matches and not has_wildcard(name):
                inv.error(f"No proxy function named '{name}'.", category="ObjectNotFound", target=name)
            for cmd in matches:
                if spec_of(cmd) is None:
                    inv.error(f"'{cmd.name}' is not a Gradio proxy function.", category="InvalidArgument",
                              target=cmd.name)
                    continue
                registry.remove(cmd.name)
    return
    yield  # pragma: no cover - a generator that emits nothing
