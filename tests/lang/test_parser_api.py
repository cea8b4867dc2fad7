"""Public API of gshell.lang: parse, is_incomplete, tokenize, ParseError.render; robustness."""

from __future__ import annotations

import os
import random

import pytest

from gshell.lang import MAX_DEPTH, ParseError, TokenKind, ast, is_incomplete, parse, tokenize

NESTINGS = [("(", ")"), ("{", "}"), ("@(", ")"), ("$(", ")"), ('"$(', ')"'), ("@{a=", "}"),
            ("-", ""), ("!", ""), ("[int]", ""), ("$x[", "]"), ("$x.M(", ")"), ("$a = ", "")]


@pytest.mark.parametrize("opener,closer", NESTINGS)
def test_depth_200_parses(opener: str, closer: str) -> None:
    text = opener * 200 + "1" + closer * 200
    assert isinstance(parse(text), ast.Script)
    assert "".join(t.text for t in tokenize(text)) == text


@pytest.mark.parametrize("opener,closer", NESTINGS)
def test_deep_nesting_is_a_clean_parse_error(opener: str, closer: str) -> None:
    text = opener * 10_000 + "1" + closer * 10_000
    with pytest.raises(ParseError) as info:
        parse(text)
    assert "nesting too deep" in info.value.message
    assert info.value.incomplete is False
    assert "".join(t.text for t in tokenize(text)) == text


def test_max_depth_boundary() -> None:
    parse("(" * (MAX_DEPTH - 5) + "1" + ")" * (MAX_DEPTH - 5))
    with pytest.raises(ParseError):
        parse("(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5))


@pytest.mark.parametrize("text", [
    "Write-Output " + "a" * 10_000_000,
    '"' + "a" * 10_000_000 + '"',
    "'" + "b" * 10_000_000,
    "#" + "c" * 10_000_000,
    "1" * 5_000_000,
    "(" * 1_000_000,
    "echo " + "x," * 200_000 + "y",
    "$x = " + "1 + " * 100_000 + "1",
])
def test_long_inputs(text: str) -> None:
    try:
        parse(text)
    except ParseError as exc:
        assert len(exc.render(text)) < 1000  # long lines are windowed


def test_random_bytes_and_lone_surrogates() -> None:
    rng = random.Random(1234)
    for _ in range(300):
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
        text = raw.decode("utf-8", "surrogateescape")
        tokens = tokenize(text)
        assert "".join(t.text for t in tokens) == text
        try:
            parse(text)
        except ParseError as exc:
            exc.render(text)
    for text in ["\ud800", "$x = '\udc80'", "Get-X \ud83d", '"\udfff $y"', "$\ud800 = 1"]:
        try:
            parse(text)
        except ParseError as exc:
            exc.render(text)
        assert "".join(t.text for t in tokenize(text)) == text
    assert os.urandom  # keep the import honest


@pytest.mark.parametrize("text,incomplete", [
    ("Get-X |", True), ("Get-X |\n", True), ("$x = (1 +", True), ("if ($a) {", True),
    ('"abc', True), ("'abc", True), ('@"\nabc', True), ("@'\nabc\n", True), ("Get-X `\n", True),
    ("Get-X `", True), ("1 +", True), ("1,", True), ("Get-X a,", True), ("@{ a = 1", True),
    ("$(1", True), ("@(1", True), ("try { 1 }", True), ("do { 1 }", True), ("<# c", True),
    ("function F", True), ("$x[0", True), ("$x.M(1,", True), ("[int", True), ("${a", True),
    ("Get-X", False), ("1 2", False), ("Get-X )", False), ("class A {", False),
    ("Get-X ` \n", False), ("Get-X `\n\n", False), ("$x =\n", True), ("if ($a) {} else", True),
    ("Get-X --%", False), ("", False), ("# only a comment", False),
])
def test_is_incomplete(text: str, incomplete: bool) -> None:
    assert is_incomplete(text) is incomplete


def test_error_render_powershell_style() -> None:
    text = "$a = 1\n$x = (1 + + )\n"
    with pytest.raises(ParseError) as info:
        parse(text, filename="demo.ps1")
    exc = info.value
    assert (exc.line, exc.col) == (2, 13)
    assert exc.filename == "demo.ps1" and exc.location() == "demo.ps1:2:13"
    rendered = exc.render(text).split("\n")
    assert rendered[0] == "At demo.ps1:2 char:13"
    assert rendered[1] == "+ $x = (1 + + )"
    assert rendered[2] == "+             ~"
    assert rendered[3] == exc.message


def test_error_render_without_filename_and_with_tabs() -> None:
    text = "\tGet-X )"
    with pytest.raises(ParseError) as info:
        parse(text)
    lines = info.value.render(text).split("\n")
    assert lines[0] == "At line:1 char:8"
    assert lines[2] == "+ \t      ~"


def test_positions_are_recorded() -> None:
    script = parse("Get-A\n  $x = Get-B -Name  v")
    assign = script.statements[1]
    assert isinstance(assign, ast.AssignmentStmt)
    assert (assign.pos.line, assign.pos.col, assign.pos.offset) == (2, 3, 8)
    cmd = assign.value.elements[0]  # type: ignore[union-attr]
    assert isinstance(cmd, ast.CommandExpr)
    assert (cmd.name_pos.line, cmd.name_pos.col) == (2, 8)
    assert (cmd.elements[1].pos.line, cmd.elements[1].pos.col) == (2, 21)
    assert script.source.startswith("Get-A")


def test_scriptblock_text_is_kept() -> None:
    script = parse("% { $_.Name }")
    sb = script.statements[0].elements[0].elements[0].value  # type: ignore[union-attr]
    assert isinstance(sb, ast.ScriptBlockExpr)
    assert sb.text == " $_.Name "


def test_token_kinds() -> None:
    text = "$r = Get-X -Name 'a' 42 bare | % { $_.Count } # c\nif ($r -eq [int]1) { :l while (1) {} }"
    kinds = {(t.kind, t.text) for t in tokenize(text)}
    expected = {
        (TokenKind.VARIABLE, "$r"), (TokenKind.OPERATOR, "="), (TokenKind.COMMAND, "Get-X"),
        (TokenKind.PARAMETER, "-Name"), (TokenKind.STRING, "'a'"), (TokenKind.NUMBER, "42"),
        (TokenKind.BAREWORD, "bare"), (TokenKind.OPERATOR, "|"), (TokenKind.COMMAND, "%"),
        (TokenKind.PUNCTUATION, "{"), (TokenKind.MEMBER, "Count"), (TokenKind.COMMENT, "# c"),
        (TokenKind.NEWLINE, "\n"), (TokenKind.KEYWORD, "if"), (TokenKind.OPERATOR, "-eq"),
        (TokenKind.TYPE, "[int]"), (TokenKind.LABEL, ":l"), (TokenKind.KEYWORD, "while"),
        (TokenKind.WHITESPACE, " "),
    }
    assert expected <= kinds


def test_tokenize_expandable_string_parts() -> None:
    tokens = [(t.kind, t.text) for t in tokenize('"a $b $(1) c"')]
    assert tokens == [
        (TokenKind.STRING, '"a '), (TokenKind.VARIABLE, "$b"), (TokenKind.STRING, " "),
        (TokenKind.PUNCTUATION, "$("), (TokenKind.NUMBER, "1"), (TokenKind.PUNCTUATION, ")"),
        (TokenKind.STRING, ' c"'),
    ]


def test_tokenize_recovers_after_an_error_line() -> None:
    text = "Get-X )\n$y = 'ok'"
    tokens = tokenize(text)
    assert any(t.kind is TokenKind.ERROR and t.line == 1 for t in tokens)
    assert (TokenKind.STRING, "'ok'") in {(t.kind, t.text) for t in tokens}
    line2 = [t for t in tokens if t.line == 2]
    assert all(t.kind is not TokenKind.ERROR for t in line2)


def test_tokenize_line_and_col() -> None:
    tokens = tokenize("a\n  $b")
    b = [t for t in tokens if t.text == "$b"][0]
    assert (b.line, b.col, b.start, b.end) == (2, 3, 4, 6)


def test_tokenize_unterminated_string_is_a_string_token() -> None:
    tokens = tokenize('Write-Host "abc')
    assert (tokens[-1].kind, tokens[-1].text) == (TokenKind.STRING, '"abc')
