"""The writing tools' plans and the views of what they did."""

import copy

from inline_snapshot import snapshot

from seekrflow_mcp.render import render_failures
from seekrflow_mcp.seekrflow.models import DataJobDetail
from tests.helpers import (
    BAGGAGE,
    FAILED_IDS,
    FAQ_MD,
    IROPS,
    add_result_view,
    assert_callable,
    attached,
    failure_view,
    job_view,
    load,
    overview_failure_view,
    payload,
    plan_add,
    plan_remove,
    record,
    remove_result_view,
    synthetic,
    without_files,
)

# -- add_files ----------------------------------------------------------------------------------


def test_plan_add_sends_failed_and_new_files_and_skips_the_rest() -> None:
    fare, pets = FAILED_IDS[4], FAILED_IDS[6]
    send, skipped = plan_add(load("needs_review"), [fare, BAGGAGE, "file-new", fare, FAQ_MD, IROPS, "file-new"])
    assert send == [fare, "file-new"]
    assert [(s.file_id, s.reason) for s in skipped] == [
        (BAGGAGE, "already attached and completed"),
        (FAQ_MD, "already attached (Markdown)"),
        (IROPS, "already attached and completed"),
    ]
    assert pets not in send


def test_plan_add_skips_files_in_progress() -> None:
    queued, running = "file-00000000-0000-0000-0000-000000def006", "file-00000000-0000-0000-0000-000000def004"
    send, skipped = plan_add(load("file_processing"), [queued, running])
    assert send == []
    assert [(s.file_id, s.reason) for s in skipped] == [(queued, "already queued"), (running, "already processing")]


def after_retry() -> DataJobDetail:
    """The needs-review job after add_files(fare-classes, pets-policy, a new file)."""
    data = payload("needs_review")
    fare, pets = FAILED_IDS[4], FAILED_IDS[6]
    data["files"].append(attached("file-new", name="refund-rules-v2.pdf", record_id="rec-new"))
    data["ingestion_jobs"].append(
        {
            "id": "ij-retry",
            "status": "queued",
            "created_at": "2025-11-14T12:00:00Z",
            "file_ids": [fare, pets, "file-new"],
            "records": [
                record(fare, "running", "2025-11-14T12:00:00Z"),
                record(pets, "queued", "2025-11-14T12:00:00Z", queue_position=1),
                record("file-new", "queued", "2025-11-14T12:00:00Z", queue_position=2),
            ],
        }
    )
    data["status"] = "file_processing"
    return DataJobDetail.model_validate(data)


def test_add_result_view() -> None:
    before = load("needs_review")
    sent, skipped = plan_add(before, [FAILED_IDS[4], FAILED_IDS[6], "file-new", BAGGAGE])
    view = add_result_view(before, after_retry(), sent, skipped)
    assert_callable(view.suggested_actions, can_write=True)
    assert view.model_dump(mode="json") == snapshot(
        {
            "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
            "applied": True,
            "dry_run": False,
            "file_ids": [
                "file-00000000-0000-0000-0000-000000abc008",
                "file-00000000-0000-0000-0000-000000abc00b",
                "file-new",
            ],
            "more_file_ids": 0,
            "changed": [
                {
                    "file_id": "file-00000000-0000-0000-0000-000000abc008",
                    "name": "fare-classes.pptx",
                    "queue_position": None,
                },
                {
                    "file_id": "file-00000000-0000-0000-0000-000000abc00b",
                    "name": "pets-policy.pdf",
                    "queue_position": 1,
                },
                {"file_id": "file-new", "name": "refund-rules-v2.pdf", "queue_position": 2},
            ],
            "more_changed": 0,
            "skipped": [
                {
                    "file_id": "file-00000000-0000-0000-0000-000000abc001",
                    "reason": "already attached and completed",
                    "name": "baggage-policy.pdf",
                    "fix": None,
                }
            ],
            "more_skipped": 0,
            "others": [],
            "unknown_file_ids": [],
            "refused": None,
            "status_after": "file_processing",
            "status_meaning_after": "Files are being ingested: at least one ingestion run is queued or running.",
            "remaining": None,
            "confirmation": None,
            "suggested_actions": [
                {
                    "tool": "retry_failed_files",
                    "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                    "reason": "Retry the 1 file that failed on SeekrFlow's side, not because of the file (internal processing failure); one call re-sends them all.",
                },
                {
                    "tool": "remove_files",
                    "arguments": {
                        "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                        "file_ids": [
                            "file-00000000-0000-0000-0000-000000abc004",
                            "file-00000000-0000-0000-0000-000000abc005",
                            "file-00000000-0000-0000-0000-000000abc006",
                            "file-00000000-0000-0000-0000-000000abc007",
                        ],
                    },
                    "reason": "Detach 4 files that cannot ingest as they are (empty file; corrupted, protected or unsupported file; pages too large; file not found). To keep their content, upload a corrected copy and attach it with add_files first.",
                },
                {
                    "tool": "wait_for_ingestion",
                    "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                    "reason": "Wait for the files to finish ingesting.",
                },
            ],
        }
    )


def test_add_result_view_when_everything_was_skipped() -> None:
    before = load("needs_review")
    sent, skipped = plan_add(before, [BAGGAGE])
    view = add_result_view(before, None, sent, skipped)
    assert (view.applied, view.file_ids, view.changed, view.status_after) == (False, [], [], "needs_review")
    assert [s.reason for s in view.skipped] == ["already attached and completed"]


# -- remove_files --------------------------------------------------------------------------------


def test_plan_remove_refuses_unknown_ids() -> None:
    plan = plan_remove(
        load("needs_review"), [FAILED_IDS[0], "file-stranger", FAILED_IDS[0]], allow_no_viable_files=True
    )
    assert (plan.to_remove, plan.unknown) == ([FAILED_IDS[0]], ["file-stranger"])
    assert plan.refused is not None
    assert plan.refused.startswith("1 file id given is not attached")
    assert "file-stranger" in plan.refused


def test_plan_remove_refuses_to_leave_nothing_usable_unless_allowed() -> None:
    everything = [f.file_id for f in load("needs_review").files]
    refused = plan_remove(load("needs_review"), everything, allow_no_viable_files=False)
    assert refused.refused is not None
    assert "allow_no_viable_files=true" in refused.refused
    assert (refused.remaining.total, refused.remaining.viable) == (0, 0)
    assert plan_remove(load("needs_review"), everything, allow_no_viable_files=True).refused is None


def test_remove_result_view_dry_run() -> None:
    before = load("needs_review")
    plan = plan_remove(before, FAILED_IDS[:2], allow_no_viable_files=False)
    view = remove_result_view(before, None, plan, dry_run=True)
    assert_callable(view.suggested_actions, can_write=True)
    assert view.model_dump(mode="json") == snapshot(
        {
            "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
            "applied": False,
            "dry_run": True,
            "file_ids": ["file-00000000-0000-0000-0000-000000abc004", "file-00000000-0000-0000-0000-000000abc005"],
            "more_file_ids": 0,
            "changed": [
                {
                    "file_id": "file-00000000-0000-0000-0000-000000abc004",
                    "name": "empty-notes.docx",
                    "queue_position": None,
                },
                {
                    "file_id": "file-00000000-0000-0000-0000-000000abc005",
                    "name": "scanned-contract.pdf",
                    "queue_position": None,
                },
            ],
            "more_changed": 0,
            "skipped": [],
            "more_skipped": 0,
            "others": [],
            "unknown_file_ids": [],
            "refused": None,
            "status_after": "needs_review",
            "status_meaning_after": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
            "remaining": {"total": 11, "viable": 6},
            "confirmation": None,
            "suggested_actions": [
                {
                    "tool": "remove_files",
                    "arguments": {
                        "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                        "file_ids": [
                            "file-00000000-0000-0000-0000-000000abc004",
                            "file-00000000-0000-0000-0000-000000abc005",
                        ],
                    },
                    "reason": "Apply the removal shown here.",
                }
            ],
        }
    )


def test_remove_result_view_dry_run_keeps_the_override_it_was_given() -> None:
    before = load("needs_review")
    everything = [f.file_id for f in before.files]
    plan = plan_remove(before, everything, allow_no_viable_files=True)
    view = remove_result_view(before, None, plan, dry_run=True)
    assert view.suggested_actions[0].arguments["allow_no_viable_files"] is True


def test_remove_result_view_refused() -> None:
    before = load("needs_review")
    plan = plan_remove(before, ["file-stranger"], allow_no_viable_files=False)
    view = remove_result_view(before, None, plan, dry_run=False)
    assert (view.applied, view.file_ids, view.changed, view.unknown_file_ids) == (False, [], [], ["file-stranger"])
    assert view.refused == plan.refused
    assert [(a.tool, a.arguments) for a in view.suggested_actions] == [
        ("get_data_job", {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", "detail": "files"})
    ]


def test_remove_result_view_applied() -> None:
    before = load("needs_review")
    plan = plan_remove(before, FAILED_IDS, allow_no_viable_files=False)
    after = without_files(before, FAILED_IDS, status="ready_to_start")
    view = remove_result_view(before, after, plan, dry_run=False)
    assert (view.applied, view.status_after, view.file_ids) == (True, "ready_to_start", FAILED_IDS)
    assert [c.name for c in view.changed] == [
        "empty-notes.docx",
        "scanned-contract.pdf",
        "poster-a0.pdf",
        "missing-upload.pdf",
        "fare-classes.pptx",
        "lounge-access.pdf",
        "pets-policy.pdf",
    ]
    assert view.remaining is not None
    assert (view.remaining.total, view.remaining.viable) == (6, 6)
    assert [a.tool for a in view.suggested_actions] == ["start_alignment"]


def test_inputs_are_not_mutated() -> None:
    before = load("needs_review")
    snapshot_before = copy.deepcopy(before.model_dump())
    failure_view(before, can_write=True)
    job_view(before, detail_level="full", can_write=True)
    plan_remove(before, FAILED_IDS, allow_no_viable_files=False)
    assert before.model_dump() == snapshot_before


def test_unknown_messages_group_by_message_up_to_a_cap() -> None:
    # Eight unknown messages, message n on n+1 files: the four largest keep their own group
    # and fix, the four smallest share one.
    ids = [(n, f"file-m{n}-{k}") for n in range(8) for k in range(n + 1)]
    job = synthetic(
        [attached(i) for _, i in ids] + [attached(BAGGAGE)],
        [
            record(
                i,
                "failed",
                "2025-11-14T07:00:00Z",
                error_message=f"Odd failure number {n}.",
                suggested_fix=f"Fix number {n}.",
            )
            for n, i in ids
        ]
        + [record(BAGGAGE, "completed", "2025-11-14T07:00:00Z")],
    )
    view = failure_view(job, can_write=True)
    assert [(g.title, g.count, g.fix) for g in view.groups] == [
        (
            "Other errors (4 different messages)",
            10,
            snapshot(
                'Each of these files failed with its own message, one this server does not know; `get_data_job` with detail="files", state="failed" shows each. Follow the fix SeekrFlow gives with a message; where it gives none, contact SeekrFlow support with the job id and the file ids.'
            ),
        ),
        ('Other error: "Odd failure number 7."', 8, "Fix number 7."),
        ('Other error: "Odd failure number 6."', 7, "Fix number 6."),
        ('Other error: "Odd failure number 5."', 6, "Fix number 5."),
        ('Other error: "Odd failure number 4."', 5, "Fix number 4."),
    ]
    assert view.open_failures == sum(n + 1 for n in range(8))


def test_the_overview_counts_only_the_jobs_it_read() -> None:
    view = overview_failure_view([load("needs_review")], scanned=40, complete=True, skipped=3)
    assert (view.open_failures, len(view.jobs), view.more_jobs, view.unread_jobs) == (7, 1, 3, 3)
    assert render_failures(view).splitlines()[1] == (
        "7 open failures in 1 job read of the 4 needing review; 1 resolved by a later retry."
    )


def test_a_removal_while_files_still_ingest_does_not_send_to_readiness() -> None:
    before = load("file_processing")
    processing = [f.file_id for f in before.files if f.record_id is not None]
    failed_or_done = processing[:1]
    plan = plan_remove(before, failed_or_done, allow_no_viable_files=True)
    view = remove_result_view(before, without_files(before, failed_or_done), plan, dry_run=False)
    reasons = [a.reason for a in view.suggested_actions]
    assert reasons == ["Files are still being ingested: follow them until they end."]
