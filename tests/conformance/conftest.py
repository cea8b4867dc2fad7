"""Fixtures of the conformance tests: the gradio_client reference and a gshell with the components
app open as session 'comp' and its proxy functions (prefix C)."""
from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from conformance_lib import make_assets
from inprocess_shell import InProcessShell


@pytest.fixture(scope="session")
def assets(tmp_path_factory) -> dict[str, Path]:
    return make_assets(tmp_path_factory.mktemp("assets"))


class Reference:
    """gradio_client on one app, downloading into its own directory."""

    def __init__(self, url: str, download: Path) -> None:
        from gradio_client import Client
        self.download = download
        self.client = Client(url, download_files=str(download), verbose=False)

    def close(self) -> None:
        try:
            self.client.close()
        except Exception:
            pass


@pytest.fixture(scope="session")
def _references(tmp_path_factory) -> dict[str, Reference]:
    refs: dict[str, Reference] = {}
    yield refs
    for r in refs.values():
        r.close()


@pytest.fixture
def server_for(_gradio_pool):
    def get(version: str) -> Any:
        server = _gradio_pool[version]
        server.wait_ready()
        return server
    return get


@pytest.fixture
def reference_for(_references, tmp_path_factory):
    def get(server: Any) -> Reference:
        if server.version not in _references:
            _references[server.version] = Reference(server.url("components"),
                                                    tmp_path_factory.mktemp(f"ref{server.version}"))
        return _references[server.version]
    return get


class GShell:
    """An in-process gshell with the components app as session 'comp' and proxies C<Api>."""

    def __init__(self, server: Any) -> None:
        self.sh = InProcessShell(server)
        self.sh.ev("New-GradioSession $components -Name comp | Out-Null")
        cmds = self.sh.ev("New-GradioSessionApiProxyFunction -Session comp -Prefix C")
        self.proxies = {str(c["GradioProxy"]["ApiName"]).lstrip("/"): str(c["Name"]) for c in cmds}
        self.fetch_dir = Path(tempfile.mkdtemp(prefix="gshell-conformance-"))

    @property
    def session(self) -> Any:
        return self.sh.sessions.get("comp")

    def fetch(self, fd: dict[str, Any]) -> str:
        target = self.fetch_dir / uuid.uuid4().hex
        target.mkdir()
        saved = self.session.save_files(fd, target)
        assert len(saved) == 1 and saved[0].Error is None, saved
        return saved[0].Path

    def close(self) -> None:
        self.sh.close()


@pytest.fixture(scope="session")
def _gshells() -> dict[str, GShell]:
    shells: dict[str, GShell] = {}
    yield shells
    for s in shells.values():
        s.close()


@pytest.fixture
def gshell_for(_gshells, no_ambient_token):
    def get(server: Any) -> GShell:
        if server.version not in _gshells:
            _gshells[server.version] = GShell(server)
        return _gshells[server.version]
    return get


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With GSHELL_CONFORMANCE_REPORT=<file>, append one JSON line per conformance call: test id,
    outcome and the first difference (tests/conformance/report.py turns it into the match table)."""
    outcome = yield
    report = outcome.get_result()
    path = os.environ.get("GSHELL_CONFORMANCE_REPORT")
    if not path or report.when != "call" or "test_component[" not in item.nodeid:
        return
    message = ""
    if call.excinfo is not None:
        message = str(call.excinfo.value).split("\n")[0]
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps({"id": item.callspec.id, "outcome": report.outcome,
                            "xfail": hasattr(report, "wasxfail"), "message": message}) + "\n")
