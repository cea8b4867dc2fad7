"""PowerShell conversions on gshell values (see ``gshell.runtime.values``).

* ``to_str``   — string conversion as in string expansion (invariant culture, `$OFS` = ' ').
* ``to_bool``  — truthiness (docs/language.md, "Operators and precedence"; edge case c.10).
* ``to_number`` / ``to_int`` — numeric conversion, strings parsed like PowerShell.
* ``compare`` / ``equals`` — comparison with the right side converted to the left's type.
* ``type_name`` — what `.GetType().Name` reports.
* ``enumerate_pipeline`` — what the pipeline enumerates.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from types import GeneratorType

from gshell.lazy import LazyModule, LazyRegex
from gshell.runtime import errors as _errors
from gshell.runtime.errors import PSError, conversion_error
from gshell.runtime.values import CIDict, Hashtable, Record, ScriptBlock

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    import datetime as _dt
    import decimal as _dec
    import math
    from typing import Any
else:
    _dt = LazyModule("datetime", globals())
    _dec = LazyModule("decimal", globals())
    math = LazyModule("math", globals())

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# ---------------------------------------------------------------------------------------
# Strings
# ---------------------------------------------------------------------------------------


def format_float(x: float) -> str:
    """A double as PowerShell converts it to text: 15 significant digits, like .NET's "G15"
    (1/3 -> 0.333333333333333, 0.1 + 0.2 -> 0.3, 1E+15, 1E-05, -0, NaN, Infinity)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    return _float_text(f"{x:.14e}")


def format_float_roundtrip(x: float) -> str:
    """A double with all the digits that read back the same value (.NET's "R", what
    ConvertTo-Json writes): 0.30000000000000004."""
    if math.isnan(x) or math.isinf(x) or x == 0:
        return format_float(x)
    return _float_text(_sci(repr(x)))


def _sci(text: str) -> str:
    """Python's repr of a float in the form d.ddde±N."""
    d = _dec.Decimal(text)
    sign, digits, exp = d.as_tuple()
    ds = "".join(str(k) for k in digits)
    sci = len(digits) - 1 + int(exp)
    return f"{'-' if sign else ''}{ds[0]}.{ds[1:] or '0'}e{sci}"


def _float_text(scientific: str) -> str:
    """.NET "G" layout of a number given as d.ddde±N: fixed notation for exponents in
    (-5, 15), else 1.5E+20 (trailing zeros dropped)."""
    mantissa, _, exponent = scientific.partition("e")
    neg = "-" if mantissa.startswith("-") else ""
    ds = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    sci = int(exponent)   # exponent of the first digit in scientific notation
    if -5 < sci < 15:
        if sci >= 0:
            if len(ds) <= sci + 1:
                return neg + ds + "0" * (sci + 1 - len(ds))
            return neg + ds[: sci + 1] + "." + ds[sci + 1:]
        return neg + "0." + "0" * (-sci - 1) + ds
    mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
    return f"{neg}{mant}E{'+' if sci >= 0 else '-'}{abs(sci):02d}"


def format_timespan(t: _dt.timedelta) -> str:
    """A [timespan] as .NET's constant format: [-][d.]hh:mm:ss[.fffffff]."""
    ticks = (t.days * 86_400 + t.seconds) * 10_000_000 + t.microseconds * 10
    neg = "-" if ticks < 0 else ""
    ticks = abs(ticks)
    secs, frac = divmod(ticks, 10_000_000)
    days, secs = divmod(secs, 86_400)
    text = f"{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}"
    if days:
        text = f"{days}.{text}"
    if frac:
        text += f".{frac:07d}"
    return neg + text


def format_decimal(x: _dec.Decimal) -> str:
    s = format(x, "f")
    return s


def format_datetime(d: _dt.datetime | _dt.date) -> str:
    """Invariant-culture default format used by string expansion: 01/02/2024 15:04:05."""
    if isinstance(d, _dt.datetime):
        return d.strftime("%m/%d/%Y %H:%M:%S")
    return d.strftime("%m/%d/%Y 00:00:00")


def to_str(v: Any, ofs: str = " ") -> str:
    """String conversion as in `"$v"`."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return format_float(v)
    if isinstance(v, _dec.Decimal):
        return format_decimal(v)
    if isinstance(v, (list, tuple)):
        return ofs.join(to_str(x, ofs) for x in v)
    if isinstance(v, Record):
        return record_to_str(v)
    if isinstance(v, Hashtable):
        return "System.Collections.Specialized.OrderedDictionary" if getattr(v, "ordered", False) \
            else "System.Collections.Hashtable"
    if isinstance(v, CIDict):
        return "System.Collections.Hashtable"
    if isinstance(v, _dt.datetime):
        return format_datetime(v)
    if isinstance(v, _dt.timedelta):
        return format_timespan(v)
    if isinstance(v, ScriptBlock):
        return v.text
    if isinstance(v, re.Pattern):
        return v.pattern
    if isinstance(v, GeneratorType):
        return ofs.join(to_str(x, ofs) for x in v)
    return str(v)


def _record_value_str(v: Any) -> str:
    if isinstance(v, Record):
        return record_to_str(v)
    if isinstance(v, (list, tuple)):
        return " ".join(_record_value_str(x) for x in v)
    return to_str(v)


def record_to_str(r: Record) -> str:
    """`"$obj"` of a PSCustomObject: ``@{a=1; b=x}``."""
    return "@{" + "; ".join(f"{k}={_record_value_str(val)}" for k, val in r.items()) + "}"


# ---------------------------------------------------------------------------------------
# Booleans
# ---------------------------------------------------------------------------------------


def to_bool(v: Any) -> bool:
    """PowerShell truthiness."""
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float, _dec.Decimal)):
        return v != 0
    if isinstance(v, str):
        return v != ""
    if isinstance(v, (list, tuple)):
        n = len(v)
        if n == 0:
            return False
        if n == 1:
            return to_bool(v[0])
        return True
    if isinstance(v, re.Match):
        return True
    return True


# ---------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------

_MULT = {"kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4, "pb": 1024**5}
_NUM_RE = LazyRegex(
    r"""^(?P<sign>[+-]?)
        (?:
          0x(?P<hex>[0-9a-f]+)
        | 0b(?P<bin>[01]+)
        | (?P<dec>(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)
        )
        (?P<suffix>l|d|u|ul|lu|y|uy|s|us|n)?
        (?P<mult>kb|mb|gb|tb|pb)?$""",
    re.IGNORECASE | re.VERBOSE,
)


def parse_number(text: str) -> int | float | _dec.Decimal | None:
    """Parse a numeric string the way PowerShell converts strings to numbers; None if not
    numeric.  Leading/trailing whitespace is ignored; '' is not a number here."""
    s = text.strip().replace("\u2013", "-").replace("\u2014", "-")
    if not s:
        return None
    m = _NUM_RE.match(s)
    if not m:
        if s.casefold() in ("infinity", "+infinity"):
            return math.inf
        if s.casefold() == "-infinity":
            return -math.inf
        if s.casefold() == "nan":
            return math.nan
        return None
    neg = m.group("sign") == "-"
    mult = _MULT.get((m.group("mult") or "").casefold(), 1)
    suffix = (m.group("suffix") or "").casefold()
    value: int | float | _dec.Decimal
    if m.group("hex") is not None:
        value = int(m.group("hex"), 16)
        if value <= 0xFFFFFFFF and value > INT32_MAX and suffix != "l":
            value -= 2**32  # 0xFFFFFFFF is -1 as Int32
    elif m.group("bin") is not None:
        value = int(m.group("bin"), 2)
    else:
        dec = m.group("dec")
        if suffix == "d":
            value = _dec.Decimal(dec)
        elif re.fullmatch(r"\d+", dec):
            value = int(dec)
        else:
            value = float(dec)
            if value.is_integer() and mult != 1:
                value = int(value)
    if neg:
        value = -value
    if mult != 1:
        value = value * mult
    return value


def to_number(v: Any, target: str = "number") -> int | float | _dec.Decimal:
    """Numeric value of ``v`` (None → 0, bool → 0/1, numeric strings parsed).  Raises a
    PSError (InvalidCastException) when ``v`` is not numeric."""
    if v is None:
        return 0
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)) or ("decimal" in sys.modules and isinstance(v, _dec.Decimal)):
        return v   # no Decimal exists before the module is imported (docs/architecture.md, Start-up)
    if isinstance(v, str):
        if v.strip() == "":
            return 0
        n = parse_number(v)
        if n is None:
            raise conversion_error(v, "System.Int32" if target == "number" else target,
                                   "Input string was not in a correct format.")
        return n
    if isinstance(v, (list, tuple)) and len(v) == 1:
        return to_number(v[0], target)
    if isinstance(v, _dt.datetime):
        raise conversion_error(format_datetime(v), "System.Int32")
    raise conversion_error(to_str(v), "System.Int32" if target == "number" else target)


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float, _dec.Decimal)) and not isinstance(v, bool)


def round_half_even(x: float | _dec.Decimal) -> int:
    """.NET's default rounding (banker's) used by [int] casts."""
    if isinstance(x, _dec.Decimal):
        return int(x.to_integral_value(rounding="ROUND_HALF_EVEN"))
    return int(round(x))


def to_int(v: Any, bits: int = 32, type_label: str = "System.Int32") -> int:
    """[int] conversion: rounding half to even, range-checked."""
    n = to_number(v, type_label)
    if isinstance(n, float):
        if math.isnan(n) or math.isinf(n):
            raise conversion_error(to_str(v), type_label, "Value was either too large or too small for an Int32.")
        n = round_half_even(n)
    elif not isinstance(n, int):   # a Decimal
        n = round_half_even(n)
    lo, hi = (INT32_MIN, INT32_MAX) if bits == 32 else (INT64_MIN, INT64_MAX) if bits == 64 else \
        (0, 255) if bits == 8 else (-(2**15), 2**15 - 1)
    if not lo <= n <= hi:
        raise conversion_error(to_str(v), type_label,
                               f"Value was either too large or too small for an {type_label.split('.')[-1]}.")
    return int(n)


def to_float(v: Any) -> float:
    n = to_number(v, "System.Double")
    return float(n)


def to_decimal(v: Any) -> _dec.Decimal:
    if isinstance(v, str):
        try:
            return _dec.Decimal(v.strip())
        except _dec.InvalidOperation:
            pass
    n = to_number(v, "System.Decimal")
    return n if isinstance(n, _dec.Decimal) else _dec.Decimal(repr(n)) if isinstance(n, float) else _dec.Decimal(n)


# ---------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y",
)


def to_datetime(v: Any) -> _dt.datetime:
    if isinstance(v, _dt.datetime):
        return v
    if isinstance(v, _dt.date):
        return _dt.datetime(v.year, v.month, v.day)
    if isinstance(v, str):
        s = v.strip()
        iso = s[:-1] + "+00:00" if s.endswith("Z") else s
        try:
            return _dt.datetime.fromisoformat(iso)
        except ValueError:
            pass
        for fmt in _DATE_FORMATS:
            try:
                return _dt.datetime.strptime(s, fmt)
            except ValueError:
                continue
        raise conversion_error(v, "System.DateTime",
                               f"String '{v}' was not recognized as a valid DateTime.")
    if isinstance(v, int) and not isinstance(v, bool):
        # .NET ticks (100 ns since 0001-01-01)
        try:
            return _dt.datetime(1, 1, 1) + _dt.timedelta(microseconds=v // 10)
        except OverflowError:
            raise conversion_error(to_str(v), "System.DateTime", "Ticks must be between "
                                   "DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks.") from None
    raise conversion_error(to_str(v), "System.DateTime")


# ---------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------


def _fold(s: str, case_sensitive: bool) -> str:
    return s if case_sensitive else s.casefold()


def equals(a: Any, b: Any, case_sensitive: bool = False) -> bool:
    """`a -eq b` for scalars (the caller handles collections on the left)."""
    if a is None:
        return b is None or (isinstance(b, (list, tuple)) and False)
    if b is None:
        return False
    if isinstance(a, str):
        if isinstance(b, (list, tuple)):
            b = to_str(b)
        return _fold(a, case_sensitive) == _fold(to_str(b), case_sensitive)
    if isinstance(a, bool):
        return a == to_bool(b)
    if isinstance(a, (int, float, _dec.Decimal)):
        if isinstance(b, bool):
            return a == int(b)
        if isinstance(b, (int, float, _dec.Decimal)):
            return a == b
        if isinstance(b, str):
            n = parse_number(b)
            if n is None:
                return b.strip() == "" and a == 0 and False
            return a == n
        return False
    if isinstance(a, _dt.datetime):
        try:
            return a == to_datetime(b)
        except PSError:
            return False
    if isinstance(a, (list, tuple)):
        return a is b
    if isinstance(a, CIDict):
        return a is b
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - foreign objects
        return a is b


_ORDER_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "gt": lambda x, y: x > y,
    "ge": lambda x, y: x >= y,
    "lt": lambda x, y: x < y,
    "le": lambda x, y: x <= y,
}


def order_key_pair(a: Any, b: Any, case_sensitive: bool = False) -> tuple[Any, Any]:
    """The two values made comparable for ordering (right converted to left's type)."""
    if isinstance(a, str):
        return _fold(a, case_sensitive), _fold(to_str(b), case_sensitive)
    if isinstance(a, bool):
        return int(a), int(to_bool(b))
    if isinstance(a, (int, float, _dec.Decimal)):
        nb = to_number(b, "System." + type_name(a))
        if isinstance(a, _dec.Decimal) and isinstance(nb, float):
            return float(a), nb
        if isinstance(nb, _dec.Decimal) and isinstance(a, float):
            return a, float(nb)
        return a, nb
    if isinstance(a, _dt.datetime):
        db = to_datetime(b)
        if (a.tzinfo is None) != (db.tzinfo is None):
            a, db = a.replace(tzinfo=None), db.replace(tzinfo=None)
        return a, db
    raise PSError(f"Cannot compare \"{to_str(a)}\" because it is not IComparable.",
                  category="InvalidOperation", exception_type="RuntimeException")


def compare(a: Any, b: Any, op: str, case_sensitive: bool = False) -> bool:
    """Scalar comparison ``a -op b`` with op in eq ne gt ge lt le (without dash/prefix)."""
    if op == "eq":
        return equals(a, b, case_sensitive)
    if op == "ne":
        return not equals(a, b, case_sensitive)
    fn = _ORDER_OPS[op]
    if a is None or b is None:
        # $null sorts before everything
        if a is None and b is None:
            return op in ("ge", "le")
        if a is None:
            if isinstance(b, str) and b == "":
                return op in ("ge", "le")
            return op in ("lt", "le")
        return op in ("gt", "ge")
    x, y = order_key_pair(a, b, case_sensitive)
    return fn(x, y)


def sort_key(v: Any) -> tuple[int, Any]:
    """A key that orders mixed values like Sort-Object (null first, numbers, strings
    case-insensitively, dates)."""
    if v is None:
        return (0, 0)
    if isinstance(v, bool):
        return (1, int(v))
    if isinstance(v, (int, float, _dec.Decimal)):
        return (1, v)
    if isinstance(v, _dt.datetime):
        return (2, v.timestamp() if v.tzinfo else v.replace(tzinfo=_dt.UTC).timestamp())
    return (3, to_str(v).casefold())


# ---------------------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------------------


def type_name(v: Any) -> str:
    """`.GetType().Name`."""
    if v is None:
        return "Null"
    if isinstance(v, bool):
        return "Boolean"
    if isinstance(v, int):
        if INT32_MIN <= v <= INT32_MAX:
            return "Int32"
        if INT64_MIN <= v <= INT64_MAX:
            return "Int64"
        return "BigInteger"
    if isinstance(v, float):
        return "Double"
    if isinstance(v, _dec.Decimal):
        return "Decimal"
    if isinstance(v, str):
        return "String"
    if isinstance(v, (list, tuple)):
        return getattr(v, "type_name", "Object[]")   # a PSList: ArrayList / List`1
    if isinstance(v, Record):
        return v.type_name
    if isinstance(v, Hashtable):
        return "OrderedDictionary" if getattr(v, "ordered", False) else "Hashtable"
    if isinstance(v, CIDict):
        return "Hashtable"
    if isinstance(v, _dt.datetime):
        return "DateTime"
    if isinstance(v, _dt.timedelta):
        return "TimeSpan"
    if isinstance(v, ScriptBlock):
        return "ScriptBlock"
    if isinstance(v, re.Pattern):
        return "Regex"
    explicit = getattr(v, "type_name", None)
    if isinstance(explicit, str):
        return explicit
    name = type(v).__name__
    if name == "ErrorRecord":
        return "ErrorRecord"
    return name


_errors.type_name_of = type_name   # CategoryInfo.TargetType names types as pwsh does


_FULL_NAMES = {
    "Int32": "System.Int32", "Int64": "System.Int64", "Double": "System.Double", "Decimal": "System.Decimal",
    "String": "System.String", "Boolean": "System.Boolean", "Object[]": "System.Object[]",
    "Hashtable": "System.Collections.Hashtable",
    "OrderedDictionary": "System.Collections.Specialized.OrderedDictionary",
    "PSCustomObject": "System.Management.Automation.PSCustomObject", "DateTime": "System.DateTime",
    "TimeSpan": "System.TimeSpan",
    "ScriptBlock": "System.Management.Automation.ScriptBlock", "Regex": "System.Text.RegularExpressions.Regex",
    "ErrorRecord": "System.Management.Automation.ErrorRecord", "BigInteger": "System.Numerics.BigInteger",
    "Char": "System.Char",
}


def full_type_name(v: Any) -> str:
    """`.GetType().FullName`."""
    explicit = getattr(v, "full_name", None)
    if isinstance(explicit, str):
        return explicit
    name = type_name(v)
    return _FULL_NAMES.get(name, name if "." in name else f"System.Management.Automation.{name}"
                           if isinstance(v, Record) else name)


# ---------------------------------------------------------------------------------------
# Pipeline enumeration
# ---------------------------------------------------------------------------------------


def enumerate_pipeline(v: Any) -> Iterable[Any]:
    """The items ``v`` writes to the pipeline (an array one at a time, a scalar as itself)."""
    if isinstance(v, (list, tuple)):
        return v
    if isinstance(v, GeneratorType) or (isinstance(v, Iterator) and not isinstance(v, (str, bytes, CIDict))):
        return v
    return (v,)
