"""prompt_toolkit Completer over the pure ``suggest()`` core."""

from __future__ import annotations

from collections.abc import Iterable

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from gshell.display import visible, visible_line
from gshell.repl.context import ShellContext
from gshell.repl.suggestions import Kind, Suggestion

META_WIDTH = 60

#: style class of each suggestion kind in the menu
KIND_STYLES: dict[Kind, str] = {
    Kind.COMMAND: "class:completion.command",
    Kind.PARAMETER: "class:completion.parameter",
    Kind.ENDPOINT: "class:completion.endpoint",
    Kind.ENDPOINT_PARAM: "class:completion.endpoint-param",
    Kind.VARIABLE: "class:completion.variable",
    Kind.MEMBER: "class:completion.member",
    Kind.SESSION_NAME: "class:completion.session",
    Kind.PATH: "class:completion.path",
    Kind.VALUE: "class:completion.value",
}


def _meta(s: Suggestion) -> str:
    text = visible(" ".join(s.meta.split()))   # descriptions come from /info
    return text if len(text) <= META_WIDTH else text[: META_WIDTH - 1] + "…"


def to_completion(s: Suggestion, cursor: int) -> Completion:
    return Completion(s.insert, start_position=s.start - cursor, display=visible_line(s.label, 80),
                      display_meta=lambda: _meta(s), style=KIND_STYLES.get(s.kind, ""))


class GShellCompleter(Completer):
    def __init__(self, ctx: ShellContext) -> None:
        self.ctx = ctx

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        cursor = document.cursor_position
        if complete_event.completion_requested and self.ctx.loading:
            self.ctx.wait_ready()   # Tab pressed while loading
        from gshell.repl.suggest import suggest  # the analysis loads on the first keypress, not at start

        try:
            items = suggest(document.text, cursor, self.ctx)
        except Exception:   # completion must never break typing
            return
        for s in items:
            if s.start > cursor:
                continue
            yield to_completion(s, cursor)
