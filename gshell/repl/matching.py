"""Ranking: case-insensitive prefix matches first, then subsequence (fuzzy) matches."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def fuzzy_score(needle: str, hay: str) -> tuple[int, int] | None:
    """(span, first index) of the tightest-left subsequence match of ``needle`` in
    ``hay`` (both already case-folded), or None.  Smaller is better."""
    pos = -1
    first = -1
    for ch in needle:
        pos = hay.find(ch, pos + 1)
        if pos < 0:
            return None
        if first < 0:
            first = pos
    return (pos - first, first)


def rank(prefix: str, items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """Items whose key starts with ``prefix`` (case-insensitive), in their given order;
    if there are none, the items matching it as a subsequence, best first."""
    folded = prefix.casefold()
    items = list(items)
    if not folded:
        return items
    prefixed = [it for it in items if key(it).casefold().startswith(folded)]
    if prefixed:
        return prefixed
    scored: list[tuple[tuple[int, int, int], int, T]] = []
    for i, it in enumerate(items):
        k = key(it).casefold()
        score = fuzzy_score(folded, k)
        if score is not None:
            scored.append(((score[0], score[1], len(k)), i, it))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [s[2] for s in scored]
