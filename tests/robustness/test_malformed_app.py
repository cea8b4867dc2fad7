"""A server whose /config or /info is malformed: New-GradioSession says, in one line, "not a
Gradio app (or an unsupported version): <what is wrong>", with server-sent names cut short.

Each case is an app root /<case> on a small server on 127.0.0.1 answering GET /<case>/config
and GET /<case>/gradio_api/info with a valid 6.x document that the case has broken."""
from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from robust_support import Shell, assert_clean_stderr

CONFIG: dict[str, Any] = {
    "version": "6.31.0", "api_prefix": "/gradio_api", "protocol": "sse_v3",
    "components": [{"id": 1, "type": "textbox", "props": {}}, {"id": 2, "type": "textbox", "props": {}}],
    "dependencies": [{"id": 0, "api_name": "echo", "inputs": [1], "outputs": [2],
                      "types": {"generator": False}, "queue": True}],
}
INFO: dict[str, Any] = {"named_endpoints": {"/echo": {
    "parameters": [{"label": "text", "parameter_name": "text", "parameter_has_default": False,
                    "parameter_default": None, "type": {"type": "string"}, "python_type": {"type": "str"},
                    "component": "Textbox"}],
    "returns": [{"label": "out", "type": {"type": "string"}, "component": "Textbox"}],
    "api_visibility": "public"}}, "unnamed_endpoints": {}}

LONG = "N" * 1_000_000

Break = Callable[[dict[str, Any], dict[str, Any]], None]


def _set(doc: str, path: str, value: Any) -> Break:
    """A case that sets config/info[path] (dot-separated; digits index lists) to value."""
    def apply(cfg: dict[str, Any], info: dict[str, Any]) -> None:
        target: Any = cfg if doc == "config" else info
        keys = path.split(".")
        for k in keys[:-1]:
            target = target[int(k)] if k.isdigit() else target[k]
        last = keys[-1]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value
    return apply


def _rename_endpoint(new: str) -> Break:
    def apply(cfg: dict[str, Any], info: dict[str, Any]) -> None:
        info["named_endpoints"] = {new: info["named_endpoints"]["/echo"]}
        info["named_endpoints"][new]["parameters"][0]["component"] = 7
    return apply


# case -> (how to break it, text the message must contain)
CASES: dict[str, tuple[Break, str]] = {
    "endpoints-list": (_set("info", "named_endpoints", [1, 2]), "named_endpoints is a list"),
    "unnamed-string": (_set("info", "unnamed_endpoints", "x"), "unnamed_endpoints is a string"),
    "params-string": (_set("info", "named_endpoints./echo.parameters", "text"), "parameters is a string"),
    "params-null": (_set("info", "named_endpoints./echo.parameters", None), "parameters is null"),
    "returns-object": (_set("info", "named_endpoints./echo.returns", {}), "returns is an object"),
    "param-not-object": (_set("info", "named_endpoints./echo.parameters.0", "p"), "parameters[0] is a string"),
    "component-int": (_set("info", "named_endpoints./echo.parameters.0.component", 3),
                      "component is an integer"),
    "endpoint-string": (_set("info", "named_endpoints./echo", "x"), "'/echo' is a string"),
    "info-list": (lambda c, i: i.clear() or i.update({"named_endpoints": None}), "named_endpoints is null"),
    "id-string": (_set("config", "components.0.id", "one"), "components[0] id is a string"),
    "id-float": (_set("config", "components.0.id", 1.5), "components[0] id is a number"),
    "dep-id-bool": (_set("config", "dependencies.0.id", True), "dependencies[0] id is a boolean"),
    "ctype-int": (_set("config", "components.0.type", 5), "components[0] type is an integer"),
    "deps-string": (_set("config", "dependencies", "echo"), "dependencies is a string"),
    "dep-not-object": (_set("config", "dependencies.0", 3), "dependencies[0] is an integer"),
    "prefix-int": (_set("config", "api_prefix", 5), "api_prefix is an integer"),
    "inputs-string": (_set("config", "dependencies.0.inputs", "1"), "inputs is a string"),
    "input-id-string": (_set("config", "dependencies.0.outputs", ["2"]), "outputs[0] is a string"),
    "components-object": (_set("config", "components", {}), "components is an object"),
    "api-name-int": (_set("config", "dependencies.0.api_name", 4), "api_name is an integer"),
    "long-name": (_rename_endpoint("/" + LONG), "component is an integer"),
}


def _documents(case: str) -> tuple[Any, Any]:
    cfg, info = copy.deepcopy(CONFIG), copy.deepcopy(INFO)
    CASES[case][0](cfg, info)
    return cfg, info


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        parts = self.path.split("?")[0].strip("/").split("/")
        case, rest = parts[0], "/".join(parts[1:])
        if case not in CASES or rest not in ("config", "gradio_api/info"):
            body, code = b'{"detail": "Not Found"}', 404
        else:
            cfg, info = _documents(case)
            body, code = json.dumps(cfg if rest == "config" else info).encode(), 200
        self.send_response(code)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def malformed() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_document_is_one_clear_line(shell: Shell, malformed: str, case: str) -> None:
    out, err = shell.run(f"New-GradioSession {malformed}/{case} -Name m; 'goes on'")
    assert_clean_stderr(err)
    assert "goes on" in out   # a cmdlet's terminating error ends only its statement (pwsh)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    first = lines[0]
    assert "not a Gradio app (or an unsupported version): " in first, err
    assert CASES[case][1] in first, first
    assert len(err) < 2000, len(err)          # server-sent names are cut
    # the shell goes on, and no half-built session was kept
    out, err = shell.run("@(Get-GradioSession).Count")
    assert out.strip() == "0", (out, err)


def test_valid_documents_connect(shell: Shell, malformed: str) -> None:
    """The same server with nothing broken is an app (the cases above fail for their reason)."""
    from gshell.gradio.model import AppConfig, AppModel
    model = AppModel.build(AppConfig.parse(copy.deepcopy(CONFIG)), copy.deepcopy(INFO))
    ep = model.endpoint("echo")
    assert ep.fn_index == 0 and ep.parameters[0].kind == "text" and ep.outputs[0].name == "out"
