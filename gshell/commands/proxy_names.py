"""Proxy function names: PowerShAI's rule, .NET ``ToTitleCase`` and then ``[^A-z0-9]|_`` removed
(the Get-Help of New-GradioSessionApiProxyFunction shows examples)."""

from __future__ import annotations

from collections.abc import Iterable

from gshell.lazy import LazyRegex

# =========================================================================================
# Naming (PowerShAI: (Get-Culture).TextInfo.ToTitleCase($name) -replace '[^A-z0-9]|_','')
# =========================================================================================

_NOT_ALNUM = LazyRegex(r"[^A-Za-z0-9]")


def _is_letter(ch: str) -> bool:
    from unicodedata import category
    return category(ch).startswith("L")


def _is_separator(ch: str) -> bool:
    """Categories .NET treats as word separators: separators, punctuation, symbols, controls.
    Digits and marks do not split a word (``op1x`` is one word)."""
    from unicodedata import category
    return category(ch)[0] in "ZPSC"


def to_title_case(text: str) -> str:
    """.NET ``TextInfo.ToTitleCase``: the first letter of each word upper-cased, the rest of the
    word lower-cased unless the word has no lower-case letter (an acronym: ``API`` stays)."""
    from unicodedata import category
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if not _is_letter(ch):
            out.append(ch)
            i += 1
            continue
        upper = ch.upper()
        out.append(upper if len(upper) == 1 else ch)
        has_lower = category(ch) == "Ll"
        start = i = i + 1
        while i < n and not _is_separator(text[i]):
            if category(text[i]) == "Ll":
                has_lower = True
            i += 1
        rest = text[start:i]
        out.append(rest.lower() if has_lower else rest)
    return "".join(out)


def clean_name(text: str) -> str:
    """``GenerateImage`` -> ``Generateimage``; ``my_fn`` -> ``MyFn``; ``préd`` -> ``Prd``;
    ``API`` -> ``API``.  Only ASCII letters and digits are kept."""
    return _NOT_ALNUM.sub("", to_title_case(text or ""))


def function_name(prefix: str, api_name: str) -> str:
    """``Invoke-GradioApi`` + ``/op1`` -> ``Invoke-GradioApiOp1``."""
    return prefix + clean_name(api_name.lstrip("/"))


def parameter_names(raw: Iterable[str], reserved: Iterable[str]) -> list[str]:
    """Clean each name; one that is empty, starts with a digit, repeats an earlier one or
    equals (case-insensitively) a reserved name (the proxy's own and the common parameters,
    with their aliases) becomes ``Param<N>`` (N = the 0-based position, as in PowerShAI)."""
    taken = {r.casefold() for r in reserved}
    out: list[str] = []
    for index, name in enumerate(raw):
        clean = clean_name(name)
        if not clean or not clean[0].isalpha() or clean.casefold() in taken:
            n = index
            clean = f"Param{n}"
            while clean.casefold() in taken:
                n += 1
                clean = f"Param{n}"
        taken.add(clean.casefold())
        out.append(clean)
    return out
