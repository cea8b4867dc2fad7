"""Property tests (hypothesis; fixed seed in CI through the `ci` profile of conftest.py, random
seeds from bench/fuzz_random_seeds.py).  About 20,000 generated inputs per run:

- tokenizer / parser: tokenize() never raises and covers its input; parse() raises only ParseError;
- binder: random argument lists bound against EVERY command declaration in BUILTINS (and random
  piped objects) raise only PSError-type errors, never another Python exception;
- /info documents (random but schema-shaped: names with spaces, unicode, empty, 500 characters,
  equal to common parameters like Verbose): the endpoint catalogue, proxy-function creation and
  completion (gshell.repl.suggest) never crash, and proxy parameter names stay valid and unique.

Strategies are kept cheap (sampled pools, short lists) so that the run fits in about 90 s."""
from __future__ import annotations

import os
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gshell.lang import ParseError, parse, tokenize
from gshell.runtime.errors import PSError

# pytest-timeout is a guard against a hang: about 20,000 inputs take minutes on a loaded machine
pytestmark = pytest.mark.timeout(1800)

SCALE = float(os.environ.get("GSHELL_FUZZ_SCALE", "1"))


def n(count: int) -> settings:
    return settings(max_examples=max(1, int(count * SCALE)))


# ------------------------------------------------------------------------------------------
# tokenizer / parser
# ------------------------------------------------------------------------------------------

ALPHABET = "abcxyzGetN019 \t\n$@#`'\"(){}[];,|&.:=+-*/%!<>?_\\–—‘’“”é\u00a0"
PIECES = [
    "Invoke-GradioSessionApi", "New-GradioSession", "echo", "-Params", "-Session", "@{", "}", "@(", ")",
    "'a b'", '"x $y $(1+2)"', "$x", "$_", "$x.y", "$x[0]", "|", ";", "\n", "%", "{", "=", "+=", "-eq", "..",
    "-f", "[int]", "[string[]]", "if", "else", "foreach", "(", "in", "try", "catch", "finally", "function",
    "param", "switch", "-Verbose", "-WhatIf", "-Token", "hf_abc", "http://127.0.0.1:1/a", "2>&1", ">",
    "`", "#", "<#", "#>", "@'\n", "\n'@", "--%", "::", "[Math]::Round(1.5)", "$env:HF_TOKEN", "1kb", "0x1F",
]
texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=40),
    st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
)


@n(7000)
@given(texts)
def test_tokenizer_and_parser_never_crash(text: str) -> None:
    toks = tokenize(text)
    assert isinstance(toks, list)
    try:
        parse(text)
    except ParseError:
        pass


# ------------------------------------------------------------------------------------------
# binder: every command declaration
# ------------------------------------------------------------------------------------------

def _commands() -> list[Any]:
    from gshell.commands import load_all
    return sorted(load_all().commands(), key=lambda c: c.name)


COMMANDS = _commands()


def _values() -> list[Any]:
    from gshell.runtime.values import Hashtable, Record
    return [None, True, False, 0, 1, -3, 2**40, 1.5, float("nan"), "", "x", "'q'", "-Name", "*", "a*b",
            "http://127.0.0.1:1/app", "/etc/passwd", "../..", "é", "1,2", "true", "0x10", "12abc",
            [], [1, "2"], [None], (1, 2), {"a": 1}, Hashtable([("a", 1), ("B", "x")]), Hashtable(),
            Record([("Name", "n"), ("Value", 3), ("Path", "p")]), Record([("FullName", "/tmp/x")]), b"bytes",
            object()]


VALUES = _values()


@st.composite
def bindings(draw: Any) -> tuple[Any, list[Any], Any]:
    from gshell.runtime.binding import Named, Positional
    cmd = draw(st.sampled_from(COMMANDS))
    names = [p.name for p in cmd.all_params()]
    name_pool = names + [nm[:2] for nm in names] + ["Verbose", "ErrorAction", "zz", "", "-", "Pa"]
    elements: list[Any] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 2))
        value = draw(st.sampled_from(VALUES))
        if kind == 0:
            elements.append(Positional(value))
        else:
            elements.append(Named(draw(st.sampled_from(name_pool)), value, has_value=kind == 2))
    piped = draw(st.sampled_from(VALUES))
    return cmd, elements, piped


@n(8000)
@given(bindings())
def test_binder_raises_only_ps_errors(case: tuple[Any, list[Any], Any]) -> None:
    from gshell.runtime.binding import bind, bind_pipeline
    cmd, elements, piped = case
    try:
        bound = bind(cmd, elements)
    except PSError:
        return
    try:
        bind_pipeline(bound, piped)
    except PSError:
        pass


# ------------------------------------------------------------------------------------------
# /info documents: catalogue, proxy functions, completion
# ------------------------------------------------------------------------------------------

NAMES = ["text", "Text", "a b", "with space", "", " ", "é", "préd", "名前", "🙂", "x" * 500, "Verbose", "verbose",
         "ErrorAction", "Debug", "WhatIf", "Session", "Manual", "ApiToken", "Map", "PipeObj", "1abc", "_", "__",
         "a-b", "a.b", "$x", "'q'", '"', "-Name", "Param0", "param1", "API", "my_fn", "op1x", "\t", "a\nb"]
TYPES = [{"type": "string"}, {"type": "number"}, {"type": "integer"}, {"type": "boolean"},
         {"type": "string", "enum": ["red", "green", "é x"]}, {"type": "array", "items": {"type": "string"}},
         {"type": "object", "properties": {"path": {"type": "string"}}}, {}, {"anyOf": [{"type": "string"}]}]
COMPONENTS = ["Textbox", "Number", "Slider", "Checkbox", "Dropdown", "File", "Image", "Audio", "JSON", "State",
              "", "Weird"]
PYTYPES = [{"type": "str", "description": ""}, {"type": "float", "description": ""}, {"type": "bool", "description": ""},
           {"type": "filepath", "description": ""}, {"type": "Dict(path: str)", "description": "x"}]


@st.composite
def parameter(draw: Any) -> dict[str, Any]:
    p: dict[str, Any] = {
        "label": draw(st.sampled_from(NAMES)),
        "parameter_name": draw(st.sampled_from(NAMES + [None])),
        "parameter_has_default": draw(st.booleans()),
        "parameter_default": draw(st.sampled_from([None, "", "hello", 0, 3.5, True, ["a"], {"path": "x"}])),
        "type": draw(st.sampled_from(TYPES)),
        "python_type": draw(st.sampled_from(PYTYPES)),
        "component": draw(st.sampled_from(COMPONENTS)),
    }
    if draw(st.integers(0, 9)) == 0:
        p.pop(draw(st.sampled_from(sorted(p))))  # a field missing
    return p


@st.composite
def infos(draw: Any) -> dict[str, Any]:
    endpoints: dict[str, Any] = {}
    for _ in range(draw(st.integers(0, 4))):
        name = "/" + draw(st.sampled_from(NAMES))
        endpoints[name] = {
            "parameters": draw(st.lists(parameter(), max_size=5)),
            "returns": [{"label": "out", "type": {"type": "string"}, "component": "Textbox"}],
            "api_visibility": draw(st.sampled_from(["public", "private", "undocumented"])),
            "description": draw(st.sampled_from([None, "", "Does things.", "x" * 500])),
        }
    return {"named_endpoints": endpoints, "unnamed_endpoints": {}}


CONFIG = {"version": "6.31.0", "api_prefix": "/gradio_api", "components": [], "dependencies": []}
IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def _reserved() -> set[str]:
    from gshell.commands.proxy import reserved_names
    return {r.casefold() for r in reserved_names()}


@n(2500)
@given(infos())
def test_info_catalog_and_proxy_functions(info: dict[str, Any]) -> None:
    from gshell.commands.proxy import build_command, build_spec
    from gshell.commands.proxy_names import function_name
    from gshell.gradio.model import AppConfig, parse_catalog
    catalog = parse_catalog(info, AppConfig.parse(dict(CONFIG)))
    reserved = _reserved()
    for ep in catalog.values():
        fname = function_name("Invoke", ep.name)
        assert isinstance(fname, str) and fname
        spec = build_spec("s", "http://127.0.0.1:1/app", ep)
        cmd = build_command(fname, spec)
        names = [pp.name for pp in spec.params]
        assert len({x.casefold() for x in names}) == len(names), names
        for x in names:
            assert IDENT.match(x), x
            assert x.casefold() not in reserved, x
        # the declaration binds like any other command
        from gshell.runtime.binding import Positional, bind
        try:
            bind(cmd, [Positional("v") for _ in spec.params])
        except PSError:
            pass


COMPLETION_LINES = [
    "Invoke-GradioSessionApi ", "Invoke-GradioSessionApi -ApiName ", "Invoke-GradioSessionApi {ep} ",
    "Invoke-GradioSessionApi {ep} @{{ ", "Invoke-GradioSessionApi -ApiName {ep} -Params @{{ {p} = 1; ",
    "Invoke-GradioSessionApi '{ep}' -Params @{{ '{p}' = ", "$info.named_endpoints.'/{ep}'.parameters.",
    "New-GradioSessionApiProxyFunction -ApiName ", "Get-GradioSession -Session ", "Set-GradioSession -",
    "Invoke-GradioSessionApi -Session s -ApiName {ep} -P",
]


@st.composite
def completion_cases(draw: Any) -> tuple[dict[str, Any], str, int]:
    info = draw(infos())
    eps = list(info["named_endpoints"]) or ["/none"]
    ep = draw(st.sampled_from(eps)).lstrip("/")
    params = [p.get("parameter_name") or "" for p in info["named_endpoints"].get("/" + ep, {}).get("parameters", [])]
    p = draw(st.sampled_from(params or ["x"])) or ""
    line = draw(st.sampled_from(COMPLETION_LINES)).format(ep=ep, p=p)
    cursor = draw(st.integers(0, len(line)))
    return info, line, cursor


@n(2500)
@given(completion_cases())
def test_completion_never_crashes(case: tuple[dict[str, Any], str, int]) -> None:
    from gshell.repl.context import StaticContext
    from gshell.repl.suggest import suggest
    from gshell.runtime.values import from_json
    info, line, cursor = case
    ctx = StaticContext(sessions={"s": "http://127.0.0.1:1/app"}, infos={"s": info}, default="s",
                        vars={"info": from_json(info)})
    out = suggest(line, cursor, ctx)
    assert isinstance(out, list)
    out = suggest(line, len(line), ctx)
    assert isinstance(out, list)
