"""The small whitelist of .NET statics gshell emulates (``[Math]``, ``[string]``, ``[datetime]``,
``[guid]``, ``[int]``, ``[regex]``, ``[uri]``, ``[IO.Path]``, ``[Environment]::NewLine``):
``static_member(type, name)`` and ``call_static(type, name, args)``; everything else is refused."""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from gshell.runtime import conversions as conv
from gshell.runtime import regex as rx
from gshell.runtime.errors import MISSING, PSError, method_error, not_supported
from gshell.runtime.methods import arg_at
from gshell.runtime.strformat import composite


def _math_round(args: list[Any]) -> Any:
    x = conv.to_number(arg_at(args, 0, 0))
    digits = conv.to_int(args[1]) if len(args) > 1 and not isinstance(args[1], str) else 0
    mode = conv.to_str(args[-1]).casefold() if len(args) > 1 and isinstance(args[-1], str) else "toeven"
    rounding = "ROUND_HALF_UP" if "awayfromzero" in mode else ROUND_HALF_EVEN
    d = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    r = d.quantize(Decimal(1).scaleb(-digits), rounding=rounding)
    if isinstance(x, Decimal):
        return r
    return float(r)


def _num_args(args: list[Any]) -> list[Any]:
    return [conv.to_number(a) for a in args]


def _math_minmax(fn: Callable[..., Any]) -> Callable[[list[Any]], Any]:
    def do(args: list[Any]) -> Any:
        a, b = _num_args(args[:2])
        r = fn(a, b)
        if isinstance(a, float) or isinstance(b, float):
            return float(r)
        return r
    return do


def _join(args: list[Any]) -> str:
    sep = conv.to_str(arg_at(args, 0, ""))
    rest = args[1:]
    if len(rest) == 1 and isinstance(rest[0], (list, tuple)):
        rest = list(rest[0])
    return sep.join(conv.to_str(x) for x in rest)


def _format(args: list[Any]) -> str:
    fmt = conv.to_str(arg_at(args, 0, ""))
    rest = args[1:]
    if len(rest) == 1 and isinstance(rest[0], (list, tuple)):
        rest = list(rest[0])
    return composite(fmt, rest, conv.to_str)


class GuidValue:
    __slots__ = ("value",)
    type_name = "Guid"
    full_name = "System.Guid"

    def __init__(self, value: Any) -> None:
        self.value = value

    def __str__(self) -> str:
        return str(self.value)

    def ps_get_member(self, name: str) -> Any:
        return str(self.value) if name.casefold() == "guid" else MISSING

    def ps_member_names(self) -> list[str]:
        return ["Guid"]


def _path_join(args: list[Any]) -> str:
    parts = [conv.to_str(a) for a in (args[0] if len(args) == 1 and isinstance(args[0], (list, tuple)) else args)]
    return os.path.join(*parts) if parts else ""


def _regex_static(kind: str) -> Callable[[list[Any]], Any]:
    def do(args: list[Any]) -> Any:
        text = conv.to_str(arg_at(args, 0, ""))
        pattern = conv.to_str(arg_at(args, 1, ""))
        ci = len(args) > 2 + (kind == "replace") and "ignorecase" in conv.to_str(args[-1]).casefold()
        p = rx.compile_regex(pattern, case_sensitive=not ci)
        if kind == "ismatch":
            return p.search(text) is not None
        if kind == "match":
            return p.search(text)
        if kind == "matches":
            return list(p.finditer(text))
        if kind == "split":
            return p.split(text)
        return rx.replace(text, pattern, arg_at(args, 2, ""), case_sensitive=not ci)
    return do


_NOW = lambda: _dt.datetime.now()  # noqa: E731

def _pow(a: list[Any]) -> float:
    """[math]::Pow with IEEE results as .NET gives them: overflow is ±Infinity, a negative
    base with a fractional exponent NaN, 0 to a negative power Infinity."""
    x, y = conv.to_float(a[0]), conv.to_float(a[1])
    odd = y.is_integer() and y % 2 == 1
    try:
        return math.pow(x, y)
    except OverflowError:
        return -math.inf if x < 0 and odd else math.inf
    except ValueError:
        if x == 0:
            return -math.inf if odd and math.copysign(1.0, x) < 0 else math.inf
        return math.nan


def _ieee(fn: Callable[[float], float], below: float = math.nan) -> Callable[[list[Any]], float]:
    """A one-argument [math] function with .NET's results outside its domain: overflow is
    Infinity, a log of 0 -Infinity, other invalid arguments NaN (``below``)."""
    def call(a: list[Any]) -> float:
        x = conv.to_float(a[0])
        try:
            return fn(x)
        except OverflowError:
            return math.inf
        except ValueError:
            return -math.inf if x == 0 else below
    return call


def _log(a: list[Any]) -> float:
    if len(a) == 1:
        return _ieee(math.log)(a)
    base = conv.to_float(a[1])
    num, den = _ieee(math.log)([a[0]]), _ieee(math.log)([base])
    try:
        return num / den
    except ZeroDivisionError:
        return math.nan


def _new_datetime(a: list[Any]) -> _dt.datetime:
    parts: list[Any] = [conv.to_int(x) for x in a]
    return _dt.datetime(*parts)


STATIC_METHODS: dict[tuple[str, str], Callable[[list[Any]], Any]] = {
    ("math", "round"): _math_round,
    ("math", "floor"): lambda a: _floatlike(a[0], math.floor(conv.to_number(a[0]))),
    ("math", "ceiling"): lambda a: _floatlike(a[0], math.ceil(conv.to_number(a[0]))),
    ("math", "truncate"): lambda a: _floatlike(a[0], math.trunc(conv.to_number(a[0]))),
    ("math", "abs"): lambda a: abs(conv.to_number(a[0])),
    ("math", "max"): _math_minmax(max),
    ("math", "min"): _math_minmax(min),
    ("math", "pow"): _pow,
    ("math", "sqrt"): _ieee(math.sqrt),
    ("math", "log"): _log,
    ("math", "log10"): _ieee(math.log10),
    ("math", "exp"): _ieee(math.exp),
    ("math", "sign"): lambda a: (conv.to_number(a[0]) > 0) - (conv.to_number(a[0]) < 0),
    ("string", "isnullorempty"): lambda a: arg_at(a, 0) is None or conv.to_str(arg_at(a, 0)) == "",
    ("string", "isnullorwhitespace"): lambda a: arg_at(a, 0) is None or conv.to_str(arg_at(a, 0)).strip() == "",
    ("string", "join"): _join,
    ("string", "format"): _format,
    ("string", "concat"): lambda a: "".join(conv.to_str(x) for x in a),
    ("string", "new"): lambda a: conv.to_str(a[0]) * conv.to_int(a[1]) if len(a) == 2 else "".join(
        conv.to_str(x) for x in (a[0] if a and isinstance(a[0], (list, tuple)) else a)),
    ("datetime", "parse"): lambda a: conv.to_datetime(conv.to_str(a[0])),
    ("datetime", "new"): _new_datetime,
    ("guid", "newguid"): lambda a: GuidValue(_uuid().uuid4()),
    ("regex", "escape"): lambda a: re.sub(r"([\\*+?|{}\[\]()^$.#\s])", r"\\\1", conv.to_str(arg_at(a, 0, ""))),
    ("regex", "unescape"): lambda a: re.sub(r"\\(.)", r"\1", conv.to_str(arg_at(a, 0, ""))),
    ("regex", "ismatch"): _regex_static("ismatch"),
    ("regex", "match"): _regex_static("match"),
    ("regex", "matches"): _regex_static("matches"),
    ("regex", "replace"): _regex_static("replace"),
    ("regex", "split"): _regex_static("split"),
    ("uri", "escapedatastring"): lambda a: _urlparse().quote(conv.to_str(arg_at(a, 0, "")), safe="-_.~"),
    ("uri", "unescapedatastring"): lambda a: _urlparse().unquote(conv.to_str(arg_at(a, 0, ""))),
    ("io.path", "combine"): _path_join,
    ("io.path", "join"): _path_join,
    ("io.path", "getfilename"): lambda a: os.path.basename(conv.to_str(arg_at(a, 0, ""))),
    ("io.path", "getextension"): lambda a: os.path.splitext(conv.to_str(arg_at(a, 0, "")))[1],
    ("io.path", "getfilenamewithoutextension"): lambda a: os.path.splitext(
        os.path.basename(conv.to_str(arg_at(a, 0, ""))))[0],
    ("io.path", "gettemppath"): lambda a: os.path.join(_tempfile().gettempdir(), ""),
    ("io.path", "getdirectoryname"): lambda a: os.path.dirname(conv.to_str(arg_at(a, 0, ""))),
    ("char", "isdigit"): lambda a: conv.to_str(a[0]).isdigit(),
    ("char", "isletter"): lambda a: conv.to_str(a[0]).isalpha(),
    ("int", "parse"): lambda a: _parsed(conv.to_int, a),
    ("double", "parse"): lambda a: _parsed(conv.to_float, a),
}


def _uuid() -> Any:
    import uuid
    return uuid


def _tempfile() -> Any:
    import tempfile
    return tempfile


def _parsed(convert: Callable[[Any], Any], args: list[Any]) -> Any:
    """[int]::Parse / [double]::Parse: text that is not a number is .NET's FormatException,
    inside a MethodInvocationException."""
    text = conv.to_str(args[0])
    try:
        return convert(text)
    except PSError:
        raise method_error("Parse", len(args), f"The input string '{text}' was not in a correct format.",
                           "FormatException") from None


def _urlparse() -> Any:
    import urllib.parse
    return urllib.parse


def _floatlike(src: Any, r: int) -> Any:
    n = conv.to_number(src)
    return float(r) if isinstance(n, float) else (Decimal(r) if isinstance(n, Decimal) else r)


STATIC_PROPERTIES: dict[tuple[str, str], Callable[[], Any]] = {
    ("math", "pi"): lambda: math.pi,
    ("math", "e"): lambda: math.e,
    ("string", "empty"): lambda: "",
    ("datetime", "now"): _NOW,
    ("datetime", "utcnow"): lambda: _dt.datetime.now(_dt.UTC),
    ("datetime", "today"): lambda: _dt.datetime.combine(_dt.date.today(), _dt.time()),
    ("int", "maxvalue"): lambda: conv.INT32_MAX,
    ("int", "minvalue"): lambda: conv.INT32_MIN,
    ("long", "maxvalue"): lambda: conv.INT64_MAX,
    ("long", "minvalue"): lambda: conv.INT64_MIN,
    ("double", "maxvalue"): lambda: 1.7976931348623157e308,
    ("double", "minvalue"): lambda: -1.7976931348623157e308,
    ("double", "nan"): lambda: math.nan,
    ("double", "positiveinfinity"): lambda: math.inf,
    ("double", "negativeinfinity"): lambda: -math.inf,
    ("environment", "newline"): lambda: "\n",
    ("io.path", "directoryseparatorchar"): lambda: os.sep,
    ("guid", "empty"): lambda: GuidValue(_uuid().UUID(int=0)),
}

_TYPE_KEYS = {"system.math": "math", "system.string": "string", "system.datetime": "datetime",
              "system.guid": "guid", "system.int32": "int", "int32": "int", "system.int64": "long", "int64": "long",
              "system.double": "double", "system.text.regularexpressions.regex": "regex", "system.uri": "uri",
              "system.io.path": "io.path", "system.environment": "environment", "system.char": "char"}


def static_key(type_name: str) -> str:
    key = type_name.strip().strip("[]").casefold()
    return _TYPE_KEYS.get(key, key)


def _refuse_static(type_name: str, member: str) -> PSError:
    return not_supported(f"The .NET member [{type_name}]::{member}",
                         "gshell emulates only a few statics ([Math], [string], [datetime], [guid], [regex], "
                         "[uri], [IO.Path], [int]/[long]/[double] limits)")


def static_member(type_name: str, member: str) -> Any:
    fn = STATIC_PROPERTIES.get((static_key(type_name), member.casefold()))
    if fn is None:
        raise _refuse_static(type_name, member)
    return fn()


def call_static(type_name: str, member: str, args: list[Any]) -> Any:
    if member.casefold() == "new":
        from gshell.runtime.casts import make_list
        made = make_list(type_name, args)
        if made is not None:
            return made
    fn = STATIC_METHODS.get((static_key(type_name), member.casefold()))
    if fn is None:
        raise _refuse_static(type_name, member)
    try:
        return fn(args)
    except PSError:
        raise
    except (IndexError, TypeError) as e:
        raise PSError(f'Cannot find an overload for "{member}" and the argument count: "{len(args)}".',
                      category="InvalidOperation", exception_type="RuntimeException",
                      error_id="MethodCountCouldNotFindBest") from e
    except (ValueError, OverflowError) as e:
        raise method_error(member, len(args), str(e),
                           "OverflowException" if isinstance(e, OverflowError) else "FormatException") from e
