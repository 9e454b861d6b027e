"""Where the sandbox's time comes from.

Everything that evolves (ingestion, alignment) is computed from stored timestamps and
`clock.now()` on each request, so a `FakeClock` makes the whole simulation
deterministic and instant: a test advances it instead of sleeping.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

# The moment the payloads in `tests/contract/` were captured: the default start of a FakeClock,
# so that a seeded world built on it carries the contract's own timestamps.
CONTRACT_NOW = datetime(2025, 11, 14, 12, 5, tzinfo=UTC)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock time, never running backwards (the ingestion schedule relies on it)."""

    def __init__(self) -> None:
        self._last = datetime.now(UTC)

    def now(self) -> datetime:
        self._last = max(self._last, datetime.now(UTC))
        return self._last


class FakeClock:
    """Time that moves only when told to."""

    def __init__(self, start: datetime = CONTRACT_NOW) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime (UTC)")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._now += timedelta(seconds=seconds)
