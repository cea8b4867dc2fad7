"""PowerShAI's naming rule and proxy creation from strange /info contents (no server needed:
the app is an httpx.MockTransport answering /config and /info)."""
from __future__ import annotations

import json
import re

import httpx
import pytest

from gshell.commands.proxy import reserved_names
from gshell.commands.proxy_names import clean_name, function_name, parameter_names, to_title_case
from gshell.gradio import GradioSession


@pytest.mark.parametrize("raw, expected", [
    ("op1", "Op1"), ("GenerateImage", "Generateimage"), ("API", "API"), ("op1x", "Op1x"), ("préd", "Prd"),
    ("my_fn", "MyFn"), ("hello world", "HelloWorld"), ("aPI", "Api"), ("get-data v2", "GetDataV2"),
    ("", ""), ("日本", ""), ("x.y", "XY"), ("MaxNums", "Maxnums"), ("image_to_3D", "ImageTo3D"),
])
def test_clean_name(raw, expected):
    assert clean_name(raw) == expected


def test_title_case_keeps_acronyms_and_lowercases_words():
    assert to_title_case("hello WORLD fooBar") == "Hello WORLD Foobar"
    assert to_title_case("ab1cd_EF") == "Ab1cd_EF"


def test_function_names():
    assert function_name("Invoke-GradioApi", "/op1") == "Invoke-GradioApiOp1"
    assert function_name("App", "/GenerateImage") == "AppGenerateimage"
    assert function_name("Invoke-GradioApi", "/API") == "Invoke-GradioApiAPI"


def test_parameter_names_replace_bad_ones_by_param_n():
    raw = ["text", "", "Verbose", "Manual", "map", "Text", "1st", "日本", "ok", "vb", "Param1"]
    names = parameter_names(raw, reserved_names())
    assert names[0] == "Text"
    assert names[1] == "Param1"
    assert names[2] == "Param2"       # a common parameter
    assert names[3] == "Param3"       # the proxy's own parameter
    assert names[4] == "Param4"       # an alias of -ApiResultMap
    assert names[5] == "Param5"       # a duplicate after cleaning
    assert names[6] == "Param6"       # starts with a digit
    assert names[7] == "Param7"       # nothing left
    assert names[8] == "Ok"
    assert names[9] == "Param9"       # the alias of -Verbose
    assert names[10] == "Param10"     # 'Param1' is taken: the next free number
    assert len({n.casefold() for n in names}) == len(names)


STRANGE = ["with space", "ünïcödé", "", "x" * 500, "Verbose", "ErrorAction", "Manual", "ApiToken",
           "PipeObj", "text", "TEXT", "-dash", "$dollar", "a:b", "'quote'", "123", "_", "DebugData"]


def _mock_app(named: dict) -> httpx.MockTransport:
    config = {"version": "4.44.1", "dependencies": [], "components": [], "api_prefix": ""}
    info = {"named_endpoints": named, "unnamed_endpoints": {}}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/config":
            return httpx.Response(200, json=config)
        if request.url.path == "/info":
            return httpx.Response(200, json=info)
        return httpx.Response(404, json={"detail": "Not Found"})
    return httpx.MockTransport(handler)


def _param(name, component="Textbox", typ=None):
    return {"label": name, "parameter_name": name, "parameter_has_default": False, "parameter_default": None,
            "type": typ or {"type": "string"}, "python_type": {"type": "str", "description": ""},
            "component": component, "example_input": "x"}


def test_strange_info_names_never_crash_proxy_creation(bare_shell):
    named = {
        "/strange": {"parameters": [_param(n) for n in STRANGE], "returns": []},
        "/with space": {"parameters": [_param("a")], "returns": []},
        "/": {"parameters": [], "returns": []},
        "/日本": {"parameters": [_param("b")], "returns": []},
        "/" + "e" * 500: {"parameters": [_param("c")], "returns": []},
        "/Verbose": {"parameters": [_param("Verbose", "Checkbox", {"type": "boolean"})], "returns": []},
        "/enum": {"parameters": [_param("pick", "Dropdown", {"enum": ["a", "b"], "title": "Dropdown",
                                                             "type": "string"})], "returns": []},
    }
    s = GradioSession("http://127.0.0.1:9", name="odd", transport=_mock_app(named))
    s.connect()
    bare_shell.sessions.add(s)
    rows = bare_shell.ev("New-GradioSessionApiProxyFunction -Session odd")
    names = [r["Name"] for r in rows]
    assert len(names) == len(named) == len({n.casefold() for n in names})
    for n in names:
        assert re.fullmatch(r"Invoke-GradioApi[A-Za-z0-9]*", n), n
    assert "Invoke-GradioApiStrange" in names and "Invoke-GradioApiWithSpace" in names
    params = bare_shell.ev("(Get-Command Invoke-GradioApiStrange).Parameters.Keys")
    endpoint_params = params[:len(STRANGE)]
    assert len({p.casefold() for p in params}) == len(params)
    for p in endpoint_params:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", p), p
    assert endpoint_params[0] == "WithSpace" and endpoint_params[3] == "X" + "x" * 499
    assert endpoint_params[4] == "Param4" and endpoint_params[10] == "Param10"
    # help and DebugData work on all of them
    for n in names:
        assert bare_shell.ev(f"Get-Help {n} -Full")
    dbg = bare_shell.ev("Invoke-GradioApiStrange -DebugData")[0]
    # the engine names an empty parameter_name after its label or position
    assert [p["GradioName"] for p in dbg["Parameters"]] == [n or "param_2" for n in STRANGE]
    # an enum is validated before anything is sent
    with pytest.raises(Exception) as e:
        bare_shell.ev("Invoke-GradioApiEnum -Pick c")
    assert "a,b" in str(getattr(e.value, "record", e.value).message if hasattr(e.value, "record") else e.value)


def test_json_of_info_fixture_names(bare_shell):
    """Real /info captures (tests/fixtures/info) all produce valid, unique names."""
    from pathlib import Path

    from gshell.commands.proxy import build_spec
    from gshell.gradio import model as appinfo
    for path in sorted(Path(__file__).resolve().parents[1].joinpath("fixtures", "info").glob("*.json")):
        if path.name.endswith(".config.json"):
            continue
        info = json.loads(path.read_text())
        cfg = appinfo.AppConfig.parse({"version": "5", "dependencies": [], "components": []})
        for ep in appinfo.parse_catalog(info, cfg).values():
            spec = build_spec("s", "http://x", ep)
            names = [p.name for p in spec.params]
            assert len({n.casefold() for n in names}) == len(names)
            assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", n) for n in names), (path.name, names)


@pytest.mark.parametrize("topic", ["about_gshell", "about_Gradio_Sessions", "about_Gradio_Files",
                                   "about_Gradio_Proxy_Functions", "about_HuggingFace"])
def test_help_topics_print(bare_shell, topic):
    text = bare_shell.ev(f"Get-Help {topic}")[0]
    assert text.splitlines()[1].strip() == topic and "SHORT DESCRIPTION" in text
    assert topic in bare_shell.ev("Get-Help about_* | % Name")
