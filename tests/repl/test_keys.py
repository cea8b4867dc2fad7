"""Layer 3: key-level tests of the real PromptSession with pipe input and DummyOutput."""
from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from gshell.repl.app import build_session

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


@pytest.fixture
def pipe() -> Iterator:
    with create_pipe_input() as inp:
        with create_app_session(input=inp, output=DummyOutput()):
            yield inp


def run(pipe, ctx, keys: str | list[str], *, history=None, vi=False, helped=None) -> str:
    """Feed ``keys`` and return what the prompt accepted.  A list is sent chunk by chunk,
    letting the event loop run between chunks (completion and history suggestions are
    computed in background tasks, as when a person types)."""
    session = build_session(ctx, vi=vi, history=history or InMemoryHistory(), input=pipe,
                            output=DummyOutput(), complete_while_typing=False,
                            show_help=(lambda t, c: helped.append((t, c))) if helped is not None else None)
    chunks = [keys] if isinstance(keys, str) else list(keys)

    async def feed() -> None:
        for chunk in chunks:
            pipe.send_text(chunk)
            for _ in range(20):          # let key processing and background tasks run
                await asyncio.sleep(0.01)

    async def main() -> str:
        task = asyncio.ensure_future(feed())
        try:
            return await session.prompt_async()
        finally:
            await task

    return asyncio.run(main())


def test_enter_accepts_complete_line(pipe, ctx):
    assert run(pipe, ctx, "Get-GradioSession\r") == "Get-GradioSession"


def test_tab_completes_single_command(pipe, ctx):
    assert run(pipe, ctx, ["Invoke-Gr\t", "\r"]) == "Invoke-GradioSessionApi"


def test_tab_completes_parameter(pipe, ctx):
    assert run(pipe, ctx, ["Invoke-GradioSessionApi -Api\t", "\r"]) == "Invoke-GradioSessionApi -ApiName"


def test_tab_cycles_menu_and_enter_picks(pipe, ctx):
    # Tab opens the menu on the first choice, Tab again moves on; Enter takes the choice
    # (and closes the menu) without running; the second Enter runs.
    text = run(pipe, ctx, ["Set-GradioSession -MaxCallsPolicy \t", "\t", "\r", "\r"])
    assert text == "Set-GradioSession -MaxCallsPolicy Remove"


def test_tab_endpoint_and_params_key(pipe, ctx):
    text = run(pipe, ctx, ["Invoke-GradioSessionApi -ApiName num\t", " -Params @{ col\t", " = \t", "\r", " }\r"])
    assert text == "Invoke-GradioSessionApi -ApiName numbers -Params @{ colour = 'red' }"


def test_enter_on_incomplete_input_continues(pipe, ctx):
    text = run(pipe, ctx, "Get-GradioSession |\rSelect-Object -First 1\r")
    assert text == "Get-GradioSession |\nSelect-Object -First 1"


def test_enter_inside_open_brace_and_string(pipe, ctx):
    assert run(pipe, ctx, "$h = @{\ra = 1\r}\r") == "$h = @{\na = 1\n}"
    assert run(pipe, ctx, "'one\rtwo'\r") == "'one\ntwo'"


def test_alt_enter_inserts_newline(pipe, ctx):
    assert run(pipe, ctx, "Get-X\x1b\rGet-Y\r") == "Get-X\nGet-Y"


def test_bracketed_paste_strips_prompts_and_waits_for_enter(pipe, ctx):
    paste = "PS C:\\> Get-GradioSession\nPS C:\\> Get-GradioSession |\n>> Select-Object -First 1\n"
    text = run(pipe, ctx, PASTE_START + paste + PASTE_END + "\r")
    assert text == "Get-GradioSession\nGet-GradioSession |\nSelect-Object -First 1"


def test_ctrl_r_searches_history(pipe, ctx):
    history = InMemoryHistory()
    for line in ["Get-GradioSession", "Invoke-GradioSessionApi echo", "Set-GradioSession -Default"]:
        history.append_string(line)
    assert run(pipe, ctx, "\x12echo\r\r", history=history) == "Invoke-GradioSessionApi echo"


def test_up_arrow_recalls_history(pipe, ctx):
    history = InMemoryHistory()
    history.append_string("Get-GradioSession")
    assert run(pipe, ctx, "\x1b[A\r", history=history) == "Get-GradioSession"


def test_right_arrow_accepts_history_suggestion(pipe, ctx):
    history = InMemoryHistory()
    history.append_string("Invoke-GradioSessionApi echo @{ text = 'hi' }")
    assert run(pipe, ctx, ["Invoke-Gradio", "\x1b[C", "\r"], history=history) == \
        "Invoke-GradioSessionApi echo @{ text = 'hi' }"


def test_ctrl_c_raises_keyboard_interrupt(pipe, ctx):
    with pytest.raises(KeyboardInterrupt):
        run(pipe, ctx, "Get-Gradio\x03")


def test_ctrl_d_on_empty_line_is_eof(pipe, ctx):
    with pytest.raises(EOFError):
        run(pipe, ctx, "\x04")


def test_f1_asks_help_for_command_under_cursor(pipe, ctx):
    helped: list = []
    run(pipe, ctx, "Get-GradioSession -Name x\x1bOP\r", helped=helped)
    assert helped == [("Get-GradioSession -Name x", 25)]


def test_vi_mode(pipe, ctx):
    # Esc to normal mode, 0 to line start, `i` insert, type, Enter.
    assert run(pipe, ctx, "Session\x1b0iGet-Gradio\r", vi=True) == "Get-GradioSession"
