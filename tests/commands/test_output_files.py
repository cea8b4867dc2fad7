"""Format-*, Out-*, Write-*, and the file cmdlets."""

from __future__ import annotations

import os

import pytest
from cmd_fakes import FakeRuntime, out, run

from gshell.runtime.errors import PSError
from gshell.runtime.layout import FormatBlock
from gshell.runtime.out_default import render
from gshell.runtime.values import Hashtable, Record


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- Format-* / Out-String ----------------------------------------------------------------------

def test_format_table_block_with_properties():
    [block] = out("Format-Table", {"Property": ["b", Hashtable(Label="twice", Expression="a")]},
                  [Record(a=1, b="x"), Record(a=2, b="y")])
    assert isinstance(block, FormatBlock)
    assert render([block]) == "\nb twice\n- -----\nx     1\ny     2\n\n"


def test_format_table_hide_headers_and_wrap():
    [block] = out("Format-Table", {"HideTableHeaders": True}, [Record(a=1)])
    assert render([block]) == "\n1\n\n"


def test_format_list_star():
    [block] = out("Format-List", {"Property": ["*"]}, [Record(a=1, b=2)])
    assert render([block]) == "\na : 1\nb : 2\n\n"


def test_out_string_and_stream():
    assert out("Out-String", {}, [Record(a=1)]) == ["\na\n-\n1\n\n"]
    assert out("Out-String", {"Stream": True}, ["x", "y"]) == ["x", "y"]
    assert out("Out-String", {}, ["x", "y"]) == ["x\ny\n"]


def test_out_string_uses_width():
    [text] = out("Out-String", {"Width": 20}, [Record(a="z" * 40)])
    assert max(len(line) for line in text.split("\n")) == 20


def test_out_null_and_out_host():
    result, inv = run("Out-Null", {}, [1, 2])
    assert result == [] and inv.consumed == 2
    result, inv = run("Out-Host", {}, [Record(a=1), "s"])
    assert result == [] and "".join(inv.host) == "\na\n-\n1\n\ns\n"


def test_end_to_end_format_and_out_string(sh, ev):
    stdout, _ = sh("[pscustomobject]@{a=1; b='x'} | ft")
    assert stdout == "\na b\n- -\n1 x\n\n"
    stdout, _ = sh("[pscustomobject]@{a=1; b='x'} | fl")
    assert stdout == "\na : 1\nb : x\n\n"
    assert ev("(1,2 | Out-String)") == ["1\n2\n"]


# -- Write-* ----------------------------------------------------------------------------------

def test_write_host_joins_and_colours():
    _, inv = run("Write-Host", {"Object": ["a", [1, 2]], "ForegroundColor": "green"})
    assert inv.host == ["a 1 2\n"] and inv.host_calls[0]["color"] == "Green"
    _, inv = run("Write-Host", {"Object": ["a", "b"], "Separator": "-", "NoNewline": True})
    assert inv.host == ["a-b"]
    with pytest.raises(PSError, match="console colour"):
        run("Write-Host", {"Object": ["a"], "ForegroundColor": "Pink"})


def test_write_output_enumerates():
    assert out("Write-Output", {"InputObject": [1, 2]}) == [1, 2]
    assert out("Write-Output", {"InputObject": [[1, 2]]}) == [1, 2]
    assert out("Write-Output", {"InputObject": [1, 2], "NoEnumerate": True}) == [[1, 2]]
    assert out("Write-Output", {}, ["x"]) == ["x"]


def test_write_streams():
    _, inv = run("Write-Warning", {"Message": "careful"})
    assert inv.warnings == ["careful"]
    _, inv = run("Write-Verbose", {"Message": "detail"})
    assert inv.verbose_lines == ["detail"]
    _, inv = run("Write-Error", {"Message": "bad", "Category": "invalidargument"})
    assert inv.errors == [("bad", "InvalidArgument")]


def test_write_end_to_end(sh):
    stdout, stderr = sh("Write-Host 'hi' -ForegroundColor Red; Write-Warning 'w'; Write-Output 'o'; Write-Error 'e'")
    assert stdout == "hi\no\n"
    assert "WARNING: w" in stderr and "e" in stderr


# -- Out-File / content ---------------------------------------------------------------------------

def test_out_file_writes_display_text(here):
    run("Out-File", {"FilePath": "a.txt"}, [Record(n=1), "end"])
    assert (here / "a.txt").read_text() == "\nn\n-\n1\n\nend\n"
    run("Out-File", {"FilePath": "a.txt", "Append": True}, ["more"])
    assert (here / "a.txt").read_text().endswith("end\nmore\n")
    run("Out-File", {"FilePath": "b.txt", "NoNewline": True}, ["a", "b"])
    assert (here / "b.txt").read_text() == "ab"


def test_out_file_encodings(here):
    run("Out-File", {"FilePath": "u.txt", "Encoding": "unicode"}, ["é"])
    assert (here / "u.txt").read_bytes() == b"\xff\xfe" + "é\n".encode("utf-16-le")
    run("Out-File", {"FilePath": "b.txt", "Encoding": "utf8BOM"}, ["x"])
    assert (here / "b.txt").read_bytes() == b"\xef\xbb\xbfx\n"
    run("Out-File", {"FilePath": "c.txt", "Encoding": "ascii"}, ["é"])
    assert (here / "c.txt").read_bytes() == b"?\n"
    assert out("Get-Content", {"Path": ["u.txt"]}) == ["é"]


def test_out_file_errors(here):
    with pytest.raises(PSError, match="Could not find a part of the path"):
        run("Out-File", {"FilePath": "nodir/x.txt"}, ["a"])
    (here / "keep.txt").write_text("k")
    with pytest.raises(PSError, match="already exists"):
        run("Out-File", {"FilePath": "keep.txt", "NoClobber": True}, ["a"])


def test_get_content_variants(here):
    (here / "f.txt").write_text("l1\nl2\nl3\nl4\n")
    assert out("Get-Content", {"Path": ["f.txt"]}) == ["l1", "l2", "l3", "l4"]
    assert out("Get-Content", {"Path": ["f.txt"], "Raw": True}) == ["l1\nl2\nl3\nl4\n"]
    assert out("Get-Content", {"Path": ["f.txt"], "TotalCount": 2}) == ["l1", "l2"]
    assert out("Get-Content", {"Path": ["f.txt"], "Tail": 1}) == ["l4"]
    result, inv = run("Get-Content", {"Path": ["missing.txt"]})
    assert result == [] and "Cannot find path" in inv.errors[0][0] and inv.errors[0][1] == "ObjectNotFound"


def test_set_add_content_and_test_path(here):
    run("Set-Content", {"Path": ["s.txt"], "Value": ["a", 1]})
    run("Add-Content", {"Path": ["s.txt"]}, ["b"])
    assert (here / "s.txt").read_text() == "a\n1\nb\n"
    assert out("Test-Path", {"Path": ["s.txt"]}) == [True]
    assert out("Test-Path", {"Path": ["s.txt"], "PathType": "Container"}) == [False]
    assert out("Test-Path", {"Path": ["."], "PathType": "Container"}) == [True]
    assert out("Test-Path", {"Path": ["nope"]}) == [False]
    assert out("Test-Path", {"Path": ["*.txt"]}) == [True]


def test_paths():
    assert out("Join-Path", {"Path": ["a"], "ChildPath": "b", "AdditionalChildPath": ["c.txt"]}) == \
        [os.path.join("a", "b", "c.txt")]
    assert out("Split-Path", {"Path": ["/tmp/a/b.txt"], "Leaf": True}) == ["b.txt"]
    assert out("Split-Path", {"Path": ["/tmp/a/b.txt"]}) == ["/tmp/a"]
    assert out("Split-Path", {"Path": ["/tmp/a/b.txt"], "Extension": True}) == [".txt"]
    assert out("Split-Path", {"Path": ["/tmp/a/b.txt"], "LeafBase": True}) == ["b"]
    assert out("Split-Path", {"Path": ["b.txt"], "IsAbsolute": True}) == [False]


def test_child_items_and_location(here):
    (here / "d").mkdir()
    (here / "x.png").write_bytes(b"12")
    (here / "y.txt").write_text("")
    names = [r["Name"] for r in out("Get-ChildItem", {})]
    assert names == ["d", "x.png", "y.txt"]
    [png] = out("Get-ChildItem", {"Filter": "*.png"})
    assert png["Length"] == 2 and png.type_name == "FileInfo"
    assert out("Get-ChildItem", {"Name": True, "File": True}) == ["x.png", "y.txt"]
    [loc] = out("Get-Location", {})
    assert loc["Path"] == str(here)
    rt = FakeRuntime()
    run("Set-Location", {"Path": "d"}, runtime=rt)
    assert os.getcwd() == str(here / "d")
    with pytest.raises(PSError, match="does not exist"):
        run("Set-Location", {"Path": "zzz"})


def test_files_end_to_end(sh, here):
    stdout, stderr = sh("'a','b' | Out-File o.txt; Get-Content o.txt | measure | % Count; "
                        "Test-Path o.txt; (Get-Content o.txt -Raw).Length")
    assert stdout == "2\nTrue\n4\n" and stderr == ""
