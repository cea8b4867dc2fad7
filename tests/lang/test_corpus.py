"""Run every conformance case of grammar/corpus (format: grammar/README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPUS_DIR, flatten, load_cases, pretty  # noqa: E402

from gshell.lang import ParseError, ast, parse, tokenize  # noqa: E402

ALL_CASES = load_cases()
#: the cases with a parser expectation; output-only cases run in tests/runtime/test_corpus_output.py
CASES = [c for c in ALL_CASES if "ast" in c.sections or "error" in c.sections]


def test_corpus_is_big_enough() -> None:
    assert len(ALL_CASES) >= 170 and len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case) -> None:  # type: ignore[no-untyped-def]
    if "ast" in case.sections:
        got = ast.dump(parse(case.input))
        if got != flatten(case.sections["ast"]):
            pytest.fail(f"AST differs for {case.name}; got:\n{pretty(got)}")
    if "error" in case.sections:
        message, at, incomplete = case.error_spec()
        with pytest.raises(ParseError) as info:
            parse(case.input)
        exc = info.value
        assert message in exc.message
        if at is not None:
            assert f"{exc.line}:{exc.col}" == at
        if incomplete is not None:
            assert exc.incomplete is incomplete
        rendered = exc.render(case.input)
        assert f"At line:{exc.line} char:{exc.col}" in rendered and "~" in rendered


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_tokens(case) -> None:  # type: ignore[no-untyped-def]
    """tokenize() covers the input exactly; inputs that parse yield no error tokens."""
    text = case.input
    tokens = tokenize(text)
    assert "".join(t.text for t in tokens) == text
    pos = 0
    for t in tokens:
        assert t.start == pos and t.end > t.start
        pos = t.end
    if "ast" in case.sections:
        assert [t for t in tokens if t.kind.value == "error"] == []


def _all_node_classes() -> set[str]:
    return {
        name
        for name, obj in vars(ast).items()
        if isinstance(obj, type) and issubclass(obj, ast.Node) and obj is not ast.Node
    }


def test_every_node_class_is_in_the_corpus() -> None:
    seen: set[str] = set()
    for case in CASES:
        if "ast" in case.sections:
            seen.update(a[1:] for a in flatten(case.sections["ast"]).split() if a.startswith("("))
            seen.update(
                tok.lstrip("([") for tok in flatten(case.sections["ast"]).replace("(", " (").split()
            )
    missing = _all_node_classes() - seen
    assert not missing, f"node classes without a corpus case: {sorted(missing)}"


def test_corpus_files_are_well_formed() -> None:
    for path in sorted(CORPUS_DIR.iterdir()):
        assert path.suffix == ".txt", f"unexpected file in corpus: {path.name}"
