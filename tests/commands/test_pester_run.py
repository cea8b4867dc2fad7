"""Pester test files run as scripts: discovery, then the tests, the summary, the exit status."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from gshell.runtime.host import CaptureHost
from gshell.commands import builtin_registry
from gshell.runtime.interpreter import Interpreter

POWERSHAI_STYLE = textwrap.dedent("""\
    BeforeDiscovery {
        $TestSpaces = @(
            @{ SpaceName = "powershai/tests-gradio"; IsPrivate = $false }
            @{ SpaceName = "powershai/private-tests-gradio"; IsPrivate = $true }
        )
    }
    BeforeAll { Switch-PowershaiSetting pester-test; $top = 'file level' }
    AfterAll { Switch-PowershaiSetting default }
    'top-level code runs during discovery'
    Context "Space Tests" -Tag "provider:huggingface" -Foreach $TestSpaces {
        BeforeAll { $seen = "before all of $SpaceName" }
        describe "HuggingFace Basic Tests: $SpaceName" -Tag "provider:huggingface" {
            It "Enable provider" { Set-AiProvider huggingface }
            It "provider is <SpaceName>'s" {
                (Get-AiCurrentProvider).name | Should -Be "huggingface"
                $seen | Should -Be "before all of $SpaceName"
                $top | Should -Be 'file level'
                $IsPrivate | Should -BeOfType [bool]
            }
        }
    }
""")


def run(src: str) -> tuple[str, str, bool]:
    it = Interpreter(builtin_registry(), host=CaptureHost(width=120))
    it.run_text(src)
    return it.host.out, it.host.err, it.failed


def test_powershai_style_file_runs_after_discovery():
    out, err, failed = run(POWERSHAI_STYLE)
    lines = out.splitlines()
    assert lines[0] == "Starting discovery in 1 files."
    assert lines[1] == "top-level code runs during discovery"
    assert lines[2].startswith("Discovery found 4 tests in ")
    assert lines[3] == "Running tests."
    assert "  Describing HuggingFace Basic Tests: powershai/tests-gradio" in lines
    assert any(line.startswith("    [+] provider is powershai/private-tests-gradio's ") for line in lines)
    assert lines[-1] == "Tests Passed: 4, Failed: 0, Skipped: 0, Inconclusive: 0, NotRun: 0"
    assert not failed and err == ""


def test_scoping_of_setup_blocks():
    out, _, failed = run(textwrap.dedent("""\
        Describe 'outer' {
            BeforeAll { $a = 1 }
            BeforeEach { $b = 10; $script:log += 'be-outer ' }
            AfterEach { $script:log += 'ae-outer ' }
            $discoveryOnly = 'x'
            Context 'inner' {
                BeforeEach { $script:log += 'be-inner ' }
                AfterEach { $script:log += 'ae-inner ' }
                It 'sees the outer setup' { $a + $b | Should -Be 11; $discoveryOnly | Should -BeNullOrEmpty }
            }
            It 'tests do not leak' { $c = 5 }
            It 'into each other' { $c | Should -BeNullOrEmpty }
            AfterAll { $script:log | Should -Be 'be-outer be-inner ae-inner ae-outer be-outer ae-outer be-outer ae-outer ' }
        }
        """))
    assert "Tests Passed: 3, Failed: 0" in out and not failed, out


def test_failures_give_exit_status_1_and_messages(tmp_path):
    script = tmp_path / "math.Tests.ps1"
    script.write_text(textwrap.dedent("""\
        Describe 'math' {
            It 'adds' { 1 + 1 | Should -Be 2 }
            It '<a> times <b> is <p>' -TestCases @{a=2;b=3;p=6}, @{a=2;b=2;p=5} { $a * $b | Should -Be $p }
            It 'throws' { { throw 'boom' } | Should -Throw -ExpectedMessage 'boom' }
            It 'an unknown command fails the test' { nosuch-command; 'not reached' }
            It 'skipped' -Skip { 1 | Should -Be 2 }
        }
        """))
    proc = subprocess.run([sys.executable, "-m", "gshell", str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "  [+] 2 times 3 is 6 " in proc.stdout and "  [-] 2 times 2 is 5 " in proc.stdout
    assert "    Expected 5, but got 4." in proc.stdout
    assert "[-] an unknown command fails the test" in proc.stdout
    assert "Tests Passed: 3, Failed: 2, Skipped: 1, Inconclusive: 0, NotRun: 0" in proc.stdout
    script.write_text("Describe 'ok' { It 'passes' { $true | Should -BeTrue } }\n")
    proc = subprocess.run([sys.executable, "-m", "gshell", str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "Tests Passed: 1, Failed: 0" in proc.stdout


def test_should_operators_and_negation():
    out, _, failed = run(textwrap.dedent("""\
        Describe 'should' {
            It 'operators' {
                'Hello' | Should -BeExactly 'Hello'
                'hello' | Should -Match '^h'
                5 | Should -BeGreaterThan 3
                2 | Should -BeLessThan 3
                @(1, 2) | Should -HaveCount 2
                'x' | Should -BeOfType [string]
                $null | Should -BeNullOrEmpty
                $true | Should -BeTrue
                $false | Should -BeFalse
                @(1, 2, 3) | Should -Contain 2
                'A' | Should -Not -BeExactly 'a'
                { 1 } | Should -Not -Throw
            }
            It 'a failing -Not' { 1 | Should -Not -Be 1 }
        }
        """))
    assert "[+] operators" in out and "[-] a failing -Not" in out and failed


def test_mock_and_in_module_scope_are_refused_clearly():
    _, err, _ = run("Mock Get-Date { 1 }; InModuleScope powershai { 1 }; 'went on'")
    assert "Mock (Pester) is not supported in gshell" in err
    assert "InModuleScope (Pester) is not supported in gshell" in err


def test_it_outside_describe_and_discovery_errors():
    out, err, failed = run("It 'alone' { 1 }\nDescribe 'broken' { throw 'bad discovery' }")
    assert "It must be called inside a Describe or Context block." in err
    assert "[-] Describe broken failed during discovery: bad discovery" in out and failed
