"""`python3 -m gshell -c` runs, exit statuses, --connect, and Ctrl-C during Update-*."""
from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import threading

import pytest
from cmdlet_shell import ROOT, gshell_cli


def test_cli_echo(gradio_server):
    url = gradio_server.url("basic")
    p = gshell_cli("-c", f"New-GradioSession {url} | Out-Null; "
                         "(Invoke-GradioSessionApi echo 'from cli' | Update-GradioSessionApiResult).data[0]")
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "from cli"
    assert p.stderr == ""


def test_cli_unknown_endpoint_exits_1(gradio6):
    url = gradio6.url("basic")
    p = gshell_cli("-c", f"New-GradioSession {url} | Out-Null; Invoke-GradioSessionApi nope 'x'; 'goes on'; "
                         "throw 'stop'; 'not reached'")
    assert p.returncode == 1
    # a cmdlet's terminating error ends its statement only (pwsh); `throw` ends the script
    assert "goes on" in p.stdout and "not reached" not in p.stdout
    assert "known endpoints" in p.stderr and "Traceback" not in p.stderr


def test_cli_app_error_is_non_terminating(gradio6):
    url = gradio6.url("basic")
    p = gshell_cli("-c", f"New-GradioSession {url} | Out-Null; "
                         "Invoke-GradioSessionApi gr_error 'cli' | Update-GradioSessionApiResult | % event; 'after'")
    assert p.returncode == 1
    assert p.stdout.split() == ["error", "after"]
    assert "boom: cli" in p.stderr and "Traceback" not in p.stderr


def test_cli_session_json_hides_token(gradio6):
    url = gradio6.url("basic")
    p = gshell_cli("-c", f"New-GradioSession {url} -Token hf_cliSecretValue99 | ConvertTo-Json")
    assert p.returncode == 0, p.stderr
    assert "hf_cliSecretValue99" not in p.stdout + p.stderr
    assert '"Token": "***"' in p.stdout


def test_cli_connect_function(sh6):
    from gshell.commands.gradio_sessions import cli_connect
    session = cli_connect(sh6.interp, sh6.server.url("basic"))
    assert session.default
    out = sh6.ev("Invoke-GradioSessionApi echo 'connected' | Update-GradioSessionApiResult")
    assert out[-1]["data"] == ["connected"]
    from gshell.gradio import GradioError
    with pytest.raises(GradioError):
        cli_connect(sh6.interp, sh6.server.base + "/no-such-app")


def test_ctrl_c_cancels_and_keeps_events(sh6):
    sh = sh6
    sh.ev("New-GradioSession $basic | Out-Null; $c = Invoke-GradioSessionApi ticker @(60)")
    # Ctrl-C a moment after the first event: the reader is then blocked on the stream (ticks are 1 s apart)
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    seen: list[str] = []
    interrupted = False
    try:
        for obj in sh.interp.compile_stmt(sh.interp.parse("$c | Update-GradioSessionApiResult").statements[0])(
                sh.interp.global_scope):
            seen.append(obj["event"])
            if len(seen) == 1:
                timer.start()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        timer.cancel()
    gc.collect()  # as in the shell: the interrupted pipeline's generators are closed
    assert interrupted
    assert seen and seen[0] == "generating"
    assert sh.one("$c.Status") == "cancelled"
    assert sh.one("$c.ApiEvent.events.Count") >= len(seen)
    # the shell goes on: the session still works
    assert sh.ev("Invoke-GradioSessionApi echo 'after ^C' | Update-GradioSessionApiResult")[-1]["data"] == ["after ^C"]


def test_ctrl_c_in_cli_process(gradio6):
    url = gradio6.url("basic")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update(PYTHONPATH=str(ROOT), NO_COLOR="1")
    proc = subprocess.Popen([sys.executable, "-m", "gshell", "-c",
                             f"New-GradioSession {url} | Out-Null; "
                             "Invoke-GradioSessionApi ticker 60 | Update-GradioSessionApiResult | % { $_.data[0] }"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.strip() == "tick0"
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=60)  # a bound for a hung process, not a latency test
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == 130
    assert "Traceback" not in err
