"""``Struct``: dataclass-like record classes that are cheap to define.

``@dataclass`` compiles ``__init__``, ``__repr__`` and ``__eq__`` for every class when its
module is imported (about 0.3 ms per class, plus ``import dataclasses`` which pulls in
``inspect``); with ~60 such classes on the ``gshell -c`` path that was a large part of the
start-up time.  A ``Struct`` subclass is declared the same way::

    class Parameter(Struct):
        name: str
        type: str = "object"
        aliases: tuple[str, ...] = ()
        extra: dict[str, Any] = field(default_factory=dict)
        pos: Pos = field(default=NOPOS, kw_only=True, compare=False, repr=False)

and behaves like ``@dataclass(slots=True)``: the same ``__init__`` signature (fields in
order, then the keyword-only ones after ``*``), ``__eq__`` over the ``compare`` fields
(same class only; instances are unhashable), ``__repr__`` over the ``repr`` fields,
``__match_args__`` and ``__slots__``.  ``class X(Struct, slots=False)`` keeps a
``__dict__`` (like a plain ``@dataclass``: other attributes may be set, defaults stay
readable on the class).  ``class X(Struct, frozen=True)`` is immutable and hashable (over the
``compare`` fields), like ``@dataclass(frozen=True)``.  ``fields(obj_or_class)`` lists the
fields.

The difference: ``__init__`` is compiled when the class is first instantiated, so classes
that a run never builds cost nothing.  Fields are read from the class annotations, which
must be plain names (``from __future__ import annotations`` is fine: only the names are
used).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any, dataclass_transform
else:
    def dataclass_transform(**_: object) -> object:  # only the type checker reads it
        return lambda cls: cls

_MISSING: Any = object()
_FACTORY: Any = object()  # default of a parameter whose field has a default_factory


class Field:
    """One field of a Struct class (the subset of ``dataclasses.Field`` gshell uses)."""

    __slots__ = ("name", "default", "default_factory", "compare", "repr", "kw_only")

    def __init__(self, default: Any = _MISSING, default_factory: Any = _MISSING, compare: bool = True,
                 repr: bool = True, kw_only: bool = False) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr
        self.kw_only = kw_only

    def __repr__(self) -> str:
        return f"Field(name={self.name!r})"


def field(*, default: Any = _MISSING, default_factory: Any = _MISSING, compare: bool = True,
          repr: bool = True, kw_only: bool = False) -> Any:
    """Declare a field with options, like ``dataclasses.field``."""
    return Field(default, default_factory, compare, repr, kw_only)


def fields(obj_or_class: Any) -> tuple[Field, ...]:
    """The fields of a Struct (instance or class) in declaration order, like
    ``dataclasses.fields``."""
    return obj_or_class._struct_fields


def init_source(cls: type) -> tuple[str, dict[str, Any]]:
    """The source of ``cls.__init__`` and the names it refers to (defaults, factories)."""
    names: dict[str, Any] = {"_FACTORY": _FACTORY, "_setattr": object.__setattr__}
    frozen = cls._struct_frozen  # type: ignore[attr-defined]
    params: list[str] = []
    kw_params: list[str] = []
    body: list[str] = []
    for f in cls._struct_fields:  # type: ignore[attr-defined]
        if f.default_factory is not _MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            param = f"{f.name}=_FACTORY"
            value = f"_factory_{f.name}() if {f.name} is _FACTORY else {f.name}"
        else:
            if f.default is _MISSING:
                param = f.name
            else:
                names[f"_default_{f.name}"] = f.default
                param = f"{f.name}=_default_{f.name}"
            value = f.name
        body.append(f"    _setattr(self, {f.name!r}, {value})" if frozen else f"    self.{f.name} = {value}")
        (kw_params if f.kw_only else params).append(param)
    signature = ", ".join(["self", *params, *(["*", *kw_params] if kw_params else [])])
    return f"def __init__({signature}) -> None:\n" + "\n".join(body or ["    pass"]) + "\n", names


def compile_init(cls: type) -> Any:
    """Compile ``cls.__init__`` from its field table and install it."""
    source, names = init_source(cls)
    exec(source, names)  # noqa: S102 - generated from the field table, like dataclasses does
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    return init


def _lazy_init(cls: type) -> Any:
    """An ``__init__`` that compiles the real one for ``cls`` on first use, then calls it."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        compile_init(cls)(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise AttributeError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise AttributeError(f"cannot delete field {name!r}")


def _frozen_hash(self: Any) -> int:
    return hash(tuple([getattr(self, n) for n in self._compare_names]))


def _frozen_rebuild(cls: type, state: dict[str, Any]) -> Any:
    obj: Any = object.__new__(cls)
    for name, value in state.items():
        object.__setattr__(obj, name, value)
    return obj


def _frozen_reduce(self: Any) -> Any:
    """copy / pickle support (the default one assigns attributes, which a frozen Struct refuses)."""
    return (_frozen_rebuild, (type(self), {f.name: getattr(self, f.name) for f in self._struct_fields}))


@dataclass_transform(field_specifiers=(field, Field))
class _StructType(type):
    """Metaclass of the Structs: turns the annotated class attributes into fields (typed like
    dataclasses: ``typing.dataclass_transform``)."""

    def __new__(mcls, name: str, bases: tuple[type, ...], ns: dict[str, Any], slots: bool = True,
                frozen: bool = False) -> Any:
        own: list[Field] = []
        for fname in ns.get("__annotations__", {}):
            spec = ns.get(fname, _MISSING)
            if isinstance(spec, Field):
                del ns[fname]
                if not slots and spec.default is not _MISSING:
                    ns[fname] = spec.default  # readable on the class, like a dataclass
            else:
                if slots:
                    ns.pop(fname, None)
                spec = Field(default=spec)
            spec.name = fname
            own.append(spec)
        by_name = {f.name: f for base in reversed(bases) for f in getattr(base, "_struct_fields", ())}
        for f in own:
            by_name.pop(f.name, None)
            by_name[f.name] = f
        all_fields = tuple(by_name.values())
        if slots:
            ns["__slots__"] = tuple(f.name for f in own)
        ns["_struct_fields"] = all_fields
        ns["_compare_names"] = tuple(f.name for f in all_fields if f.compare)
        ns["_repr_names"] = tuple(f.name for f in all_fields if f.repr)
        ns["__match_args__"] = tuple(f.name for f in all_fields if not f.kw_only)
        frozen = frozen or any(getattr(base, "_struct_frozen", False) for base in bases)
        ns["_struct_frozen"] = frozen
        if frozen:
            ns["__setattr__"] = _frozen_setattr
            ns["__delattr__"] = _frozen_delattr
            ns["__hash__"] = _frozen_hash
            ns["__reduce__"] = _frozen_reduce
        cls = super().__new__(mcls, name, bases, ns)
        cls.__init__ = _lazy_init(cls)  # type: ignore[misc]
        return cls


class Struct(metaclass=_StructType):
    """Base class of the dataclass-like records (see the module docstring)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            names = self._compare_names  # type: ignore[attr-defined]
            return tuple([getattr(self, n) for n in names]) == tuple([getattr(other, n) for n in names])
        return NotImplemented

    def __repr__(self) -> str:
        args = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._repr_names)  # type: ignore[attr-defined]
        return f"{type(self).__qualname__}({args})"
