"""What makes a large job cheap to read gives what the plain way gives: each file's latest
attempt and counts from one pass over the records, the file page's order without sorting every
file, a message classified once, and a plan of thousands of calls built only where it is read."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seekrflow_mcp.seekrflow.models import FileRecord
from seekrflow_mcp.triage.causes import classify, spent
from seekrflow_mcp.triage.facts import JobFacts, job_facts
from seekrflow_mcp.triage.lazy import Lazy, chain
from seekrflow_mcp.triage.reads import _in_page_order
from tests.helpers import attached, record, suggester, synthetic

IDS = [f"file-{i}" for i in range(6)]
STATUSES = ["queued", "running", "completed", "failed", "mystery"]
MESSAGES = [None, "The file appears to be empty.", "Service temporarily unavailable.", "Odd thing on page 3."]

_RECORD = st.fixed_dictionaries(
    {
        "file": st.sampled_from(IDS),
        "status": st.sampled_from(STATUSES),
        "minute": st.integers(0, 3),  # few times, so that ties happen
        "deleted": st.booleans(),
        "message": st.sampled_from(MESSAGES),
        "position": st.one_of(st.none(), st.integers(0, 3)),
    }
)


def _job(records: list[dict[str, Any]], files: list[str]) -> JobFacts:
    recorded = [
        record(
            r["file"],
            r["status"],
            f"2025-11-14T07:{r['minute']:02d}:00Z",
            deleted=r["deleted"],
            error_message=r["message"],
            queue_position=r["position"],
            record_id=f"rec-{i}",
        )
        for i, r in enumerate(records)
    ]
    return job_facts(synthetic([attached(f) for f in files], recorded))


def _latest(records: list[FileRecord]) -> FileRecord:
    latest = records[0]
    for each in records[1:]:
        if each.created_at >= latest.created_at:
            latest = each
    return latest


@settings(max_examples=200, deadline=None)
@given(st.lists(_RECORD, max_size=25), st.lists(st.sampled_from(IDS), unique=True, min_size=1))
def test_each_file_reads_as_its_records_say(records: list[dict[str, Any]], files: list[str]) -> None:
    facts = _job(records, files)
    for f in facts.files:
        live = [r for run in facts.detail.ingestion_jobs for r in run.records if r.alignment_file_id == f.file_id]
        live = [r for r in live if not r.deleted]
        assert f.latest is (_latest(live) if live else None)
        assert (f.attempts, f.failures) == (len(live), sum(r.status == "failed" for r in live))
        if f.state == "failed" and f.latest is not None:
            cause = classify(f.latest.error_message, f.latest.suggested_fix)
            assert f.cause == (spent(cause) if cause.retryable and f.failures > cause.retries else cause)
    assert [f.file_id for f in facts.open_failures] == [f.file_id for f in facts.files if f.state == "failed"]


_ORDER = {"failed": 0, "queued": 1, "running": 2, "completed": 3, "ready_without_ingestion": 4, "unknown": 5}


@settings(max_examples=200, deadline=None)
@given(st.lists(_RECORD, max_size=25), st.lists(st.sampled_from(IDS), unique=True, min_size=1))
def test_a_file_page_is_in_the_order_a_full_sort_gives(records: list[dict[str, Any]], files: list[str]) -> None:
    facts = _job(records, files)
    ranked = [
        f for _, f in sorted(enumerate(facts.files), key=lambda x: (_ORDER[x[1].state], x[1].queue_position or 0, x[0]))
    ]
    assert _in_page_order(facts, None) == ranked
    for state in _ORDER:
        assert _in_page_order(facts, state) == [f for f in ranked if f.state == state]  # type: ignore[arg-type]


def test_a_plan_of_thousands_of_removals_builds_only_the_calls_it_shows() -> None:
    ids = [f"file-{i:05}" for i in range(2_001)]
    detail = synthetic(
        [attached(i) for i in ids],
        [
            record(
                i, "completed" if i == ids[0] else "failed", "2025-11-14T07:00:00Z", error_message="The file is empty."
            )
            for i in ids
        ],
    )
    plan = suggester(True).plan(job_facts(detail))
    assert isinstance(plan, Lazy)
    assert len(plan) == 200 + 1  # 2,000 failed files ten a call, then nothing to wait for: start
    first = plan[0]
    assert first.arguments["file_ids"] == ids[1:11]
    assert "(part 1 of 200)" in first.reason
    assert plan[199].arguments["file_ids"] == ids[1991:]
    assert plan[-1].tool == "start_alignment"


def test_a_lazy_sequence_reads_like_the_list_it_stands_for() -> None:
    built: list[int] = []

    def square(i: int) -> int:
        built.append(i)
        return i * i

    squares = Lazy(5, square)
    joined = chain([-1], squares, [], [99])
    assert list(joined) == [-1, 0, 1, 4, 9, 16, 99]
    assert joined[1:3] == [0, 1]
    assert joined[-1] == 99
    assert len(joined) == 7
    assert built == [0, 1, 2, 3, 4]  # each once, though read twice
    with pytest.raises(IndexError):
        squares[5]
