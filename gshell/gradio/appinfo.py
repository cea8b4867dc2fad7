"""Parsed /config and /info: version, API prefix, endpoints, parameter mapping."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import EndpointNotFound, ParameterError, ProtocolError

FILE_COMPONENTS = frozenset({
    "file", "image", "audio", "video", "model3d", "gallery", "uploadbutton", "simpleimage",
    "imageeditor", "annotatedimage", "imageslider", "simplefile", "downloadbutton", "imagemask",
})


def norm_api_name(name: str) -> str:
    """'echo' and '/echo' -> '/echo'."""
    name = (name or "").strip()
    return name if name.startswith("/") else "/" + name


@dataclass
class Parameter:
    name: str
    label: str | None
    component: str
    has_default: bool
    default: Any
    type: Any
    python_type: str | None
    example: Any
    is_file: bool
    multiple: bool  # a list of files

    @classmethod
    def from_info(cls, d: Mapping[str, Any], index: int) -> Parameter:
        comp = str(d.get("component") or "")
        typ = d.get("type")
        typ_text = json.dumps(typ) if typ is not None else ""
        is_file = comp.lower() in FILE_COMPONENTS or "FileData" in typ_text
        multiple = is_file and isinstance(typ, dict) and typ.get("type") == "array"
        py = d.get("python_type")
        return cls(
            name=str(d.get("parameter_name") or d.get("label") or f"param_{index}"),
            label=d.get("label"),
            component=comp,
            has_default=bool(d.get("parameter_has_default", False)),
            default=d.get("parameter_default"),
            type=typ,
            python_type=py.get("type") if isinstance(py, dict) else py,
            example=d.get("example_input"),
            is_file=is_file,
            multiple=multiple,
        )


@dataclass
class Endpoint:
    name: str  # '/echo'
    parameters: list[Parameter]
    returns: list[dict[str, Any]]
    visibility: str  # 'public' | 'undocumented' | 'private'
    description: str | None = None
    fn_index: int | None = None
    input_types: list[str] = field(default_factory=list)   # component types from /config
    output_types: list[str] = field(default_factory=list)
    generator: bool = False
    queue: bool | None = None

    @property
    def has_state(self) -> bool:
        return "state" in self.input_types or "state" in self.output_types

    @property
    def parameter_names(self) -> list[str]:
        return [p.name for p in self.parameters]

    def build_data(self, params: Any) -> list[Any]:
        """Positional ``data`` for /call from a dict (by parameter_name, case-insensitive),
        a list (positional) or a single value; State placeholders inserted."""
        n = len(self.parameters)
        if params is None:
            params = {}
        if isinstance(params, Mapping):
            by_lower = {p.name.lower(): i for i, p in enumerate(self.parameters)}
            values: list[Any] = [p.default if p.has_default else None for p in self.parameters]
            seen: set[int] = set()
            for key, val in params.items():
                idx = by_lower.get(str(key).lower())
                if idx is None:
                    valid = ", ".join(self.parameter_names) or "(none)"
                    raise ParameterError(
                        f"{self.name} has no parameter '{key}'; valid names: {valid}", endpoint=self.name)
                if idx in seen:
                    raise ParameterError(f"{self.name}: parameter '{key}' given twice", endpoint=self.name)
                seen.add(idx)
                values[idx] = val
        else:
            if isinstance(params, (str, bytes)) or not isinstance(params, Sequence):
                params = [params]
            values = list(params)
            if len(values) > n:
                raise ParameterError(
                    f"{self.name} takes {n} parameter(s) ({', '.join(self.parameter_names)}), got {len(values)}",
                    endpoint=self.name)
            for p in self.parameters[len(values):]:
                values.append(p.default if p.has_default else None)
        return self.insert_state(values)

    def insert_state(self, values: list[Any]) -> list[Any]:
        """Put a None placeholder at each gr.State input position (required by 4.x/5.x,
        accepted by 6.x)."""
        if "state" not in self.input_types:
            return values
        non_state = sum(1 for t in self.input_types if t != "state")
        if non_state != len(values):
            return values  # /info and /config disagree: send as given
        it = iter(values)
        return [None if t == "state" else next(it) for t in self.input_types]


@dataclass
class AppConfig:
    version: str
    api_prefix: str  # '' on 4.x, '/gradio_api' on 5.x/6.x
    root: str | None  # the root URL the server believes it has (not trusted)
    show_error: bool | None
    protocol: str | None
    components: dict[int, str]
    dependencies: list[dict[str, Any]]
    raw: dict[str, Any]

    @property
    def major(self) -> int:
        try:
            return int(self.version.split(".")[0])
        except ValueError:
            return 0

    @classmethod
    def parse(cls, cfg: Any) -> AppConfig:
        if not isinstance(cfg, dict) or "dependencies" not in cfg:
            raise ProtocolError("the server's /config is not a Gradio config (is this a Gradio app?)")
        prefix = cfg.get("api_prefix") or ""
        prefix = prefix.rstrip("/")
        if prefix and not prefix.startswith("/"):
            prefix = "/" + prefix
        comps = {int(c["id"]): str(c.get("type", "")) for c in cfg.get("components", []) if "id" in c}
        return cls(version=str(cfg.get("version") or "0"), api_prefix=prefix, root=cfg.get("root"),
                   show_error=cfg.get("show_error"), protocol=cfg.get("protocol"), components=comps,
                   dependencies=list(cfg.get("dependencies") or []), raw=cfg)

    def dependency_for(self, api_name: str) -> tuple[int, dict[str, Any]] | None:
        want = norm_api_name(api_name)
        for i, dep in enumerate(self.dependencies):
            name = dep.get("api_name")
            if isinstance(name, str) and name and norm_api_name(name) == want:
                return int(dep.get("id", i)), dep
        return None


def _visibility(ep: Mapping[str, Any]) -> str:
    vis = ep.get("api_visibility")
    if isinstance(vis, str):
        return vis
    show = ep.get("show_api")
    return "undocumented" if show is False else "public"


def parse_catalog(info: Any, config: AppConfig) -> dict[str, Endpoint]:
    if not isinstance(info, dict) or "named_endpoints" not in info:
        raise ProtocolError("the server's /info is not a Gradio API description")
    out: dict[str, Endpoint] = {}
    items = list((info.get("named_endpoints") or {}).items())
    for key, ep in (info.get("unnamed_endpoints") or {}).items():
        items.append((str(key), ep))
    for name, ep in items:
        name = norm_api_name(str(name))
        params = [Parameter.from_info(p, i) for i, p in enumerate(ep.get("parameters") or [])]
        e = Endpoint(name=name, parameters=params, returns=list(ep.get("returns") or []),
                     visibility=_visibility(ep), description=ep.get("description") or None)
        found = config.dependency_for(name)
        if found:
            e.fn_index, dep = found
            e.input_types = [config.components.get(int(i), "") for i in dep.get("inputs") or []]
            e.output_types = [config.components.get(int(i), "") for i in dep.get("outputs") or []]
            e.generator = bool((dep.get("types") or {}).get("generator"))
            e.queue = dep.get("queue")
        out[name] = e
    return out


def lookup(catalog: Mapping[str, Endpoint], api_name: str) -> Endpoint:
    name = norm_api_name(api_name)
    ep = catalog.get(name)
    if ep is None:
        # tolerate case differences
        for k, v in catalog.items():
            if k.lower() == name.lower():
                return v
        known = sorted(catalog)
        listing = ", ".join(k.lstrip("/") for k in known) or "(none)"
        raise EndpointNotFound(f"the app has no endpoint '{name.lstrip('/')}'; known endpoints: {listing}",
                               endpoint=name, known=known)
    return ep
