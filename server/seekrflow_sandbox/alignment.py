"""The alignment job a data job gets on /start: pending -> queued -> running -> an end.

Like ingestion, its whole course is planned at creation and read off the clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from seekrflow_sandbox import assumptions

ACTIVE = frozenset({"pending", "queued", "running"})


@dataclass(eq=False)
class AlignmentRun:
    id: str
    created_at: datetime  # pending from here
    queued_at: datetime
    running_at: datetime
    ends_at: datetime  # when running stops by itself
    outcome: str = "completed"  # how it stops by itself: completed, failed or stopped
    outcome_message: str | None = None
    cancelled_at: datetime | None = None

    def status(self, now: datetime) -> str:
        if self.cancelled_at is not None and now >= self.cancelled_at:
            return "cancelled"
        if now < self.queued_at:
            return "pending"
        if now < self.running_at:
            return "queued"
        if now < self.ends_at:
            return "running"
        return self.outcome

    def ended_at(self, now: datetime) -> datetime | None:
        """When it reached its final status, if it has."""
        if self.cancelled_at is not None and now >= self.cancelled_at:
            return self.cancelled_at
        return self.ends_at if now >= self.ends_at else None

    def cancel(self, now: datetime) -> None:
        self.cancelled_at = now

    def status_message(self, now: datetime) -> str | None:
        status = self.status(now)
        if status == "cancelled":
            return assumptions.ALIGNMENT_CANCELLED_MESSAGE
        return self.outcome_message if status == self.outcome else None

    def updated_at(self, now: datetime) -> datetime:
        ended = self.ended_at(now)
        if ended is not None:
            return ended
        if now >= self.running_at:
            return now  # progress is reported continuously while running
        return self.queued_at if now >= self.queued_at else self.created_at

    def progress(self, now: datetime) -> float:
        """Percent of the running phase done, frozen when it ends early."""
        if self.status(now) == "completed":
            return 100.0
        moment = self.ended_at(now) or now
        if moment <= self.running_at:
            return 0.0
        done = (moment - self.running_at) / (self.ends_at - self.running_at)
        return round(min(done, 1.0) * 100, 1)

    def eta_minutes(self, now: datetime) -> int:
        return math.ceil((self.ends_at - now).total_seconds() / 60)


def step(progress: float) -> tuple[str, int]:
    """The step a progress falls in, and how far into that step (percent)."""
    start = 0.0
    for name, end in assumptions.ALIGNMENT_STEPS:
        if progress < end or end >= 100.0:
            return name, min(100, int((progress - start) / (end - start) * 100))
        start = end
    raise AssertionError("ALIGNMENT_STEPS must end at 100")
