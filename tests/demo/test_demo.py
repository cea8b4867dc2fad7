"""`gshell --demo`: the bundled demo app started in a child process, opened as the default
session 'demo', stopped whenever gshell ends.  The app runs on the gradio 6.x test venv
(GSHELL_DEMO_PYTHON), with one scripted run on 5.x."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV6 = ROOT / ".venvs" / "gradio-6.31.0" / "bin" / "python"
VENV5 = ROOT / ".venvs" / "gradio-5.50.0" / "bin" / "python"
TIMEOUT = 180
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


def need(py: Path) -> None:
    if not py.exists():
        pytest.fail(f"{py} is missing: run tests/run (or tests/servers/setup_venvs.sh) to create it")


def demo_env(tag: str, python: Path | None = VENV6, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "HF_"))}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["GSHELL_DEMO_TEST_TAG"] = tag  # inherited by the app child: lets the test find it
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["HF_HOME"] = "/nonexistent-gshell-test-hf-home"
    env.pop("NO_COLOR", None)
    if python is not None:
        env["GSHELL_DEMO_PYTHON"] = str(python)
    else:
        env.pop("GSHELL_DEMO_PYTHON", None)
    env.update(extra)
    return env


def tagged_pids(tag: str) -> list[int]:
    """Live processes whose environment carries ``tag`` (the demo app child)."""
    me = os.getpid()
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit() or int(d.name) == me:
            continue
        try:
            environ = (d / "environ").read_bytes()
            stat = (d / "stat").read_text()
        except OSError:
            continue
        if f"GSHELL_DEMO_TEST_TAG={tag}".encode() in environ.split(b"\0") and ") Z " not in stat:
            out.append(int(d.name))
    return out


def wait_gone(tag: str, timeout: float = 15.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = tagged_pids(tag)
        if not pids:
            return []
        time.sleep(0.2)
    return tagged_pids(tag)


def port_closed(url: str) -> bool:
    host, port = url.rsplit("/", 1)[-1].split(":")
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex((host, int(port))) != 0


def app_url(stderr: str) -> str:
    m = re.search(r"demo app ready at (http://127\.0\.0\.1:\d+)", stderr)
    assert m, stderr
    return m.group(1)


def gshell(*args: str, env: dict[str, str], cwd: Path, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gshell", *args], env=env, cwd=str(cwd), capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


# -------------------------------------------------------------------------------------------
# scripted: gshell --demo -c "..."
# -------------------------------------------------------------------------------------------

SCRIPT = r"""
$s = Get-GradioSession .
"session=$($s.Name) default=$($s.Default)"
(Invoke-GradioSessionApi greet @{name='Ada'} | Update-GradioSessionApiResult | select -Last 1).data[0]
(Invoke-GradioSessionApi calculate @(6, 'multiply', 7) | Update-GradioSessionApiResult | select -Last 1).data[0]
$events = Invoke-GradioSessionApi typewriter @{text='one two three'; delay=0.05} | Update-GradioSessionApiResult
"typewriter: " + (($events | % { "$($_.event)=$($_.data[0])" }) -join '; ')
try { Invoke-GradioSessionApi calculate @(1, 'divide', 0) | Update-GradioSessionApiResult -ErrorAction Stop | Out-Null }
catch { "error: $_" }
New-GradioSessionApiProxyFunction | Out-Null
(Invoke-GradioApiChat 'my name is Ada' | select -Last 1).data[0]
(Invoke-GradioApiChat 'what is my name?' | select -Last 1).data[0]
$saved = Invoke-GradioApiImageFilter $DemoImage sepia | Save-GradioFile
"saved: $(Split-Path -Leaf $saved.Path) $($saved.Size -gt 0)"
"""


def test_demo_scripted_on_gradio6(tmp_path: Path) -> None:
    need(VENV6)
    tag = uuid.uuid4().hex
    r = gshell("--demo", "-c", SCRIPT, env=demo_env(tag), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "session=demo default=True"
    assert lines[1] == "Hello, Ada!"
    assert lines[2] == "42"
    assert lines[3] == ("typewriter: generating=one; generating=one two; generating=one two three; "
                        "complete=one two three")
    assert lines[4] == "error: Cannot divide by zero"
    assert lines[5] == "Nice to meet you, Ada!"
    assert lines[6] == "Your name is Ada."          # gr.State kept across calls (6.x)
    assert lines[7] == "saved: image.webp True"
    assert (tmp_path / "image.webp").stat().st_size > 0
    # progress notes on stderr, no welcome in scripted mode
    assert "starting the demo app" in r.stderr and "Try:" not in r.stdout
    assert "Traceback" not in r.stderr
    url = app_url(r.stderr)
    assert wait_gone(tag) == []
    assert port_closed(url)


def test_demo_scripted_on_gradio5(tmp_path: Path) -> None:
    need(VENV5)
    tag = uuid.uuid4().hex
    script = ("(Invoke-GradioSessionApi greet @{name='Bo'} | Update-GradioSessionApiResult).data[0]\n"
              "(Get-GradioSession demo).Version\n"
              "(Invoke-GradioSessionApi image_filter @($DemoImage, 'mirror') | Update-GradioSessionApiResult"
              " | select -Last 1).data[0].orig_name")
    r = gshell("--demo", "-c", script, env=demo_env(tag, VENV5), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["Hello, Bo!", "5.50.0", "image.webp"]
    assert wait_gone(tag) == []


def test_demo_script_error_status_and_cleanup(tmp_path: Path) -> None:
    need(VENV6)
    tag = uuid.uuid4().hex
    r = gshell("--demo", "-c", "Invoke-GradioSessionApi nope 1", env=demo_env(tag), cwd=tmp_path)
    assert r.returncode == 1
    assert "greet" in r.stderr  # the error lists the known endpoints
    assert wait_gone(tag) == []


def test_demo_file_argument(tmp_path: Path) -> None:
    need(VENV6)
    tag = uuid.uuid4().hex
    script = tmp_path / "s.ps1"
    script.write_text("(Invoke-GradioSessionApi greet $args[0] | Update-GradioSessionApiResult).data[0]\nexit 3\n")
    r = gshell("--demo", str(script), "Cy", env=demo_env(tag), cwd=tmp_path)
    assert r.returncode == 3, r.stderr
    assert r.stdout == "Hello, Cy!\n"
    assert wait_gone(tag) == []


def test_demo_child_dies_with_gshell_sigkill(tmp_path: Path) -> None:
    """A crash of gshell (SIGKILL: no cleanup runs) still stops the app."""
    need(VENV6)
    tag = uuid.uuid4().hex
    p = subprocess.Popen([sys.executable, "-m", "gshell", "--demo", "-c", "'ready'; Start-Sleep 120"],
                         env=demo_env(tag), cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, text=True)
    try:
        assert p.stdout is not None
        assert p.stdout.readline() == "ready\n"
        assert tagged_pids(tag)
        p.kill()
        p.wait(10)
        assert wait_gone(tag) == []
    finally:
        if p.poll() is None:
            p.kill()


# -------------------------------------------------------------------------------------------
# gradio missing
# -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def python_without_gradio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("nogradio") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(d)], check=True, timeout=120)
    py = d / "bin" / "python"
    assert subprocess.run([str(py), "-c", "import gradio"], capture_output=True).returncode != 0
    return py


def test_demo_python_without_gradio(tmp_path: Path, python_without_gradio: Path) -> None:
    tag = uuid.uuid4().hex
    r = gshell("--demo", "-c", "'never'", env=demo_env(tag, python_without_gradio), cwd=tmp_path, timeout=60)
    assert r.returncode == 1
    assert r.stdout == ""
    lines = [ln for ln in r.stderr.splitlines() if not ln.startswith("gshell: starting")]
    assert len(lines) == 1, r.stderr
    assert f"{python_without_gradio} -m pip install 'gradio>=5' numpy pillow" in lines[0]
    assert "GSHELL_DEMO_PYTHON" in lines[0]
    assert wait_gone(tag) == []


def test_demo_current_python_without_gradio(tmp_path: Path) -> None:
    from gshell.demo.launcher import _importable
    if _importable("gradio"):
        pytest.skip("the test interpreter has gradio: this case is covered by the GSHELL_DEMO_PYTHON test")
    r = gshell("--demo", "-c", "'never'", env=demo_env("x", None), cwd=tmp_path, timeout=60)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1
    assert f"{sys.executable} -m pip install 'gshell[demo]'" in r.stderr


def test_demo_python_not_executable(tmp_path: Path) -> None:
    r = gshell("--demo", "-c", "'never'", env=demo_env("x", tmp_path / "nope"), cwd=tmp_path, timeout=60)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.strip() == f"gshell: GSHELL_DEMO_PYTHON={tmp_path / 'nope'} is not an executable Python"


def test_help_documents_demo_and_python_variable() -> None:
    r = gshell("--help", env=demo_env("x"), cwd=ROOT, timeout=60)
    assert r.returncode == 0
    assert "--demo" in r.stdout and "GSHELL_DEMO_PYTHON" in r.stdout and "gshell[demo]" in r.stdout


# -------------------------------------------------------------------------------------------
# interactive: pexpect in a pty
# -------------------------------------------------------------------------------------------



class Shell:
    def __init__(self, tag: str, cwd: Path) -> None:
        need(VENV6)
        env = demo_env(tag, TERM="xterm", GSHELL_HISTORY=str(cwd / "history"), COLUMNS="250",
                       PROMPT_TOOLKIT_NO_CPR="1")
        self.child = pexpect.spawn(sys.executable, ["-m", "gshell", "--demo"], env=env, cwd=str(cwd),
                                   encoding="utf-8", timeout=TIMEOUT, dimensions=(50, 250))
        self.log: list[str] = []

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> str:
        """Wait for ``pattern`` (a regex) in the output with ANSI codes removed."""
        deadline = time.monotonic() + timeout
        seen = ""
        while time.monotonic() < deadline:
            try:
                chunk = self.child.read_nonblocking(65536, timeout=0.5)
            except pexpect.TIMEOUT:
                chunk = ""
            self.log.append(chunk)
            seen = ANSI.sub("", "".join(self.log))
            m = re.search(pattern, seen)
            if m:
                self.log = [seen[m.end():]]
                return seen[: m.end()]
        raise AssertionError(f"{pattern!r} not seen; output was:\n{seen[-3000:]}")

    def prompt(self) -> None:
        self.expect(r"\[demo\] > ", timeout=60)

    def run(self, line: str, pattern: str) -> str:
        self.child.sendline(line)
        out = self.expect(pattern, timeout=60)
        self.prompt()
        return out

    def wait_exit(self) -> int | None:
        self.child.expect(pexpect.EOF, timeout=60)
        self.child.close()
        return self.child.exitstatus


def _welcome_and_prompt(sh: Shell) -> str:
    out = sh.expect(r"Try:(.*\n)+.*about_Gradio_Http")
    sh.prompt()
    return out


def test_demo_interactive_welcome_and_commands_then_exit(tmp_path: Path) -> None:
    from gshell.demo import TRY_COMMANDS
    tag = uuid.uuid4().hex
    sh = Shell(tag, tmp_path)
    try:
        out = _welcome_and_prompt(sh)
        welcome = out[out.index("Demo app"):].splitlines()
        assert len(welcome) == 7 and all(len(line.rstrip()) < 80 for line in welcome)
        assert "default session 'demo'" in welcome[0]
        for cmd in TRY_COMMANDS:  # every suggested command is in the welcome ...
            assert cmd in "\n".join(welcome)
        # ... and works
        expected = {
            TRY_COMMANDS[0]: r"complete\s+\{Hello, Ada!\}",
            TRY_COMMANDS[1]: r"Invoke-GradioApiImageFilter",
            TRY_COMMANDS[2]: r"one word at(.|\n)*complete\s+\{one word at a time\}",  # live line, then the record
            TRY_COMMANDS[3]: r"image\.webp",
            TRY_COMMANDS[4]: r"about_Gradio_Http",
        }
        for cmd in TRY_COMMANDS:
            sh.run(cmd, expected[cmd])
        assert not (tmp_path / "image.webp").exists()   # saved to $DemoDir, not the current folder
        sh.run('"saved: $((Get-ChildItem $DemoDir).Name)"', r"saved: image\.webp")
        assert tagged_pids(tag)
        sh.child.sendline("exit")
        assert sh.wait_exit() == 0
        assert wait_gone(tag) == []
    finally:
        sh.child.close(force=True)


def test_demo_interactive_ctrl_d(tmp_path: Path) -> None:
    tag = uuid.uuid4().hex
    sh = Shell(tag, tmp_path)
    try:
        _welcome_and_prompt(sh)
        sh.run("Show-GradioHttp; Invoke-GradioSessionApi greet Zed | Update-GradioSessionApiResult",
               r"event: complete data: \[\"Hello, Zed!\"\]")
        # Ctrl-C stops the running call, not the app (the app has its own process group)
        sh.child.sendline("Show-GradioHttp -Off; New-GradioSessionApiProxyFunction | Out-Null")
        sh.prompt()
        sh.child.sendline("Invoke-GradioApiTypewriter 'a b c d e f g h' -Delay 1.5")
        sh.expect(r"Invoke-GradioApiTypewriter: waiting, \d+ s \(Ctrl-C cancels\)", timeout=60)  # the spinner
        sh.expect(r"a b", timeout=60)     # then the live line (the echoed input is already consumed)
        sh.child.sendintr()
        sh.prompt()
        sh.run("(Invoke-GradioSessionApi greet again | Update-GradioSessionApiResult).data[0]", r"Hello, again!")
        assert tagged_pids(tag)
        sh.child.sendcontrol("d")
        assert sh.wait_exit() == 0
        assert wait_gone(tag) == []
    finally:
        sh.child.close(force=True)


def test_demo_interactive_sigterm(tmp_path: Path) -> None:
    tag = uuid.uuid4().hex
    sh = Shell(tag, tmp_path)
    try:
        _welcome_and_prompt(sh)
        assert tagged_pids(tag)
        os.kill(sh.child.pid, signal.SIGTERM)
        sh.child.expect(pexpect.EOF, timeout=30)
        sh.child.close()
        assert sh.child.signalstatus == signal.SIGTERM or sh.child.exitstatus not in (None, 0)
        assert wait_gone(tag) == []
    finally:
        sh.child.close(force=True)
