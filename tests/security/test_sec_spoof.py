"""Spoofing characters (invisible format characters, joiners, line separators, combining floods),
long and multi-line server text in one-line errors, and completion inserting server names."""
from __future__ import annotations

import pytest

from gshell.display import LINE_LIMIT, MAX_COMBINING, is_clean, one_line, safe_file_name, visible
from gshell.gradio.errors import AppError, EndpointNotFound, GradioError
from gshell.repl.literal import literal
from gshell.repl.paths import quote_path


@pytest.mark.parametrize("raw,shown", [
    ("a\u200bb", "a<U+200B>b"), ("\ufeffx", "<U+FEFF>x"), ("a\u2028b\u2029c", "a<U+2028>b<U+2029>c"),
    ("\u200e\u200f\u061c", "<U+200E><U+200F><U+061C>"), ("a\u2060\u2064", "a<U+2060><U+2064>"),
    ("pay\u00adpal", "pay<U+00AD>pal"), ("\U000e0041\U000e007f", "<U+E0041><U+E007F>"),
    ("\u206a\u180e\ufff9", "<U+206A><U+180E><U+FFF9>"),
    ("ad\u200dmin", "ad<U+200D>min"), ("x\u200c", "x<U+200C>"),
    ("\U0001f468\u200d\U0001f469", "\U0001f468\u200d\U0001f469"),      # an emoji ZWJ sequence is kept
    ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),  # Persian ZWNJ
    ("Vie\u0323\u0302t", "Vie\u0323\u0302t"),                             # ordinary stacked marks
])
def test_visible_spoofing_table(raw, shown):
    assert visible(raw) == shown


def test_combining_flood_is_cut():
    raw = "Z" + "\u0301\u0316" * 200 + "end"
    shown = visible(raw)
    assert shown == "Z" + ("\u0301\u0316" * 4) + f"<+{400 - MAX_COMBINING} marks>end"
    assert not is_clean(raw) and is_clean("Z" + "\u0301" * MAX_COMBINING)


def test_file_names_drop_invisible_characters():
    assert safe_file_name("a\u200b\ufeff\u2028b\U000e0041.png") == "ab.png"


def test_one_line_collapses_and_bounds():
    assert one_line("a\nb\r\nc\u2028d\u2029e\x1cf\x85g") == "a b c d e f g"
    text = one_line("x" * (LINE_LIMIT * 1000))
    assert len(text) < LINE_LIMIT + 40 and text.endswith(f"… ({LINE_LIMIT * 999} more characters)")


@pytest.mark.parametrize("err", [
    GradioError("boom\n" + "y" * 1_000_000),
    AppError("gshell > fake prompt\nWARNING: line two\r\x1b[2K" + "z" * 500_000, endpoint="/x"),
    EndpointNotFound("no endpoint " + "/" + "n" * 1_000_000, known=["/" + "n" * 1_000_000]),
])
def test_gradio_errors_are_one_bounded_line(err):
    text = str(err)
    assert "\n" not in text and "\r" not in text and len(text) <= LINE_LIMIT + 40


def test_error_cut_never_leaves_part_of_a_secret():
    from gshell import secrets
    token = "hf_" + "S" * 34
    secrets.register(token)
    try:
        err = GradioError("x" * (LINE_LIMIT - 10) + token)
        assert "SSSSS" not in str(err)
    finally:
        secrets.unregister(token)


HOSTILE_NAMES = [
    "x\u2019; Remove-Item ~ -Recurse; \u2019", "x'; Remove-Item ~; '", "$(Remove-Item ~)", "a`$b",
    "q\"\u201c\u201d\u201e$x", "\u202egnp.exe\x1b]0;t\x07", "ad\u200dmin", "z" + "\u0301" * 30,
    "\U000e0041\x00\x9b2J", "line\nnext\u2028", "caf\u00e9", "\u2018\u201a\u201b",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("quote", ["", "'", '"', "\u2018", "\u201c"])
def test_completion_literal_reads_back_exact_and_shows_nothing(shell, name, quote):
    """What Tab inserts for a server's name is read back byte-exact by the tokenizer (it never
    ends its string early or runs `$(...)`) and puts no control or invisible character into
    the input line."""
    text = literal(name, quote)
    assert shell.one(text) == name
    assert visible(text) == text and all(ch.isprintable() for ch in text)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_path_completion_literal(shell, name):
    text = quote_path(name)
    assert shell.one("Write-Output " + text) == name
    assert visible(text) == text


@pytest.mark.parametrize("src", ["[int]$v", "[datetime]$v", "1 -gt $v", "& $v", "Start-Sleep -Seconds $v"])
def test_a_value_quoted_in_an_error_is_an_excerpt(shell, src):
    """A server's 1 MB, multi-line value quoted by a conversion error gives one bounded line."""
    shell.interp.set_variable("v", "x\nWARNING: forged\u2028" * 50_000)
    out, err = shell.run(src)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and len(lines[0]) < 1000, (len(lines), len(err))
    assert shell.run('[int]"abc"')[1].startswith('InvalidArgument: Cannot convert value "abc" to type')
