"""Temporary files are removed on error, SIGTERM, SIGHUP and SIGINT: the partial file of a result
download (Save-GradioFile writes .gshell-dl-* next to its target), and the download of a URL input
(gshell-url-* in the temporary directory) in both of its phases: while it is downloaded, and
while it is uploaded to the app.  (The download of a URL input under SIGTERM/SIGHUP and a
timeout: test_bounds.py; under SIGINT: test_connect_waits.py.)  Each signal is sent once the
file exists or the upload has reached the server."""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from robust_support import ROOT, assert_clean_stderr, gshell_env, wait_until

from gshell.gradio import GradioError, GradioSession

pytestmark = pytest.mark.usefixtures("no_ambient_token")

SIGNALS = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]
IDS = ["SIGTERM", "SIGHUP", "SIGINT"]



def signalled(src: str, entered, signum: int, env: dict[str, str]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "gshell", "-c", src], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))
    try:
        wait_until(lambda: entered() or proc.poll() is not None, what="the transfer")
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signum)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # SIGTERM/SIGHUP: the process still dies of the signal; SIGINT: gshell's interrupted status
    assert proc.returncode == (130 if signum == signal.SIGINT else -signum), (proc.returncode, err)
    if signum == signal.SIGINT:
        assert_clean_stderr(err)


def files_in(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def fd_source(rfaults, scenario: str) -> str:
    url = rfaults.url(scenario) + "/gradio_api/file=/tmp/gradio/abc/forever.bin"
    return f"@{{path='/tmp/gradio/abc/forever.bin'; url='{url}'; meta=@{{_type='gradio.FileData'}}}}"


# ------------------------------------------------------------------ Save-GradioFile
@pytest.mark.parametrize("signum", SIGNALS, ids=IDS)
def test_a_signal_removes_the_partial_file_of_a_result_download(rfaults, tmp_path: Path, signum: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    src = (f"$s = New-GradioSession '{rfaults.url('endlessfile')}'; "
           f"{fd_source(rfaults, 'endlessfile')} | Save-GradioFile -Path '{out}'")
    signalled(src, lambda: any(f.stat().st_size > 0 for f in files_in(out)), signum, gshell_env())
    assert list(out.iterdir()) == []


def test_an_error_removes_the_partial_file_of_a_result_download(rfaults, tmp_path: Path) -> None:
    out = tmp_path / "out"
    src = (f"$s = New-GradioSession '{rfaults.url('endlessfile')}'; "
           f"{fd_source(rfaults, 'endlessfile')} | Save-GradioFile -Path '{out}'; 'after'")
    proc = subprocess.run([sys.executable, "-m", "gshell", "-c", src], capture_output=True, text=True, timeout=120,
                          env=gshell_env(GSHELL_MAX_DOWNLOAD="1MiB"), cwd=str(ROOT))
    assert_clean_stderr(proc.stderr)
    assert "GSHELL_MAX_DOWNLOAD" in proc.stderr and proc.stdout.split() == ["after"]
    assert list(out.iterdir()) == []  # the 1 MiB that arrived is not left behind


# ------------------------------------------------------------------ URL inputs: the upload phase
@pytest.mark.parametrize("signum", SIGNALS, ids=IDS)
def test_a_signal_during_the_upload_of_a_url_input_removes_its_download(rfaults, tmp_path: Path,
                                                                        signum: int) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    rfaults.clear()
    url = rfaults.url("bigfile") + "/gradio_api/file=/tmp/gradio/abc/big.bin"  # 32 MiB, downloaded at once
    src = f"$s = New-GradioSession '{rfaults.url('slowupload')}'; Invoke-GradioSessionApi x @('{url}') | Out-Null"

    def uploading() -> bool:  # the download is complete and its upload has reached the app
        return any(r["method"] == "POST" and r["path"].startswith("/slowupload/") and r["path"].endswith("/upload")
                   for r in list(rfaults.requests)) and bool(files_in(tmp))
    signalled(src, uploading, signum, gshell_env(TMPDIR=str(tmp)))
    assert list(tmp.rglob("*")) == []


@pytest.fixture
def tmpdir_here(tmp_path: Path, monkeypatch):
    import tempfile
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return tmp


def test_an_upload_error_removes_the_download_of_a_url_input(rfaults, tmpdir_here: Path) -> None:
    s = GradioSession(rfaults.url("upload-500"))
    try:
        url = rfaults.url("bigfile") + "/gradio_api/file=/tmp/gradio/abc/big.bin"
        with pytest.raises(GradioError) as ei:
            s.call("x", [url])
        assert "500" in str(ei.value)
    finally:
        s.close()
    assert list(tmpdir_here.rglob("*")) == []


def test_a_download_error_removes_the_partial_download_of_a_url_input(rfaults, tmpdir_here: Path,
                                                                      monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_MAX_DOWNLOAD", "1MiB")
    s = GradioSession(rfaults.url("fileok"))
    try:
        with pytest.raises(GradioError) as ei:
            s.call("x", [rfaults.url("endlessfile") + "/gradio_api/file=/tmp/forever.bin"])
        assert "GSHELL_MAX_DOWNLOAD" in str(ei.value)
    finally:
        s.close()
    assert list(tmpdir_here.rglob("*")) == []
