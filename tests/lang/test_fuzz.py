"""Property tests: parse() only ever raises ParseError, tokenize() never raises and covers
its input exactly, is_incomplete() never crashes.  Fixed seed (derandomize) in CI; any
failing example found is added to grammar/corpus."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gshell.lang import ParseError, ast, is_incomplete, parse, tokenize

SETTINGS = settings(
    max_examples=1800,  # x3 tests = 5,400 generated inputs per run
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

ALPHABET = (
    "abcxyzGetN019 \t\n\r$@#`'\"(){}[];,|&.:=+-*/%!<>?_\\"
    "–—‘’“”é\u00a0\ufeff"
)

FRAGMENTS = [
    "Get-X", "%", "?", "-Name", "-Name:", "-p:", "--", "--%", "-1", "2+2", "1kb", "0x1F", "1.5e3",
    "$x", "$_", "$env:HF", "${a b}", "$x.y", "$x[0]", "$x.M(1,2)", "@x", "$(", "@(", "@{", "(",
    ")", "{", "}", "[int]", "[string[]]", "[ordered]", "[pscustomobject]", "[Math]::PI", "'s'",
    "''", '"d $x $(1)"', '"', "'", '@"\n', '\n"@', "@'\n", "\n'@", "`", "`\n", "` ", "#c", "<#",
    "#>", "|", "\n|", ";", "\n", ",", ",,", "=", "+=", "-eq", "-and", "-not", "!", "-f", "..",
    "++", "--", "-join", "-split", "if", "elseif", "else", "foreach", "in", "for", "while", "do",
    "until", "switch", "-regex", "default", "break", "continue", "return", "throw", "exit",
    "try", "catch", "finally", "function", "filter", "param", "begin", "process", "end",
    "[Parameter(Mandatory)]", "class", ":outer", ">", ">>", "2>&1", "&", ".", "a=b",
    "http://h:1/p", "./f.png", "A*", "é", "–Name", "“q”", "\ud800",
]

fragments = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map(
    lambda parts: " ".join(parts)
)
glued = st.lists(st.sampled_from(FRAGMENTS), max_size=10).map("".join)
random_text = st.text(alphabet=ALPHABET, max_size=60)


def shaped() -> st.SearchStrategy[str]:
    """Grammar-shaped inputs: statements built from expressions, commands and blocks."""
    atom = st.sampled_from(["$x", "1", "'a'", '"b $y"', "$h.k", "$a[0]", "@(1,2)", "@{a=1}",
                            "(Get-X)", "{ $_ }", "[int]$z", "-1", "$true"])
    expr = st.recursive(
        atom,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from([" + ", " -eq ", ",", " -f ", "..", " -and ", " * ",
                                              " -replace "]), inner).map("".join),
            inner.map(lambda e: f"({e})"),
            inner.map(lambda e: f"-not {e}"),
            inner.map(lambda e: f"@({e})"),
            inner.map(lambda e: f'"x $({e}) y"'),
            inner.map(lambda e: f"$x.M({e})"),
        ),
        max_leaves=6,
    )
    command = st.tuples(
        st.sampled_from(["Get-X", "%", "?", "Send-GradioApi", "Write-Output"]),
        st.lists(st.one_of(st.sampled_from(["-Name", "-p:1", "a,b", "./f", "-1", "@s", "{ $_ }"]),
                           expr), max_size=4),
    ).map(lambda t: " ".join([t[0], *t[1]]))
    statement = st.recursive(
        st.one_of(expr, command, st.tuples(st.just("$v = "), expr).map("".join),
                  st.tuples(command, st.just(" | "), command).map("".join)),
        lambda inner: st.one_of(
            st.tuples(expr, inner).map(lambda t: f"if ({t[0]}) {{ {t[1]} }} else {{ }}"),
            st.tuples(expr, inner).map(lambda t: f"foreach ($i in {t[0]}) {{\n{t[1]}\n}}"),
            inner.map(lambda s: f"function F {{ param($a = 1) {s} }}"),
            inner.map(lambda s: f"try {{ {s} }} catch {{ }}"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]}\n{t[1]}"),
        ),
        max_leaves=5,
    )
    return statement


CLOSERS = [")", "}", "]", '"', "'", '\n"@', "\n'@", " 1", "#>", " { }", " catch { }", " while (1)"]


def check(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(t.text for t in tokens) == text
    pos = 0
    for t in tokens:
        assert t.start == pos and t.end > t.start, t
        pos = t.end
    try:
        script = parse(text)
    except ParseError as exc:
        assert exc.line >= 1 and exc.col >= 1
        exc.render(text)
        assert is_incomplete(text) is exc.incomplete
        if exc.incomplete:
            for closer in CLOSERS:
                try:
                    parse(text + closer)
                except ParseError:
                    pass
        return
    ast.dump(script)
    assert not is_incomplete(text)
    assert all(t.kind.value != "error" for t in tokens), [t for t in tokens if t.kind.value == "error"]


@SETTINGS
@given(random_text)
def test_random_text(text: str) -> None:
    check(text)


@SETTINGS
@given(st.one_of(fragments, glued))
def test_fragment_soup(text: str) -> None:
    check(text)


@SETTINGS
@given(shaped())
def test_grammar_shaped(text: str) -> None:
    check(text)
