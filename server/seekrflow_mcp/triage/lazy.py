"""A sequence whose items are built only when read: a plan of thousands of calls is counted
whole, and only the few a result shows are made."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import TypeVar, overload

T = TypeVar("T")


class Lazy(Sequence[T]):
    """`count` items; item `i` is `build(i)`, made on first read and kept."""

    def __init__(self, count: int, build: Callable[[int], T]) -> None:
        self._count = count
        self._build = build
        self._built: dict[int, T] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(self._count))]
        if not -self._count <= index < self._count:
            raise IndexError(index)
        return self._item(index % self._count)

    def _item(self, index: int) -> T:
        if index not in self._built:
            self._built[index] = self._build(index)
        return self._built[index]


def chain(*parts: Sequence[T]) -> Lazy[T]:
    """The parts one after the other, each still built only when read."""
    starts = list(accumulate((len(part) for part in parts), initial=0))

    def build(index: int) -> T:
        which = bisect_right(starts, index) - 1
        return parts[which][index - starts[which]]

    return Lazy(starts[-1], build)
