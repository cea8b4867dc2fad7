"""Layer 2: the pygments lexer built on gshell's tokenizer."""
from __future__ import annotations

from pygments.token import Comment, Generic, Keyword, Name, Number, Operator, String
from replfix import make_registry

from gshell.repl.highlight import GShellLexer, command_is_known, lexer_class

REG = make_registry()


def lex(text: str) -> list[tuple[object, str]]:
    lexer = GShellLexer(is_known=command_is_known(lambda: REG))
    return [(tt, v) for _, tt, v in lexer.get_tokens_unprocessed(text)]


def significant(text: str) -> list[tuple[object, str]]:
    return [(tt, v) for tt, v in lex(text) if v.strip()]


def test_covers_every_character():
    text = "Get-GradioSession -Name x | % { $_.url }  # done\n$a = @{ k = 'v' }; 3 + 4"
    toks = list(GShellLexer().get_tokens_unprocessed(text))
    assert "".join(v for _, _, v in toks) == text
    pos = 0
    for start, _, v in toks:
        assert start == pos
        pos += len(v)


def test_known_command_parameter_string_number_comment():
    got = significant("Get-GradioSession -Name 'x' 42 # note")
    assert got == [(Name.Function, "Get-GradioSession"), (Name.Attribute, "-Name"),
                   (String, "'x'"), (Number, "42"), (Comment.Single, "# note")]


def test_unknown_command_is_an_error_token():
    got = significant("Get-Nothing -X 1")
    assert got[0] == (Generic.Error, "Get-Nothing")


def test_alias_is_known():
    assert significant("select -First 1")[0] == (Name.Function, "select")


def test_variables_operators_keywords():
    got = significant("if ($x -eq 3) { $y = $x }")
    kinds = dict((v, tt) for tt, v in got)
    assert kinds["if"] in Keyword
    assert kinds["$x"] is Name.Variable and kinds["$y"] is Name.Variable
    assert kinds["-eq"] is Operator and kinds["="] is Operator
    assert kinds["3"] is Number


def test_pipe_is_operator_and_second_command_checked():
    got = significant("Get-GradioSession | Nope-Thing")
    assert got == [(Name.Function, "Get-GradioSession"), (Operator, "|"), (Generic.Error, "Nope-Thing")]


def test_lexer_class_binds_is_known():
    cls = lexer_class(lambda name: name == "Foo")
    toks = [(tt, v) for _, tt, v in cls().get_tokens_unprocessed("Foo; Bar")]
    assert (Name.Function, "Foo") in toks and (Generic.Error, "Bar") in toks


def test_incomplete_input_never_raises_and_keeps_text():
    for text in ["Get-GradioSession -Params @{ a = ", "'unterminated", "$(", "\"abc $x", "@'\nx"]:
        toks = list(GShellLexer().get_tokens_unprocessed(text))
        assert "".join(v for _, _, v in toks) == text


def test_the_prompt_lexer_colours_like_the_pygments_lexer_without_pygments():
    from prompt_toolkit.document import Document

    from gshell.repl.colors import PromptLexer
    text = "Get-GradioSession -Name 'x' 42 | Nope-Thing # note\n$y = 3"
    lines = PromptLexer(command_is_known(lambda: REG)).lex_document(Document(text))
    fragments = [(style, t) for n in range(2) for style, t in lines(n) if t.strip()]
    pygments_kinds = [str(tt).lower().replace("token.", "class:pygments.") for tt, _ in significant(text)]
    assert [style for style, _ in fragments] == pygments_kinds
    assert fragments[0] == ("class:pygments.name.function", "Get-GradioSession")
    assert ("class:pygments.generic.error", "Nope-Thing") in fragments
    assert "".join(t for n in range(2) for _, t in lines(n)) == text.replace("\n", "")
