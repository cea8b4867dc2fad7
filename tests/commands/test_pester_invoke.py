"""Invoke-Pester over test files: discovery of *.Tests.ps1, tag and name filters, output
verbosity, the -PassThru result object, exit statuses (-CI)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gshell.commands import builtin_registry
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter

FILES = {
    "core/util.tests.ps1": """\
        BeforeDiscovery { $names = 'ada', 'bob' }
        $discovered = 'only during discovery'
        Describe 'Util' -Tag 'basic' {
            BeforeAll { $root = $PSScriptRoot }
            It 'knows its folder' { Split-Path $root -Leaf | Should -Be 'core' }
            It 'greets <_>' -ForEach $names { "hi $_" | Should -BeLike 'hi *' }
            It 'hides discovery variables' { $discovered | Should -BeNullOrEmpty }
            It 'is slow' -Tag 'slow' { 1 | Should -Be 1 }
        }
        """,
    "providers/hf.Tests.ps1": """\
        Describe 'Provider' -Tag 'provider:huggingface' {
            Context 'current' {
                It 'is huggingface' { (Get-AiCurrentProvider).name | Should -Be 'huggingface' }
                It 'fails on purpose' -Tag 'broken' { 'a' | Should -Be 'b' }
            }
        }
        """,
    "helpers.ps1": "throw 'a helper file is not a test file'\n",
}


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text))
    return tmp_path


def run(src: str) -> tuple[str, str, Interpreter, list]:
    it = Interpreter(builtin_registry(), host=CaptureHost(width=120))
    out = it.evaluate(src)
    return it.host.out, it.host.err, it, out


def test_finds_test_files_and_runs_them_detailed(suite: Path):
    out, err, it, _ = run(f"Invoke-Pester '{suite}' -Output Detailed")
    lines = out.splitlines()
    assert lines[:3] == ["", "Starting discovery in 2 files.", lines[2]]
    assert lines[2].startswith("Discovery found 7 tests in ")
    assert f"Running tests from '{suite / 'core' / 'util.tests.ps1'}'" in lines
    assert "Describing Util" in lines and " Context current" in lines
    assert any(line.startswith("  [+] greets bob ") for line in lines)
    assert any(line.startswith("   [-] fails on purpose ") for line in lines)
    assert "    Expected strings to be the same, but they were different." in lines
    assert f"    at <ScriptBlock>, {suite / 'providers' / 'hf.Tests.ps1'}:4" in lines
    assert lines[-1] == "Tests Passed: 6, Failed: 1, Skipped: 0, Inconclusive: 0, NotRun: 0"
    assert it.failed and err == ""


def test_tags_filter_tests_and_blocks(suite: Path):
    out, _, it, _ = run(f"Invoke-Pester -Path '{suite}' -Output Detailed -TagFilter basic -ExcludeTagFilter slow")
    assert "Filter 'Tag' set to ('basic')." in out and "Filter 'ExcludeTag' set to ('slow')." in out
    assert "Filters selected 4 tests to run." in out
    assert "Describing Provider" not in out and "is slow" not in out
    assert out.splitlines()[-1] == "Tests Passed: 4, Failed: 0, Skipped: 0, Inconclusive: 0, NotRun: 3"
    assert not it.failed


def test_pass_thru_result_object_and_output_none(suite: Path):
    out, _, _, result = run(f"Invoke-Pester '{suite}' -Tag 'provider:*' -ExcludeTag broken -PassThru -Output None")
    assert out == ""
    r = result[0]
    assert (r["Result"], r["PassedCount"], r["FailedCount"], r["SkippedCount"], r["NotRunCount"],
            r["TotalCount"]) == ("Passed", 1, 0, 0, 6, 7)
    assert [t["ExpandedPath"] for t in r["Passed"]] == ["Provider.current.is huggingface"]
    assert [c["Item"] for c in r["Containers"]] == [str(suite / "core" / "util.tests.ps1"),
                                                     str(suite / "providers" / "hf.Tests.ps1")]


def test_full_name_filter_and_a_file_named(suite: Path):
    _, _, _, result = run(f"Invoke-Pester '{suite / 'core' / 'util.tests.ps1'}' -FullNameFilter '*greets*' "
                          "-PassThru -Output None")
    assert result[0]["PassedCount"] == 2 and result[0]["NotRunCount"] == 3


def test_normal_output_lists_failures_and_passed_files(suite: Path):
    out, _, _, _ = run(f"Invoke-Pester '{suite}'")
    lines = out.splitlines()
    assert f"[+] {suite / 'core' / 'util.tests.ps1'}" in " ".join(lines)
    assert any(line.startswith("[-] Provider.current.fails on purpose ") for line in lines)
    assert "Describing Util" not in lines
    assert lines[-1] == "Tests Passed: 6, Failed: 1, Skipped: 0, Inconclusive: 0, NotRun: 0"


def test_no_test_files(tmp_path: Path):
    _, err, it, _ = run(f"Invoke-Pester '{tmp_path}'")
    assert "No test files were found and no scriptblocks were provided." in err and it.failed


def test_a_file_that_fails_discovery(tmp_path: Path):
    (tmp_path / "bad.Tests.ps1").write_text("Describe 'x' {\n  It 'a' { 1 }\n  throw 'broken file'\n}\n")
    (tmp_path / "good.Tests.ps1").write_text("Describe 'y' { It 'b' { 1 | Should -Be 1 } }\n")
    out, _, it, result = run(f"Invoke-Pester '{tmp_path}' -PassThru")
    assert f"[-] Discovery in {tmp_path / 'bad.Tests.ps1'} failed with:" in out
    assert "RuntimeException: broken file" in out
    assert f"Container failed: 1\n  - {tmp_path / 'bad.Tests.ps1'}" in out
    assert result[0]["PassedCount"] == 1 and result[0]["Result"] == "Failed" and it.failed


def test_ci_exits_with_the_number_of_failures(suite: Path):
    proc = subprocess.run([sys.executable, "-m", "gshell", "-c", f"Invoke-Pester '{suite}' -CI; 'not reached'"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "not reached" not in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "gshell", "-c",
                           f"Invoke-Pester '{suite}' -CI -ExcludeTag broken; 'after'"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "after" not in proc.stdout


def test_powershai_runner_style_splatting(suite: Path, monkeypatch: pytest.MonkeyPatch):
    """PowerShAI's tests/test.ps1 passes `tags` in a splatted hashtable to Invoke-Pester
    (the current directory by default)."""
    monkeypatch.chdir(suite)
    out, _, _, _ = run("$Params = @{ tags = 'basic' }; Invoke-Pester -Output Detailed @Params")
    assert "Tests Passed: 5, Failed: 0, Skipped: 0, Inconclusive: 0, NotRun: 2" in out
