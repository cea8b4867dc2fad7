"""What the layers above attach to an engine object (gshell's record views of a session or a
call): one object per class, typed by the class that asks, living as long as the engine object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

T = TypeVar("T")


class Attached:
    """One attached object per class (``get(kind, make)`` makes it on first use)."""

    __slots__ = ("_by_kind",)

    def __init__(self) -> None:
        self._by_kind: dict[type, Any] = {}

    def get(self, kind: type[T], make: Callable[[], T]) -> T:
        value = self._by_kind.get(kind)
        if value is None:
            value = self._by_kind.setdefault(kind, make())
        return cast(T, value)

    def __len__(self) -> int:
        return len(self._by_kind)
