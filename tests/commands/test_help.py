"""Get-Help / Get-Command / aliases, generated from the declarations of every built-in."""

from __future__ import annotations

import pytest
from cmd_fakes import FakeRuntime, out, run

from gshell.commands import load_all
from gshell.commands.help import help_text, syntax_lines

BUILTINS = load_all()

ALL = BUILTINS.commands()


def test_there_are_builtins():
    assert len(ALL) > 60


@pytest.mark.parametrize("cmd", ALL, ids=[c.name for c in ALL])
def test_every_builtin_is_documented(cmd):
    assert cmd.synopsis.strip(), cmd.name
    assert cmd.examples, cmd.name
    for p in cmd.params:
        assert p.help.strip(), f"{cmd.name} -{p.name}"
        assert p.type in ("object", "object[]", "string", "string[]", "int", "int[]", "float", "bool", "switch",
                          "scriptblock", "hashtable", "path", "path[]", "datetime"), f"{cmd.name} -{p.name}"
    full = help_text(cmd, mode="full")
    for section in ("NAME", "SYNOPSIS", "SYNTAX", "DESCRIPTION", "PARAMETERS", "EXAMPLES"):
        assert f"\n{section}\n" in full, (cmd.name, section)
    assert syntax_lines(cmd)[0].startswith(cmd.name)
    assert "EXAMPLE 1" in full


def test_positions_are_unique_per_command():
    for cmd in ALL:
        positions = [p.position for p in cmd.params if p.position is not None]
        assert len(positions) == len(set(positions)), cmd.name


REQUIRED_ALIASES = {
    "sort": "Sort-Object", "select": "Select-Object", "where": "Where-Object", "?": "Where-Object",
    "foreach": "ForEach-Object", "%": "ForEach-Object", "gm": "Get-Member", "ft": "Format-Table",
    "fl": "Format-List", "gcm": "Get-Command", "echo": "Write-Output", "cls": "Clear-Host", "group": "Group-Object",
    "measure": "Measure-Object", "help": "Get-Help", "ipmo": "Import-Module", "pwd": "Get-Location",
    "cd": "Set-Location",
}


@pytest.mark.parametrize("alias,target", sorted(REQUIRED_ALIASES.items()))
def test_aliases_resolve(alias, target):
    cmd = BUILTINS.lookup(alias)
    assert cmd is not None and cmd.name == target


def test_syntax_generation_powershell_style():
    assert syntax_lines(BUILTINS.lookup("Select-Object"))[0] == (
        "Select-Object [[-Property] <Object[]>] [-InputObject <Object>] [-ExcludeProperty <String[]>] "
        "[-ExpandProperty <String>] [-First <Int32>] [-Last <Int32>] [-Skip <Int32>] [-SkipLast <Int32>] "
        "[-Index <Int32[]>] [-Unique] [<CommonParameters>]")
    assert syntax_lines(BUILTINS.lookup("Out-File"))[0].startswith(
        "Out-File [-FilePath] <String> [[-Encoding] {utf8 | utf8NoBOM | utf8BOM | ascii | unicode")
    assert syntax_lines(BUILTINS.lookup("Should"))[0].endswith("[-PassThru]")


def test_get_help_modes():
    [text] = out("Get-Help", {"Name": "select"})
    assert "NAME\n    Select-Object" in text and "SYNTAX" in text and "REMARKS" in text
    assert "PARAMETERS" not in text
    [full] = out("Get-Help", {"Name": "Select-Object", "Full": True})
    assert "-First <Int32>" in full and "Required?                    false" in full
    assert "Accept pipeline input?       True (ByValue)" in full
    [ex] = out("Get-Help", {"Name": "Select-Object", "Examples": True})
    assert "EXAMPLE 1" in ex and "SYNTAX" not in ex
    [param] = out("Get-Help", {"Name": "Get-Random", "Parameter": "Maximum"})
    assert "-Maximum <Object>" in param and "Aliases                      Max" in param
    [enc] = out("Get-Help", {"Name": "Out-File", "Parameter": "Encoding"})
    assert "Accepted values: utf8," in enc


def test_get_help_topics_and_errors():
    [text] = out("Get-Help", {"Name": "about_gshell_language"})
    assert "about_gshell_Language" in text and "REFUSED" in text and "DIFFERENCES FROM POWERSHAI" in text
    result, inv = run("Get-Help", {"Name": "about_nothing"})
    [(message, category)] = inv.errors
    assert result == [] and category == "ObjectNotFound"
    assert message.startswith("No help topic 'about_nothing' in gshell. Available topics: ")
    assert "about_gshell_Language" in message and "about_Gradio_Sessions" in message
    result, inv = run("Get-Help", {"Name": "Nope-Thing"})
    assert result == [] and "could not find 'Nope-Thing'" in inv.errors[0][0]
    rows = out("Get-Help", {"Name": "about_*"})
    names = [r["Name"] for r in rows]
    assert "about_gshell_Language" in names and "about_HuggingFace" in names
    [overview] = out("Get-Help", {})
    assert "about_gshell_Language" in overview


def test_get_help_wildcard_lists_matches():
    rows = out("Get-Help", {"Name": "*-Object"})
    names = [r["Name"] for r in rows]
    assert "ForEach-Object" in names and "Sort-Object" in names
    assert all(r.type_name == "HelpInfoShort" for r in rows)


def test_get_command_filters():
    names = [r["Name"] for r in out("Get-Command", {"Noun": ["*Object"], "Verb": ["Select", "Sort"]})]
    assert names == ["Select-Object", "Sort-Object"]
    rows = out("Get-Command", {"Name": ["Get-Help"]})
    assert [(r["CommandType"], r["Name"], r["Source"]) for r in rows] == [("Cmdlet", "Get-Help", "gshell.Core")]
    pester = {r["Name"] for r in out("Get-Command", {"Module": ["gshell.Pester"]})}
    assert {"Should", "Describe", "It"} <= pester
    aliases = out("Get-Command", {"Name": ["gm"]})
    assert [(r["CommandType"], r["Name"]) for r in aliases] == [("Alias", "gm -> Get-Member")]
    [syntax] = out("Get-Command", {"Name": ["Test-Path"], "Syntax": True})
    assert syntax.startswith("Test-Path [-Path] <String[]>")


def test_get_command_unknown_name_is_an_error():
    result, inv = run("Get-Command", {"Name": ["No-SuchThing"]})
    assert result == [] and "The term 'No-SuchThing' is not recognized" in inv.errors[0][0]


def test_aliases_cmdlets():
    rows = out("Get-Alias", {"Definition": ["ForEach-Object"]})
    assert sorted(r["Name"] for r in rows) == ["% -> ForEach-Object", "foreach -> ForEach-Object"]
    rt = FakeRuntime()
    run("Set-Alias", {"Name": "gi2", "Value": "Get-Item"}, runtime=rt)
    assert rt.registry.resolve_alias("gi2") == "Get-Item"


def test_help_end_to_end(sh):
    stdout, stderr = sh("Get-Help Sort-Object -Full")
    assert "NAME\n    Sort-Object" in stdout and "-Descending" in stdout and stderr == ""
    stdout, _ = sh("Get-Command -Noun Member")
    assert "Cmdlet" in stdout and "Get-Member" in stdout and "CommandType" in stdout
    stdout, _ = sh("help *-Json")
    assert "ConvertTo-Json" in stdout and "ConvertFrom-Json" in stdout


def _whole_sentence(text: str) -> bool:
    return bool(text) and text[0].isupper() and text.rstrip().endswith((".", "!", "?"))


@pytest.mark.parametrize("cmd", ALL, ids=[c.name for c in ALL])
def test_every_command_synopsis_is_a_whole_sentence(cmd):
    assert _whole_sentence(cmd.synopsis), (cmd.name, cmd.synopsis)


def test_every_about_topic_synopsis_is_a_whole_sentence():
    import os

    from gshell.commands.help import HELP_DIR, _topic_synopsis
    topics = sorted(f for f in os.listdir(HELP_DIR) if f.startswith("about_") and f.endswith(".txt"))
    assert len(topics) >= 7
    for name in topics:
        synopsis = _topic_synopsis(os.path.join(HELP_DIR, name))
        assert _whole_sentence(synopsis), (name, synopsis)
    wrapped = _topic_synopsis(os.path.join(HELP_DIR, "about_gshell_Language.txt"))
    assert wrapped.endswith("where it differs from PowerShell and PowerShAI.")   # two lines in the file
