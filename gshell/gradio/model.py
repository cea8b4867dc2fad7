"""The endpoint model: one description of an app, built once per session from ``/config`` and
``/info`` (see docs/protocol.md).  Everything that needs to know an endpoint reads it:
completion, Get-Help and proxy functions, the request plan, input coercion, output alignment.

``AppConfig.parse(config)`` validates ``/config`` (needed alone first: it gives the API prefix);
``AppModel.build(config, info)`` validates ``/info`` and joins the two in linear time.  Any
malformed document raises ``AppDescriptionError`` ("not a Gradio app (or an unsupported
version): <what is wrong>") with server-sent names cut to ``NAME_LIMIT`` characters.

Per endpoint (``Endpoint``): its name ('/echo'), fn_index, visibility, description, whether it
is a generator, its ``inputs``/``outputs`` (``Slot``: name, label, component, kind, props,
JSON schema, default) and the *wire* layout: ``input_types``/``output_types`` hold one
component type per position of the ``data`` array the server reads/sends, including the
components /info leaves out (gr.State, buttons: ``skip_api``); ``build_data`` fills those
positions with ``None`` and ``align_outputs`` drops them from a result.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .errors import EndpointNotFound, ParameterError, ProtocolError
from .kinds import FILE, FILE_KINDS, FILES, INTEGER, kind_of

NAME_LIMIT = 60
#: component types whose slots /info omits when /config does not say (gradio_client's list)
SKIPPED_TYPES = frozenset({"state", "row", "column", "tabs", "tab", "tabitem", "box", "form", "accordion",
                           "group", "interpretation"})


class AppDescriptionError(ProtocolError):
    """/config or /info is not what a Gradio app of a supported version sends."""

    def __init__(self, what: str, *, url: str | None = None) -> None:
        super().__init__(f"not a Gradio app (or an unsupported version): {what}", url=url)


def short(text: Any, limit: int = NAME_LIMIT) -> str:
    """A server-sent name for a message: its repr-free text cut to ``limit`` characters."""
    s = text if isinstance(text, str) else repr(text)
    return s if len(s) <= limit else s[:limit] + f"... ({len(s)} chars)"


def norm_api_name(name: str) -> str:
    """'echo' and '/echo' -> '/echo'."""
    name = (name or "").strip()
    return name if name.startswith("/") else "/" + name


@contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic GC while tens of thousands of objects are built (its passes would make the
    load quadratic); the objects built hold no cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# ------------------------------------------------------------------------------ validation
_JSON_TYPE = {dict: "an object", list: "a list", str: "a string", int: "an integer", float: "a number",
              bool: "a boolean", type(None): "null"}


def _what(value: Any) -> str:
    kind = _JSON_TYPE.get(type(value))
    if kind is None:   # a subclass (ServerStr: a string a server sent, gradio/origin.py)
        kind = next((name for t, name in _JSON_TYPE.items() if t is not bool and isinstance(value, t)),
                    type(value).__name__)
    return kind


def _need(value: Any, types: type | tuple[type, ...], where: str, expected: str) -> Any:
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in (
            types if isinstance(types, tuple) else (types,))):
        raise AppDescriptionError(f"{where} is {_what(value)}, not {expected}")
    return value


def _opt_str(value: Any, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise AppDescriptionError(f"{where} is {_what(value)}, not a string")


def _text(value: Any) -> str | None:
    """A descriptive text field (label, description): a string, else nothing."""
    return value if isinstance(value, str) else None


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AppDescriptionError(f"{where} is {_what(value)} ({short(value, 20)}), not an integer")
    return value


# ------------------------------------------------------------------------------ /config
@dataclass(frozen=True, slots=True)
class Component:
    """A component of /config: its id, type ('textbox'), props, and whether /info skips it."""

    id: int
    type: str
    props: Mapping[str, Any]
    skip_api: bool
    api_info: Any = None


@dataclass(frozen=True, slots=True)
class Dependency:
    """An event of /config: fn_index, api_name and the component ids it reads and writes."""

    fn_index: int
    api_name: str | None  # '/echo', or None for an event without an API name
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]
    generator: bool
    queue: bool | None
    visibility: str


@dataclass
class AppConfig:
    """The validated ``/config``: version, API prefix, components and dependencies."""

    version: str
    api_prefix: str  # '' on 4.x, '/gradio_api' on 5.x/6.x
    root: str | None  # the root URL the server believes it has (not trusted)
    show_error: bool | None
    protocol: str | None
    components: dict[int, Component]
    dependencies: list[Dependency]
    raw: dict[str, Any] = field(repr=False)
    by_api_name: dict[str, Dependency] = field(default_factory=dict, repr=False)

    @property
    def major(self) -> int:
        head = self.version.split(".")[0]
        return int(head) if head.isdigit() else 0

    @classmethod
    def parse(cls, cfg: Any) -> AppConfig:
        """Validate ``/config`` (raises AppDescriptionError)."""
        with _bulk():
            return cls._parse(cfg)

    @classmethod
    def _parse(cls, cfg: Any) -> AppConfig:
        if not isinstance(cfg, dict):
            raise AppDescriptionError(f"/config is {_what(cfg)}, not an object")
        if "dependencies" not in cfg:
            raise AppDescriptionError("/config has no 'dependencies'")
        prefix = _opt_str(cfg.get("api_prefix"), "/config api_prefix") or ""
        prefix = prefix.rstrip("/")
        if prefix and not prefix.startswith("/"):
            prefix = "/" + prefix
        version = cfg.get("version")
        if version is not None and not isinstance(version, (str, int, float)):
            raise AppDescriptionError(f"/config version is {_what(version)}, not a string")
        comps: dict[int, Component] = {}
        raw_comps = cfg.get("components")
        raw_comps = _need(raw_comps if raw_comps is not None else [], list, "/config components", "a list")
        skipped = SKIPPED_TYPES
        for i, c in enumerate(raw_comps):
            # the checks are inlined (a large app has tens of thousands of components); the
            # message is only built for a component that fails them
            if type(c) is not dict or type(c.get("id")) is not int or type(c.get("type", "")) is not str:
                _component_error(c, i)
            ctype = c.get("type", "").lower()
            props = c.get("props")
            skip = c.get("skip_api")
            comps[c["id"]] = Component(c["id"], ctype, props if type(props) is dict else {},
                                       skip if type(skip) is bool else ctype in skipped, c.get("api_info"))
        deps: list[Dependency] = []
        by_name: dict[str, Dependency] = {}
        for i, d in enumerate(_need(cfg["dependencies"], list, "/config dependencies", "a list")):
            dep = _dependency(d, i)
            deps.append(dep)
            if dep.api_name is not None:
                by_name.setdefault(dep.api_name.casefold(), dep)
        show_error = cfg.get("show_error")
        return cls(version=str(version) if version is not None else "0", api_prefix=prefix,
                   root=cfg.get("root") if isinstance(cfg.get("root"), str) else None,
                   show_error=show_error if isinstance(show_error, bool) else None,
                   protocol=cfg.get("protocol") if isinstance(cfg.get("protocol"), str) else None,
                   components=comps, dependencies=deps, raw=cfg, by_api_name=by_name)

    def dependency_for(self, api_name: str) -> Dependency | None:
        return self.by_api_name.get(norm_api_name(api_name).casefold())

    def types_of(self, ids: Sequence[int]) -> tuple[list[str], list[bool], list[Component | None]]:
        """(component type, skipped by /info, component) for each component id of a dependency."""
        comps = [self.components.get(cid) for cid in ids]
        return ([c.type if c else "" for c in comps], [c.skip_api if c else False for c in comps], comps)


def _component_error(c: Any, i: int) -> None:
    where = f"/config components[{i}]"
    _need(c, dict, where, "an object")
    _int(c.get("id"), f"{where} id")
    _need(c.get("type", ""), str, f"{where} type", "a string")


def _ids(d: dict[str, Any], key: str, where: str) -> tuple[int, ...]:
    raw = d.get(key)
    if raw is None:
        return ()
    if type(raw) is list and all(type(x) is int for x in raw):
        return tuple(raw)
    _need(raw, list, f"{where} {key}", "a list")
    for j, x in enumerate(raw):
        _int(x, f"{where} {key}[{j}]")
    return tuple(raw)


def _dependency(d: Any, index: int) -> Dependency:
    where = f"/config dependencies[{index}]"
    _need(d, dict, where, "an object")
    fn_index = _int(d["id"], f"{where} id") if "id" in d else index
    name = d.get("api_name")
    if name is False or name is None or name == "":
        api: str | None = None
    else:
        api = norm_api_name(_need(name, str, f"{where} api_name", "a string"))
    ids = [_ids(d, "inputs", where), _ids(d, "outputs", where)]
    types = d.get("types")
    generator = bool(types.get("generator")) if isinstance(types, dict) else False
    queue = d.get("queue") if isinstance(d.get("queue"), bool) else None
    return Dependency(fn_index, api, ids[0], ids[1], generator, queue, _visibility(d))


def _visibility(d: Mapping[str, Any]) -> str:
    vis = d.get("api_visibility")
    if isinstance(vis, str):
        return vis
    return "undocumented" if d.get("show_api") is False else "public"


# ------------------------------------------------------------------------------ /info
@dataclass(slots=True)
class Slot:
    """One input (an /info parameter) or output (an /info return) of an endpoint.

    ``kind`` (gshell.gradio.kinds) says what values it takes; ``props`` are the component's
    /config props (precision, step, minimum, maximum, choices, file_count, type, ...);
    ``schema`` is /info's JSON schema of the wire value (``type``, kept under that name too)."""

    index: int                # position among the endpoint's /info parameters (or returns)
    name: str                 # parameter_name (outputs: label or output_<i>)
    label: str | None
    component: str            # as /info spells it ('Textbox'); lower-case type in ``ctype``
    ctype: str
    kind: str
    props: Mapping[str, Any]
    schema: Any
    python_type: str | None
    has_default: bool
    default: Any
    example: Any

    # -- compatibility names used across gshell
    @property
    def type(self) -> Any:
        return self.schema

    @property
    def is_file(self) -> bool:
        """A file or list of files (uploaded from paths/URLs)."""
        return self.kind in (FILE, FILES)

    @property
    def multiple(self) -> bool:
        return self.kind == FILES

    @property
    def has_files(self) -> bool:
        """Its value carries FileData somewhere (files, gallery, chat, multimodal, ...)."""
        return self.kind in FILE_KINDS

    @property
    def precision(self) -> int | None:
        p = self.props.get("precision")
        return p if isinstance(p, int) and not isinstance(p, bool) else None

    @property
    def minimum(self) -> float | None:
        return _num(self.props.get("minimum"))

    @property
    def maximum(self) -> float | None:
        return _num(self.props.get("maximum"))

    @property
    def step(self) -> float | None:
        return _num(self.props.get("step"))

    @property
    def choices(self) -> tuple[str, ...]:
        """The values a choice(s) component accepts (the JSON schema's ``enum``, else the
        /config choices), as strings."""
        return _choices(self.schema, self.props)

    @property
    def is_integer(self) -> bool:
        return self.kind == INTEGER

    def describe(self) -> str:
        """One line for completion menus: component, type, default or (required), label."""
        parts = [p for p in (self.component, self.python_type) if p]
        text = " ".join(parts)
        if self.has_default:
            text += f" = {self.default!r}" if self.default is not None else " = None"
        else:
            text += " (required)"
        if self.label and self.label != self.name:
            text += f"  {self.label}"
        return text


Parameter = Slot  # the name the rest of gshell used for an input


def _num(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _choices(schema: Any, props: Mapping[str, Any]) -> tuple[str, ...]:
    if isinstance(schema, dict):
        enum = schema.get("enum")
        items = schema.get("items")
        if enum is None and isinstance(items, dict):
            enum = items.get("enum")
        if isinstance(enum, list) and enum:
            return tuple(str(v) for v in enum)
    raw = props.get("choices")
    if isinstance(raw, list) and raw:
        out: list[str] = []
        for c in raw:
            value = c[1] if isinstance(c, list) and len(c) == 2 else c
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                out.append(str(value))
        return tuple(out)
    return ()


def _slot(raw: Any, index: int, where: str, comp: Component | None, *, output: bool) -> Slot:
    """``where`` is the list's place ('/info ... parameters'); messages add ``[index]``."""
    if type(raw) is not dict:
        _need(raw, dict, f"{where}[{index}]", "an object")
    component = raw.get("component", "")
    if component is None:
        component = ""
    elif type(component) is not str:
        _need(component, str, f"{where}[{index}] component", "a string")
    label = _text(raw.get("label"))  # 6.x may send an i18n object here
    pname = _text(raw.get("parameter_name"))
    name = pname or label or (f"output_{index}" if output else f"param_{index}")
    py = raw.get("python_type")
    py_text = py.get("type") if isinstance(py, dict) else py
    schema = raw.get("type")
    ctype = comp.type if comp is not None else component.lower()
    props = comp.props if comp is not None else {}
    return Slot(index=index, name=name, label=label, component=component, ctype=ctype,
                kind=kind_of(ctype or component.lower(), props, schema), props=props, schema=schema,
                python_type=py_text if isinstance(py_text, str) else None,
                has_default=bool(raw.get("parameter_has_default", False)),
                default=raw.get("parameter_default"), example=raw.get("example_input"))


@dataclass
class Endpoint:
    """One endpoint of the app (see the module docstring for the wire layout)."""

    name: str  # '/echo'
    parameters: list[Slot]
    outputs: list[Slot]
    visibility: str  # 'public' | 'undocumented' | 'private'
    description: str | None = None
    fn_index: int | None = None
    input_types: list[str] = field(default_factory=list)   # per wire position, from /config
    output_types: list[str] = field(default_factory=list)
    input_skipped: list[bool] = field(default_factory=list)
    output_skipped: list[bool] = field(default_factory=list)
    generator: bool = False
    queue: bool | None = None
    _by_fold: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_fold = {}
        for i, p in enumerate(self.parameters):
            self._by_fold.setdefault(p.name.casefold(), i)

    @property
    def inputs(self) -> list[Slot]:
        return self.parameters

    @property
    def returns(self) -> list[Slot]:
        return self.outputs

    @property
    def short(self) -> str:
        return self.name[1:] if self.name.startswith("/") else self.name

    @property
    def has_state(self) -> bool:
        return "state" in self.input_types or "state" in self.output_types

    @property
    def parameter_names(self) -> list[str]:
        return [p.name for p in self.parameters]

    def parameter(self, name: str) -> Slot | None:
        """The input named ``name`` (case-insensitive), or None."""
        i = self._by_fold.get(str(name).casefold())
        return self.parameters[i] if i is not None else None

    def describe(self) -> str:
        """One line for completion menus: (params)  first line of the description."""
        text = f"({', '.join(self.parameter_names)})"
        if self.description and self.description.strip():
            text += "  " + self.description.strip().splitlines()[0]
        return text

    def values(self, params: Any) -> list[Any]:
        """The /info-ordered input values from a dict (by parameter_name, case-insensitive),
        a list (positional) or a single value; defaults fill what is missing."""
        n = len(self.parameters)
        if params is None:
            params = {}
        if isinstance(params, Mapping):
            values: list[Any] = [p.default if p.has_default else None for p in self.parameters]
            seen: set[int] = set()
            for key, val in params.items():
                idx = self._by_fold.get(str(key).casefold())
                if idx is None:
                    valid = ", ".join(short(x) for x in self.parameter_names) or "(none)"
                    raise ParameterError(f"{short(self.name)} has no parameter '{short(key)}'; valid names: "
                                         f"{valid}", endpoint=self.name)
                if idx in seen:
                    raise ParameterError(f"{short(self.name)}: parameter '{short(key)}' given twice",
                                         endpoint=self.name)
                seen.add(idx)
                values[idx] = val
            return values
        if isinstance(params, (str, bytes)) or not isinstance(params, Sequence):
            params = [params]
        values = list(params)
        if len(values) > n:
            names = ", ".join(short(x) for x in self.parameter_names)
            raise ParameterError(f"{short(self.name)} takes {n} parameter(s) ({names}), got {len(values)}",
                                 endpoint=self.name)
        for p in self.parameters[len(values):]:
            values.append(p.default if p.has_default else None)
        return values

    def build_data(self, params: Any) -> list[Any]:
        """The wire ``data`` array: ``values(params)`` with ``None`` at each skipped slot."""
        return self.to_wire(self.values(params))

    def to_wire(self, values: list[Any]) -> list[Any]:
        """Insert a ``None`` placeholder at each input slot /info omits (gr.State: required
        by 4.x/5.x, accepted by 6.x).  Sent as given when /info and /config disagree."""
        if not any(self.input_skipped):
            return values
        if self.input_skipped.count(False) != len(values):
            return values
        it = iter(values)
        return [None if skip else next(it) for skip in self.input_skipped]

    def input_positions(self) -> list[int]:
        """The wire position of each /info parameter."""
        if any(self.input_skipped) and self.input_skipped.count(False) == len(self.parameters):
            return [i for i, skip in enumerate(self.input_skipped) if not skip]
        return list(range(len(self.parameters)))

    def align_outputs(self, data: Any) -> Any:
        """A result ``data`` array with the slots /info omits (gr.State) dropped, so that
        ``data[i]`` is ``outputs[i]``.  Anything else is returned unchanged."""
        if not isinstance(data, list) or not any(self.output_skipped) or len(data) != len(self.output_skipped):
            return data
        return [v for v, skip in zip(data, self.output_skipped, strict=False) if not skip]


@dataclass
class AppModel:
    """The app: its validated config and its endpoints by name ('/echo')."""

    config: AppConfig
    endpoints: dict[str, Endpoint]
    _by_fold: dict[str, Endpoint] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_fold = {}
        for name, ep in self.endpoints.items():
            self._by_fold.setdefault(name.casefold(), ep)

    @classmethod
    def build(cls, config: AppConfig, info: Any) -> AppModel:
        """Validate ``/info`` and join it with ``config`` (raises AppDescriptionError)."""
        with _bulk():
            return cls(config, parse_catalog(info, config))

    def find(self, api_name: str) -> Endpoint | None:
        """By name ('echo', '/echo', any case), or None."""
        return self._by_fold.get(norm_api_name(str(api_name).strip().strip("'\"")).casefold())

    def endpoint(self, api_name: str) -> Endpoint:
        ep = self.find(api_name)
        if ep is None:
            raise _not_found(api_name, self.endpoints)
        return ep


def parse_catalog(info: Any, config: AppConfig) -> dict[str, Endpoint]:
    """Validate ``/info`` and join it with ``config``: {'/echo': Endpoint}, linear time."""
    if not isinstance(info, dict):
        raise AppDescriptionError(f"/info is {_what(info)}, not an object")
    if "named_endpoints" not in info:
        raise AppDescriptionError("/info has no 'named_endpoints'")
    named = _need(info["named_endpoints"], dict, "/info named_endpoints", "an object")
    unnamed = info.get("unnamed_endpoints")
    unnamed = {} if unnamed is None else _need(unnamed, dict, "/info unnamed_endpoints", "an object")
    by_index = {d.fn_index: d for d in config.dependencies}
    out: dict[str, Endpoint] = {}
    for group, items in (("named_endpoints", named), ("unnamed_endpoints", unnamed)):
        for key, body in items.items():
            name = norm_api_name(str(key))
            where = f"/info {group} '{short(key)}'"
            dep = config.dependency_for(name)
            if dep is None and group == "unnamed_endpoints" and str(key).isdigit():
                dep = by_index.get(int(key))
            out[name] = _endpoint(name, body, where, config, dep)
    return out


def _endpoint(name: str, body: Any, where: str, config: AppConfig, dep: Dependency | None) -> Endpoint:
    _need(body, dict, where, "an object")
    in_types, in_skip, in_all = config.types_of(dep.inputs) if dep else ([], [], [])
    out_types, out_skip, out_all = config.types_of(dep.outputs) if dep else ([], [], [])
    in_comps = [c for c, skip in zip(in_all, in_skip, strict=True) if not skip]
    out_comps = [c for c, skip in zip(out_all, out_skip, strict=True) if not skip]
    slots: list[list[Slot]] = []
    for key, comps, output in (("parameters", in_comps, False), ("returns", out_comps, True)):
        raw = body.get(key, [])
        _need(raw, list, f"{where} {key}", "a list")
        if len(comps) != len(raw):
            comps = []  # /info and /config disagree: /info alone describes the slots
        place = f"{where} {key}"
        slots.append([_slot(p, i, place, comps[i] if comps else None, output=output) for i, p in enumerate(raw)])
    desc = _text(body.get("description"))
    vis = body.get("api_visibility")
    visibility = vis if isinstance(vis, str) else ("undocumented" if body.get("show_api") is False else "public")
    return Endpoint(name=name, parameters=slots[0], outputs=slots[1], visibility=visibility,
                    description=desc or None, fn_index=dep.fn_index if dep else None,
                    input_types=in_types, output_types=out_types, input_skipped=in_skip,
                    output_skipped=out_skip, generator=dep.generator if dep else False,
                    queue=dep.queue if dep else None)


def _not_found(api_name: str, catalog: Mapping[str, Endpoint]) -> EndpointNotFound:
    name = norm_api_name(str(api_name))
    known = sorted(catalog)
    listing = ", ".join(short(k.lstrip("/")) for k in known[:50]) or "(none)"
    if len(known) > 50:
        listing += f", ... ({len(known)} in all)"
    return EndpointNotFound(f"the app has no endpoint '{short(name.lstrip('/'))}'; known endpoints: {listing}",
                            endpoint=name, known=known)


def lookup(catalog: Mapping[str, Endpoint], api_name: str) -> Endpoint:
    """``catalog[api_name]`` ('echo', '/echo', any case) or EndpointNotFound listing the known."""
    name = norm_api_name(str(api_name))
    ep = catalog.get(name)
    if ep is not None:
        return ep
    folded = name.casefold()
    for k, v in catalog.items():
        if k.casefold() == folded:
            return v
    raise _not_found(api_name, catalog)
