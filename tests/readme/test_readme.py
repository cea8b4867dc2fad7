"""The README doctest: every statement in the README's ```powershell blocks runs, and where the
README shows output the test compares it (readme_blocks.py describes the markers).

The tour blocks (`demo`, `hub`) run in README order in ONE `gshell --demo -c` process (the
demo app on the gradio 6.x test venv, via GSHELL_DEMO_PYTHON), with a second copy of the demo
app (the README's `http://127.0.0.1:7861`, started with the demo launcher) and the local Hub
stand-in (tests/hub/hub_standin.py, HF_ENDPOINT) whose space `gshell/image-lab` is hosted by
that second app.  The README shows the demo app at 7860 and the Hub at 7870: the test maps
those to the real ports in the input and back in the output.  Output is compared at 100
columns.  Set README_DOCTEST_SHOW=1 to print what each statement printed.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

import hub_standin  # noqa: E402
from readme_blocks import Block, mismatch, read_blocks  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
VENV6 = ROOT / ".venvs" / "gradio-6.31.0" / "bin" / "python"
DEMO_URL, LAB_URL, HUB_URL = "http://127.0.0.1:7860", "http://127.0.0.1:7861", "http://127.0.0.1:7870"
SPACE_ID = "gshell/image-lab"
MARK = "@@readme-doctest {}@@"
SHOW = bool(os.environ.get("README_DOCTEST_SHOW"))
BLOCKS = read_blocks(README)


def base_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GRADIO_", "HF_", "GSHELL_")) and k not in ("NO_COLOR", "LINES")}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="100", NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost",
               HF_HOME=str(tmp / "hf-home"), HOME=str(tmp))
    return env


def script_of(steps: list[tuple[int, str]]) -> str:
    """The statements, each followed by a marker line that closes its output."""
    return "\n".join(f"{src}\n'{MARK.format(n)}'" for n, src in steps) + "\n"


def split_output(text: str, count: int) -> list[list[str]]:
    outs: list[list[str]] = []
    rest = text
    for n in range(count):
        mark = MARK.format(n)
        if mark not in rest:
            raise AssertionError(f"the script stopped before statement {n}; output:\n{text[-4000:]}")
        before, rest = rest.split(mark, 1)
        outs.append(before.splitlines())
    return outs


def check(blocks: list[Block], outputs: list[list[str]], normalize: dict[str, str]) -> list[str]:
    problems: list[str] = []
    n = 0
    for block in blocks:
        for step in block.steps:
            got = outputs[n]
            n += 1
            for real, shown in normalize.items():
                got = [ln.replace(real, shown) for ln in got]
            if SHOW:
                print(f"--- README:{step.line}: {step.source}\n" + "\n".join(got))
            if step.expected is None:
                errors = [ln for ln in got if re.search(r"\bAt (line|[^ ]+):\d+ char:|^Line \|$|not recognized|^WARNING:", ln)]
                if errors:
                    problems.append(f"README:{step.line}: the block printed an error: {errors}")
                continue
            problem = mismatch(step.expected, got)
            if problem:
                problems.append(f"README:{step.line}: {step.source!r}: {problem}\n  output was:\n    "
                                + "\n    ".join(got))
    return problems


def test_readme_has_tour_and_plain_blocks() -> None:
    targets = {b.target for b in BLOCKS}
    assert {"demo", "hub", "plain", "skip"} <= targets, targets
    assert sum(len(b.steps) for b in BLOCKS if b.target != "skip") >= 25


@pytest.fixture(scope="module")
def lab_and_hub():
    """The second demo app (the README's 7861) and the Hub stand-in with a space on it."""
    if not VENV6.exists():
        pytest.fail(f"{VENV6} is missing: run tests/run to create it")
    from gshell.demo import launcher
    old = os.environ.get(launcher.ENV_PYTHON)
    os.environ[launcher.ENV_PYTHON] = str(VENV6)
    try:
        lab = launcher.launch()
    finally:
        if old is None:
            os.environ.pop(launcher.ENV_PYTHON, None)
        else:
            os.environ[launcher.ENV_PYTHON] = old
    hub = hub_standin.start()
    try:
        url = lab.wait_ready()
        hub.spaces = {SPACE_ID: hub_standin.space(SPACE_ID, url)}
        yield url, hub
    finally:
        lab.stop()
        hub.stop()


def test_readme_tour(lab_and_hub, tmp_path: Path) -> None:
    lab_url, hub = lab_and_hub
    tour = [b for b in BLOCKS if b.shared]
    steps = [(n, s.source) for n, s in enumerate(s for b in tour for s in b.steps)]
    script = script_of([(n, src.replace(LAB_URL, lab_url)) for n, src in steps])
    env = base_env(tmp_path)
    env.update(GSHELL_DEMO_PYTHON=str(VENV6), HF_ENDPOINT=hub.url)
    work = tmp_path / "work"
    work.mkdir()
    # the demo app's port is known only once it runs: the script reads it from its session
    script = script.replace(DEMO_URL, "$((Get-GradioSession demo).AppUrl)")
    r = subprocess.run([sys.executable, "-m", "gshell", "--demo", "-c", script], env=env, cwd=str(work),
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=240)
    m = re.search(r"demo app ready at (http://127\.0\.0\.1:\d+)", r.stdout)
    assert m, r.stdout[-3000:]
    outputs = split_output(r.stdout, len(steps))
    problems = check(tour, outputs, {m.group(1): DEMO_URL, lab_url: LAB_URL, hub.url: HUB_URL})
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.target == "plain"], ids=lambda b: f"line{b.line}")
def test_readme_plain_block(block: Block, tmp_path: Path) -> None:
    steps = [(n, s.source) for n, s in enumerate(block.steps)]
    r = subprocess.run([sys.executable, "-m", "gshell", "-c", script_of(steps)], env=base_env(tmp_path),
                       cwd=str(tmp_path), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=60)
    problems = check([block], split_output(r.stdout, len(steps)), {})
    assert not problems, "\n".join(problems)


def test_readme_welcome_is_what_gshell_prints() -> None:
    """The ```text transcript of the first screen: the welcome lines are gshell's own."""
    from types import SimpleNamespace

    from gshell.demo import welcome
    text = README.read_text(encoding="utf-8")
    screen = text.split("$ .venv/bin/gshell --demo\n", 1)[1].split("```", 1)[0]
    expected = welcome(SimpleNamespace(url=DEMO_URL, version="6.31.0")).rstrip("\n")  # type: ignore[arg-type]
    assert expected in screen
    assert screen.splitlines()[-1] == "gshell [demo] >"
