"""A job's facts on the recorded payloads of `tests/contract/` and variations of them: file states, the latest-attempt rule, readiness, status meanings."""

from typing import Any

import pytest
from inline_snapshot import snapshot

from seekrflow_mcp.seekrflow.models import DataJobDetail
from seekrflow_mcp.seekrflow.vocabulary import JOB_STATUSES
from seekrflow_mcp.triage.facts import job_facts
from seekrflow_mcp.triage.meanings import status_meaning
from tests.helpers import (
    FAILED_IDS,
    FAQ_MD,
    IROPS,
    attached,
    codes,
    failure_view,
    job_view,
    load,
    payload,
    plan_remove,
    readiness,
    record,
    synthetic,
    without_files,
)

# -- the needs-review contract --------------------------------------------------------------


def test_needs_review_has_seven_open_failures_in_six_causes() -> None:
    view = failure_view(load("needs_review"), can_write=True)
    assert view.open_failures == 7
    assert view.resolved_failures == 1
    groups = {g.cause: [f.name for f in g.files] for g in view.groups}
    assert groups == {
        "service_unavailable": ["fare-classes.pptx", "pets-policy.pdf"],
        "empty_file": ["empty-notes.docx"],
        "invalid_pdf": ["scanned-contract.pdf"],
        "page_too_large": ["poster-a0.pdf"],
        "file_not_found": ["missing-upload.pdf"],
        "internal_error": ["lounge-access.pdf"],
    }
    # Largest first, then catalog order.
    assert [g.cause for g in view.groups][:3] == ["service_unavailable", "empty_file", "invalid_pdf"]
    assert view.groups[0].retryable is True
    assert "irops-playbook.pdf" not in {f.name for g in view.groups for f in g.files}


def test_needs_review_file_states() -> None:
    view = job_view(load("needs_review"), detail_level="files", limit=50, can_write=True)
    assert view.file_counts.model_dump() == {
        "total": 13,
        "queued": 0,
        "running": 0,
        "completed": 5,
        "failed": 7,
        "ready_without_ingestion": 1,
    }
    assert view.files is not None
    states = {f.file_id: (f.state, f.attempts) for f in view.files.items}
    assert states[IROPS] == ("completed", 2)
    assert states[FAQ_MD] == ("ready_without_ingestion", 0)
    # Failed first, then completed, then Markdown.
    assert [f.state for f in view.files.items] == ["failed"] * 7 + ["completed"] * 5 + ["ready_without_ingestion"]


def test_needs_review_is_blocked_by_its_failures_only() -> None:
    ready, blockers = readiness(load("needs_review"))
    assert ready is False
    assert codes(blockers) == ["open_failures"]
    assert blockers[0].message.startswith("7 attached files failed to ingest")


def test_removing_the_open_failures_leaves_viable_files() -> None:
    plan = plan_remove(load("needs_review"), FAILED_IDS, allow_no_viable_files=False)
    assert plan.refused is None
    assert plan.to_remove == FAILED_IDS
    assert plan.unknown == []
    assert (plan.remaining.total, plan.remaining.viable) == (6, 6)


def test_without_its_failed_files_the_job_is_ready() -> None:
    cleared = without_files(load("needs_review"), FAILED_IDS, status="ready_to_start")
    assert readiness(cleared) == (True, [])
    view = job_view(cleared, can_write=True)
    assert (view.ready, view.open_failures, view.resolved_failures) == (True, 0, 1)
    assert [(a.tool, a.arguments) for a in view.suggested_actions] == [
        ("start_alignment", {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"})
    ]


def test_no_blocker_is_not_ready_until_seekrflow_says_so() -> None:
    # SeekrFlow still says needs_review: our reading finds nothing, but `/start` would refuse.
    assert readiness(without_files(load("needs_review"), FAILED_IDS)) == (False, [])


# -- the other contracts --------------------------------------------------------------------


def test_missing_system_prompt_blocks() -> None:
    ready, blockers = readiness(load("missing_system_prompt"))
    assert (ready, codes(blockers)) == (False, ["missing_system_prompt"])
    blank = load("missing_system_prompt").model_copy(update={"system_prompt": "  \n"})
    assert codes(readiness(blank)[1]) == ["missing_system_prompt"]


def test_processing_job_is_still_processing_with_its_queue() -> None:
    view = job_view(load("file_processing"), detail_level="files", state="queued", can_write=True)
    assert codes(view.blockers) == ["still_processing"]
    assert view.blockers[0].message.startswith("5 files still being ingested (2 running, 3 queued)")
    assert view.queue is not None
    assert view.queue.model_dump() == {"queued": 3, "running": 2, "next_position": 1, "last_position": 3}
    assert view.files is not None
    assert [(f.name, f.queue_position) for f in view.files.items] == [
        ("handbook-part-06.pdf", 1),
        ("handbook-part-07.pdf", 2),
        ("handbook-part-08.pdf", 3),
    ]
    assert [a.tool for a in view.suggested_actions] == ["wait_for_ingestion"]


def test_queued_files_sort_by_queue_position_not_payload_order() -> None:
    job = synthetic(
        [attached("file-q1"), attached("file-q2"), attached("file-r1")],
        [
            record("file-q1", "queued", "2025-11-14T09:00:00Z", queue_position=7),
            record("file-q2", "queued", "2025-11-14T09:00:00Z", queue_position=2),
            record("file-r1", "running", "2025-11-14T09:00:00Z"),
        ],
    )
    view = job_view(job, detail_level="files", can_write=True)
    assert view.files is not None
    assert [f.file_id for f in view.files.items] == ["file-q2", "file-q1", "file-r1"]


def test_aligning_job_is_past_readiness() -> None:
    assert readiness(load("aligning")) == (False, [])
    view = job_view(load("aligning"), can_write=True)
    assert view.alignment is not None
    assert (view.alignment.status, view.alignment.progress, view.alignment.eta_minutes) == ("running", 42.5, 40)
    assert [a.tool for a in view.suggested_actions] == ["get_data_job"]


@pytest.mark.parametrize(
    ("progress", "expected"), [("42.5%", 42.5), (" 7 ", 7.0), (3, 3.0), ("n/a", None), ("nan", None)]
)
def test_alignment_progress_is_a_number_or_nothing(progress: Any, expected: float | None) -> None:
    data = payload("aligning")
    data["alignment_job"]["progress"] = progress
    view = job_view(DataJobDetail.model_validate(data), can_write=True)
    assert view.alignment is not None
    assert view.alignment.progress == expected


def test_alignment_status_alone_means_past_readiness() -> None:
    data = payload("missing_system_prompt") | {"status": "completed"}
    assert readiness(DataJobDetail.model_validate(data)) == (False, [])


# -- the latest-attempt rule ----------------------------------------------------------------


def test_a_later_failure_reopens_a_file() -> None:
    job = synthetic(
        [attached("file-a"), attached("file-b")],
        [
            record("file-a", "completed", "2025-11-14T07:00:00Z"),
            record("file-a", "failed", "2025-11-14T08:00:00Z", error_message="Service temporarily unavailable."),
            record("file-b", "completed", "2025-11-14T07:00:00Z"),
        ],
    )
    view = failure_view(job, can_write=True)
    assert (view.open_failures, view.resolved_failures) == (1, 0)
    assert view.groups[0].files[0].model_dump() == {"file_id": "file-a", "name": "file-a.pdf", "attempts": 2}


def test_latest_attempt_is_by_time_not_payload_order() -> None:
    job = synthetic(
        [attached("file-a")],
        [
            record("file-a", "completed", "2025-11-14T09:00:00Z"),
            record("file-a", "failed", "2025-11-14T08:00:00Z", error_message="Internal processing failure."),
        ],
    )
    assert failure_view(job, can_write=True).model_dump(include={"open_failures", "resolved_failures"}) == {
        "open_failures": 0,
        "resolved_failures": 1,
    }


def test_on_equal_times_the_later_record_in_the_payload_wins() -> None:
    records = [
        record("file-a", "failed", "2025-11-14T08:00:00Z", error_message="The file appears to be empty."),
        record("file-a", "completed", "2025-11-14T08:00:00Z") | {"record_id": "rec-second"},
    ]
    assert job_view(synthetic([attached("file-a")], records), can_write=True).resolved_failures == 1
    reversed_job = synthetic([attached("file-a")], records[::-1])
    assert job_view(reversed_job, can_write=True).open_failures == 1


def test_detached_files_and_deleted_records_are_not_open_failures() -> None:
    job = synthetic(
        [attached("file-a"), attached("file-b")],
        [
            record("file-a", "completed", "2025-11-14T07:00:00Z"),
            record("file-a", "failed", "2025-11-14T08:00:00Z", deleted=True),
            record("file-b", "completed", "2025-11-14T07:00:00Z"),
            record("file-gone", "failed", "2025-11-14T07:00:00Z", error_message="The file appears to be empty."),
        ],
    )
    view = job_view(job, detail_level="files", can_write=True)
    assert (view.open_failures, view.file_counts.total, view.file_counts.completed) == (0, 2, 2)
    assert view.files is not None
    assert view.files.items[0].attempts == 1  # the deleted record is not an attempt


def test_markdown_without_a_record_and_an_attached_file_without_one() -> None:
    job = synthetic(
        [
            attached("file-md1", record_id=None, type="md"),
            attached("file-md2", type="md"),  # a record id, but no record in any run
            attached("file-x", status="failed", suggested_fix="Ask the `owner`."),
            attached("file-y", status="mystery"),
        ],
        [],
    )
    view = job_view(job, detail_level="files", can_write=True)
    assert view.files is not None
    assert {f.file_id: (f.state, f.cause) for f in view.files.items} == {
        "file-x": ("failed", "other"),
        "file-md1": ("ready_without_ingestion", None),
        "file-md2": ("ready_without_ingestion", None),
        "file-y": ("unknown", None),
    }
    assert failure_view(job, can_write=True).groups[0].fix == "Ask the owner."


# -- readiness -------------------------------------------------------------------------------


def test_every_blocker_is_listed() -> None:
    job = synthetic(
        [attached("file-a")],
        [record("file-a", "failed", "2025-11-14T07:00:00Z", error_message="The file appears to be empty.")],
        system_prompt=None,
        status_message="A system prompt is required before alignment can start.",
    )
    ready, blockers = readiness(job)
    assert (ready, codes(blockers)) == (False, ["open_failures", "no_viable_files", "missing_system_prompt"])
    assert blockers[1].message.startswith("The only attached file cannot be used")


@pytest.mark.parametrize("status", ["ready_to_start", "file_processing"])
def test_an_absent_system_prompt_never_contradicts_seekrflow(status: str) -> None:
    data = payload("missing_system_prompt") | {"status": status, "status_message": None}
    del data["system_prompt"]
    job = DataJobDetail.model_validate(data)
    assert "missing_system_prompt" not in codes(readiness(job).blockers)
    if status == "ready_to_start":
        assert readiness(job) == (True, [])


def test_an_absent_system_prompt_is_named_when_seekrflow_holds_the_job_for_nothing_else() -> None:
    silent = payload("missing_system_prompt") | {"status_message": None}
    del silent["system_prompt"]
    assert codes(readiness(DataJobDetail.model_validate(silent)).blockers) == ["missing_system_prompt"]
    # With failed files to explain the review, a silent payload proves nothing about the prompt.
    failing = synthetic(
        [attached("file-a"), attached("file-b")],
        [
            record("file-a", "failed", "2025-11-14T07:00:00Z", error_message="The file appears to be empty."),
            record("file-b", "completed", "2025-11-14T07:00:00Z"),
        ],
        job_type="principle_files",
        system_prompt=None,
        status_message=None,
    )
    assert codes(readiness(failing).blockers) == ["open_failures"]


def test_a_job_with_no_files_says_so() -> None:
    _, blockers = readiness(synthetic([], []))
    assert codes(blockers) == ["no_viable_files"]
    assert blockers[0].message.startswith("No files are attached")


def test_a_running_ingestion_run_blocks_even_without_a_queued_record() -> None:
    data = payload("missing_system_prompt") | {"system_prompt": "Be brief."}
    data["ingestion_jobs"][0]["status"] = "running"
    _, blockers = readiness(DataJobDetail.model_validate(data))
    assert codes(blockers) == ["still_processing"]


def vector_db_job(**fields: Any) -> DataJobDetail:
    data = payload("missing_system_prompt") | {"job_type": "context_grounded_vector_db", "status_message": None}
    return DataJobDetail.model_validate(data | fields)


def test_missing_vector_database_only_when_nothing_else_explains_the_review() -> None:
    assert codes(readiness(vector_db_job())[1]) == ["missing_vector_database"]
    assert readiness(vector_db_job(vector_database_id="vdb-1"))[1] == []
    # The API may simply not send the field: a ready job is not blocked by its absence.
    assert readiness(vector_db_job(status="ready_to_start")) == (True, [])


def test_missing_vector_database_when_seekrflow_says_so() -> None:
    job = vector_db_job(files=[], status_message="A vector database is required before alignment can start.")
    assert codes(readiness(job)[1]) == ["no_viable_files", "missing_vector_database"]
    assert codes(readiness(vector_db_job(files=[]))[1]) == ["no_viable_files"]


# -- status meanings ---------------------------------------------------------------------------


def test_every_known_status_has_a_meaning() -> None:
    assert {
        "file_processing",
        "needs_review",
        "ready_to_start",
        "pending",
        "queued",
        "running",
        "completed",
        "failed",
        "cancelled",
        "stopped",
    } == JOB_STATUSES
    meanings = {status_meaning(status) for status in JOB_STATUSES}
    assert len(meanings) == len(JOB_STATUSES)
    assert not any("does not know" in meaning for meaning in meanings)


def test_an_unknown_status_is_named_and_cleaned() -> None:
    assert status_meaning("paused`\nnow") == snapshot(
        'SeekrFlow reports the status "paused now", which this server does not know; the job\'s status message and timeline may explain it.'
    )


def test_a_file_with_no_record_yet_is_waiting_and_only_markdown_skips_ingestion() -> None:
    job = synthetic(
        [
            attached("file-new", record_id=None, type="pdf"),
            attached("file-notes", record_id=None, type=None, name="notes.MD"),
            attached("file-faq", record_id=None, type="md"),
        ],
        [],
    )
    states = {f.file_id: f.state for f in job_facts(job).files}
    assert states == {
        "file-new": "queued",
        "file-notes": "ready_without_ingestion",
        "file-faq": "ready_without_ingestion",
    }
