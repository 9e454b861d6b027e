"""The phrases results are written in: counts, times, quoted names and messages.

Shared by triage (blocker sentences, the reasons of suggested calls) and render, so that a
count or a time reads the same wherever it appears.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """ "no files", "1 file", "3 files"; `nouns` for an irregular plural."""
    return f"{n or 'no'} {noun if n == 1 else nouns or noun + 's'}"


def _utc(moment: datetime) -> datetime:
    # SeekrFlow sends UTC `Z` times; a naive datetime can only have come from UTC too.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _span(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def age(then: datetime, now: datetime) -> str:
    """ "just now", "45s ago", "12m ago", "2h ago", "3d ago"; "in 5m" for a time still ahead."""
    seconds = int((_utc(now) - _utc(then)).total_seconds())
    if abs(seconds) < 10:
        return "just now"
    return f"{_span(seconds)} ago" if seconds > 0 else f"in {_span(-seconds)}"


def when(then: datetime, now: datetime) -> str:
    """ISO-8601 UTC to the minute, plus the age: "2025-11-14T07:37Z (2h ago)"."""
    return f"{_utc(then):%Y-%m-%dT%H:%MZ} ({age(then, now)})"


def byte_size(n: int) -> str:
    """ "0 bytes", "812 bytes", "1.2 KB", "2.4 MB", "4 GB": units of 1,024, as file managers
    on most systems show them, to one decimal below 10."""
    if n < 1024:
        return f"{n} byte" if n == 1 else f"{n} bytes"
    value = float(n)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if round(value) < 1024 or unit == "TB":
            break
    return f"{value:.1f} {unit}".replace(".0 ", " ") if value < 10 else f"{value:.0f} {unit}"


def code(text: str) -> str:
    """A name as a code span that no backtick inside it can close early (CommonMark's rule)."""
    if not text:
        return "(unnamed)"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def quote(message: str) -> str:
    """A message as a JSON string literal: its quotes cannot be closed from inside."""
    return json.dumps(message, ensure_ascii=False)


def percent(value: float) -> str:
    return f"{round(value, 1):g}%"
