"""grammar/gshell.ebnf is well formed and kept in step with the parser."""

from __future__ import annotations

import re
from pathlib import Path

from gshell.lang import parser

EBNF = Path(__file__).resolve().parents[2] / "grammar" / "gshell.ebnf"
START = "script"


def _rules() -> dict[str, str]:
    text = EBNF.read_text(encoding="utf-8")
    text = re.sub(r"\(\*.*?\*\)", " ", text, flags=re.S)  # comments
    terminals: list[str] = []

    def replace(m: re.Match[str]) -> str:
        if m.group().startswith("?"):
            return " SPECIAL "
        terminals.append(m.group())
        return " TERMINAL "

    # terminals and special sequences, scanned left to right (each may contain the others' quotes)
    text = re.sub(r'"[^"]*"|\'[^\']*\'|\?[^?]*\?', replace, text)
    rules: dict[str, str] = {}
    for chunk in text.split(";"):
        if not chunk.strip():
            continue
        m = re.fullmatch(r"\s*([a-z_]+)\s*=(.*)", chunk, flags=re.S)
        assert m, f"not a rule: {chunk.strip()[:80]!r}"
        assert m.group(1) not in rules, f"{m.group(1)} defined twice"
        rules[m.group(1)] = m.group(2)
    _rules.terminals = terminals  # type: ignore[attr-defined]
    return rules


def test_every_nonterminal_is_defined_and_used() -> None:
    rules = _rules()
    used: set[str] = set()
    for lhs, rhs in rules.items():
        for name in re.findall(r"[a-z_]+", rhs):
            assert name in rules, f"{name} (used in {lhs}) is not defined"
            if name != lhs:
                used.add(name)
    unused = set(rules) - used - {START}
    assert not unused, f"defined but never used: {sorted(unused)}"


def test_brackets_balance_in_every_rule() -> None:
    for lhs, rhs in _rules().items():
        for open_, close in ("()", "[]", "{}"):
            assert rhs.count(open_) == rhs.count(close), f"unbalanced {open_}{close} in {lhs}"


def test_grammar_mentions_every_keyword_and_operator_of_the_parser() -> None:
    _rules()
    terminals = {t[1:-1].lower() for t in _rules.terminals}  # type: ignore[attr-defined]
    for keyword in parser._KEYWORDS:
        assert keyword in terminals, f"keyword {keyword!r} missing from the grammar"
    for keyword in parser.UNSUPPORTED_KEYWORDS:
        assert keyword in terminals, f"refused keyword {keyword!r} missing from the grammar"
    for op in parser.DASH_BINARY:
        base = op[1:] if op[0] in "ci" and op[1:] in parser.CASE_VARIANT_OPS else op
        assert "-" + base in terminals, f"operator -{op} missing from the grammar"
    for op in parser.DASH_UNARY - {"csplit", "isplit"}:
        assert "-" + op in terminals, f"unary operator -{op} missing from the grammar"
    for op in ("+", "-", "*", "/", "%", "..", ",", "=", "+=", "-=", "*=", "/=", "%=", "++", "--",
               "!", "|", ">", ">>", "::", "@(", "@{", "$("):
        assert op in terminals, f"{op!r} missing from the grammar"
