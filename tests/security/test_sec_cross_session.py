"""A FileData from session A given to session B: downloaded from A (with A's credentials, from A's
origin only) and uploaded to B.  A and B are separate server processes with separate
GRADIO_TEMP_DIRs, so passing the server path through (the old behaviour) cannot work."""
from __future__ import annotations

import pytest

from gshell.gradio import GradioSession


@pytest.fixture(scope="module")
def second_server(gradio6):
    """Another Gradio 6.x server process with its own GRADIO_TEMP_DIR."""
    srv = type(gradio6)("6.31.0")
    srv.start()
    srv.wait_ready()
    yield srv
    srv.stop()


@pytest.fixture
def two(gradio6, second_server, clean_env):
    a = GradioSession(gradio6.url("files"))
    b = GradioSession(second_server.url("files"))
    assert a.client.origin != b.client.origin and gradio6.tmp != second_server.tmp
    yield a, b
    a.close()
    b.close()


def test_filedata_from_a_is_uploaded_to_b(two):
    a, b = two
    fd = a.predict("file_single", ["made on A"])[0]
    assert fd["url"].startswith(a.url)
    assert b.predict("file_info", [fd]) == ["out.txt:made on A"]


def test_filedata_from_a_through_the_shell(gradio6, second_server, clean_env):
    from inprocess_shell import InProcessShell
    sh = InProcessShell()
    try:
        sh.ev(f"New-GradioSession {gradio6.url('files')} -Name A")
        sh.ev(f"New-GradioSession {second_server.url('files')} -Name B")
        sh.ev("$fd = (Invoke-GradioSessionApi file_single @{text='via shell'} -Session A | "
              "Update-GradioSessionApiResult)[-1].data[0]")
        out = sh.ev("(Invoke-GradioSessionApi file_info @{f=$fd} -Session B | Update-GradioSessionApiResult)[-1].data")
        assert out == ["out.txt:via shell"]
    finally:
        sh.close()


def test_filedata_of_a_logged_in_app_goes_through_its_own_session(hostile, gradio6, clean_env):
    """A (the impersonator, behind a login cookie) has a file that exists only on A: B can read it
    only if gshell downloads it from A, with A's cookie, and uploads it to B."""
    a = GradioSession(hostile.url("fileauth"))
    a.connect("u", "pw-secret")
    b = GradioSession(gradio6.url("files"))
    try:
        fd = a.predict("x", ["go"])[0]
        assert b.predict("file_info", [fd]) == ["doc.txt:file bytes of A"]
        downloads = [r for r in hostile.requests if "/file=" in r["path"]]
        assert downloads and all("LOGIN-COOKIE-SECRET" in r["headers"].get("cookie", "") for r in downloads)
    finally:
        a.close()
        b.close()
