"""Pester test files shaped like PowerShAI's own (BeforeDiscovery data, -ForEach contexts,
tags, setup blocks, proxy functions, streaming checks) run against a local Gradio app:
as a script (discovery, run, summary, exit status) and through Invoke-Pester."""
from __future__ import annotations

import textwrap
from pathlib import Path

from cmdlet_shell import gshell_cli

APP_TESTS = textwrap.dedent("""\
    BeforeDiscovery {
        $Apps = @(
            @{ Label = 'basic demo'; Url = $env:GSHELL_PESTER_APP; Prefix = 'PtBasic' }
        )
    }

    BeforeAll {
        Set-AiProvider huggingface
        Switch-PowershaiSetting pester-gradio
    }

    AfterAll { Switch-PowershaiSetting default }

    Context "Local app: <Label>" -Tag 'gradio' -ForEach $Apps {
        BeforeAll { $Session = New-GradioSession $Url -Name "pester-$Prefix" }
        AfterAll { Get-GradioSession | Remove-GradioSession }

        Describe 'Session' -Tag 'basic' {
            It 'knows its app' { $Session.AppUrl | Should -Be $Url }
            It 'lists the named endpoints' {
                $names = $Session.info.named_endpoints | Get-Member -MemberType NoteProperty | ForEach-Object Name
                $names | Should -Contain '/echo'
                $names | Should -Not -Contain '/nothing-here'
            }
            It 'is the only session' { @(Get-GradioSession) | Should -HaveCount 1 }
        }

        Describe 'Proxy functions' -Tag 'proxy' {
            BeforeAll { $Commands = New-GradioSessionApiProxyFunction -Session $Session -Prefix $Prefix -Force }

            It 'makes one command per endpoint' { $Commands.Name | Should -Contain "${Prefix}Echo" }

            It 'echoes a random value' {
                $n = Get-Random -Minimum 1 -Maximum 1000
                $result = & "${Prefix}Echo" -Text "ping $n"
                $result.data | Should -BeLike "*ping $n*"
                $result.event | Should -Be 'complete'
            }

            It 'streams the chunks in order' {
                $step = @{ i = -1 }
                $expected = 'chunk0 ', 'chunk0 chunk1 ', 'chunk0 chunk1 chunk2 '
                & "${Prefix}Stream" -N 3 -Delay 0.05 | ForEach-Object {
                    if (!$_.data) { return }
                    $step.i++
                    # the final event repeats the last value
                    $want = if ($step.i -lt $expected.Count) { $expected[$step.i] } else { $expected[-1] }
                    $_.data | Should -Be $want
                }
                $step.i | Should -BeGreaterOrEqual 2
            }

            It 'reports the app error' {
                { & "${Prefix}GrError" -Text 'xyz' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*boom: xyz*'
            }

            It 'has a deliberately failing check' -Tag 'broken' {
                (& "${Prefix}Echo" -Text 'one').data | Should -Be 'two' -Because 'this test shows a failure'
            }
        }
    }
""")


def write_suite(tmp_path: Path) -> Path:
    (tmp_path / "providers").mkdir()
    path = tmp_path / "providers" / "localapp.tests.ps1"
    path.write_text(APP_TESTS)
    return path


def test_app_test_file_run_as_a_script(gradio_server, tmp_path):
    path = write_suite(tmp_path)
    proc = gshell_cli(str(path), env={"GSHELL_PESTER_APP": gradio_server.url("basic")}, timeout=120)
    out = proc.stdout
    assert "Discovery found 8 tests in " in out, out + proc.stderr
    assert "Context Local app: basic demo" in out
    for name in ("knows its app", "lists the named endpoints", "is the only session", "makes one command per endpoint",
                 "echoes a random value", "streams the chunks in order", "reports the app error"):
        assert any(line.lstrip().startswith(f"[+] {name} ") for line in out.splitlines()), (name, out)
    assert any(line.startswith("   [-] has a deliberately failing check ") for line in out.splitlines())
    assert "Expected strings to be the same, because this test shows a failure, but they were different." in out
    assert out.splitlines()[-1] == "Tests Passed: 7, Failed: 1, Skipped: 0, Inconclusive: 0, NotRun: 0"
    assert proc.returncode == 1


def test_app_tests_through_invoke_pester_with_tags(gradio6, tmp_path):
    write_suite(tmp_path)
    script = tmp_path / "run.ps1"
    script.write_text(textwrap.dedent(f"""\
        $r = Invoke-Pester -Path '{tmp_path}' -TagFilter gradio -ExcludeTagFilter broken -Output Detailed -PassThru
        "result=$($r.Result) passed=$($r.PassedCount) failed=$($r.FailedCount) notrun=$($r.NotRunCount)"
        $only = Invoke-Pester '{tmp_path}' -Tag basic -Output None -PassThru
        "basic=$($only.PassedCount)/$($only.TotalCount)"
        Invoke-Pester '{tmp_path}' -Output None -CI
        'not reached: -CI exits'
        """))
    proc = gshell_cli(str(script), env={"GSHELL_PESTER_APP": gradio6.url("basic")}, timeout=120)
    out = proc.stdout
    assert "Filters selected 7 tests to run." in out, out + proc.stderr
    assert "result=Passed passed=7 failed=0 notrun=1" in out
    assert "basic=3/8" in out
    assert "not reached" not in out
    assert proc.returncode == 1   # exit 1: the one failing test of the last run
