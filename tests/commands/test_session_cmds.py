"""Everyday pwsh commands about the session (Measure-Command, history, transcripts), PowerShAI's
provider shims, Get-Help keyword search, `dir`, Get-Command's single table."""

from __future__ import annotations

import datetime as dt
import io
import os

from gshell.cli import parse_args, simple_repl
from gshell.commands import builtin_registry
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter
from gshell.runtime.values import CIDict


def new() -> Interpreter:
    return Interpreter(builtin_registry(), host=CaptureHost(width=120))


def test_measure_command_returns_a_timespan_and_runs_in_the_current_scope():
    it = new()
    t = it.evaluate("$n = 0; Measure-Command { $n = 41; Start-Sleep -Milliseconds 30; 'discarded' }")
    assert len(t) == 1 and isinstance(t[0], dt.timedelta) and t[0].total_seconds() >= 0.03
    assert it.evaluate("$n") == [41]
    assert it.evaluate("(Measure-Command { 1 }).GetType().FullName") == ["System.TimeSpan"]
    assert it.evaluate("$s = 0; 1..4 | Measure-Command { $s += $_ } | Out-Null; $s") == [10]


def test_timespan_displays_as_a_list_and_converts_like_dotnet():
    it = new()
    it.run_text("[datetime]'2024-01-02' - [datetime]'2024-01-01'")
    out = it.host.out
    assert "Days              : 1" in out and "TotalHours        : 24" in out
    assert it.evaluate('"$([datetime]\'2024-01-02 00:00:01.5\' - [datetime]\'2024-01-01\')"') == ["1.00:00:01.5000000"]
    assert it.evaluate("(New-TimeSpan -Minutes 90).TotalHours; [string](New-TimeSpan -Seconds 5)") == [1.5, "00:00:05"]


def _repl(lines: str) -> str:
    out = io.StringIO()
    import sys
    saved = sys.stdout
    host = CaptureHost(width=120)
    interp = Interpreter(builtin_registry(), host=host, interactive=True)
    try:
        sys.stdout = out
        simple_repl(parse_args([]), stdin=io.StringIO(lines), interp=interp)
    finally:
        sys.stdout = saved
    return host.out + "\n--- stderr\n" + host.err


def test_history_holds_what_was_typed_and_invoke_history_runs_it_again():
    text = _repl("1+1\n'x'\nGet-History | % CommandLine\nihy 1\nGet-History -Count 1 | % { $_.ExecutionStatus }\n"
                 "Invoke-History 99\nClear-History; (Get-History).Count\n")
    out, err = text.split("\n--- stderr\n")
    assert out.splitlines() == ["2", "x", "1+1", "'x'", "1+1", "2", "Completed", "0"]
    assert "Cannot locate history for Id 99." in err


def test_history_is_empty_in_scripts():
    assert new().evaluate("(Get-History).Count") == [0]


def test_transcript_records_commands_output_and_errors(tmp_path):
    path = tmp_path / "t.txt"
    text = _repl(f"Start-Transcript -Path '{path}'\n'hello'\nWrite-Error 'bad'\nStop-Transcript\n'after'\n")
    assert f"Transcript started, output file is {path}" in text
    body = path.read_text()
    assert "transcript start" in body and "PS> 'hello'\nhello\n" in body
    assert "bad" in body and "transcript end" in body and "after" not in body
    again = new()
    again.run_text("Stop-Transcript")
    assert "not currently transcribing" in again.host.err


def test_transcript_masks_secrets_and_appends(tmp_path):
    from gshell import secrets
    secrets.register("hf_SecretValue123")
    path = tmp_path / "t.txt"
    it = new()
    it.run_text(f"Start-Transcript '{path}'; 'token hf_SecretValue123'; Stop-Transcript")
    it.run_text(f"Start-Transcript '{path}' -Append; 'second'; Stop-Transcript")
    body = path.read_text()
    assert "hf_SecretValue123" not in body and "second" in body and body.count("transcript start") == 2
    it.run_text(f"Start-Transcript '{path}' -NoClobber")
    assert "already exists" in it.host.err


def test_powershai_provider_shims():
    it = new()
    assert it.evaluate("Set-AiProvider huggingface; (Get-AiCurrentProvider).name") == ["huggingface"]
    assert it.evaluate("Get-AiProviders | % name") == ["huggingface"]
    assert isinstance(it.evaluate("Get-AiCurrentProvider")[0], CIDict)
    it.run_text("Set-AiProvider openai; Switch-PowershaiSetting pester-test; 'went on'")
    assert "only the Hugging Face provider" in it.host.err and "'openai'" in it.host.err
    assert it.evaluate("(Get-AiCurrentProvider).name") == ["huggingface"]
    assert "went on" in it.host.out


def test_powershai_topic_name_and_keyword_search():
    it = new()
    assert "about_HuggingFace" in it.evaluate("Get-Help about_Powershai_huggingface")[0]
    rows = it.evaluate("Get-Help transcript")
    assert [r["Name"] for r in rows][:2] == ["Start-Transcript", "Stop-Transcript"]
    assert "about_gshell_Language" in [r["Name"] for r in rows]
    text = it.evaluate("Get-Help Measure-Comm")[0]
    assert "Measure-Command" in text and "SYNTAX" in text
    it.run_text("Get-Help zzqqxx")
    assert "no help text mentions it" in it.host.err


def test_dir_is_get_childitem(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    it = new()
    assert it.evaluate(f"dir '{tmp_path}' -Name") == ["a.txt"]


def test_get_command_prints_one_table_and_proxies_are_not_powershai():
    it = new()
    it.run_text("Get-Command -Module powershai")
    assert it.host.out.count("CommandType") == 1
    assert "Alias" in it.host.out and "Cmdlet" in it.host.out


def test_hf_api_token_is_read(monkeypatch, tmp_path):
    from gshell.gradio.tokens import resolve
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    monkeypatch.setenv("HF_API_TOKEN", "hf_fromPowershai")
    assert resolve().token == "hf_fromPowershai"
    assert os.environ["HF_API_TOKEN"] == "hf_fromPowershai"
