"""A read-only index over a cached Gradio ``/info`` document, for completion.

Built once per ``/info`` object (kept in a small identity cache), so a keystroke costs a
dictionary lookup rather than a walk over 200 endpoints x 20 parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class EndpointParam:
    name: str                 # parameter_name
    label: str
    component: str
    python_type: str
    has_default: bool
    default: Any
    choices: tuple[str, ...]  # the Dropdown/Radio `enum` of the wire type
    is_file: bool

    def describe(self) -> str:
        parts = [p for p in (self.component, self.python_type) if p]
        text = " ".join(parts)
        if self.has_default:
            text += f" = {self.default!r}" if self.default is not None else " = None"
        else:
            text += " (required)"
        if self.label and self.label != self.name:
            text += f"  {self.label}"
        return text


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str                 # '/predict'
    description: str
    params: tuple[EndpointParam, ...]
    by_name: Mapping[str, EndpointParam]  # case-folded parameter_name -> param

    @property
    def short(self) -> str:
        return self.name[1:] if self.name.startswith("/") else self.name

    def describe(self) -> str:
        sig = ", ".join(p.name for p in self.params)
        text = f"({sig})"
        if self.description:
            text += "  " + self.description.strip().splitlines()[0]
        return text


@dataclass(frozen=True, slots=True)
class InfoIndex:
    endpoints: tuple[Endpoint, ...]
    by_name: Mapping[str, Endpoint]      # case-folded, with and without the leading '/'

    def endpoint(self, name: str) -> Endpoint | None:
        return self.by_name.get(name.strip().strip("'\"").casefold())


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        value = obj.get(key, default)
        return default if value is None else value
    return default


def _param(raw: Any, index: int) -> EndpointParam:
    wire = _get(raw, "type", {})
    enum = _get(wire, "enum", ()) if isinstance(wire, Mapping) else ()
    ptype = _get(_get(raw, "python_type", {}), "type", "")
    component = str(_get(raw, "component", ""))
    name = _get(raw, "parameter_name") or _get(raw, "label") or f"param_{index}"
    is_file = "filepath" in str(ptype) or component.casefold() in {"file", "image", "audio", "video",
                                                                  "model3d", "uploadbutton"}
    return EndpointParam(
        name=str(name), label=str(_get(raw, "label", "")), component=component,
        python_type=str(ptype), has_default=bool(_get(raw, "parameter_has_default", False)),
        default=_get(raw, "parameter_default"),
        choices=tuple(str(c) for c in enum) if isinstance(enum, (list, tuple)) else (),
        is_file=is_file,
    )


def build_index(info: Mapping[str, Any]) -> InfoIndex:
    endpoints: list[Endpoint] = []
    by_name: dict[str, Endpoint] = {}
    for section in ("named_endpoints", "unnamed_endpoints"):
        group = _get(info, section, {})
        if not isinstance(group, Mapping):
            continue
        for name, body in group.items():
            name = str(name)
            raw_params = _get(body, "parameters", [])
            params = tuple(_param(p, i) for i, p in enumerate(raw_params or []))
            ep = Endpoint(name=name, description=str(_get(body, "description", "") or ""),
                          params=params, by_name={p.name.casefold(): p for p in params})
            endpoints.append(ep)
            by_name.setdefault(name.casefold(), ep)
            by_name.setdefault(ep.short.casefold(), ep)
    return InfoIndex(tuple(endpoints), by_name)


_CACHE: dict[int, tuple[Any, InfoIndex]] = {}
_CACHE_MAX = 16


def index_of(info: Mapping[str, Any]) -> InfoIndex:
    """The index of ``info``, cached by identity (the info object is kept alive with it)."""
    hit = _CACHE.get(id(info))
    if hit is not None and hit[0] is info:
        return hit[1]
    idx = build_index(info)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(info)] = (info, idx)
    return idx
