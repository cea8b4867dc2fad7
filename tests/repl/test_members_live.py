"""`$x.<Tab>` offers what Get-Member lists: completion reads the runtime's member model
(gshell.runtime.memberinfo) on the live interpreter's values, never a copy of it."""
from __future__ import annotations

import pytest

from gshell.commands import builtin_registry
from gshell.repl.context import RuntimeContext
from gshell.repl.suggest import suggest
from gshell.repl.suggestions import Kind
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter


@pytest.fixture
def interp():
    shell = Interpreter(builtin_registry(), host=CaptureHost())
    yield shell
    shell.close()


def offered(interp: Interpreter, text: str) -> list[str]:
    """The member names the completion menu shows for ``text`` (methods without the paren)."""
    return [s.label.rstrip("()") for s in suggest(text, len(text), RuntimeContext(interp)) if s.kind is Kind.MEMBER]


def get_member(interp: Interpreter, expr: str) -> list[str]:
    return [str(n) for n in interp.evaluate(f"Get-Member -InputObject ({expr}) | ForEach-Object Name")]


def test_session_call_event_members_are_get_members(interp, gradio6):
    interp.evaluate(f"$s = New-GradioSession {gradio6.url('basic')}; "
                    "$c = Invoke-GradioSessionApi echo 'hi'; $r = $c | Update-GradioSessionApiResult")
    for expr in ("$s", "$c", "$c.ApiEvent", "$r[-1]"):
        got = offered(interp, expr + ".")
        assert got, expr
        assert sorted(got, key=str.casefold) == sorted(get_member(interp, expr), key=str.casefold), expr
    session = offered(interp, "$s.")
    assert "Endpoints" in session and "AppUrl" in session and "session" not in session
    call = offered(interp, "$c.")
    assert {"ApiEvent", "Received", "LastReceivedIndex"} <= set(call)
    assert "call" not in call and "received" not in call and "last_received_index" not in call
    assert "Endpoints" in get_member(interp, "$s")     # Get-Member lists every member that works
    assert interp.evaluate("$s.Endpoints -contains 'echo'") == [True]


def test_descriptions_are_get_member_definitions(interp, gradio6):
    interp.evaluate(f"$s = New-GradioSession {gradio6.url('basic')}")
    menu = {s.label: s.meta for s in suggest("$s.App", 6, RuntimeContext(interp))}
    assert menu == {"AppUrl": "string AppUrl {get;}"}


def test_indexed_paths_and_results(interp, gradio6):
    interp.evaluate(f"$s = New-GradioSession {gradio6.url('basic')}; "
                    "$r = Invoke-GradioSessionApi numbers @(3, 4, $true, 'red') | Update-GradioSessionApiResult")
    got = offered(interp, "$r[-1].")
    assert {"num", "ts", "event", "data"} <= set(got)
    data = interp.evaluate("$r[-1].data[0]")[0]
    assert data is not None
    inner = offered(interp, "$r[-1].data[0].")
    assert sorted(inner, key=str.casefold) == sorted(get_member(interp, "$r[-1].data[0]"), key=str.casefold)


def test_hashtable_keys_then_its_members(interp):
    interp.evaluate("$h = @{ alpha = 1; beta = 'two' }")
    got = offered(interp, "$h.")
    assert got[:2] == ["alpha", "beta"] or got[:2] == ["beta", "alpha"]
    assert sorted(got[2:], key=str.casefold) == sorted(get_member(interp, "$h"), key=str.casefold)


def test_array_elements_properties_then_the_array_members(interp):
    interp.evaluate("$a = @([pscustomobject]@{ Name = 'x'; Size = 1 }, [pscustomobject]@{ Name = 'y'; Size = 2 })")
    got = offered(interp, "$a.")
    assert got[:2] == ["Name", "Size"]
    assert sorted(got[2:], key=str.casefold) == sorted(get_member(interp, ",$a"), key=str.casefold)
    assert offered(interp, "$a[0].Na") == ["Name"]


def test_hub_record_members(interp):
    interp.evaluate("$space = [pscustomobject]@{ PSTypeName = 'HuggingFaceSpace'; id = 'o/n'; sdk = 'gradio' }")
    got = offered(interp, "$space.")
    assert sorted(got, key=str.casefold) == sorted(get_member(interp, "$space"), key=str.casefold)


def test_a_member_that_would_fetch_is_never_read_by_completion(interp):
    from gshell.commands.gradio_views import SessionView

    class Engine:
        name, url, default, calls, max_calls, max_calls_policy = "s", "http://127.0.0.1:9", True, [], 1, "Error"
        download_path, token, session_hash, uploads = None, None, "h", {}

        @property
        def endpoints(self):
            raise AssertionError("completion read the endpoint catalog")

        class client:  # noqa: N801 - stands for the engine's client
            config = None
            info_raw = None
            prefix = ""
            api_base = "http://127.0.0.1:9"

    interp.set_variable("v", SessionView(Engine()))
    assert "Endpoints" in offered(interp, "$v.")
    assert offered(interp, "$v.Endpoints.") == []


def test_a_proxy_file_parameter_completes_paths(interp, gradio6, tmp_path):
    (tmp_path / "hello.txt").write_text("hi")
    (tmp_path / "sub").mkdir()
    interp.evaluate(f"New-GradioSession {gradio6.url('files')} | Out-Null; "
                    "New-GradioSessionApiProxyFunction -ApiName file_info | Out-Null")
    ctx = RuntimeContext(interp)
    for text in (f"Invoke-GradioApiFileInfo {tmp_path}/h", f"Invoke-GradioApiFileInfo -f {tmp_path}/h",
                 f"Invoke-GradioSessionApi file_info -Params @{{ f = '{tmp_path}/h"):
        got = [s for s in suggest(text, len(text), ctx) if s.kind is Kind.PATH]
        assert [s.label for s in got] == ["hello.txt"], text
    text = f"Invoke-GradioApiFileInfo {tmp_path}/"
    assert {s.label for s in suggest(text, len(text), ctx)} == {"hello.txt", "sub/"}
