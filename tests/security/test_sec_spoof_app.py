"""Every server-controlled text of the hostile app's ``spoof`` mode (tests/security/hostile.py:
all control and spoofing characters in /config, /info, events, errors, file names, headers)
driven through every cmdlet that shows it: in process, through `gshell -c` to a pipe, and into
files the user named.  What a terminal gets is a fixed point of the sanitizer: nothing in it
that ``display.visible`` would change (no raw ESC, C1, bidi, invisible or separator character,
no lone CR, no combining flood), and every one-line error is one line of bounded length."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import SPOOF, SPOOF_TEXTS

from gshell.display import LINE_LIMIT, is_clean, visible

ROOT = Path(__file__).resolve().parents[2]

# every cmdlet and view that shows something the spoof app sent
DRIVE = [
    "Get-GradioSession", "Get-GradioSession | Format-List *", "Get-GradioSession | Format-Table Name, Version",
    "Get-GradioInfo", "Get-GradioInfo | Format-List *", "(Get-GradioInfo).named_endpoints | Format-List",
    "Get-GradioInfo | ConvertTo-Json -Depth 6", "Get-GradioInfo | Out-String",
    "$r = Invoke-GradioSessionApi x @{text='a'} | Update-GradioSessionApiResult; $r",
    "$r | Format-List *", "$r[-1].data[0]", "$r[-1].data[1]", "$r[-1].data[1] | Format-List *",
    "$r | ConvertTo-Json -Depth 5", "Write-Host $r[-1].data[0]", "$r[-1].data[0] | Out-Host",
    "Invoke-GradioSessionApi x @{text='a'} | Update-GradioSessionApiResult -Verbose",
    "Invoke-GradioSessionApi x @{text='a'} -WhatIf", "Invoke-GradioSessionApi x @{text='a'} -Verbose",
    "Invoke-GradioSessionApi e @{text='a'} | Update-GradioSessionApiResult",
    "try { Invoke-GradioSessionApi e @{text='a'} | Update-GradioSessionApiResult -ErrorAction Stop } "
    "catch { $_ | Format-List * -Force; $_.Exception.Message }",
    "Invoke-GradioSessionApi h @{text='a'}", "Invoke-GradioSessionApi j @{text='a'}",
    "Invoke-GradioSessionApi r @{text='a'}", "Invoke-GradioSessionApi nothere @{text='a'}",
    "Invoke-GradioSessionApi long @{text='a'} | Update-GradioSessionApiResult",
    "$ErrorView = 'NormalView'; Invoke-GradioSessionApi e @{text='a'} | Update-GradioSessionApiResult; "
    "$ErrorView = 'ConciseView'",
    "Get-Help x -Full", "New-GradioSessionApiProxyFunction", "Get-GradioSessionApiProxyFunction",
    "Get-Command Invoke-GradioApi* | Format-List *", "$Error[0] | Format-List *",
]


def assert_terminal_safe(text: str, where: str = "") -> None:
    assert visible(text) == text, (where, [ch for ch in text if not is_clean(ch)][:10])


@pytest.fixture
def spoofed(hostile, shell):
    shell.run(f"New-GradioSession {hostile.url('spoof')} -Name evil")
    return shell


def test_every_view_of_the_spoof_app(spoofed):
    seen = ""
    for line in DRIVE:
        out, err = spoofed.run(line)
        assert_terminal_safe(out + err, line)
        seen += out + err
    for marker in ("^[]52;c;", "<U+202E>", "<U+009B>", "^[P1$r0m", "^[_Gf=100", "^[]1337;File=", "safe^MSPOOFED",
                   "abc^H^H^Hxyz", "<U+2066>", "ad<U+200D>min<U+200B>", "a<U+2028>b", "<U+E0069>", "marks>"):
        assert marker in seen, marker
    assert "\\u001b]52" in seen     # ConvertTo-Json escapes ESC (its own escape, not ours)


@pytest.mark.parametrize("call", ["h", "j", "r", "e", "long", "nothere"])
def test_one_line_errors_stay_one_bounded_line(spoofed, call):
    out, err = spoofed.run(f"Invoke-GradioSessionApi {call} @{{text='a'}} | Update-GradioSessionApiResult")
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    assert len(lines[0]) < 2 * LINE_LIMIT, len(lines[0])
    assert_terminal_safe(out + err)


def test_verbose_trace_lines_stay_one_line(spoofed):
    """A multi-line data: block never forges a VERBOSE line; the trace is masked and bounded."""
    out, err = spoofed.run("Invoke-GradioSessionApi x @{text='a'} | Update-GradioSessionApiResult -Verbose")
    assert_terminal_safe(out + err)
    assert "forged" in err
    assert all(ln.startswith("VERBOSE: ") for ln in err.splitlines() if ln.strip()), err[:2000]
    assert all(len(ln) < 700 for ln in err.splitlines())


def test_warnings_naming_an_endpoint_stay_one_line(spoofed):
    out, err = spoofed.run("New-GradioSessionApiProxyFunction")
    assert_terminal_safe(out + err)
    warnings = [ln for ln in err.splitlines() if ln.strip()]
    assert warnings and all(ln.startswith("WARNING: endpoint") and len(ln) < 400 for ln in warnings), warnings


def test_values_keep_every_byte(spoofed, tmp_path):
    """Values are data: the variable, ConvertTo-Json round trip, and a file the user named keep
    the server's text exactly; only the terminal sees it sanitized."""
    spoofed.ev("$r = Invoke-GradioSessionApi x @{text='a'} | Update-GradioSessionApiResult")
    assert spoofed.one("$r[-1].data[0]") == "done" + SPOOF
    assert spoofed.one("$r[-1].data[0] | ConvertTo-Json | ConvertFrom-Json") == "done" + SPOOF
    target = tmp_path / "out.txt"
    spoofed.ev(f"$r[-1].data[0] | Set-Content -NoNewline '{target}'")
    assert target.read_bytes().decode("utf-8") == "done" + SPOOF
    target2 = tmp_path / "out2.txt"
    spoofed.ev(f"$r[-1].data[0] | Out-File -NoNewline '{target2}'")
    assert target2.read_bytes().decode("utf-8") == "done" + SPOOF
    out, err = spoofed.run(f"Get-Content '{target}'")      # shown again: sanitized
    assert_terminal_safe(out + err)
    assert "^[]52;c;" in out


def test_saved_file_name_is_clean(spoofed, tmp_path):
    folder = tmp_path / "dl"
    folder.mkdir()
    out, err = spoofed.run(f"$r = Invoke-GradioSessionApi x @{{text='a'}} | Update-GradioSessionApiResult; "
                           f"$r[-1].data[1] | Save-GradioFile -Path '{folder}'")
    assert_terminal_safe(out + err)
    names = [p.name for p in folder.rglob("*")]
    assert names, (out, err)
    for name in names:
        assert is_clean(name) and all(ch.isprintable() for ch in name), repr(name)


def test_completion_of_spoofed_names(spoofed):
    """Endpoint and parameter names offered by Tab: shown sanitized in one line, inserted as
    literals that read back exact."""
    from gshell.repl.completer import to_completion
    from gshell.repl.context import RuntimeContext
    from gshell.repl.suggest import suggest
    ctx = RuntimeContext(spoofed.interp)
    for line in ("Invoke-GradioSessionApi ", "Invoke-GradioSessionApi y", "Invoke-GradioSessionApi '",
                 'Invoke-GradioSessionApi "'):
        items = suggest(line, len(line), ctx)
        spoofed_items = [s for s in items if s.label.startswith("/y")]
        assert spoofed_items, (line, [s.label for s in items])
        for s in items:
            c = to_completion(s, len(line))
            shown = "".join(t for _, t in c.display) + "".join(t for _, t in c.display_meta)
            assert_terminal_safe(shown)
            assert "\n" not in shown
            assert visible(c.text) == c.text and all(ch.isprintable() for ch in c.text), c.text
        name = spoofed_items[0].label.lstrip("/")
        assert spoofed.one("Write-Output " + spoofed_items[0].insert) == name
    line = "Invoke-GradioSessionApi '/y" + SPOOF_TEXTS["link"] + SPOOF_TEXTS["rlo"] + "' @{"
    keys = suggest(line, len(line), ctx)
    assert keys and all(visible(s.insert) == s.insert for s in keys), [s.insert for s in keys]


def _run_c(script: str, env: dict[str, str]) -> tuple[str, str]:
    proc = subprocess.run([sys.executable, "-m", "gshell", "-c", script], capture_output=True, env=env,
                          cwd=str(ROOT), timeout=120)
    return proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def test_gshell_c_to_a_pipe(hostile, clean_env):
    """`gshell -c` to a pipe: the same rule (output may reach a terminal through `| less -R`)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(clean_env / "home"))
    script = f"New-GradioSession {hostile.url('spoof')} -Name evil | Out-Null; " + "; ".join(DRIVE[:20])
    out, err = _run_c(script, env)
    assert_terminal_safe(out, "stdout")
    assert_terminal_safe(err, "stderr")
    assert "^[]52;c;" in out and "<U+202E>" in err


def test_toolbar_prompt_and_spinner_are_one_clean_line(spoofed):
    from gshell.repl.live import Spinner
    from gshell.repl.toolbar import prompt_text, toolbar_fragments

    class Ctx:
        def default_session(self):
            return spoofed.sessions.default()

        def running_calls(self):
            return 0

        def unread_calls(self):
            return 0
    spoofed.sessions.default().name = "evil\n" + SPOOF      # a name taken from a server (a Space id)
    for text in ("".join(t for _, t in toolbar_fragments(Ctx())), prompt_text(Ctx())):
        assert_terminal_safe(text)
        assert "\n" not in text and "\r" not in text and len(text) < 700, text
    assert "6.31.0^[]52" in "".join(t for _, t in toolbar_fragments(Ctx()))
    import io
    spinner = Spinner(io.StringIO())
    spinner.start("/y\n" + SPOOF)
    spinner.stop()
    assert_terminal_safe(spinner.label)
    assert "\n" not in spinner.label and "^[]52" in spinner.label


def test_queue_protocol_messages(hostile, shell):
    """A 5.x app: queue estimation, progress descriptions and units, log messages, generating and
    completed data, a completed error with a title and an unexpected_error, all shown sanitized;
    errors one line."""
    shell.run(f"New-GradioSession {hostile.url('spoofq')} -Name q")
    seen = ""
    for call in ("q", "qe", "qu"):
        out, err = shell.run(f"Invoke-GradioSessionApi {call} @{{text='a'}} | Update-GradioSessionApiResult -Verbose")
        assert_terminal_safe(out + err, call)
        assert all(ln.startswith(("VERBOSE: ", "Update-GradioSessionApiResult: ")) for ln in err.splitlines()
                   if ln.strip()), err
        seen += out + err
    for marker in ("gen^[]52", "done^[]52", "msg^[]52", "unexpected^[]52", '"unit\\u001b]52', '"log\\u001b]52'):
        assert marker in seen, marker
