"""The time left while a job's files ingest, in words: one line of `get_data_job` and of
`wait_for_ingestion`, and the message of a wait's progress notifications."""

from __future__ import annotations

import math

from seekrflow_mcp.triage.views import EstimateView

# Below this a range reads best in seconds.
SECONDS_UP_TO = 90


def span(low: int, high: int) -> str:
    """ "about 2–21 s", "up to about 14 s", "about 3–5 minutes", "up to about 2 minutes": rounded outwards, so the
    words bracket what the numbers do."""
    if high < SECONDS_UP_TO:
        if low == 0:
            return f"up to about {high} s"
        return f"about {high} s" if low == high else f"about {low}–{high} s"
    low_minutes, high_minutes = low // 60, math.ceil(high / 60)
    if low_minutes == 0:
        return f"up to about {high_minutes} minutes"
    return f"about {low_minutes}–{high_minutes} minutes"


def time_left(estimate: EstimateView) -> str:
    """ "about 2–21 s", or "no estimate yet"."""
    if estimate.low_seconds is None or estimate.high_seconds is None:
        return "no estimate yet"
    return span(estimate.low_seconds, estimate.high_seconds)


def estimate_line(estimate: EstimateView) -> str:
    return f"Time left: {time_left(estimate)} — {estimate.basis}."
