"""SeekrFlow's timestamp text: ISO-8601, always six fraction digits, `Z` for UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache


@lru_cache(maxsize=1 << 16)
def iso(moment: datetime) -> str:
    # Cached: a large job repeats the same few thousand timestamps on every GET.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
