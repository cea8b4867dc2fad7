"""Layer 1: the pure completion core on captured /info fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest
from replfix import load_info

from gshell.repl.context import StaticContext
from gshell.repl.suggest import suggest
from gshell.repl.suggestions import Kind


def ins(text: str, ctx: StaticContext, cursor: int | None = None) -> list[str]:
    return [s.insert for s in suggest(text, len(text) if cursor is None else cursor, ctx)]


def by_insert(text: str, ctx: StaticContext) -> dict:
    return {s.insert: s for s in suggest(text, len(text), ctx)}


# --------------------------------------------------------------------------- commands

def test_command_prefix_with_synopsis(ctx):
    out = suggest("Invoke-Gr", 9, ctx)
    assert [s.insert for s in out] == ["Invoke-GradioSessionApi"]
    assert out[0].kind is Kind.COMMAND and out[0].start == 0
    assert out[0].description == "Call an endpoint in a session."


def test_command_prefix_is_case_insensitive_and_includes_aliases(ctx):
    assert ins("get-g", ctx) == ["Get-GradioSession"]
    got = by_insert("fo", ctx)
    assert "ForEach-Object" in got and "foreach" in got
    assert got["foreach"].description == "-> ForEach-Object"


def test_command_fuzzy_fallback(ctx):
    assert ins("igsa", ctx)[0] == "Invoke-GradioSessionApi"


def test_command_after_pipe_and_in_script_block(ctx):
    assert ins("Get-GradioSession | sel", ctx) == ["Select-Object", "select"]
    text = "Get-GradioSession | % { Out-F"
    s = suggest(text, len(text), ctx)
    assert s[0].insert == "Out-File" and s[0].start == len(text) - 5


def test_command_after_assignment(ctx):
    assert ins("$x = Get-Gr", ctx) == ["Get-GradioSession"]


# --------------------------------------------------------------------------- parameters

def test_parameters_of_command_with_common(ctx):
    got = by_insert("Invoke-GradioSessionApi -", ctx)
    assert list(got)[:5] == ["-ApiName", "-Params", "-EventId", "-Session", "-Token"]
    assert "-Verbose" in got and "-ErrorAction" in got
    assert got["-ApiName"].kind is Kind.PARAMETER
    assert "<string>" in got["-ApiName"].description and "Endpoint name" in got["-ApiName"].description


def test_parameter_prefix_and_bound_not_offered(ctx):
    assert ins("Invoke-GradioSessionApi -Api", ctx) == ["-ApiName"]
    got = ins("Invoke-GradioSessionApi -ApiName echo -", ctx)
    assert "-ApiName" not in got and "-Params" in got
    # a positional argument binds ApiName too
    assert "-ApiName" not in ins("Invoke-GradioSessionApi echo -", ctx)


def test_parameter_via_alias_command(ctx):
    assert ins("select -Fi", ctx) == ["-First"]


def test_parameter_unknown_command_gives_nothing(ctx):
    assert ins("Frobnicate -", ctx) == []


# --------------------------------------------------------------------------- values

def test_choices_values(ctx):
    assert ins("Set-GradioSession -MaxCallsPolicy ", ctx) == ["Error", "Remove", "Warning"]
    assert ins("Set-GradioSession -MaxCallsPolicy w", ctx) == ["Warning"]
    out = suggest("Set-GradioSession -MaxCallsPolicy:R", 35, ctx)
    assert [(s.insert, s.start) for s in out] == [("Remove", 34)]


def test_common_parameter_choices(ctx):
    assert "SilentlyContinue" in ins("Get-GradioSession -ErrorAction ", ctx)


def test_endpoint_names_from_default_session(ctx):
    out = suggest("Invoke-GradioSessionApi -ApiName ", 33, ctx)
    assert [s.insert for s in out] == ["echo", "numbers", "defaults", "upload", "many_files",
                                       "image_size", "stream"]
    assert out[0].kind is Kind.ENDPOINT and out[0].display == "/echo"
    assert "(text)" in out[0].description and "Echo the text back." in out[0].description


def test_endpoint_prefix_and_leading_slash(ctx):
    assert ins("Invoke-GradioSessionApi -ApiName nu", ctx) == ["numbers"]
    assert ins("Invoke-GradioSessionApi -ApiName /nu", ctx) == ["numbers"]


def test_endpoint_positional_slot(ctx):
    assert ins("Invoke-GradioSessionApi ec", ctx) == ["echo"]


def test_endpoint_of_session_named_with_session(ctx):
    chat = ins("Invoke-GradioSessionApi -Session chat -ApiName ", ctx)
    assert chat == ["respond"]


def test_endpoint_of_session_variable(ctx):
    from gshell.commands.gradio_views import session_view
    from gshell.gradio import GradioSession
    session = GradioSession("http://127.0.0.1:1/", name="chat")   # never connected
    try:
        ctx.vars["s"] = session_view(session)   # what New-GradioSession -PassThru stores
        assert ins("Invoke-GradioSessionApi -Session $s -ApiName ", ctx) == ["respond"]
    finally:
        session.close()


def test_endpoint_of_app_url(ctx):
    assert ins("Send-GradioApi -AppUrl http://127.0.0.1:7870 -ApiName ", ctx) == ["predict"]
    assert ins("Send-GradioApi http://127.0.0.1:7870/ ", ctx) == ["predict"]


def test_endpoint_without_cached_info_offers_nothing(registry):
    ctx = StaticContext(registry=registry, sessions={"x": "http://127.0.0.1:1/"}, default="x")
    assert ins("Invoke-GradioSessionApi -ApiName ", ctx) == []


def test_session_names(ctx):
    out = suggest("Invoke-GradioSessionApi -Session ", 33, ctx)
    assert [(s.insert, s.kind) for s in out] == [("tools", Kind.SESSION_NAME), ("chat", Kind.SESSION_NAME)]
    assert out[0].description == "default session"


def test_help_topics_and_commands(ctx):
    assert ins("Get-Help about_s", ctx) == ["about_Sessions"]
    assert "Invoke-GradioSessionApi" in ins("Get-Help Inv", ctx)


def test_command_domain(ctx):
    assert ins("Get-Command Out", ctx) == ["Out-File"]


def test_paths(ctx, tmp_path: Path):
    (tmp_path / "cat.png").write_bytes(b"x")
    (tmp_path / "car photo.jpg").write_bytes(b"x")
    (tmp_path / "cars").mkdir()
    (tmp_path / "cars" / "red.png").write_bytes(b"x")
    out = by_insert("Out-File ca", ctx)
    assert set(out) == {"cat.png", "'car photo.jpg'", "cars/"}
    assert out["cars/"].kind is Kind.PATH and out["cars/"].description == "directory"
    assert ins("Out-File cars/", ctx) == ["cars/red.png"]
    assert ins("Out-File 'car p", ctx) == ["'car photo.jpg'"]


# --------------------------------------------------------------------------- -Params @{ }

def test_params_keys_for_endpoint(ctx):
    text = "Invoke-GradioSessionApi -ApiName numbers -Params @{ "
    out = suggest(text, len(text), ctx)
    assert [s.insert for s in out] == ["num", "slider", "flag", "colour"]
    assert all(s.kind is Kind.ENDPOINT_PARAM for s in out)
    desc = {s.insert: s.description for s in out}
    assert desc["num"].startswith("Number float (required)")
    assert desc["slider"].startswith("Slider float = 5")
    assert "Dropdown" in desc["colour"] and "'red'" in desc["colour"]


def test_params_keys_present_not_offered_again(ctx):
    text = "Invoke-GradioSessionApi -ApiName numbers -Params @{ num = 1; slider = 3\n"
    assert ins(text, ctx) == ["flag", "colour"]
    assert ins("Invoke-GradioSessionApi numbers @{ num = 1; f", ctx) == ["flag"]


def test_params_keys_positional_and_api_slash(ctx):
    assert ins("Invoke-GradioSessionApi /defaults @{ ", ctx) == ["text", "n", "maybe"]


def test_params_keys_with_session(ctx):
    assert ins("Invoke-GradioSessionApi -Session chat -ApiName respond -Params @{ ", ctx) == ["message"]


def test_params_dropdown_values(ctx):
    text = "Invoke-GradioSessionApi -ApiName numbers -Params @{ colour = "
    out = suggest(text, len(text), ctx)
    assert [s.insert for s in out] == ["'red'", "'green'", "'blue'"]
    assert out[0].kind is Kind.VALUE
    assert ins("Invoke-GradioSessionApi upload @{ mode = 'sl", ctx) == ["'slow motion'"]


def test_params_bool_and_file_values(ctx, tmp_path: Path):
    (tmp_path / "doc.pdf").write_bytes(b"%PDF")
    assert ins("Invoke-GradioSessionApi numbers @{ flag = ", ctx) == ["$true", "$false"]
    assert ins("Invoke-GradioSessionApi upload @{ f = './d", ctx) == ["'./doc.pdf'"]


def test_nested_hashtable_not_confused(ctx):
    assert ins("Invoke-GradioSessionApi numbers @{ num = @{ ", ctx) == []


def test_params_unknown_endpoint_gives_nothing(ctx):
    assert ins("Invoke-GradioSessionApi nope @{ ", ctx) == []


# --------------------------------------------------------------------------- variables, members

def test_variables(ctx):
    out = suggest("$in", 3, ctx)
    assert [s.insert for s in out] == ["$info", "$input"]
    assert out[0].kind is Kind.VARIABLE and out[0].start == 0
    assert "string" in out[1].description


def test_variable_as_argument(ctx):
    text = "Invoke-GradioSessionApi -Params $i"
    assert ins(text, ctx) == ["$info", "$input", "$items"]


def test_members_endpoint_names_quoted(ctx):
    text = "$info.named_endpoints."
    out = suggest(text, len(text), ctx)
    assert [s.insert for s in out][:3] == ["'/echo'", "'/numbers'", "'/defaults'"]
    assert out[0].kind is Kind.MEMBER and out[0].start == len(text)


def test_members_record_keys_and_list_elements(ctx):
    assert ins("$info.n", ctx) == ["named_endpoints"]
    text = "$info.named_endpoints.'/numbers'.parameters."
    got = ins(text, ctx)
    assert got[:3] == ["label", "parameter_name", "parameter_has_default"]
    assert "Count" in got
    assert ins("$input.toU", ctx) == ["ToUpper()", "ToUpperInvariant()"]
    assert ins("$input.Spl", ctx) == ["Split("]


def test_members_case_insensitive_path(ctx):
    assert ins("$INFO.Named_Endpoints.'/echo'.desc", ctx) == ["description"]


def test_members_unknown_variable(ctx):
    assert ins("$nope.", ctx) == []


def test_nothing_inside_single_quoted_string(ctx):
    assert ins("Get-Help '$in", ctx) == []


def test_nothing_in_comment(ctx):
    assert ins("Get-GradioSession # Get-", ctx) == []


# --------------------------------------------------------------------------- other gradio versions

@pytest.mark.parametrize("name,expected", [
    ("tools-4", ["echo", "numbers", "defaults", "upload", "many_files", "image_size", "stream"]),
    ("tools-5", ["echo", "numbers", "defaults", "upload", "many_files", "image_size", "stream"]),
    ("iface-4", ["predict"]), ("iface-6", ["greet"]), ("chat-5", ["chat"]),
])
def test_endpoints_across_versions(registry, name, expected):
    ctx = StaticContext(registry=registry, sessions={"a": "http://127.0.0.1:1/"},
                        infos={"a": load_info(name)}, default="a")
    assert ins("Invoke-GradioSessionApi ", ctx) == expected


def test_all_endpoints_listing_includes_undocumented(registry):
    ctx = StaticContext(registry=registry, sessions={"a": ""}, infos={"a": load_info("tools-6-all")},
                        default="a")
    assert "undoc" in ins("Invoke-GradioSessionApi ", ctx)
    assert "undoc" not in ins("Invoke-GradioSessionApi ", StaticContext(
        registry=registry, sessions={"a": ""}, infos={"a": load_info("tools-6")}, default="a"))


# --------------------------------------------------------------------------- the 200 x 20 /info

def test_big_info_endpoints_and_keys(big_ctx):
    names = ins("Invoke-GradioSessionApi -ApiName ", big_ctx)
    assert len(names) == 200
    ep = names[7]
    keys = ins(f"Invoke-GradioSessionApi -ApiName {ep} -Params @{{ ", big_ctx)
    assert len(keys) == 20
    keys = ins(f"Invoke-GradioSessionApi -ApiName {ep} -Params @{{ image_0 = 1; text_1 = 2; ", big_ctx)
    assert len(keys) == 18 and "image_0" not in keys


def test_big_info_dropdown_with_space_is_quoted(big_ctx):
    ep = ins("Invoke-GradioSessionApi -ApiName ", big_ctx)[0]
    # parameter 4 of endpoint 0 is a Dropdown (components cycle every 6)
    keys = ins(f"Invoke-GradioSessionApi {ep} @{{ ", big_ctx)
    text = f"Invoke-GradioSessionApi {ep} @{{ {keys[4]} = "
    assert ins(text, big_ctx) == ["'red'", "'green'", "'blue'", "'dark red'"]


def test_cursor_in_middle_uses_text_before_cursor(ctx):
    text = "Invoke-Gr | Out-File x"
    assert ins(text, ctx, cursor=9) == ["Invoke-GradioSessionApi"]


def test_variables_complete_with_their_spelling_from_the_live_interpreter() -> None:
    from gshell.commands import builtin_registry
    from gshell.repl.context import RuntimeContext
    from gshell.runtime.host import CaptureHost
    from gshell.runtime.interpreter import Interpreter
    interp = Interpreter(builtin_registry(), host=CaptureHost())
    interp.evaluate("$MyVar = 1; $myVAR = 2")
    texts = [s.insert for s in suggest("$my", 3, RuntimeContext(interp)) if s.kind == Kind.VARIABLE]
    assert "$MyVar" in texts and "$myvar" not in texts


# --------------------------------------------------------------------------- the runtime's binder and member model

def test_binding_follows_the_runtime_binder(ctx):
    # a unique prefix names the parameter, as when the line runs: the endpoints of session chat
    assert ins("Invoke-GradioSessionApi -Sess chat -ApiName ", ctx) == ins("Invoke-GradioSessionApi -Session chat "
                                                                          "-ApiName ", ctx) != []
    # a switch takes no value: the next word is the first positional (-Session)
    assert ins("Set-GradioSession -Default ", ctx) == ["tools", "chat"]
    # `-Name:value` binds like `-Name value`
    assert ins("Set-GradioSession -MaxCallsPolicy:W", ctx) == ["Warning"]


def test_member_path_with_indexes(ctx):
    first = ins("$info.named_endpoints.'/numbers'.parameters[0].", ctx)
    assert first[:3] == ["label", "parameter_name", "parameter_has_default"]
    assert ins("$items[-1].Compa", ctx) == ["CompareTo("]
    assert ins("$info.named_endpoints.'/numbers'.parameters[99].", ctx) == []


def test_member_descriptions_are_get_member_definitions(ctx):
    got = {s.label: s.meta for s in suggest("$input.Len", 10, ctx)}
    assert got == {"Length": "int Length {get;}"}
    got = {s.label: s.meta for s in suggest("$info.unn", 9, ctx)}
    assert list(got) == ["unnamed_endpoints"]
    assert got["unnamed_endpoints"].startswith("System.Management.Automation.PSCustomObject unnamed_endpoints=@{")
