""".NET composite formatting for `-f`, `[string]::Format` and `.ToString(fmt)`.

`"{0,-10:N2}" -f 3.14159` → ``3.14      ``.  Supported format strings:

* numbers: standard ``N``/``F``/``D``/``X``/``P``/``E``/``C``/``G``/``R`` (with precision),
  custom patterns such as ``0.00``, ``#,##0``, ``000``, ``0.##``, ``0%``;
* dates: standard ``d D t T s o O u g G f F M Y`` and custom (``yyyy-MM-dd HH:mm:ss.fff``,
  ``ddd``, ``MMMM``, ``tt``, ``zzz``, quoted literals, ``\\`` escapes).

Culture: en-US (what PowerShell users see most), e.g. ``N`` → ``1,234.50``, ``P`` → ``12.50%``.
"""

from __future__ import annotations

import re

from gshell.lazy import LazyModule, LazyRegex
from gshell.runtime.errors import PSError

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

_ITEM = LazyRegex(r"\{\{|\}\}|\{(\s*\d+\s*)(?:,(\s*-?\d+\s*))?(?::([^{}]*))?\}|[{}]")


def _format_error() -> PSError:
    return PSError("Error formatting a string: Input string was not in a correct format.",
                   category="InvalidOperation", exception_type="FormatException")


def composite(fmt: str, args: list[Any], to_str: Any) -> str:
    """Format ``fmt`` with ``args`` (.NET ``String.Format``)."""
    out: list[str] = []
    pos = 0
    for m in _ITEM.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        tok = m.group(0)
        if tok == "{{":
            out.append("{")
            continue
        if tok == "}}":
            out.append("}")
            continue
        if m.group(1) is None:
            raise _format_error()
        index = int(m.group(1))
        if index >= len(args):
            raise PSError("Error formatting a string: Index (zero based) must be greater than or equal to "
                          "zero and less than the size of the argument list.",
                          category="InvalidOperation", exception_type="FormatException")
        text = format_value(args[index], m.group(3), to_str)
        if m.group(2) is not None:
            width = int(m.group(2))
            text = text.ljust(-width) if width < 0 else text.rjust(width)
        out.append(text)
    out.append(fmt[pos:])
    return "".join(out)


def format_value(value: Any, spec: str | None, to_str: Any) -> str:
    """One value with an optional .NET format string."""
    if isinstance(value, (list, tuple)):
        # .NET's String.Format shows an array argument by its type name ('{1}' -f 1, @(2, 3))
        from gshell.runtime.conversions import full_type_name
        return full_type_name(value)
    if spec is None or spec == "":
        return to_str(value)
    if isinstance(value, bool) or value is None:
        return to_str(value)
    if isinstance(value, (int, float, _dec.Decimal)):
        return format_number(value, spec)
    if isinstance(value, _dt.datetime):
        return format_date(value, spec)
    if isinstance(value, str):
        # strings ignore numeric formats (as .NET)
        return value
    return to_str(value)


# ---------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------


def _round(value: int | float | _dec.Decimal, digits: int) -> _dec.Decimal:
    d = value if isinstance(value, _dec.Decimal) else _dec.Decimal(repr(value)) if isinstance(value, float) \
        else _dec.Decimal(value)
    q = _dec.Decimal(1).scaleb(-digits)
    return d.quantize(q, rounding=_dec.ROUND_HALF_UP)


def _group(int_part: str) -> str:
    neg = int_part.startswith("-")
    digits = int_part[1:] if neg else int_part
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ("-" if neg else "") + ",".join(groups)


def _fixed(value: int | float | _dec.Decimal, digits: int, grouped: bool) -> str:
    d = _round(value, digits)
    s = format(d, "f")
    if s.startswith("-") and d == 0:
        s = s[1:]
    if grouped:
        ip, _, frac = s.partition(".")
        s = _group(ip) + ("." + frac if frac else "")
    return s


def format_number(value: int | float | _dec.Decimal, spec: str) -> str:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    m = re.fullmatch(r"([A-Za-z])(\d{0,2})", spec)
    if m:
        kind, prec = m.group(1), m.group(2)
        p = int(prec) if prec else None
        k = kind.upper()
        if k == "N":
            return _fixed(value, 2 if p is None else p, True)
        if k == "F":
            return _fixed(value, 2 if p is None else p, False)
        if k == "D":
            if not isinstance(value, int):
                raise _format_error()
            s = str(abs(value)).rjust(p or 0, "0")
            return ("-" if value < 0 else "") + s
        if k == "X":
            if not isinstance(value, int):
                raise _format_error()
            v = value if value >= 0 else value + (1 << 32 if value >= -(1 << 31) else 1 << 64)
            s = format(v, "x" if kind == "x" else "X")
            return s.rjust(p or 0, "0")
        if k == "P":
            return _fixed(_dec.Decimal(repr(value)) * 100 if isinstance(value, float) else _dec.Decimal(value) * 100,
                          2 if p is None else p, True) + "%"
        if k == "C":
            s = _fixed(value, 2 if p is None else p, True)
            return f"-${s[1:]}" if s.startswith("-") else f"${s}"
        if k == "E":
            digits = 6 if p is None else p
            s = format(_dec.Decimal(repr(value)) if isinstance(value, float) else _dec.Decimal(value), f".{digits}E")
            mant, _, exp = s.partition("E")
            sign = "-" if exp.startswith("-") else "+"
            return f"{mant}{'e' if kind == 'e' else 'E'}{sign}{abs(int(exp)):03d}"
        if k in ("G", "R"):
            from gshell.runtime.conversions import to_str
            if p:
                return to_str(float(f"{float(value):.{p}g}")) if isinstance(value, float) else to_str(value)
            return to_str(value)
    return _custom_number(value, spec)


def _custom_number(value: int | float | _dec.Decimal, spec: str) -> str:
    # sections: positive;negative;zero
    sections = _split_sections(spec)
    sec = sections[0]
    v = value
    if len(sections) > 1 and value < 0:
        sec = sections[1]
        v = -value
    if len(sections) > 2 and value == 0:
        sec = sections[2]
    percent = "%" in sec
    if percent:
        v = (_dec.Decimal(repr(v)) if isinstance(v, float) else _dec.Decimal(v)) * 100
    # split literal text and the number pattern
    num_chars = set("0#.,")
    first = next((i for i, c in enumerate(sec) if c in "0#"), None)
    if first is None:
        return sec.replace("'", "").replace('"', "")
    # pattern range: from first 0/# (or a preceding '.') to last 0/#
    last = max(i for i, c in enumerate(sec) if c in "0#")
    start = first
    if start > 0 and sec[start - 1] == ".":
        start -= 1
    prefix, pattern, suffix = sec[:start], sec[start:last + 1], sec[last + 1:]
    if any(c not in num_chars for c in pattern):
        # unusual pattern: fall back to the plain value
        from gshell.runtime.conversions import to_str
        return to_str(value)
    int_pat, _, frac_pat = pattern.partition(".")
    grouped = "," in int_pat
    int_pat = int_pat.replace(",", "")
    # trailing commas scale by 1000 (rare): ignore
    max_frac = len(frac_pat)
    min_frac = len(frac_pat.rstrip("#"))
    d = _round(v, max_frac)
    s = format(abs(d), "f")
    ip, _, fp = s.partition(".")
    fp = fp.rstrip("0")
    if len(fp) < min_frac:
        fp = fp.ljust(min_frac, "0")
    min_int = len(int_pat) - len(int_pat.lstrip("#"))
    min_int = int_pat.count("0")
    if ip == "0" and min_int == 0:
        ip = ""
    ip = ip.rjust(min_int, "0")
    if grouped and ip:
        ip = _group(ip)
    body = ip + ("." + fp if fp else "")
    neg = d < 0 and len(sections) == 1 and body.strip("0.") != ""
    def clean(t: str) -> str:
        return re.sub(r"'([^']*)'|\"([^\"]*)\"", lambda q: q.group(1) or q.group(2) or "", t)
    return ("-" if neg else "") + clean(prefix) + body + clean(suffix)


def _split_sections(spec: str) -> list[str]:
    out: list[str] = []
    cur = ""
    quote = ""
    for c in spec:
        if quote:
            cur += c
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
            cur += c
        elif c == ";":
            out.append(cur)
            cur = ""
        else:
            cur += c
    out.append(cur)
    return out


# ---------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------

_STANDARD_DATE = {
    "d": "M/d/yyyy",
    "D": "dddd, MMMM d, yyyy",
    "t": "h:mm tt",
    "T": "h:mm:ss tt",
    "f": "dddd, MMMM d, yyyy h:mm tt",
    "F": "dddd, MMMM d, yyyy h:mm:ss tt",
    "g": "M/d/yyyy h:mm tt",
    "G": "M/d/yyyy h:mm:ss tt",
    "M": "MMMM d",
    "m": "MMMM d",
    "Y": "MMMM yyyy",
    "y": "MMMM yyyy",
    "s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
    "u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
}

_DATE_TOKEN = LazyRegex(r"'[^']*'|\"[^\"]*\"|\\.|%|(y+|M+|d+|h+|H+|m+|s+|f+|F+|t+|z+|K|g+)|.", re.DOTALL)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _offset(d: _dt.datetime, n: int) -> str:
    off = d.utcoffset()
    if off is None:
        off = _dt.datetime.now().astimezone().utcoffset() or _dt.timedelta()
    total = int(off.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    hh, mm = divmod(abs(total), 60)
    if n == 1:
        return f"{sign}{hh}"
    if n == 2:
        return f"{sign}{hh:02d}"
    return f"{sign}{hh:02d}:{mm:02d}"


def format_date(d: _dt.datetime, spec: str) -> str:
    if spec in ("o", "O"):
        base = d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond:06d}0"
        if d.tzinfo is not None:
            base += _offset(d, 3)
        return base
    if spec in ("r", "R"):
        u = d.astimezone(_dt.UTC) if d.tzinfo else d
        return u.strftime("%a, %d %b %Y %H:%M:%S GMT")
    pattern = _STANDARD_DATE.get(spec, spec) if len(spec) == 1 else spec
    out: list[str] = []
    for m in _DATE_TOKEN.finditer(pattern):
        tok = m.group(0)
        if tok.startswith(("'", '"')):
            out.append(tok[1:-1])
            continue
        if tok.startswith("\\"):
            out.append(tok[1:])
            continue
        if tok == "%":
            continue
        c, n = tok[0], len(tok)
        if m.group(1) is None:
            out.append(tok)
        elif c == "y":
            out.append(str(d.year % 100).zfill(2) if n == 2 else str(d.year % 100) if n == 1 else str(d.year).zfill(n))
        elif c == "M":
            out.append(str(d.month) if n == 1 else f"{d.month:02d}" if n == 2 else
                       _MONTHS[d.month - 1][:3] if n == 3 else _MONTHS[d.month - 1])
        elif c == "d":
            out.append(str(d.day) if n == 1 else f"{d.day:02d}" if n == 2 else
                       _DAYS[d.weekday()][:3] if n == 3 else _DAYS[d.weekday()])
        elif c == "h":
            h = d.hour % 12 or 12
            out.append(str(h) if n == 1 else f"{h:02d}")
        elif c == "H":
            out.append(str(d.hour) if n == 1 else f"{d.hour:02d}")
        elif c == "m":
            out.append(str(d.minute) if n == 1 else f"{d.minute:02d}")
        elif c == "s":
            out.append(str(d.second) if n == 1 else f"{d.second:02d}")
        elif c in "fF":
            frac = f"{d.microsecond:06d}0"[:n].ljust(n, "0")
            out.append(frac.rstrip("0") if c == "F" else frac)
        elif c == "t":
            ampm = "AM" if d.hour < 12 else "PM"
            out.append(ampm[0] if n == 1 else ampm)
        elif c == "z":
            out.append(_offset(d, min(n, 3)))
        elif c == "K":
            out.append(_offset(d, 3) if d.tzinfo else "")
        elif c == "g":
            out.append("A.D.")
        else:
            out.append(tok)
    return "".join(out)
