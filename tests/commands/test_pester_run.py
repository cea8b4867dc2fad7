"""Pester test files run as scripts: discovery, then the tests, the summary, the exit status;
scoping of setup blocks and of discovery variables, skipping, Set-ItResult."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from gshell.commands import builtin_registry
from gshell.runtime.host import CaptureHost
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
                $TestSpaces | Should -BeNullOrEmpty -Because 'BeforeDiscovery data reaches tests only by -ForEach'
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
    assert lines[:3] == ["", "Starting discovery in 1 files.", "top-level code runs during discovery"]
    assert lines[3].startswith("Discovery found 4 tests in ")
    assert lines[4] == "Running tests."
    assert "Context Space Tests" in lines
    assert " Describing HuggingFace Basic Tests: powershai/tests-gradio" in lines
    assert any(line.startswith("   [+] provider is powershai/private-tests-gradio's ") for line in lines), out
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


def test_top_level_discovery_variables_are_hidden_from_tests():
    out, _, failed = run(textwrap.dedent("""\
        $before = 'set before any Pester command'
        BeforeDiscovery { $cases = 1, 2 }
        $after = 'set while discovering'
        Describe 'scopes' {
            It 'sees what the script set before discovery started' { $before | Should -Not -BeNullOrEmpty }
            It 'does not see discovery variables' { $after | Should -BeNullOrEmpty; $cases | Should -BeNullOrEmpty }
            It 'gets data by -ForEach <_>' -ForEach $cases { $_ | Should -BeIn 1, 2 }
        }
        """))
    assert "Tests Passed: 4, Failed: 0" in out and not failed, out


def test_failures_give_exit_status_1_and_messages(tmp_path):
    script = tmp_path / "math.Tests.ps1"
    script.write_text(textwrap.dedent("""\
        Describe 'math' {
            It 'adds' { 1 + 1 | Should -Be 2 }
            It '<a> times <b> is <p>' -TestCases @{a=2;b=3;p=6}, @{a=2;b=2;p=5} { $a * $b | Should -Be $p }
            It 'throws' { { throw 'boom' } | Should -Throw -ExpectedMessage 'boom' }
            It 'an unknown command fails the test' { nosuch-command; 'not reached' }
            It 'skipped' -Skip { 1 | Should -Be 2 }
            It 'no cases' -ForEach @() { 1 | Should -Be 2 }
        }
        """))
    proc = subprocess.run([sys.executable, "-m", "gshell", str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert f"Running tests from '{script}'" in proc.stdout
    assert "  [+] 2 times 3 is 6 " in proc.stdout and "  [-] 2 times 2 is 5 " in proc.stdout
    assert "   Expected 5, but got 4." in proc.stdout
    assert f"   at <ScriptBlock>, {script}:3" in proc.stdout
    assert "  [-] an unknown command fails the test" in proc.stdout
    assert "   CommandNotFoundException: The term 'nosuch-command' is not recognized" in proc.stdout
    assert "no cases" not in proc.stdout
    assert "Tests Passed: 3, Failed: 2, Skipped: 1, Inconclusive: 0, NotRun: 0" in proc.stdout
    script.write_text("Describe 'ok' { It 'passes' { $true | Should -BeTrue } }\n")
    proc = subprocess.run([sys.executable, "-m", "gshell", str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "Tests Passed: 1, Failed: 0" in proc.stdout


def test_set_it_result_and_pending():
    out, _, failed = run(textwrap.dedent("""\
        Describe 'results' {
            It 'needs a token' { Set-ItResult -Skipped -Because 'no token.'; throw 'not reached' }
            It 'cannot tell' { Set-ItResult -Inconclusive }
            It 'later' -Pending { throw 'not run' }
        }
        Set-ItResult -Skipped
        """))
    assert "  [!] needs a token is skipped, because no token " in out
    assert "  [?] cannot tell is inconclusive " in out
    assert "  [!] later " in out
    assert out.splitlines()[-1] == "Tests Passed: 0, Failed: 0, Skipped: 2, Inconclusive: 1, NotRun: 0"
    assert failed   # the Set-ItResult outside It is an error


def test_before_all_failure_fails_the_block_not_the_run():
    out, _, failed = run(textwrap.dedent("""\
        Describe 'broken setup' {
            BeforeAll { throw 'no server' }
            It 'never runs' { 1 }
        }
        Describe 'fine' { It 'runs' { 1 | Should -Be 1 } }
        """))
    assert "[-] Describe broken setup failed" in out
    assert " RuntimeException: no server" in out
    assert "  [+] runs " in out
    assert "Tests Passed: 1, Failed: 0, Skipped: 0, Inconclusive: 0, NotRun: 1" in out
    assert "BeforeAll \\ AfterAll failed: 1\n  - broken setup" in out
    assert failed


def test_mock_and_in_module_scope_are_refused_clearly():
    _, err, _ = run("Mock Get-Date { 1 }; InModuleScope powershai { 1 }; 'went on'")
    assert "Mock (Pester) is not supported in gshell" in err
    assert "InModuleScope (Pester) is not supported in gshell" in err


def test_mock_fails_only_its_test():
    out, _, failed = run(textwrap.dedent("""\
        Describe 'mocking' {
            It 'mocks' { Mock Get-Date { 1 }; Get-Date | Should -Be 1 }
            It 'asserts calls' { 1 | Should -Invoke Get-Date -Times 1 }
            It 'still runs' { 2 | Should -Be 2 }
        }
        """))
    assert "NotSupportedException: Mock (Pester) is not supported in gshell" in out
    assert "Should -Invoke (Pester mocking) is not supported in gshell" in out
    assert "Tests Passed: 1, Failed: 2" in out and failed


def test_it_outside_describe_and_discovery_errors():
    out, err, failed = run("It 'alone' { 1 }\nDescribe 'broken' { throw 'bad discovery' }\n"
                           "Describe 'x' { It 'no body' }")
    assert "It must be called inside a Describe or Context block." in err
    assert "[-] Discovery in <ScriptBlock> failed with:" in out and "RuntimeException: bad discovery" in out
    assert "Container failed: 1" in out and failed


def test_no_body_is_an_error():
    out, _, failed = run("Describe 'x' { It 'no body' }")
    assert "No test scriptblock is provided. Did you put the opening curly brace on the next line?" in out
    assert failed


def test_break_return_and_exit_in_tests_never_end_the_run():
    out, _, failed = run(textwrap.dedent("""\
        Describe 'flow' {
            It 'returns early' { return; throw 'not reached' }
            It 'breaks' { break }
            It 'continues' { continue }
            It 'exits' { exit 3 }
            It 'legacy syntax' { 1 | Should Be 1 }
            It 'still runs' { 1 | Should -Be 1 }
        }
        """))
    assert "   ExitException: exit 3 was called; gshell ends only this test or block with it." in out
    assert "Legacy Should syntax (without dashes) is not supported in Pester 5: write Should -Be ..." in out
    assert out.splitlines()[-1] == "Tests Passed: 4, Failed: 2, Skipped: 0, Inconclusive: 0, NotRun: 0"
    assert failed


def test_a_failing_file_level_before_all_fails_the_container():
    out, _, failed = run("BeforeAll { throw 'no app' }\nDescribe 'd' { It 't' { 1 } }")
    assert "[-] <ScriptBlock> failed with:\nRuntimeException: no app" in out
    assert "Container failed: 1\n  - <ScriptBlock>" in out
    assert "NotRun: 1" in out and failed
