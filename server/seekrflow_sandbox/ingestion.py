"""Ingestion: file records, the runs that group them, and the global FIFO queue.

A record's whole life is decided when it is enqueued: the queue knows when each worker
frees up, so start and end times are computed at once, and the status at any moment is
read off those timestamps. Nothing runs in the background.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from seekrflow_sandbox import assumptions
from seekrflow_sandbox.failures import Failure

QUEUED, RUNNING, COMPLETED, FAILED = "queued", "running", "completed", "failed"


@dataclass(eq=False)
class Record:
    """One attempt at one file."""

    record_id: str
    run_id: str
    file_id: str
    filename: str
    method: str
    metaflow_job_id: str
    worker_id: str
    created_at: datetime
    processing_at: datetime
    finished_at: datetime
    failure: Failure | None
    queue_index: int | None = None  # place in the global queue; None for seeded history
    deleted: bool = False

    def status(self, now: datetime) -> str:
        if now < self.processing_at:
            return QUEUED
        if now < self.finished_at:
            return RUNNING
        return FAILED if self.failure else COMPLETED


@dataclass(eq=False)
class IngestionRun:
    """One add-files call's worth of records (an "ingestion job" in the API)."""

    id: str
    created_at: datetime
    records: list[Record]
    _first_start: datetime = field(init=False)
    _last_end: datetime = field(init=False)
    _final_status: str = field(init=False)

    def __post_init__(self) -> None:
        # Records never change their timing, so the run's end state is known up front.
        self._first_start = min(r.processing_at for r in self.records)
        self._last_end = max(r.finished_at for r in self.records)
        failed = sum(1 for r in self.records if r.failure)
        total = len(self.records)
        self._final_status = assumptions.ingestion_run_status(0, 0, failed, total)

    @property
    def file_ids(self) -> list[str]:
        return [r.file_id for r in self.records]

    @property
    def finished_at(self) -> datetime:
        return self._last_end

    @property
    def final_status(self) -> str:
        return self._final_status

    def status(self, now: datetime) -> str:
        if now >= self._last_end:
            return self._final_status
        if now < self._first_start:
            return QUEUED
        statuses = [r.status(now) for r in self.records]
        return assumptions.ingestion_run_status(
            statuses.count(QUEUED), statuses.count(RUNNING), statuses.count(FAILED), len(statuses)
        )

    def updated_at(self, now: datetime) -> datetime:
        """The latest transition of any record that has already happened."""
        if now >= self._last_end:
            return self._last_end
        latest = self.created_at
        for r in self.records:
            for moment in (r.processing_at, r.finished_at):
                if latest < moment <= now:
                    latest = moment
        return latest


class IngestionQueue:
    """FIFO over every data job, served by `assumptions.WORKERS` workers.

    Enqueue times never decrease and a record always takes the earliest free worker, so
    start times never decrease either: the records still queued at `now` are exactly a
    suffix of the queue, and a queue position is a subtraction.
    """

    def __init__(self, workers: int = assumptions.WORKERS) -> None:
        self._free_at = [datetime.min.replace(tzinfo=UTC)] * workers
        self._starts: list[datetime] = []

    def schedule(self, enqueued_at: datetime, duration: timedelta) -> tuple[int, int, datetime, datetime]:
        """Place one record: (queue index, worker, start, end)."""
        worker = min(range(len(self._free_at)), key=lambda w: (self._free_at[w], w))
        start = max(enqueued_at, self._free_at[worker])
        end = start + duration
        self._free_at[worker] = end
        self._starts.append(start)
        return len(self._starts) - 1, worker, start, end

    def position(self, index: int, now: datetime) -> int | None:
        """1-based place among the records still waiting, or None once started."""
        started = bisect_right(self._starts, now)
        return index - started + 1 if index >= started else None
