"""Remembering that SeekrFlow is down, so that the calls after one that gave up fail fast.

A call that gave up on SeekrFlow (unreachable, timing out, or answering 5xx after its
retries) marks the API key it used as failing for a short window. A call inside the window
makes one quick attempt instead of retrying for its whole budget, and when that fails too it
says since when SeekrFlow has been failing and how many attempts have failed. Any answer
below 500 proves SeekrFlow is back and clears the mark; a 4xx never sets one (it is about
the request, not about SeekrFlow). Marks are per key: one caller's outage, or bad gateway
in front of one team, never slows another's calls.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pydantic import SecretStr


@dataclass(frozen=True)
class Outage:
    since: datetime  # the first failure of the streak, for the person reading
    attempts: int  # requests that failed in the streak, retries included
    until: float  # monotonic seconds: the fail-fast window's end


def key_id(api_key: SecretStr) -> str:
    """What the marks are kept under: a digest, so that no table of this process holds a key."""
    return hashlib.sha256(api_key.get_secret_value().encode()).hexdigest()[:16]


class Outages:
    def __init__(self, window: float, monotonic: Callable[[], float], now: Callable[[], datetime]) -> None:
        self._window = window
        self._monotonic = monotonic
        self._now = now
        self._marks: dict[str, Outage] = {}

    def current(self, key: str) -> Outage | None:
        """The mark on `key` while its window lasts."""
        mark = self._marks.get(key)
        return mark if mark is not None and self._monotonic() < mark.until else None

    def failed(self, key: str, attempts: int) -> Outage:
        """Note a call that gave up after `attempts` failed requests; the window starts again."""
        mark = self._marks.get(key)
        if mark is not None and self._monotonic() > mark.until + self._window:
            mark = None  # nothing was asked for a while: what fails now is news, not the old streak
        since = mark.since if mark is not None else self._now()
        total = (mark.attempts if mark is not None else 0) + attempts
        self._marks[key] = Outage(since, total, self._monotonic() + self._window)
        return self._marks[key]

    def answered(self, key: str) -> None:
        self._marks.pop(key, None)
