"""When will it be ready: the time left until a job's queued and running files have all
finished, learnt from the job itself.

The pace is the durations (`processing_at` to `completed_at` or `failed_at`) of the files
that finished in the runs still in progress: older runs may have used another method or other
files. SeekrFlow does not say how many workers it has, so how many files run at once is the
most of this job's records seen ingesting at the same moment; there may be more (a job's first
files can run beside another job's), so the low end allows twice as many. The queue is shared: a queued file's
`queue_position` counts every record ahead of it, of any job, and those are assumed to take
about as long as this job's own.

The range is wide on purpose: the files that finish first are the short ones, so the fastest
and slowest seen so far bound each file, and the high end adds one more file's time for the
last file to run alone (list scheduling ends at most one file after the work divided evenly).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from operator import attrgetter

from seekrflow_mcp.seekrflow.models import FileRecord
from seekrflow_mcp.text.words import plural
from seekrflow_mcp.triage.facts import JobFacts
from seekrflow_mcp.triage.views import EstimateView

IN_PROGRESS = frozenset({"queued", "running"})
_STATUS = attrgetter("status")


def _duration(record: FileRecord) -> float | None:
    end = record.completed_at or record.failed_at
    if record.processing_at is None or end is None:
        return None
    return max(0.0, (end - record.processing_at).total_seconds())


def _most_at_once(records: Sequence[FileRecord], now: datetime) -> int:
    """The most records ingesting at one moment; one ending as another starts is not overlap."""
    moments: list[tuple[datetime, int]] = []
    for record in records:
        if record.processing_at is None or record.status not in ("running", "completed", "failed"):
            continue
        end = record.completed_at or record.failed_at or max(now, record.processing_at)
        moments += [(record.processing_at, 1), (end, -1)]
    most = running = 0
    for _, step in sorted(moments):  # at equal times -1 sorts before +1
        running += step
        most = max(most, running)
    return most


def _waiting_line(queued: int, running: int) -> str:
    parts = [f"{plural(queued, 'file')} queued" if queued else "", f"{running} running" if running else ""]
    return ", ".join(part for part in parts if part)


def _number(seconds: float) -> str:
    return f"{seconds:.0f}" if seconds >= 10 else f"{seconds:.1f}".removesuffix(".0")


def estimate(facts: JobFacts, now: datetime) -> EstimateView | None:
    """None when none of the job's files is queued or running."""
    # Read at C speed: a finished run of a large job has a hundred thousand records.
    runs = [run for run in facts.detail.ingestion_jobs if not IN_PROGRESS.isdisjoint(map(_STATUS, run.records))]
    # Deleted records still run to their end and keep the job processing, so they count here.
    records = [record for run in runs for record in run.records]
    running = [r for r in records if r.status == "running"]
    queued = [r for r in records if r.status == "queued"]
    # An attached file with no record yet is waiting for its first attempt.
    unrecorded = sum(1 for f in facts.by_state.get("queued", ()) if f.latest is None)
    waiting = len(queued) + unrecorded
    if not waiting and not running:
        return None
    durations = [d for r in records if r.status in ("completed", "failed") and (d := _duration(r)) is not None]
    head = _waiting_line(waiting, len(running))
    if not durations:
        return EstimateView(
            low_seconds=None,
            high_seconds=None,
            queued=waiting,
            running=len(running),
            finished=0,
            per_file_seconds=None,
            at_once=None,
            basis=f"{head}; none of them has finished yet, so there is no pace to learn from",
        )
    at_once = max(_most_at_once(records, now), len(running), 1)
    elapsed = [max(0.0, (now - r.processing_at).total_seconds()) if r.processing_at else 0.0 for r in running]
    fastest = min(durations)
    # A file still running has already taken as long as it has been running.
    slowest = max([*durations, *elapsed])
    # Every record ahead of this job's last queued one runs before it ends.
    positions = [r.queue_position for r in queued if r.queue_position is not None]
    ahead = max(positions, default=0) + sum(1 for r in queued if r.queue_position is None) + unrecorded
    running_left = [max(0.0, fastest - e) for e in elapsed]
    low = max(
        # More workers than this job was seen using may be free: the low end allows twice as many.
        (sum(running_left) + ahead * fastest) / (2 * at_once),
        fastest if ahead else 0.0,
        max(running_left, default=0.0),
    )
    high = (len(running) + ahead) * slowest / at_once + slowest
    mean = sum(durations) / len(durations)
    seen = max(durations)
    spread = _number(fastest) if fastest == seen else f"{_number(fastest)}–{_number(seen)}"
    pace = f"about {_number(mean)} s a file so far ({spread} s, {len(durations)} finished)"
    return EstimateView(
        low_seconds=math.floor(low),
        high_seconds=max(1, math.ceil(high)),
        queued=waiting,
        running=len(running),
        finished=len(durations),
        per_file_seconds=round(mean, 1),
        at_once=at_once,
        basis=f"{head}; {pace}, {at_once} at once",
    )
