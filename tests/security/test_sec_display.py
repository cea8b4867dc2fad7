"""Rule: nothing from a server reaches the terminal raw (gshell.display, every display path)."""
from __future__ import annotations

import io

import pytest
from hostile import ALL_ESC, ESC_TEXTS, FORBIDDEN

from gshell.display import Styled, keep_own, safe_file_name, visible
from gshell.runtime.host import Host


def clean(text: str) -> None:
    for bad in FORBIDDEN:
        assert bad not in text, (bad, text)


@pytest.mark.parametrize("raw,shown", [
    ("\x1b[2J", "^[[2J"), ("a\x07b", "a^Gb"), ("\x00", "^@"), ("\x7f", "^?"), ("\x9b", "<U+009B>"),
    ("\u202egnp.exe", "<U+202E>gnp.exe"), ("\u2066x\u2069", "<U+2066>x<U+2069>"), ("a\rb", "a^Mb"),
    ("line\r\nnext\tcol", "line\r\nnext\tcol"), ("é ü 漢字 🙂", "é ü 漢字 🙂"), ("\x85", "<U+0085>"),
])
def test_visible_table(raw, shown):
    assert visible(raw) == shown


def test_styled_passes_and_concat_loses_trust():
    s = Styled("\x1b[31mred\x1b[0m")
    assert visible(s) is s
    assert "\x1b" not in visible(s + "x")


def test_keep_own_keeps_only_the_listed_sequences():
    own = ("\x1b[2m", "\x1b[0m")
    out = keep_own("\x1b[2mdim " + ALL_ESC + "\x1b[0m", own)
    assert out.startswith("\x1b[2mdim ") and out.endswith("\x1b[0m")
    clean(out)


def test_safe_file_name_drops_controls_and_bidi():
    assert safe_file_name("\u202egnp.exe\x1b[31m\x07.png") == "gnp.exe[31m.png"


def test_host_writers_all_sanitize():
    for color in (False, True):
        out, err = io.StringIO(), io.StringIO()
        h = Host(out, err, color=color)
        h.write(ALL_ESC + "\n")
        h.write_host(ALL_ESC, color="red")
        h.error(ALL_ESC)
        h.warning(ALL_ESC)
        h.verbose(ALL_ESC)
        h.debug(ALL_ESC)
        clean(out.getvalue())
        clean(err.getvalue())
        assert "^[]52;c;" in out.getvalue() and "<U+202E>" in err.getvalue()
        if color:   # gshell's own colours still work
            assert "\x1b[91m" in err.getvalue() and "\x1b[91m" in out.getvalue()


def test_user_typed_escape_is_shown_not_run(shell):
    out, _ = shell.run('"`e]0;title`a"; Write-Host "`e[2J"')
    clean(out)
    assert "^[]0;title^G" in out and "^[[2J" in out


def test_values_stay_byte_exact(shell, tmp_path):
    shell.interp.set_variable("v", ALL_ESC)
    assert shell.one("$v") == ALL_ESC
    assert shell.one("$v | ConvertTo-Json | ConvertFrom-Json") == ALL_ESC
    target = tmp_path / "out.txt"
    shell.ev(f"$v | Set-Content -NoNewline '{target}'")
    assert target.read_text(encoding="utf-8") == ALL_ESC
    assert shell.one("$v | Out-String").rstrip("\n") == ALL_ESC


def test_formatter_tables_and_lists_sanitize(shell):
    shell.interp.set_variable("v", ALL_ESC)
    for src in ("[pscustomobject]@{A=$v; B=1}", "[pscustomobject]@{A=$v} | Format-List",
                "@{$v=$v}", "@($v, $v)", "[pscustomobject]@{A=$v} | Out-Host"):
        out, err = shell.run(src)
        clean(out + err)
        assert "^[]52" in out, src


def test_errors_and_warnings_from_values_sanitize(shell):
    shell.interp.set_variable("v", ALL_ESC)
    out, err = shell.run('Write-Warning $v; Write-Error $v; Write-Verbose $v -Verbose; throw $v')
    clean(out + err)
    assert err.count("<U+202E>") >= 4


def test_hostile_app_every_view(hostile, shell):
    """/config version, /info labels and descriptions, endpoint names, event data, error
    events, FileData names: all shown, none raw."""
    url = hostile.url("esc")
    src = [
        f"New-GradioSession {url} -Name evil",
        "Get-GradioSession",
        "Get-GradioInfo",
        "(Get-GradioInfo).named_endpoints",
        "Invoke-GradioSessionApi x @{text='a'} | Update-GradioSessionApiResult",
        "(Invoke-GradioSessionApi x @{text='a'} | Update-GradioSessionApiResult)[-1].data[0]",
        "Invoke-GradioSessionApi x @{text='a'} | Update-GradioSessionApiResult -Verbose",
        "Invoke-GradioSessionApi nothere @{text='a'}",
        "Get-Help x -Full",
    ]
    seen = ""
    for line in src:
        out, err = shell.run(line)
        clean(out + err)
        seen += out + err
    assert "<U+202E>" in seen and "^[]0;pwned^G" in seen


def test_session_version_column_and_toolbar(hostile, shell):
    from gshell.repl.toolbar import toolbar_fragments
    shell.run(f"New-GradioSession {hostile.url('esc')} -Name evil")
    out, err = shell.run("Get-GradioSession | Format-Table Name, Version")
    clean(out + err)
    assert "6.31.0^[]0;pwned^G" in out

    class Ctx:
        def default_session(self):
            return shell.sessions.default()

        def running_calls(self):
            return 0

        def unread_calls(self):
            return 0
    text = "".join(t for _, t in toolbar_fragments(Ctx()))
    clean(text)
    assert "pwned" in text


def test_completion_menu_text(hostile, shell):
    from gshell.repl.completer import to_completion
    from gshell.repl.suggestions import Kind, Suggestion
    c = to_completion(Suggestion(Kind.ENDPOINT, "/x", 0, "/x" + ALL_ESC, "d" + ALL_ESC), 0)
    shown = "".join(t for _, t in c.display) + "".join(t for _, t in c.display_meta)
    clean(shown)


def test_live_line_sanitizes():
    from gshell.runtime.formatting import EVENT_TYPE
    from gshell.runtime.out_default import Formatter
    from gshell.runtime.values import Record
    chunks: list[str] = []
    fmt = Formatter(chunks.append, color=True)
    fmt.set_live(True)
    data = ["x" + ESC_TEXTS["osc52"] + ESC_TEXTS["rlo"]]
    fmt.push(Record({"event": "generating", "data": data}, type_name=EVENT_TYPE))
    fmt.flush()
    text = "".join(chunks)
    clean(text)
    assert "\r\x1b[K" in text   # gshell's own erase-line still works


def test_proxy_help_and_f1_text(hostile, shell):
    """Get-Help of a proxy built from a hostile /info (labels, descriptions) shows no raw escape."""
    shell.run(f"New-GradioSession {hostile.url('esc')} -Name evil; New-GradioSessionApiProxyFunction")
    names = [c.name for c in shell.interp.registry.commands() if c.name.lower().startswith("invoke-gradioapi")]
    assert names
    seen = ""
    for name in names:
        out, err = shell.run(f"Get-Help {name} -Full")
        clean(out + err)
        seen += out
    assert "^[]0;pwned^G" in seen or "<U+202E>" in seen
    from gshell.repl.app import _mask
    from gshell.repl.help import declaration_help
    for name in names:
        clean(_mask(declaration_help(shell.interp.registry.lookup(name))))


def test_env_tokens_are_masked_from_the_start(clean_env, monkeypatch):
    from inprocess_shell import InProcessShell
    monkeypatch.setenv("HF_TOKEN", "hf_StartUpToken0123456789abcd")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-startupkey0123456789abcdefgh")
    sh = InProcessShell()
    out, err = sh.run("$env:HF_TOKEN; $env:OPENAI_API_KEY; Get-ChildItem env:HF_TOKEN")
    assert "hf_StartUpToken" not in out + err and "sk-startupkey" not in out + err
    assert out.count("***") >= 2
    out, err = sh.run("$env:MY_SECRET = 'later-set-secret-value'; $env:MY_SECRET")
    assert "later-set-secret-value" not in out and "***" in out
    assert sh.one("$env:HF_TOKEN") == "hf_StartUpToken0123456789abcd"   # the value itself is intact
