"""Key bindings: Enter continues incomplete input, bracketed paste, F1 help, Ctrl-L.

Everything else comes from prompt_toolkit's emacs/vi defaults (Ctrl-R reverse search,
RightArrow accepts the history suggestion, Ctrl-D on an empty line exits, Tab completes).
"""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.enums import DEFAULT_BUFFER
from prompt_toolkit.filters import Condition, has_focus, is_searching
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys

from gshell.repl.paste import strip_prompts


def lang_is_incomplete(text: str) -> bool:
    """The parser's verdict: open bracket/string, trailing `|` or backtick."""
    try:
        from gshell.lang import is_incomplete

        return bool(is_incomplete(text))
    except Exception:  # the parser must not break typing; treat as complete
        return False


def make_key_bindings(
    *,
    is_incomplete: Callable[[str], bool] = lang_is_incomplete,
    show_help: Callable[[str, int], None] | None = None,
) -> KeyBindings:
    """``show_help(text, cursor)`` prints help for the command under the cursor (F1)."""
    kb = KeyBindings()
    in_buffer = has_focus(DEFAULT_BUFFER) & ~is_searching

    @Condition
    def menu_selection() -> bool:
        from prompt_toolkit.application import get_app

        state = get_app().current_buffer.complete_state
        return state is not None and state.current_completion is not None

    @kb.add("enter", filter=in_buffer & menu_selection)
    def _apply_completion(event: KeyPressEvent) -> None:
        buf = event.current_buffer
        state = buf.complete_state
        if state is not None and state.current_completion is not None:
            buf.apply_completion(state.current_completion)
        buf.complete_state = None

    @kb.add("enter", filter=in_buffer & ~menu_selection)
    def _enter(event: KeyPressEvent) -> None:
        buf = event.current_buffer
        if buf.complete_state is not None:
            buf.cancel_completion()
        if is_incomplete(buf.text):
            buf.insert_text("\n")
            return
        buf.validate_and_handle()

    @kb.add("tab", filter=in_buffer)
    def _tab(event: KeyPressEvent) -> None:
        """PSReadLine's TabCompleteNext: the first Tab inserts the first candidate (menu
        open on it), each further Tab the next one; Shift-Tab goes back."""
        buf = event.current_buffer
        if buf.complete_state is not None:
            buf.complete_next()
            return
        if buf.completer is None:
            return
        found = list(buf.completer.get_completions(buf.document, CompleteEvent(completion_requested=True)))
        if len(found) == 1:
            buf.apply_completion(found[0])
        elif found:
            buf.start_completion(select_first=True)

    @kb.add("escape", "enter", filter=in_buffer)
    def _newline(event: KeyPressEvent) -> None:
        """Alt-Enter: a new line without running (PSReadLine's Shift-Enter)."""
        event.current_buffer.insert_text("\n")

    @kb.add(Keys.BracketedPaste, filter=in_buffer)
    def _paste(event: KeyPressEvent) -> None:
        """Insert the pasted script without its PowerShell prompts; Enter runs it whole."""
        data = strip_prompts(event.data)
        buf = event.current_buffer
        if not buf.text.strip():
            data = data.lstrip("\n")
        buf.insert_text(data.rstrip("\n") if not buf.text[buf.cursor_position:] else data)

    @kb.add("c-l")
    def _clear(event: KeyPressEvent) -> None:
        event.app.renderer.clear()

    if show_help is not None:
        @kb.add("f1", filter=in_buffer)
        def _help(event: KeyPressEvent) -> None:
            buf = event.current_buffer
            text, cursor = buf.text, buf.cursor_position
            run_in_terminal(lambda: show_help(text, cursor))

    return kb
