"""Control-flow signals (break / continue / return / exit).

They derive from ``BaseException`` so that a cmdlet's ``except Exception`` never swallows
them: `break` inside `%{ }` leaves the enclosing loop or the script, as PowerShell does.
"""

from __future__ import annotations


class FlowSignal(BaseException):
    pass


class BreakSignal(FlowSignal):
    def __init__(self, label: str | None = None) -> None:
        super().__init__(label)
        self.label = label


class ContinueSignal(FlowSignal):
    def __init__(self, label: str | None = None) -> None:
        super().__init__(label)
        self.label = label


class ReturnSignal(FlowSignal):
    pass


class ExitSignal(FlowSignal):
    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.code = code


def label_matches(signal_label: str | None, loop_label: str | None) -> bool:
    """An unlabelled break/continue hits the innermost loop; a labelled one the loop with
    that label (case-insensitive)."""
    if signal_label is None:
        return True
    return loop_label is not None and signal_label.casefold() == loop_label.casefold()


def loop_exit(signal: BreakSignal | ContinueSignal, loop_label: str | None) -> bool:
    """What a loop labelled ``loop_label`` does with a `break` or `continue` from its body:
    True to leave the loop (a `break` for it), False to go on with the next pass (a `continue`
    for it); a signal for an outer loop is raised on.  Every loop (foreach, for, while, do,
    switch) handles its body's signals through this one rule."""
    if not label_matches(signal.label, loop_label):
        raise signal
    return isinstance(signal, BreakSignal)

