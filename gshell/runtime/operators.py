"""PowerShell operators on gshell values.

``binary(op, left, right, interp)`` covers arithmetic, comparison (with the c/i prefixes and
collection filtering), `-like`/`-match` (sets `$Matches` through ``interp``), `-replace`,
`-split`, `-join`, `-f`, `-in`/`-contains`, `-is`/`-as`, bitwise and `..`.  ``-and``/``-or``
short-circuit in the interpreter.  ``unary(op, value)`` covers `-not ! - + -join -split -bnot`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from gshell.lazy import LazyModule
from gshell.runtime import casts
from gshell.runtime import conversions as conv
from gshell.runtime.errors import PSError
from gshell.runtime.values import CIDict, Hashtable, OrderedHashtable, ScriptBlock

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    import datetime as _dt
    import decimal as _dec
    import math
    from typing import Any

    from gshell.runtime import regex as rx
    from gshell.runtime import strformat as _strformat
else:
    # -like/-match and -f load their modules on first use (start-up: docs/architecture.md)
    rx = LazyModule("gshell.runtime.regex", globals())
    _strformat = LazyModule("gshell.runtime.strformat", globals())
    _dt = LazyModule("datetime", globals())
    _dec = LazyModule("decimal", globals())
    math = LazyModule("math", globals())

INT32_MIN, INT32_MAX = conv.INT32_MIN, conv.INT32_MAX
INT64_MIN, INT64_MAX = conv.INT64_MIN, conv.INT64_MAX
MAX_RANGE = 50_000_000          # elements of a range or of a repeated array (`,0 * n`)
MAX_REPEATED_STRING = 1 << 28    # characters of a repeated string (`'x' * n`)


class TypeValue:
    """The value of a type literal such as `[int]` (used by `-is`, `-as` and statics)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"[{self.name}]"

    @property
    def type_name(self) -> str:
        return "RuntimeType"

    def ps_get_member(self, name: str) -> Any:
        key = name.casefold()
        short = self.name.rsplit(".", 1)[-1]
        if key == "name":
            return _PRETTY.get(casts.normalize_type(self.name), short)
        if key == "fullname":
            return conv._FULL_NAMES.get(_PRETTY.get(casts.normalize_type(self.name), short), self.name)
        from gshell.runtime.errors import MISSING
        return MISSING


_PRETTY = {"int": "Int32", "int32": "Int32", "long": "Int64", "int64": "Int64", "double": "Double",
           "float": "Single", "decimal": "Decimal", "string": "String", "bool": "Boolean", "char": "Char",
           "hashtable": "Hashtable", "ordered": "OrderedDictionary", "pscustomobject": "PSCustomObject",
           "datetime": "DateTime", "array": "Array", "object[]": "Object[]", "string[]": "String[]",
           "scriptblock": "ScriptBlock", "regex": "Regex", "object": "Object", "psobject": "PSObject"}


def _divide_by_zero() -> PSError:
    return PSError("Attempted to divide by zero.", category="NotSpecified", exception_type="DivideByZeroException",
                   error_id="RuntimeException")


def _op_error(op: str, left: Any) -> PSError:
    return PSError(f"Method invocation failed because [{conv.full_type_name(left)}] does not contain a method "
                   f"named 'op_{_OP_NAMES.get(op, op)}'.", category="InvalidOperation",
                   exception_type="RuntimeException", error_id="MethodNotFound")


_OP_NAMES = {"+": "Addition", "-": "Subtraction", "*": "Multiply", "/": "Division", "%": "Modulus"}


def _fit(result: int, a: int, b: int) -> int | float:
    """Int overflow widens like PowerShell: Int32 op Int32 overflowing → Double; Int64
    likewise."""
    wide = not (INT32_MIN <= a <= INT32_MAX) or not (INT32_MIN <= b <= INT32_MAX)
    if not wide and INT32_MIN <= result <= INT32_MAX:
        return result
    if wide and INT64_MIN <= result <= INT64_MAX:
        return result
    return float(result)


def _num(v: Any) -> int | float | _dec.Decimal:
    return conv.to_number(v)


def _arith_numbers(op: str, a: Any, b: Any) -> Any:
    x: Any = _num(a)   # both become Decimal, float or int below
    y: Any = _num(b)
    if isinstance(x, _dec.Decimal) or isinstance(y, _dec.Decimal):
        x = x if isinstance(x, _dec.Decimal) else conv.to_decimal(x)
        y = y if isinstance(y, _dec.Decimal) else conv.to_decimal(y)
    elif isinstance(x, float) or isinstance(y, float):
        x, y = float(x), float(y)
    if op == "+":
        r = x + y
    elif op == "-":
        r = x - y
    elif op == "*":
        r = x * y
    elif op == "/":
        if y == 0:
            raise _divide_by_zero()
        if isinstance(x, int) and isinstance(y, int):
            if x % y == 0:
                return _fit(x // y, x, y)
            return x / y
        r = x / y
    elif op == "%":
        if y == 0:
            raise _divide_by_zero()
        if isinstance(x, int) and isinstance(y, int):
            r = abs(x) % abs(y)
            return -r if x < 0 else r
        r = math.fmod(x, y) if isinstance(x, float) else x % y
    else:
        raise _op_error(op, a)
    if isinstance(r, int) and isinstance(x, int) and isinstance(y, int):
        return _fit(r, x, y)
    return r


def add(a: Any, b: Any) -> Any:
    if a is None:
        return list(b) if isinstance(b, tuple) else b
    if isinstance(a, str):
        return a + conv.to_str(b)
    if isinstance(a, (list, tuple)):
        if isinstance(b, (list, tuple)):
            return list(a) + list(b)
        return list(a) + [b]
    if isinstance(a, CIDict):
        if not isinstance(b, CIDict):
            raise PSError("A hash table can only be added to another hash table.", category="InvalidOperation",
                          exception_type="RuntimeException", error_id="AddHashTableToNonHashTable")
        out = OrderedHashtable(a.items()) if getattr(a, "ordered", False) else Hashtable(a.items())
        for k, v in b.items():
            if k in out:
                raise PSError(f"Item has already been added. Key in dictionary: '{k}'  Key being added: '{k}'",
                              category="InvalidOperation", exception_type="ArgumentException")
            out[k] = v
        return out
    if isinstance(a, _dt.datetime):
        if isinstance(b, (int, float)) and not isinstance(b, bool):
            return a + _dt.timedelta(microseconds=b / 10)
        if isinstance(b, _dt.timedelta):
            return a + b
        raise _op_error("+", a)
    if isinstance(a, (int, float, _dec.Decimal, bool)):
        return _arith_numbers("+", a, b)
    raise _op_error("+", a)


def multiply(a: Any, b: Any) -> Any:
    if isinstance(a, str):
        n = max(conv.to_int(b), 0)
        if len(a) * n > MAX_REPEATED_STRING:
            raise PSError(f"The repeated string would have {len(a) * n} characters; gshell supports at most "
                          f"{MAX_REPEATED_STRING}.", category="InvalidOperation", exception_type="RuntimeException")
        return a * n
    if isinstance(a, (list, tuple)):
        n = max(conv.to_int(b), 0)
        if len(a) * n > MAX_RANGE:
            raise PSError(f"The repeated array would have {len(a) * n} elements; gshell supports at most "
                          f"{MAX_RANGE}.", category="InvalidOperation", exception_type="RuntimeException")
        return list(a) * n
    if a is None:
        return None
    if isinstance(a, (int, float, _dec.Decimal, bool)):
        return _arith_numbers("*", a, b)
    raise _op_error("*", a)


def subtract(a: Any, b: Any) -> Any:
    if isinstance(a, _dt.datetime):
        if isinstance(b, _dt.datetime):
            return a - b
        if isinstance(b, _dt.timedelta):
            return a - b
        raise _op_error("-", a)
    if isinstance(a, (list, tuple, CIDict)):
        raise _op_error("-", a)
    return _arith_numbers("-", a, b)


def divide(a: Any, b: Any) -> Any:
    if isinstance(a, (list, tuple, CIDict)):
        raise _op_error("/", a)
    return _arith_numbers("/", a, b)


def modulo(a: Any, b: Any) -> Any:
    if isinstance(a, (list, tuple, CIDict)):
        raise _op_error("%", a)
    return _arith_numbers("%", a, b)


ARITH: dict[str, Callable[[Any, Any], Any]] = {"+": add, "-": subtract, "*": multiply, "/": divide, "%": modulo}


# ---------------------------------------------------------------------------------------
# Comparison family
# ---------------------------------------------------------------------------------------


def split_op(op: str) -> tuple[str, bool]:
    """'-ceq' → ('eq', True); '-ieq'/'-eq' → ('eq', False)."""
    name = op.lstrip("-").casefold()
    if name[:1] == "c" and name[1:] in _CASE_OPS:
        return name[1:], True
    if name[:1] == "i" and name[1:] in _CASE_OPS:
        return name[1:], False
    return name, False


_CASE_OPS = {"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "contains",
             "notcontains", "in", "notin", "replace", "split"}
_FILTERING = {"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch"}


def _scalar_test(name: str, left: Any, right: Any, cs: bool, interp: Any, set_matches: bool) -> bool:
    if name in ("eq", "ne", "gt", "ge", "lt", "le"):
        return conv.compare(left, right, name, cs)
    if name in ("like", "notlike"):
        r = rx.like(conv.to_str(left), conv.to_str(right), cs)
        return r if name == "like" else not r
    if name in ("match", "notmatch"):
        pattern = right.pattern if isinstance(right, re.Pattern) else conv.to_str(right)
        m = rx.compile_regex(pattern, cs).search(conv.to_str(left))
        if set_matches and m is not None and interp is not None:
            interp.set_matches(rx.matches_table(m))
        return (m is not None) if name == "match" else (m is None)
    raise PSError(f"Unknown operator -{name}", category="InvalidOperation")


def compare_op(name: str, left: Any, right: Any, cs: bool, interp: Any = None) -> Any:
    if isinstance(left, (list, tuple)):
        return [x for x in left if _scalar_test(name, x, right, cs, interp, False)]
    return _scalar_test(name, left, right, cs, interp, True)


def contains(collection: Any, item: Any, cs: bool) -> bool:
    items = collection if isinstance(collection, (list, tuple)) else [collection]
    for x in items:
        if conv.equals(x, item, cs):
            return True
    return False


def do_replace(left: Any, right: Any, cs: bool, evaluator: Callable[[Any, re.Match[str]], str] | None = None) -> Any:
    if isinstance(right, (list, tuple)):
        if len(right) > 2 or len(right) == 0:
            raise PSError("The -replace operator allows only two elements to follow it, not "
                          f"{len(right)}.", category="InvalidOperation", exception_type="RuntimeException")
        pattern = right[0]
        replacement = right[1] if len(right) == 2 else ""
    else:
        pattern, replacement = right, ""
    pat = pattern.pattern if isinstance(pattern, re.Pattern) else conv.to_str(pattern)

    def one(s: Any) -> str:
        if isinstance(replacement, ScriptBlock) and evaluator is not None:
            return rx.replace(conv.to_str(s), pat, None, cs, evaluator=lambda m: evaluator(replacement, m))
        return rx.replace(conv.to_str(s), pat, replacement, cs)

    if isinstance(left, (list, tuple)):
        return [one(x) for x in left]
    return one(left)


def do_split(left: Any, right: Any, cs: bool) -> list[str]:
    max_count = 0
    options = ""
    if isinstance(right, (list, tuple)):
        parts = list(right)
        pattern = parts[0] if parts else " "
        if len(parts) > 1:
            max_count = conv.to_int(parts[1])
        if len(parts) > 2:
            options = conv.to_str(parts[2]).casefold()
    else:
        pattern = right
    strings = left if isinstance(left, (list, tuple)) else [left]
    out: list[str] = []
    for s in strings:
        text = conv.to_str(s)
        if isinstance(pattern, ScriptBlock):
            raise PSError("-split with a script block is not supported in gshell", category="NotImplemented",
                          exception_type="NotSupportedException")
        pat = pattern.pattern if isinstance(pattern, re.Pattern) else conv.to_str(pattern)
        if "simplematch" in options:
            pat = re.escape(pat)
        compiled = rx.compile_regex(pat, cs or "ignorecase" not in options and cs)
        if max_count > 0:
            pieces = compiled.split(text, maxsplit=max_count - 1)
        else:
            pieces = compiled.split(text)
        if compiled.groups:
            pieces = [p for p in pieces if p is not None]
        out.extend(pieces)
    return out


def unary_split(v: Any) -> list[str]:
    strings = v if isinstance(v, (list, tuple)) else [v]
    out: list[str] = []
    for s in strings:
        out.extend(conv.to_str(s).split())
    return out


def do_join(left: Any, right: Any) -> str:
    items = left if isinstance(left, (list, tuple)) else [left]
    return conv.to_str(right).join(conv.to_str(x) for x in items)


def do_format(left: Any, right: Any) -> str:
    args = list(right) if isinstance(right, (list, tuple)) else [right]
    return _strformat.composite(conv.to_str(left), args, conv.to_str)


def type_arg(v: Any) -> str:
    if isinstance(v, TypeValue):
        return v.name
    if isinstance(v, str):
        return v
    raise PSError(f"The right operand of -is/-as must be a type, not {conv.type_name(v)}.",
                  category="InvalidArgument", exception_type="PSInvalidCastException")


def lazy_range(a: Any, b: Any) -> Iterable[Any]:
    """`a..b` where its elements are consumed one by one (the first element of a pipeline, the
    collection of `foreach`): produced on demand, so no size cap (`1..1e9 | select -First 2`)."""
    if isinstance(a, str) and isinstance(b, str) and len(a) == 1 and len(b) == 1:
        return do_range(a, b)
    x = conv.to_int(a)
    y = conv.to_int(b)
    return (i for i in (range(x, y + 1) if y >= x else range(x, y - 1, -1)))


def do_range(a: Any, b: Any) -> list[Any]:
    if isinstance(a, str) and isinstance(b, str) and len(a) == 1 and len(b) == 1 \
            and conv.parse_number(a) is None and conv.parse_number(b) is None:
        x, y = ord(a), ord(b)
        step = 1 if y >= x else -1
        return [chr(c) for c in range(x, y + step, step)]
    x = conv.to_int(a)
    y = conv.to_int(b)
    if abs(y - x) + 1 > MAX_RANGE:
        raise PSError(f"The range operator supports at most {MAX_RANGE} elements.",
                      category="InvalidOperation", exception_type="RuntimeException")
    return list(range(x, y + 1)) if y >= x else list(range(x, y - 1, -1))


def _bitwise(op: str, a: Any, b: Any) -> int:
    x, y = conv.to_int(a, 64, "System.Int64"), conv.to_int(b, 64, "System.Int64")
    if op == "band":
        return x & y
    if op == "bor":
        return x | y
    if op == "bxor":
        return x ^ y
    if op == "shl":
        return x << y
    return x >> y


def binary(op: str, left: Any, right: Any, interp: Any = None) -> Any:
    """Evaluate ``left op right`` (op as stored in the AST: '+', '-eq', '-creplace', ...)."""
    fn = ARITH.get(op)
    if fn is not None:
        return fn(left, right)
    name, cs = split_op(op)
    if name in _FILTERING:
        return compare_op(name, left, right, cs, interp)
    if name == "contains":
        return contains(left, right, cs)
    if name == "notcontains":
        return not contains(left, right, cs)
    if name == "in":
        return contains(right, left, cs)
    if name == "notin":
        return not contains(right, left, cs)
    if name == "replace":
        evaluator = interp.replace_evaluator if interp is not None else None
        return do_replace(left, right, cs, evaluator)
    if name == "split":
        return do_split(left, right, cs)
    if name == "join":
        return do_join(left, right)
    if name == "f":
        return do_format(left, right)
    if name == "..":
        return do_range(left, right)
    if op == "..":
        return do_range(left, right)
    if name == "is":
        return casts.is_instance(left, type_arg(right))
    if name == "isnot":
        return not casts.is_instance(left, type_arg(right))
    if name == "as":
        return casts.try_cast(left, type_arg(right))
    if name == "xor":
        return conv.to_bool(left) != conv.to_bool(right)
    if name == "and":
        return conv.to_bool(left) and conv.to_bool(right)
    if name == "or":
        return conv.to_bool(left) or conv.to_bool(right)
    if name in ("band", "bor", "bxor", "shl", "shr"):
        return _bitwise(name, left, right)
    raise PSError(f"The operator '{op}' is not supported in gshell", category="NotImplemented",
                  exception_type="NotSupportedException")


def negate(v: Any) -> Any:
    if isinstance(v, (list, tuple, CIDict)):
        raise _op_error("-", v)
    n = conv.to_number(v)
    if isinstance(n, int) and n == INT32_MIN:
        return -n if n - 1 < INT32_MIN and isinstance(v, int) else -n
    return -n


def unary(op: str, v: Any) -> Any:
    o = op.casefold()
    if o in ("-not", "!"):
        return not conv.to_bool(v)
    if o == "-":
        return negate(v)
    if o == "+":
        if isinstance(v, (int, float, _dec.Decimal)) and not isinstance(v, bool):
            return v
        return conv.to_number(v)
    if o == ",":
        return [v]
    if o == "-join":
        return do_join(v, "")
    if o == "-split":
        return unary_split(v)
    if o == "-bnot":
        return ~conv.to_int(v, 64, "System.Int64")
    raise PSError(f"The operator '{op}' is not supported in gshell", category="NotImplemented",
                  exception_type="NotSupportedException")
