"""Parameter binding (language.md b.6, edge cases c.5 and c.7).

One module used by the interpreter, the completer and Get-Help:

* ``resolve_parameter(command, name)`` — a name, alias or *unambiguous* prefix
  (case-insensitive; common parameters take part) → ``Parameter``; errors name the
  candidates of an ambiguous prefix.
* ``bind(command, elements)`` — named, then positional (Position order; switches never
  positional, never consume the next token; ``-S:$false``), type coercion, ``choices``
  validation; extra positionals → error, or ``$args`` for script functions.
* ``bind_pipeline(bound, obj)`` — per input object: ``ValueFromPipeline`` then
  ``…ByPropertyName``.
* ``check_mandatory(bound)`` — "Cannot process command because of one or more missing
  mandatory parameters: Name."
* ``assign(command, elements, lenient=...)`` — the rules themselves, without coercion: which
  parameter each element fills.  ``bind`` is ``assign`` + ``coerce``; the completer runs it
  ``lenient`` on the raw words before the cursor (``gshell.repl.analysis``), so completion
  and execution bind the same way.

Elements given to ``bind`` are ``Named(name, value, has_value)`` and ``Positional(value)``
(already evaluated; splatting already expanded by the interpreter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from gshell.lazy import LazyModule
from gshell.runtime import casts
from gshell.runtime import conversions as conv
from gshell.runtime.errors import MISSING, PSError
from gshell.runtime.registry import Command, Parameter
from gshell.runtime.values import CIDict, Hashtable, Record, ScriptBlock
from gshell.structs import Struct, field

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    import datetime as _dt
    from typing import Any
else:
    _dt = LazyModule("datetime", globals())

NO_VALUE: Any = object()


class Named(Struct):
    """`-Name` (has_value False: a switch or a name whose value is the next positional
    element) or `-Name:value` / a splatted key (has_value True)."""

    name: str
    value: Any = None
    has_value: bool = False
    pos: Any = None


class Positional(Struct):
    value: Any
    pos: Any = None


Element = Named | Positional


class BindingError(PSError):
    def __init__(self, message: str, error_id: str = "ParameterBindingFailed", category: str = "InvalidArgument",
                 target: Any = None) -> None:
        super().__init__(message, category=category, exception_type="ParameterBindingException",
                         error_id=error_id, target=target)


# ---------------------------------------------------------------------------------------
# Bound arguments (the Invocation's ``args``)
# ---------------------------------------------------------------------------------------


class BoundArguments:
    """Case-insensitive bound parameters; unbound ones read as their default.
    ``'Name' in args`` tells whether it was given ($PSBoundParameters)."""

    __slots__ = ("command", "_params", "_values", "extra", "from_pipeline")

    def __init__(self, command: Command, params: dict[str, Parameter] | None = None) -> None:
        self.command = command
        self._params = params if params is not None else {p.name.casefold(): p for p in command.all_params()}
        self._values: dict[str, Any] = {}
        self.extra: list[Any] = []           # unbound positionals of script functions ($args)
        self.from_pipeline: set[str] = set()

    def copy(self) -> BoundArguments:
        other = BoundArguments(self.command, self._params)
        other._values = dict(self._values)
        other.extra = list(self.extra)
        other.from_pipeline = set(self.from_pipeline)
        return other

    def _default(self, key: str) -> Any:
        p = self._params.get(key)
        if p is None:
            return None
        if p.is_switch:
            return bool(p.default) if p.default is not None else False
        d = p.default
        # mutable defaults are copied so that a command can't change the declaration
        if isinstance(d, list):
            return list(d)
        return d

    def __getitem__(self, name: str) -> Any:
        key = name.casefold()
        if key in self._values:
            return self._values[key]
        return self._default(key)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.casefold() in self._values

    def get(self, name: str, default: Any = None) -> Any:
        key = name.casefold()
        if key in self._values:
            return self._values[key]
        if key in self._params:
            d = self._default(key)
            return default if d is None and default is not None else d
        return default

    def set(self, name: str, value: Any) -> None:
        p = self._params.get(name.casefold())
        self._values[(p.name if p else name).casefold()] = value

    def remove(self, name: str) -> None:
        self._values.pop(name.casefold(), None)

    def items(self) -> list[tuple[str, Any]]:
        """(declared name, value) of the given parameters."""
        out = []
        for key, value in self._values.items():
            p = self._params.get(key)
            out.append((p.name if p else key, value))
        return out

    def keys(self) -> list[str]:
        return [k for k, _ in self.items()]

    def as_hashtable(self) -> Any:
        return Hashtable(self.items())

    def __repr__(self) -> str:
        return f"BoundArguments({self.command.name}, {dict(self.items())!r})"



# ---------------------------------------------------------------------------------------
# Name resolution
# ---------------------------------------------------------------------------------------


def _names_of(p: Parameter) -> tuple[str, ...]:
    return (p.name,) + tuple(p.aliases)


def resolve_parameter(command: Command, name: str, params: list[Parameter] | None = None) -> Parameter:
    """Exact name or alias first, then an unambiguous prefix of a name (or alias)."""
    params = params if params is not None else command.all_params()
    key = name.casefold()
    for p in params:
        if any(n.casefold() == key for n in _names_of(p)):
            return p
    matches = [p for p in params if any(n.casefold().startswith(key) for n in _names_of(p))]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise BindingError(f"A parameter cannot be found that matches parameter name '{name}'.",
                           error_id="NamedParameterNotFound", target=name)
    names = ", ".join(p.name for p in matches)
    raise BindingError(f"Parameter cannot be processed because the parameter name '{name}' is ambiguous. "
                       f"Possible matches include: {' '.join('-' + p.name for p in matches)}.",
                       error_id="AmbiguousParameter", target=names)


def positional_parameters(command: Command) -> list[Parameter]:
    """Parameters that take positional arguments, in Position order (switches never)."""
    ps = [p for p in command.params if p.position is not None and not p.is_switch]
    return sorted(ps, key=lambda p: p.position if p.position is not None else 0)


# ---------------------------------------------------------------------------------------
# Coercion
# ---------------------------------------------------------------------------------------

_TYPE_LABELS = {"int": "System.Int32", "int[]": "System.Int32[]", "float": "System.Double", "number": "Number",
                "bool": "System.Boolean",
                "string": "System.String", "string[]": "System.String[]", "object[]": "System.Object[]",
                "scriptblock": "System.Management.Automation.ScriptBlock",
                "hashtable": "System.Collections.Hashtable", "path": "System.String", "path[]": "System.String[]",
                "datetime": "System.DateTime", "switch": "System.Management.Automation.SwitchParameter",
                "object": "System.Object"}


def type_label(type_: str) -> str:
    return _TYPE_LABELS.get(type_, type_)


def _as_list(v: Any) -> list[Any]:
    if isinstance(v, (list, tuple)):
        return list(v)
    return [v]


def _to_bool_param(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v != 0
    if isinstance(v, str):
        s = v.strip().casefold()
        if s in ("true", "$true", "1"):
            return True
        if s in ("false", "$false", "0", ""):
            return False
        raise conv.conversion_error(v, "System.Boolean",
                                    "String was not recognized as a valid Boolean.")
    if v is None:
        return False
    if isinstance(v, (list, tuple)) and len(v) == 1:
        return _to_bool_param(v[0])
    raise conv.conversion_error(conv.to_str(v), "System.Boolean")


def _number_param(v: Any) -> int | float | None:
    """A ``number`` parameter: the value's own numeric type (2 stays an int, 2.5 a float)."""
    if v is None:
        return None
    if isinstance(v, (list, tuple)) and len(v) == 1:
        v = v[0]
    n = conv.to_number(v, "System.Double")
    if isinstance(n, (int, float)):
        return n
    return int(n) if n == n.to_integral_value() else float(n)


def _to_scriptblock(v: Any) -> ScriptBlock:
    if isinstance(v, ScriptBlock):
        return v
    raise conv.conversion_error(conv.to_str(v), "System.Management.Automation.ScriptBlock")


def _to_hashtable(v: Any) -> Any:
    if isinstance(v, CIDict):
        return v
    raise conv.conversion_error(conv.to_str(v), "System.Collections.Hashtable")


def _string(v: Any) -> str:
    if isinstance(v, (list, tuple)) and len(v) == 1:
        v = v[0]
    return conv.to_str(v)


COERCE = {
    "object": lambda v: v,
    "object[]": lambda v: None if v is None else _as_list(v),
    "string": lambda v: None if v is None else _string(v),
    "string[]": lambda v: None if v is None else [conv.to_str(x) for x in _as_list(v)],
    "int": lambda v: conv.to_int(v[0] if isinstance(v, (list, tuple)) and len(v) == 1 else v),
    "int[]": lambda v: [conv.to_int(x) for x in _as_list(v)],
    "float": lambda v: conv.to_float(v),
    "number": lambda v: _number_param(v),
    "bool": _to_bool_param,
    "switch": _to_bool_param,
    "scriptblock": _to_scriptblock,
    "hashtable": _to_hashtable,
    "path": lambda v: None if v is None else _string(v),
    "path[]": lambda v: None if v is None else [conv.to_str(x) for x in _as_list(v)],
    "datetime": conv.to_datetime,
    "actionpreference": lambda v: None if v is None else _action_preference(v),
}

#: [System.Management.Automation.ActionPreference]'s numbers (`-ErrorAction 0`, `-ea 1`)
ACTION_PREFERENCES = ("SilentlyContinue", "Stop", "Continue", "Inquire", "Ignore")


def _action_preference(v: Any) -> Any:
    if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < len(ACTION_PREFERENCES):
        return ACTION_PREFERENCES[v]
    s = _string(v)
    if s.isdigit() and int(s) < len(ACTION_PREFERENCES):
        return ACTION_PREFERENCES[int(s)]
    return s


def coerce(param: Parameter, value: Any) -> Any:
    """Convert ``value`` to the parameter's declared type and validate ``choices``."""
    fn = COERCE.get(param.type.casefold(), None)
    try:
        if fn is None:
            out = casts.cast(value, param.type) if casts.is_known_type(param.type) else value
        else:
            out = fn(value)
    except PSError as e:
        raise BindingError(f"Cannot process argument transformation on parameter '{param.name}'. "
                           f"{e.record.message}", error_id="ParameterArgumentTransformationError",
                           target=value) from None
    if param.choices and out is not None:
        out = _validate_choices(param, out)
    return out


def _validate_choices(param: Parameter, value: Any) -> Any:
    folded = {c.casefold(): c for c in param.choices}

    def one(v: Any) -> Any:
        s = conv.to_str(v)
        hit = folded.get(s.casefold())
        if hit is None:
            raise BindingError(
                f"Cannot validate argument on parameter '{param.name}'. The argument \"{s}\" does not belong to "
                f"the set \"{','.join(param.choices)}\" specified by the ValidateSet attribute. Supply an argument "
                "that is in the set and then try the command again.",
                error_id="ParameterArgumentValidationError", target=v)
        return hit if isinstance(v, str) else v

    if isinstance(value, list):
        return [one(v) for v in value]
    return one(value)


# ---------------------------------------------------------------------------------------
# Binding
# ---------------------------------------------------------------------------------------


def collects_args(command: Command) -> bool:
    """Script functions (not advanced) collect unbound arguments in $args."""
    return command.kind == "Function" and not command.advanced and command.script


def _missing_value(p: Parameter) -> BindingError:
    return BindingError(f"Missing an argument for parameter '{p.name}'. Specify a parameter of type "
                        f"'{type_label(p.type)}' and try again.", error_id="MissingArgument", target=p.name)


_BOOL_WORDS = frozenset({"true", "false", "$true", "$false", "1", "0"})


def _is_bool_like(element: Element) -> bool:
    """Whether a positional element can be the value of a preceding bare bool parameter
    (`-Flag $false`, `-Flag 'true'`, `-Flag 1`); anything else leaves the flag bare."""
    if not isinstance(element, Positional):
        return False
    value = element.value
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return value in (0, 1)
    return isinstance(value, str) and value.strip().casefold() in _BOOL_WORDS


class Assignment(Struct, slots=False):
    """Which parameter each command element fills (``assign``)."""

    values: dict[str, Any] = field(default_factory=dict)    # casefolded name -> value, in binding order
    params: dict[str, Parameter] = field(default_factory=dict)   # casefolded name -> parameter
    extra: list[Any] = field(default_factory=list)          # unbound positionals of script functions ($args)
    pending: Parameter | None = None   # lenient: the elements end before this named parameter's value
    last: Parameter | None = None      # the parameter the last element went to (None: a switch, unknown)

    def free_positional(self, command: Command) -> Parameter | None:
        """The first positional parameter still unbound: the one the next positional value fills."""
        return next((p for p in positional_parameters(command) if p.name.casefold() not in self.values), None)


def _as_is(param: Parameter, value: Any) -> Any:
    return value


def assign(command: Command, elements: Iterable[Element], *, lenient: bool = False,
           convert: Callable[[Parameter, Any], Any] = _as_is) -> Assignment:
    """The binding rules: named elements first (a name, alias or unambiguous prefix; a
    switch takes no value; a bare bool parameter takes only a bool-like value), then the
    positional ones in Position order.  ``convert(param, value)`` turns each value as it is
    bound (``bind`` passes ``coerce``).  ``lenient`` is for text being typed (the completer
    binds the raw words before the cursor): unknown, ambiguous, repeated and extra arguments
    are passed over instead of raising, and a named parameter at the very end is ``pending``."""
    params = command.all_params()
    out = Assignment()
    items = list(elements)
    final = len(items) - 1
    positionals: list[tuple[Any, int]] = []     # (value, index of its element)
    collect = collects_args(command)
    rest_param = None
    for p in command.params:   # a loop, not next(genexpr): closing a generator early is slow when deep
        if p.remaining:
            rest_param = p
            break
    rest_named: list[tuple[Any, int]] = []

    def put(p: Parameter, value: Any, last_index: int) -> None:
        key = p.name.casefold()
        out.values[key] = convert(p, value)
        out.params[key] = p
        if last_index == final:
            out.last = p

    i = 0
    while i < len(items):
        el = items[i]
        i += 1
        if isinstance(el, Positional):
            positionals.append((el.value, i - 1))
            continue
        try:
            p = resolve_parameter(command, el.name, params)
        except BindingError as e:
            if e.record.error_id == "NamedParameterNotFound" and (collect or rest_param is not None):
                word = "-" + el.name + (":" if el.has_value else "")
                if collect:
                    out.extra.extend([word, el.value] if el.has_value else [word])
                else:
                    rest_named.extend([(word, i - 1), (el.value, i - 1)] if el.has_value else [(word, i - 1)])
                continue
            if lenient:
                continue
            raise
        if p.name.casefold() in out.values and not p.is_switch and not lenient:
            raise BindingError(f"Cannot bind parameter because parameter '{p.name}' is specified more than once. "
                               "To provide multiple values to parameters that can accept multiple values, use the "
                               "array syntax. For example, \"-parameter value1,value2,value3\".",
                               error_id="ParameterAlreadyBound", target=p.name)
        if el.has_value:
            value = el.value
        elif p.is_switch or (p.type == "bool" and not (i < len(items) and _is_bool_like(items[i]))):
            out.values[p.name.casefold()] = convert(p, True)   # a bare `-Flag` on a bool parameter too
            out.params[p.name.casefold()] = p
            continue
        elif i < len(items) and isinstance(items[i], Positional):
            value = items[i].value
            i += 1
        elif lenient:
            out.pending = p
            break
        else:
            raise _missing_value(p)
        put(p, value, i - 1)
    # positional
    slots = [p for p in positional_parameters(command) if p.name.casefold() not in out.values]
    if rest_param is not None and rest_named and rest_param.name.casefold() not in out.values:
        positionals = positionals + rest_named if rest_param in slots else positionals
    k = 0
    while k < len(positionals):
        value, index = positionals[k]
        k += 1
        if slots and getattr(slots[0], "remaining", False):
            p = slots.pop(0)
            others = len(slots)  # later positional slots keep their arguments
            take = positionals[k - 1:len(positionals) - others] if others else positionals[k - 1:]
            k += len(take) - 1
            put(p, [v for v, _ in take], max(ix for _, ix in take))
            continue
        if slots:
            put(slots.pop(0), value, index)
        elif collect:
            out.extra.append(value)
        elif not lenient:
            raise BindingError(f"A positional parameter cannot be found that accepts argument "
                               f"'{conv.to_str(value)}'.", error_id="PositionalParameterNotFound", target=value)
    return out


def bind(command: Command, elements: Iterable[Element]) -> BoundArguments:
    """Bind evaluated command elements to ``command``'s parameters: ``assign`` with ``coerce``."""
    assignment = assign(command, elements, convert=coerce)
    bound = BoundArguments(command)
    bound._values.update(assignment.values)
    bound.extra.extend(assignment.extra)
    return bound


def _accepts_by_value(p: Parameter, obj: Any) -> bool:
    t = p.type.casefold()
    if t in ("object", "object[]"):
        return True
    if t in ("string", "string[]", "path", "path[]"):
        return True
    if t in ("int", "int[]", "float", "number"):
        return conv.is_number(obj) or (isinstance(obj, str) and conv.parse_number(obj) is not None)
    if t in ("bool", "switch"):
        return isinstance(obj, bool)
    if t == "scriptblock":
        return isinstance(obj, ScriptBlock)
    if t == "hashtable":
        return isinstance(obj, CIDict) and not isinstance(obj, Record)
    if t == "datetime":
        return isinstance(obj, _dt.datetime)
    return True


def _property_of(obj: Any, name: str) -> Any:
    if isinstance(obj, Record):
        return obj.get(name, MISSING)
    if isinstance(obj, CIDict):
        return obj.get(name, MISSING) if name in obj else MISSING
    getter = getattr(obj, "ps_get_member", None)
    if getter is not None:
        return getter(name)
    return MISSING


def bind_pipeline(bound: BoundArguments, obj: Any) -> BoundArguments:
    """Bind one pipeline object: ValueFromPipeline first, then ByPropertyName."""
    out = bound.copy()
    explicit = set(bound._values) - bound.from_pipeline
    cmd_params = bound.command.params
    # by value: typed parameters first (PowerShell prefers an exact type match)
    by_value = [p for p in cmd_params if p.from_pipeline and p.name.casefold() not in explicit]
    done = False
    for p in sorted(by_value, key=lambda p: p.type in ("object", "object[]")):
        if _accepts_by_value(p, obj):
            try:
                out._values[p.name.casefold()] = coerce(p, obj)
            except BindingError:
                continue
            out.from_pipeline.add(p.name.casefold())
            done = True
            break
    for p in cmd_params:
        if not p.from_pipeline_by_name or p.name.casefold() in explicit:
            continue
        if done and p.from_pipeline and p.name.casefold() in out.from_pipeline:
            continue
        for n in _names_of(p):
            v = _property_of(obj, n)
            if v is not MISSING:
                out._values[p.name.casefold()] = coerce(p, v)
                out.from_pipeline.add(p.name.casefold())
                break
    return out


def missing_mandatory(bound: BoundArguments, pipeline_pending: bool = False) -> list[Parameter]:
    out = []
    for p in bound.command.params:
        if not p.mandatory or p.name.casefold() in bound._values:
            continue
        if pipeline_pending and (p.from_pipeline or p.from_pipeline_by_name):
            continue
        out.append(p)
    return out


def check_mandatory(bound: BoundArguments, pipeline_pending: bool = False) -> None:
    missing = missing_mandatory(bound, pipeline_pending)
    if missing:
        raise BindingError("Cannot process command because of one or more missing mandatory parameters: "
                           f"{' '.join(p.name for p in missing)}.", error_id="MissingMandatoryParameter",
                           category="InvalidArgument", target=[p.name for p in missing])
