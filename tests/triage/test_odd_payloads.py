"""Odd but legal payloads, and sentences that must not lie about them."""

from datetime import UTC, datetime
from typing import Any

from seekrflow_mcp.render import render_job
from seekrflow_mcp.seekrflow.models import DataJobDetail
from seekrflow_mcp.triage.causes import classify
from seekrflow_mcp.triage.facts import job_facts
from seekrflow_mcp.triage.queries import JobPage
from seekrflow_mcp.triage.reads import failure_view, job_view
from seekrflow_mcp.triage.suggest import Suggester
from seekrflow_mcp.triage.writes import plan_remove

EVERY_TOOL = Suggester(frozenset({"list_data_jobs", "get_data_job", "summarize_failures", "add_files", "remove_files"}))

NOW = datetime(2025, 11, 14, 12, 0, tzinfo=UTC)


def job(files: list[dict[str, Any]], records: list[dict[str, Any]], **fields: Any) -> DataJobDetail:
    return DataJobDetail.model_validate(
        {
            "id": "dj-1",
            "name": "Job",
            "job_type": "context_grounded_files",
            "status": "needs_review",
            "created_at": "2025-11-14T10:00:00Z",
            "updated_at": "2025-11-14T10:00:00Z",
            "files": files,
            "ingestion_jobs": [
                {"id": "ij-1", "status": "completed", "created_at": "2025-11-14T10:00:00Z", "records": records}
            ],
            **fields,
        }
    )


def failed(file_id: str, message: str | None, **fields: Any) -> dict[str, Any]:
    return {
        "record_id": f"rec-{file_id}",
        "alignment_file_id": file_id,
        "filename": f"{file_id}.pdf",
        "status": "failed",
        "created_at": "2025-11-14T10:00:00Z",
        "error_message": message,
        **fields,
    }


def test_only_the_start_of_a_huge_message_is_read() -> None:
    # The page rule's `.*` is quadratic: a 200 kB message took ~30 s before the cut.
    assert (
        classify("The PDF contains pages " + "x " * 600 + "that exceed the maximum supported size.", None).code
        == "other"
    )
    assert classify("The PDF contains pages that exceed the maximum supported size. " + "x" * 200_000, None).code == (
        "page_too_large"
    )


def test_null_flags_and_messages_and_times_without_offset_are_read() -> None:
    detail = job(
        [{"file_id": "file-a", "record_id": "rec-a"}],
        [
            failed("file-a", "Service temporarily unavailable.", deleted=None, created_at="2025-11-14T10:00:00"),
            failed("file-a", None, status="completed", created_at="2025-11-14T11:00:00Z"),
        ],
        deleted=None,
        timeline=[{"timestamp": "2025-11-14T10:00:00", "event_type": "Created", "message": None, "metadata": None}],
    )
    view = job_view(job_facts(detail), JobPage(), EVERY_TOOL)
    assert (view.file_counts.completed, view.resolved_failures) == (1, 1)
    assert "Created" in render_job(view, NOW)


def test_a_failure_with_no_message_is_titled_without_empty_quotes() -> None:
    detail = job(
        [{"file_id": "file-a", "record_id": "rec-a"}, {"file_id": "file-md", "record_id": None}],
        [failed("file-a", None)],
    )
    assert [g.title for g in failure_view(job_facts(detail), 10, EVERY_TOOL).groups] == ["Other error"]


def test_no_plan_is_not_called_no_failure() -> None:
    # The only file failed for good: removing it would leave nothing, so no call is planned.
    detail = job([{"file_id": "file-a", "record_id": "rec-a"}], [failed("file-a", "The file appears to be empty.")])
    view = failure_view(job_facts(detail), 10, EVERY_TOOL)
    assert (view.open_failures, view.plan) == (1, [])
    # Only a new upload, which the user makes, can help: no call, and no read of the same job.
    assert view.suggested_actions == []
    assert [b.code for b in view.blockers] == ["no_viable_files"]


def test_a_single_removal_is_worded_in_the_singular() -> None:
    detail = job(
        [{"file_id": "file-a", "record_id": "rec-a"}, {"file_id": "file-md", "record_id": None}],
        [failed("file-a", "The file appears to be empty.")],
    )
    [removal] = failure_view(job_facts(detail), 10, EVERY_TOOL).plan
    assert removal.reason.startswith("Detach 1 file that cannot ingest as it is (empty file).")


def test_a_refused_removal_names_a_few_ids_not_all() -> None:
    detail = job([{"file_id": "file-md", "record_id": None}], [])
    strangers = [f"file-{n}" for n in range(5)]
    plan = plan_remove(job_facts(detail), strangers, allow_no_viable_files=False)
    assert plan.unknown == strangers
    assert "(file-0, file-1, file-2 and 2 more)" in (plan.refused or "")


def test_a_fractional_eta_is_read_and_rounded() -> None:
    alignment = {"id": "aj-1", "status": "running", "progress": "42.5", "eta_minutes": 12.6}
    view = job_view(
        job_facts(job([], [], status="running", alignment_job_id="aj-1", alignment_job=alignment)),
        JobPage(),
        EVERY_TOOL,
    )
    assert view.alignment is not None
    assert (view.alignment.eta_minutes, view.alignment.progress) == (13, 42.5)
