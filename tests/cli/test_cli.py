"""`python3 -m gshell` as a subprocess: exit statuses, stdout/stderr split, --check, stdin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def gsh(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    p = subprocess.run([sys.executable, "-m", "gshell", *args], input=stdin if stdin is not None else b"",
                       capture_output=True, env=e, cwd=str(ROOT), timeout=60)
    return subprocess.CompletedProcess(p.args, p.returncode, p.stdout.decode("utf-8", "replace"),
                                       p.stderr.decode("utf-8", "replace"))


def test_c_success_and_output() -> None:
    r = gsh("-c", "1 + 1; 'x'")
    assert r.returncode == 0 and r.stdout == "2\nx\n" and r.stderr == ""


def test_runtime_error_status_1_and_stops() -> None:
    r = gsh("-c", "'a'\nthrow 'boom'\n'b'")
    assert r.returncode == 1
    assert r.stdout == "a\n"
    assert r.stderr.splitlines() == ["Exception:", "Line |", "   2 |  throw 'boom'", "     |  ~~~~~~~~~~~~",
                                     "     | boom"]


def test_non_terminating_error_continues_with_status_1() -> None:
    r = gsh("-c", "Write-Error 'nt'; 'after'")
    assert r.returncode == 1 and r.stdout == "after\n" and "nt" in r.stderr


def test_parse_error_status_2_nothing_runs() -> None:
    r = gsh("-c", "Write-Host 'first'\n$x = (1 +")
    assert r.returncode == 2 and r.stdout == "" and "At line:2" in r.stderr


def test_exit_n() -> None:
    assert gsh("-c", "exit 7").returncode == 7
    assert gsh("-c", "'a'; exit; 'b'").returncode == 0


def test_file_with_args(tmp_path: Path) -> None:
    f = tmp_path / "s.ps1"
    f.write_text("\"n=$($args.Count) first=$($args[0])\"\n", encoding="utf-8")
    r = gsh(str(f), "one", "two")
    assert r.returncode == 0 and r.stdout == "n=2 first=one\n"


def test_missing_file_and_usage_errors_64() -> None:
    r = gsh("/nonexistent/x.ps1")
    assert r.returncode == 64 and "no such file" in r.stderr
    r = gsh("--bogus")
    assert r.returncode == 64 and "unknown option" in r.stderr
    assert gsh("-c").returncode == 64


def test_check(tmp_path: Path) -> None:
    good = tmp_path / "good.ps1"
    good.write_text("1..3 | % { $_ }\n", encoding="utf-8")
    bad = tmp_path / "bad.ps1"
    bad.write_text("'ok'\n$x = @{ a = \n", encoding="utf-8")
    r = gsh("--check", str(good))
    assert r.returncode == 0 and r.stdout == ""
    r = gsh("--check", str(good), str(bad))
    assert r.returncode == 2
    line = r.stdout.strip()
    assert line.startswith(f"{bad}:") and len(line.split(":")) >= 4
    lineno = int(line[len(str(bad)) + 1:].split(":")[0])
    assert lineno >= 2


def test_check_reports_every_error_and_64_for_a_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "many.ps1"
    bad.write_text("'ok'\n$x = 1 +* 2\nforeach ($i in 1..3) {\n   $y = )\n}\nGet-Thing @{ x = }\n'fine'\n",
                   encoding="utf-8")
    r = gsh("--check", str(bad))
    assert r.returncode == 2
    lines = r.stdout.splitlines()
    assert [line.split(":")[1:3] for line in lines] == [["2", "9"], ["4", "9"], ["6", "18"]]
    assert all(line.startswith(f"{bad}:") for line in lines)
    r = gsh("--check", str(tmp_path / "missing.ps1"), str(bad))
    assert r.returncode == 64
    assert "missing.ps1: no such file" in r.stderr and len(r.stdout.splitlines()) == 3


def test_stdin_script() -> None:
    r = gsh(stdin=b"$x = 2\n$x * 3\n")
    assert r.returncode == 0 and r.stdout == "6\n"
    r = gsh(stdin=b"1 +\n")
    assert r.returncode == 2


def test_invalid_utf8_is_a_clean_error(tmp_path: Path) -> None:
    f = tmp_path / "bin.ps1"
    f.write_bytes(b"'ok'\n\xff\xfe\n")
    r = gsh(str(f))
    assert r.returncode == 2 and "invalid UTF-8" in r.stderr and "Traceback" not in r.stderr
    r = gsh(stdin=b"'a'\xc3\x28")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_version_and_help() -> None:
    r = gsh("--version")
    assert r.returncode == 0 and r.stdout.startswith("gshell ")
    r = gsh("--help")
    assert r.returncode == 0 and "--check" in r.stdout
    for option in ("--vi", "--connect", "--demo", "--no-color", "--debug", "--version", "--command"):
        assert option in r.stdout


def test_streams_split_warning_verbose() -> None:
    r = gsh("-c", "Write-Warning 'w'; Write-Verbose 'v' -Verbose; Write-Host 'h'; 'o'")
    assert r.stdout == "h\no\n"
    assert "WARNING: w" in r.stderr and "VERBOSE: v" in r.stderr


def test_no_color_when_not_a_terminal_and_with_no_color() -> None:
    r = gsh("-c", "Write-Host 'x' -ForegroundColor Red; Write-Error 'e'")
    assert "\x1b[" not in r.stdout and "\x1b[" not in r.stderr
    r = gsh("--no-color", "-c", "'x'", env={"NO_COLOR": "1"})
    assert "\x1b[" not in r.stdout


def test_external_program_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    r = gsh("-c", f"touch {marker}")
    assert r.returncode == 1 and not marker.exists()
    assert "`touch` is an external program; gshell runs only its own commands" in r.stderr


def test_no_heavy_imports_on_the_c_path() -> None:
    code = ("import sys, runpy; sys.argv=['gshell','-c','1 | % { $_ }'];\n"
            "from gshell.cli import main; main();\n"
            "bad=[m for m in ('prompt_toolkit','httpx','gshell.gradio.client') if m in sys.modules];\n"
            "print('HEAVY', bad)")
    e = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e, timeout=60)
    assert "HEAVY []" in p.stdout, p.stdout + p.stderr


def test_nul_bytes_on_stdin_never_traceback() -> None:
    r = gsh(stdin=b"'a'\x00\x01\n")
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("src", ["@{", "'unterminated", "$(((", "}"])
def test_garbage_never_tracebacks(src: str) -> None:
    r = gsh("-c", src)
    assert r.returncode in (1, 2) and "Traceback" not in r.stderr


@pytest.mark.parametrize("site", [True, False], ids=["installed", "not-installed"])
def test_python_m_gshell_from_the_folder_holding_the_clone(tmp_path: Path, site: bool) -> None:
    """A clone named gshell shadows the package as a namespace package there."""
    (tmp_path / "gshell").symlink_to(ROOT, target_is_directory=True)
    e = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    flags = [] if site else ["-S"]   # -S: no site-packages, so no installed gshell either
    p = subprocess.run([sys.executable, *flags, "-m", "gshell", "-c", "'a' + 1; (Get-Help about_gshell).Count"],
                       capture_output=True, text=True, env=e, cwd=str(tmp_path), timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == ["a1", "1"] and "Traceback" not in p.stderr
