"""Typed completion suggestions (no prompt_toolkit here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    COMMAND = "Command"
    PARAMETER = "Parameter"
    ENDPOINT = "Endpoint"
    ENDPOINT_PARAM = "EndpointParam"
    VARIABLE = "Variable"
    MEMBER = "Member"
    SESSION_NAME = "SessionName"
    PATH = "Path"
    VALUE = "Value"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One completion: replace ``text[start:cursor]`` with ``text`` (``insert``)."""

    kind: Kind
    insert: str
    start: int
    display: str = ""
    description: str | Callable[[], str] = ""   # a function: worked out when the menu shows it

    @property
    def label(self) -> str:
        return self.display or self.insert

    @property
    def meta(self) -> str:
        """The description text."""
        return self.description() if callable(self.description) else self.description
