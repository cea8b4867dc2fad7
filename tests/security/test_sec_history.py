"""Rule: secrets stay out of the history file (by binding, hashtable keys, token-like literals,
and GSHELL_HISTORY_IGNORE)."""
from __future__ import annotations

import pytest

from gshell.repl.history import FilteredFileHistory
from gshell.repl.sensitive import SensitiveLines

SECRET_LINES = [
    "New-GradioSession http://127.0.0.1:7860 -Token abc123",
    "New-GradioSession http://127.0.0.1:7860 -Tok abc123",
    "New-GradioSession http://127.0.0.1:7860 -tOKe abc123",
    "New-GradioSession http://127.0.0.1:7860 -Username u -Pass pw1",
    "New-GradioSession http://127.0.0.1:7860 -Username u -Passw:pw1",
    "New-GradioSession http://127.0.0.1:7860 -Cred $c",
    "Set-GradioSession -Token abc123",
    "Set-GradioSession -To abc123 -Tok abc",
    "Invoke-GradioSessionApi echo 'x' -Token abc123",
    "Invoke-GradioSessionApi echo 'x' $null $null abc123",          # positional Token (4)
    "Set-HfToken abc123",                                            # positional, by alias
    "Set-HuggingFaceToken -Token abc123 -Save",
    "Invoke-GradioApiEcho -ApiTok abc123",
    "$p = @{Token='abc123'}",
    "$p = @{tok='abc123'}; New-GradioSession @p",
    "$p = @{ Url='x'; Passw = 'abc123' }",
    "if ($true) { New-GradioSession x -Tok abc123 }",
    "$s = 'hf_AbCdEfGhIjKlMnOpQrStUv12'",
    "Write-Output hf_AbCdEfGhIjKlMnOpQrStUv12",
    "$h = 'Bearer abcdefghijklmnopqrstuvwxyz'",
    "$k = 'sk-abcdefghijklmnopqrstuvwxyz0123'",
    "New-GradioSession x -Tok 'abc",                                  # does not parse: word by word
]

PLAIN_LINES = [
    "New-GradioSession http://127.0.0.1:7860 -Name demo",
    "Invoke-GradioSessionApi echo @{text='hello'} | Update-GradioSessionApiResult",
    "Get-ChildItem -Path . -To 3",
    "$x = @{to=1; path='a'}",
    "Get-Process | Select-Object -First 3",
    "New-GradioSessionApiProxyFunction -Prefix My",
]


@pytest.fixture
def lines(shell):
    return SensitiveLines(lambda: shell.interp.registry, lambda name: shell.interp.global_scope.get(name))


@pytest.mark.parametrize("line", SECRET_LINES)
def test_secret_lines_are_recognised(lines, line):
    assert lines.is_sensitive(line)


@pytest.mark.parametrize("line", PLAIN_LINES)
def test_plain_lines_are_kept(lines, line):
    assert not lines.is_sensitive(line)


def test_splatting_a_variable_defined_earlier(lines, shell):
    shell.ev("$p = @{Url='http://127.0.0.1:1'; Token='abc123'}; $q = @{Url='http://127.0.0.1:1'}")
    assert lines.is_sensitive("New-GradioSession @p")
    assert not lines.is_sensitive("New-GradioSession @q")


def test_every_secret_parameter_is_declared_sensitive(shell):
    """The declarations are the source of the rule: a Token/Password/Credential parameter that is
    not declared sensitive would let its lines into the file."""
    missing = [f"{c.name} -{p.name}" for c in shell.interp.registry.commands() for p in c.params
               if p.name.casefold() in ("token", "apitoken", "password", "credential") and not p.sensitive]
    assert not missing


def test_history_file_gets_none_of_them(tmp_path, lines, monkeypatch):
    monkeypatch.setenv("GSHELL_HISTORY_IGNORE", "forbidden-word")
    path = tmp_path / "history"
    h = FilteredFileHistory(str(path), sensitive=lines)
    for line in SECRET_LINES + PLAIN_LINES + ["echo forbidden-word"]:
        h.append_string(line)
    text = path.read_text()
    assert "abc123" not in text and "hf_AbCd" not in text and "pw1" not in text and "forbidden" not in text
    assert all(p in text for p in PLAIN_LINES)
    assert len(h.get_strings()) == len(SECRET_LINES) + len(PLAIN_LINES) + 1   # all in memory
