"""Uploads, FileData results and Save-GradioFile."""
from __future__ import annotations

import os
import stat

import pytest

from gshell.gradio.files import new_file_mode


@pytest.fixture
def fsh(sh, tmp_path):
    sh.ev("New-GradioSession $files | Out-Null")
    src = tmp_path / "hello.txt"
    src.write_text("hello file")
    sh.interp.set_variable("src", str(src))
    out = tmp_path / "out"
    sh.interp.set_variable("outdir", str(out))
    return sh


def test_file_parameter_from_local_path(fsh):
    r = fsh.ev("Invoke-GradioSessionApi file_info @($src) | Update-GradioSessionApiResult")
    assert r[-1]["data"] == ["hello.txt:hello file"]
    r = fsh.ev("Invoke-GradioSessionApi file_info @{f=$src} | Update-GradioSessionApiResult")
    assert r[-1]["data"] == ["hello.txt:hello file"]


def test_send_session_files_and_reuse(fsh):
    fd = fsh.one("$fd = Send-GradioSessionFiles $src; $fd")
    assert fd.type_name == "GradioFileData"
    assert fd["orig_name"] == "hello.txt" and fd["meta"]["_type"] == "gradio.FileData"
    assert fd["url"].startswith(fsh.server.url("files") + ("/file=" if fsh.server.major == 4 else "/gradio_api/file="))
    r = fsh.ev("Invoke-GradioSessionApi file_info @(,$fd) | Update-GradioSessionApiResult")
    assert r[-1]["data"] == ["hello.txt:hello file"]


def test_send_gradio_file_low_level(fsh):
    rec = fsh.one("Send-GradioFile -AppUrl $files -Files $src")
    assert rec["orig_name"] == "hello.txt" and rec["path"].endswith("hello.txt")
    raw = fsh.ev("Send-GradioFile $files $src -Raw")
    assert raw == [rec["path"]]


def test_result_url_and_save(fsh, tmp_path):
    ev = fsh.ev("Invoke-GradioSessionApi file_single 'saved text' | Update-GradioSessionApiResult")[-1]
    fd = ev["data"][0]
    base = fsh.server.url("files") + ("/file=" if fsh.server.major == 4 else "/gradio_api/file=")
    assert fd["url"] == base + fd["path"]  # 4.x's broken /call/file= url corrected
    saved = fsh.ev("(Get-GradioSessionApi)[-1] | Save-GradioFile -Path $outdir")
    assert len(saved) == 1 and saved[0].type_name == "GradioSavedFile"
    target = tmp_path / "out" / "out.txt"
    assert saved[0]["Path"] == str(target) and saved[0]["Size"] == len("saved text")
    assert target.read_text() == "saved text"
    assert stat.S_IMODE(target.stat().st_mode) == new_file_mode()   # the umask's mode, not mkstemp's 0600
    # no overwrite without -Force
    out, err = fsh.run("(Get-GradioSessionApi)[-1].ApiEvent.events[-1] | Save-GradioFile -Path $outdir")
    assert "already exists" in err and "-Force" in err
    target.write_text("changed")
    fsh.ev("(Get-GradioSessionApi)[-1].ApiEvent.events[-1].data[0] | Save-GradioFile -Path $outdir -Force")
    assert target.read_text() == "saved text"


def test_save_multiple_files_from_event(fsh, tmp_path):
    saved = fsh.ev("Invoke-GradioSessionApi file_multi 3 | Update-GradioSessionApiResult | Save-GradioFile -Path $outdir")
    assert sorted(os.path.basename(s["Path"]) for s in saved) == ["part0.txt", "part1.txt", "part2.txt"]
    assert (tmp_path / "out" / "part1.txt").read_text() == "part 1"


def test_save_never_outside_dir(fsh, tmp_path):
    fsh.ev("$e = Invoke-GradioSessionApi file_single 'evil' | Update-GradioSessionApiResult")
    fsh.ev("$fd = $e[-1].data[0]; $fd.orig_name = '../../escaped.txt'")
    saved = fsh.ev("$fd | Save-GradioFile -Path $outdir")
    assert saved[0]["Path"] == str(tmp_path / "out" / "escaped.txt")
    assert not (tmp_path / "escaped.txt").exists()
    fsh.ev("$fd.orig_name = '..'; $fd.path = '/tmp/..'")
    out, err = fsh.run("$fd | Save-GradioFile -Path $outdir")
    assert "unsafe name" in err
    assert sorted(os.listdir(tmp_path / "out")) == ["escaped.txt"]


def test_save_requires_a_file(fsh):
    out, err = fsh.run("'just text' | Save-GradioFile -Path $outdir")
    assert "holds no file" in err


def test_save_reports_each_file(fsh, tmp_path):
    """One file that cannot be saved is an error; the others of the same input are saved."""
    fsh.ev("$e = Invoke-GradioSessionApi file_multi 2 | Update-GradioSessionApiResult")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "part0.txt").write_text("already here")
    out, err = fsh.run("$e[-1] | Save-GradioFile -Path $outdir | % Path")
    assert [os.path.basename(p) for p in out.split()] == ["part1.txt"]
    assert err.count("already exists") == 1 and "Traceback" not in err
    assert (tmp_path / "out" / "part0.txt").read_text() == "already here"
    assert (tmp_path / "out" / "part1.txt").read_text() == "part 1"


def test_saved_files_follow_the_umask(fsh, tmp_path):
    previous = os.umask(0o027)
    try:
        assert new_file_mode() == 0o640
        fsh.ev("Invoke-GradioSessionApi file_single 'umask' | Update-GradioSessionApiResult | Save-GradioFile -Path $outdir")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "out" / "out.txt").stat().st_mode) == 0o640
