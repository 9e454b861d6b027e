"""The sandbox: a faithful, deterministic, fault-injectable SeekrFlow.

Driven through its in-process transport and over real HTTP on loopback.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import anyio
import anyio.to_thread
import httpx2
import pytest
from seekrai.types.data_jobs import DataJobDetailResponse, DataJobListResponse
from seekrai.types.files import FileList as SdkFileList
from seekrai.types.files import FileResponse

from seekrflow_mcp.seekrflow import models
from seekrflow_sandbox import FakeClock, Fault, Sandbox, SystemClock, world
from seekrflow_sandbox.clock import CONTRACT_NOW
from tests.helpers import CONTRACT, HANG, serve_http_in_thread

pytestmark = pytest.mark.anyio

KEY = "sk-sandbox"
AUTH = {"Authorization": KEY}
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
ALL_STATUSES = {
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
}
DOCUMENTED = {
    "The file appears to be empty.": "Upload a file with content.",
    "The PDF may be corrupted, password-protected, or in an unsupported format.": "Upload a valid, unprotected PDF.",
    "The PDF contains pages that exceed the maximum supported size.": "Re-export the PDF with smaller page dimensions.",
    "The file was not found or is not owned by the current user.": (
        "Re-upload the file or verify the correct `file_id`."
    ),
    "Service temporarily unavailable.": "Retry the job after a brief wait.",
    "Internal processing failure.": "If the issue persists, contact support.",
}
ABC = "file-00000000-0000-0000-0000-000000abc0"  # + 04 ... 0c: the needs-review job's files


def contract(name: str) -> Any:
    return json.loads((CONTRACT / name).read_text())


def without_timestamps(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_timestamps(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_timestamps(v) for v in value]
    return "<ts>" if isinstance(value, str) and TIMESTAMP.match(value) else value


def assert_same_keys(actual: Any, expected: Any, path: str = "$") -> None:
    """Same key sets, recursively; list items against the contract's first item; the
    metadata of timeline events is checked per event type elsewhere."""
    if isinstance(expected, dict):
        if actual is None and path.endswith(".alignment_job"):
            return
        assert isinstance(actual, dict), path
        assert set(actual) == set(expected), f"{path}: {sorted(set(actual) ^ set(expected))}"
        for key, value in expected.items():
            if key != "metadata":
                assert_same_keys(actual[key], value, f"{path}.{key}")
    elif isinstance(expected, list) and expected:
        assert isinstance(actual, list), path
        for i, item in enumerate(actual):
            assert_same_keys(item, expected[0], f"{path}[{i}]")


def detail_reference() -> dict[str, Any]:
    """A detail with every nested object present: the needs-review job plus an alignment job."""
    return contract("data_job_needs_review.json") | {
        "alignment_job": contract("data_job_aligning.json")["alignment_job"]
    }


def metadata_keys_by_event() -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for name in CONTRACT.glob("data_job_*.json"):
        for event in json.loads(name.read_text()).get("timeline", []):
            keys[event["event_type"]] = set(event["metadata"])
    return keys


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sb(clock: FakeClock) -> Sandbox:
    return Sandbox(clock=clock)


@pytest.fixture
async def client(sb: Sandbox) -> AsyncIterator[httpx2.AsyncClient]:
    async with httpx2.AsyncClient(transport=sb.transport(), base_url="http://sandbox", headers=AUTH) as c:
        yield c


async def detail(client: httpx2.AsyncClient, job_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/flow/data-jobs/{job_id}")
    assert response.status_code == 200, response.text
    return response.json()


async def all_jobs(client: httpx2.AsyncClient) -> list[dict[str, Any]]:
    response = await client.get("/v1/flow/data-jobs", params={"limit": 100})
    assert response.status_code == 200
    return response.json()["data"]


def by_file(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["file_id"]: entry for entry in payload["files"]}


def records(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for run in payload["ingestion_jobs"] for r in run["records"]]


async def upload(client: httpx2.AsyncClient, name: str, content: bytes, purpose: str = "alignment") -> httpx2.Response:
    return await client.put("/v1/flow/files", files={"files": (name, content)}, data={"purpose": purpose})


# --- shapes ---------------------------------------------------------------------------


async def test_every_payload_has_the_contract_key_sets(client: httpx2.AsyncClient) -> None:
    row_keys = contract("data_job_list.json")["data"][0]
    metadata_keys = metadata_keys_by_event()
    assert {"Created", "File Processing Started", "File Processing Completed", "Alignment Started"} <= set(
        metadata_keys
    )
    jobs = await all_jobs(client)
    assert len(jobs) == 14
    seen_events = set()
    for row in jobs:
        assert_same_keys(row, row_keys)
        payload = await detail(client, row["id"])
        assert_same_keys(payload, detail_reference())
        for event in payload["timeline"]:
            assert isinstance(event["metadata"], dict)
            if event["event_type"] in metadata_keys:
                assert set(event["metadata"]) == metadata_keys[event["event_type"]], event
                seen_events.add(event["event_type"])
    assert seen_events == set(metadata_keys)

    files = (await client.get("/v1/flow/files", params={"limit": 100})).json()
    assert_same_keys(files, contract("file_list.json"))
    one = (await client.get(f"/v1/flow/files/{world.REFUND_RULES_V2_FILE}")).json()
    assert_same_keys(one, contract("file.json"))

    missing = await client.get("/v1/flow/data-jobs/dj-nope")
    assert (missing.status_code, missing.json()) == (404, contract("error_404.json"))
    invalid = await client.post(f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}/add-files", json={"file_ids": []})
    assert (invalid.status_code, invalid.json()) == (422, contract("error_422.json"))


async def test_every_payload_parses_with_our_models_and_the_sdk(client: httpx2.AsyncClient) -> None:
    listing = (await client.get("/v1/flow/data-jobs", params={"limit": 100})).json()
    models.DataJobList.model_validate(listing)
    DataJobListResponse(**listing)
    for row in listing["data"]:
        payload = await detail(client, row["id"])
        ours = models.DataJobDetail.model_validate(payload)
        theirs = DataJobDetailResponse(**payload)
        assert ours.id == theirs.id == row["id"]
    files = (await client.get("/v1/flow/files", params={"limit": 100})).json()
    models.FileList.model_validate(files)
    SdkFileList(**files)
    for entry in files["data"]:
        FileResponse(**entry)
        models.File.model_validate(entry)
    for response in (
        await client.get("/v1/flow/data-jobs/dj-nope"),
        await client.post(f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}/remove-files", json={"file_ids": []}),
        await client.post(f"/v1/flow/data-jobs/{world.READY_JOB}/cancel"),
    ):
        assert models.ErrorBody.model_validate(response.json()).detail


async def test_needs_review_job_is_the_contract_modulo_timestamps(client: httpx2.AsyncClient) -> None:
    payload = await detail(client, world.NEEDS_REVIEW_JOB)
    assert without_timestamps(payload) == without_timestamps(contract("data_job_needs_review.json"))


async def test_seeded_timestamps_follow_the_clock() -> None:
    later = Sandbox(clock=FakeClock(CONTRACT_NOW + timedelta(days=30)))
    async with httpx2.AsyncClient(transport=later.transport(), base_url="http://sandbox", headers=AUTH) as c:
        payload = await detail(c, world.NEEDS_REVIEW_JOB)
    expected = contract("data_job_needs_review.json")
    assert payload["created_at"] == "2025-12-14T07:35:21.000525Z" == expected["created_at"].replace("11-14", "12-14")


async def test_world_covers_every_status_and_blocker(client: httpx2.AsyncClient) -> None:
    jobs = {row["id"]: row for row in await all_jobs(client)}
    assert {row["status"] for row in jobs.values()} == ALL_STATUSES
    expected = {
        world.NEEDS_REVIEW_JOB: ("needs_review", None),
        world.PROCESSING_JOB: ("file_processing", None),
        world.MISSING_PROMPT_JOB: ("needs_review", "A system prompt is required before alignment can start."),
        world.ALIGNING_JOB: ("running", None),
        world.READY_JOB: ("ready_to_start", None),
        world.LARGE_JOB: ("needs_review", None),
        world.NO_FILES_JOB: ("needs_review", "At least one file is required before alignment can start."),
        world.VECTOR_DB_JOB: ("needs_review", "A vector database is required before alignment can start."),
        world.PENDING_JOB: ("pending", None),
        world.QUEUED_JOB: ("queued", None),
        world.COMPLETED_JOB: ("completed", None),
        world.FAILED_JOB: ("failed", "Alignment failed: too little usable text to generate training data."),
        world.CANCELLED_JOB: ("cancelled", "Alignment was cancelled."),
        world.STOPPED_JOB: ("stopped", "Alignment was stopped before it completed."),
    }
    assert {job_id: (row["status"], row["status_message"]) for job_id, row in jobs.items()} == expected
    for row in jobs.values():
        assert (row["alignment_job_id"] is not None) == (
            row["status"] not in {"file_processing", "needs_review", "ready_to_start"}
        )

    review = await detail(client, world.NEEDS_REVIEW_JOB)
    failed = {r["error_message"]: r["suggested_fix"] for r in records(review) if r["status"] == "failed"}
    assert failed == DOCUMENTED
    markdown = by_file(review)["file-00000000-0000-0000-0000-000000004d01"]
    assert (markdown["record_id"], markdown["status"], markdown["type"]) == (None, None, "md")
    irops = by_file(review)[ABC + "09"]
    assert (irops["record_id"], irops["status"]) == ("rec-0099-c009", "completed")


async def test_large_job_covers_every_message(client: httpx2.AsyncClient) -> None:
    # Its speed is measured by bench/result_size.py, not asserted here.
    response = await client.get(f"/v1/flow/data-jobs/{world.LARGE_JOB}")
    assert response.status_code == 200
    payload = response.json()
    assert len(payload["files"]) == world.LARGE_JOB_FILES
    assert sum(1 for f in payload["files"] if f["status"] == "failed") == world.LARGE_JOB_OPEN_FAILURES
    assert sum(1 for f in payload["files"] if f["record_id"] is None) == 100
    failed = [r for r in records(payload) if r["status"] == "failed"]
    messages = {r["error_message"] for r in failed}
    assert set(DOCUMENTED) < messages
    assert "service temporarily unavailable (upstream 503), please retry" in messages
    assert "Document language could not be detected." in messages
    assert all(r["suggested_fix"] for r in failed)
    attempts: dict[str, list[str]] = {}
    for r in records(payload):
        attempts.setdefault(r["alignment_file_id"], []).append(r["status"])
    assert sum(1 for s in attempts.values() if s == ["failed", "completed"]) == 400
    assert sum(1 for s in attempts.values() if s == ["failed", "failed"]) == 100


# --- time -----------------------------------------------------------------------------


async def test_processing_job_moves_on_with_the_clock(client: httpx2.AsyncClient, clock: FakeClock) -> None:
    def states(payload: dict[str, Any]) -> list[tuple[str, int | None, str | None]]:
        return [(r["status"], r["queue_position"], r["worker_id"]) for r in records(payload)]

    before = await detail(client, world.PROCESSING_JOB)
    assert before["status"] == "file_processing"
    assert states(before) == [("completed", None, None)] * 3 + [
        ("running", None, "worker-0"),
        ("running", None, "worker-1"),
        ("queued", 1, None),
        ("queued", 2, None),
        ("queued", 3, None),
    ]
    assert [r["metaflow_job_id"] is None for r in records(before)] == [False] * 5 + [True] * 3
    assert [e["event_type"] for e in before["timeline"]] == ["Created", "File Processing Started"]

    clock.advance(6)
    during = await detail(client, world.PROCESSING_JOB)
    assert [s[:2] for s in states(during)][3:] == [
        ("completed", None),
        ("running", None),
        ("running", None),
        ("queued", 1),
        ("queued", 2),
    ]
    assert during["ingestion_jobs"][0]["status"] == "running"

    clock.advance(10)
    after = await detail(client, world.PROCESSING_JOB)
    assert after["status"] == "ready_to_start"
    assert states(after) == [("completed", None, None)] * 8
    assert after["ingestion_jobs"][0]["status"] == "completed"
    finished = after["timeline"][-1]
    assert finished["event_type"] == "File Processing Completed"
    assert finished["metadata"]["status"] == "completed"
    assert finished["metadata"]["record_count"] == 8
    assert after["updated_at"] == finished["timestamp"] == max(r["completed_at"] for r in records(after))


async def test_new_files_are_ingested_with_outcomes_from_the_file(client: httpx2.AsyncClient, clock: FakeClock) -> None:
    created = await client.post("/v1/flow/data-jobs", json={"name": "Ops", "job_type": "context_grounded_files"})
    assert created.status_code == 200
    job = created.json()
    assert (job["status"], job["alignment_job_id"]) == ("needs_review", None)
    names = {
        "ops-guide.pdf": b"%PDF ok",
        "blank.docx": b"",
        "contract-password-protected.pdf": b"%PDF x",
        "poster-oversized.pdf": b"%PDF y",
        "notes.md": b"# notes",
    }
    ids = {}
    for name, content in names.items():
        response = await upload(client, name, content)
        assert response.status_code == 200, response.text
        assert (response.json()["filename"], response.json()["bytes"]) == (name, len(content))
        ids[name] = response.json()["id"]

    added = await client.post(
        f"/v1/flow/data-jobs/{job['id']}/add-files", json={"file_ids": list(ids.values()), "method": "speed-optimized"}
    )
    assert added.status_code == 200
    payload = added.json()
    assert payload["status"] == "file_processing"
    assert by_file(payload)[ids["notes.md"]] | {"created_at": None} == {
        "file_id": ids["notes.md"],
        "record_id": None,
        "name": "notes.md",
        "type": "md",
        "created_at": None,
        "status": None,
        "suggested_fix": None,
    }
    # Behind the seeded job's three queued files, on a global queue.
    assert [r["queue_position"] for r in records(payload)[-4:]] == [4, 5, 6, 7]
    assert payload["ingestion_jobs"][-1]["status"] == "queued"

    clock.advance(120)
    payload = await detail(client, job["id"])
    assert payload["status"] == "needs_review"
    assert payload["status_message"] is None
    outcome = {entry["name"]: (entry["status"], entry["suggested_fix"]) for entry in payload["files"]}
    assert outcome == {
        "ops-guide.pdf": ("completed", None),
        "blank.docx": ("failed", "Upload a file with content."),
        "contract-password-protected.pdf": ("failed", "Upload a valid, unprotected PDF."),
        "poster-oversized.pdf": ("failed", "Re-export the PDF with smaller page dimensions."),
        "notes.md": (None, None),
    }
    assert [e["event_type"] for e in payload["timeline"]] == [
        "Created",
        "File Processing Started",
        "File Processing Completed",
    ]

    # A file that is to blame fails again; one that succeeded is left alone.
    again = await client.post(
        f"/v1/flow/data-jobs/{job['id']}/add-files",
        json={"file_ids": [ids["blank.docx"], ids["ops-guide.pdf"], ids["notes.md"]]},
    )
    assert again.json()["ingestion_jobs"][-1]["file_ids"] == [ids["blank.docx"]]
    assert again.json()["ingestion_jobs"][-1]["records"][0]["method"] == "best"
    clock.advance(60)
    payload = await detail(client, job["id"])
    blank = [r for r in records(payload) if r["alignment_file_id"] == ids["blank.docx"]]
    assert [r["status"] for r in blank] == ["failed", "failed"]
    assert by_file(payload)[ids["blank.docx"]]["record_id"] == blank[-1]["record_id"]


async def test_a_transient_failure_is_cured_by_a_retry(client: httpx2.AsyncClient, clock: FakeClock) -> None:
    job = (await client.post("/v1/flow/data-jobs", json={"name": "Many", "job_type": "context_grounded_files"})).json()
    ids = [(await upload(client, f"chapter-{n:02d}.pdf", b"%PDF")).json()["id"] for n in range(30)]
    await client.post(f"/v1/flow/data-jobs/{job['id']}/add-files", json={"file_ids": ids})
    clock.advance(300)
    payload = await detail(client, job["id"])
    failed = [f["file_id"] for f in payload["files"] if f["status"] == "failed"]
    assert 0 < len(failed) < 15
    assert {r["error_message"] for r in records(payload) if r["status"] == "failed"} == {
        "Service temporarily unavailable."
    }

    retried = await client.post(f"/v1/flow/data-jobs/{job['id']}/add-files", json={"file_ids": ids})
    assert retried.json()["ingestion_jobs"][-1]["file_ids"] == failed
    clock.advance(300)
    payload = await detail(client, job["id"])
    assert payload["status"] == "ready_to_start"
    assert len(records(payload)) == 30 + len(failed)  # the failed attempts stay in history
    assert payload["ingestion_jobs"][0]["status"] == "completed"  # some failed, not all


async def test_fixing_the_needs_review_job(client: httpx2.AsyncClient, clock: FakeClock) -> None:
    job = world.NEEDS_REVIEW_JOB
    broken = [ABC + "04", ABC + "05", ABC + "06", ABC + "07"]
    removed = await client.post(f"/v1/flow/data-jobs/{job}/remove-files", json={"file_ids": broken})
    assert removed.status_code == 200
    payload = removed.json()
    assert not set(broken) & set(by_file(payload))
    assert all(r["deleted"] == (r["alignment_file_id"] in broken) for r in records(payload))
    assert payload["timeline"][-1]["event_type"] == "Files Removed"
    assert payload["timeline"][-1]["metadata"] == {"file_ids": broken}
    assert payload["status"] == "needs_review"  # the transient and internal failures remain

    unknown = await client.post(f"/v1/flow/data-jobs/{job}/remove-files", json={"file_ids": [ABC + "01", ABC + "04"]})
    assert unknown.status_code == 400
    assert ABC + "04" in unknown.json()["detail"]
    assert ABC + "01" in by_file(await detail(client, job))  # nothing was removed

    fixes = [
        world.FILLED_NOTES_FILE,
        world.UNLOCKED_CONTRACT_FILE,
        world.RESIZED_POSTER_FILE,
        world.REUPLOADED_MISSING_FILE,
        ABC + "08",
        ABC + "0a",
        ABC + "0b",
    ]
    added = await client.post(f"/v1/flow/data-jobs/{job}/add-files", json={"file_ids": fixes})
    assert added.json()["status"] == "file_processing"
    clock.advance(180)
    payload = await detail(client, job)
    assert payload["status"] == "ready_to_start", payload["files"]
    assert len(payload["files"]) == 13 - 4 + 4
    started = await client.post(f"/v1/flow/data-jobs/{job}/start")
    assert started.status_code == 200
    assert started.json()["status"] == "pending"


async def test_alignment_runs_its_course(client: httpx2.AsyncClient, clock: FakeClock) -> None:
    started = await client.post(f"/v1/flow/data-jobs/{world.READY_JOB}/start")
    assert started.status_code == 200
    payload = started.json()
    alignment = payload["alignment_job"]
    assert payload["status"] == alignment["status"] == "pending"
    assert payload["alignment_job_id"] == alignment["id"]
    assert payload["timeline"][-1] == {
        "timestamp": alignment["created_at"],
        "event_type": "Alignment Started",
        "message": "Alignment job started.",
        "metadata": {"alignment_job_id": alignment["id"]},
    }
    seen = []
    for seconds in (5, 10, 150, 300, 150):
        clock.advance(seconds)
        alignment = (await detail(client, world.READY_JOB))["alignment_job"]
        seen.append((alignment["status"], alignment["progress"], alignment["eta_minutes"]))
    assert seen == [
        ("queued", 0.0, 11),
        ("running", 0.0, 10),
        ("running", 25.0, 8),
        ("running", 75.0, 3),
        ("completed", 100.0, None),
    ]
    final = await detail(client, world.READY_JOB)
    assert final["status"] == "completed"
    assert final["timeline"][-1]["event_type"] == "Alignment Completed"

    again = await client.post(f"/v1/flow/data-jobs/{world.READY_JOB}/start")
    assert again.status_code == 409
    frozen = await client.post(f"/v1/flow/data-jobs/{world.READY_JOB}/add-files", json={"file_ids": [ABC + "01"]})
    assert frozen.status_code == 409


async def test_start_refuses_and_says_why(client: httpx2.AsyncClient) -> None:
    reasons = {}
    for job_id in (
        world.NEEDS_REVIEW_JOB,
        world.MISSING_PROMPT_JOB,
        world.PROCESSING_JOB,
        world.NO_FILES_JOB,
        world.VECTOR_DB_JOB,
    ):
        response = await client.post(f"/v1/flow/data-jobs/{job_id}/start")
        assert response.status_code == 409
        reasons[job_id] = response.json()["detail"]
    assert "7 attached files failed" in reasons[world.NEEDS_REVIEW_JOB]
    assert "system prompt" in reasons[world.MISSING_PROMPT_JOB]
    assert "still running" in reasons[world.PROCESSING_JOB]
    assert "At least one file" in reasons[world.NO_FILES_JOB]
    assert "vector database" in reasons[world.VECTOR_DB_JOB]
    assert (await detail(client, world.NEEDS_REVIEW_JOB))["alignment_job"] is None


async def test_cancel_acts_on_a_running_alignment_only(client: httpx2.AsyncClient, clock: FakeClock) -> None:
    cancelled = await client.post(f"/v1/flow/data-jobs/{world.ALIGNING_JOB}/cancel")
    assert cancelled.status_code == 200
    alignment = cancelled.json()["alignment_job"]
    assert (alignment["status"], alignment["stopped_at"], alignment["progress"]) == (
        "cancelled",
        alignment["updated_at"],
        42.5,
    )
    clock.advance(3600)
    assert (await detail(client, world.ALIGNING_JOB))["alignment_job"]["status"] == "cancelled"
    for job_id in (world.ALIGNING_JOB, world.READY_JOB, world.COMPLETED_JOB):
        response = await client.post(f"/v1/flow/data-jobs/{job_id}/cancel")
        assert response.status_code == 409
        assert "Nothing to cancel" in response.json()["detail"]


async def test_create_update_and_delete(client: httpx2.AsyncClient, clock: FakeClock) -> None:
    created = await client.post(
        "/v1/flow/data-jobs", json={"name": "Tone", "job_type": "principle_files", "system_prompt": None}
    )
    job = created.json()
    assert job["status_message"] == "A system prompt is required before alignment can start."
    clock.advance(10)
    updated = await client.patch(
        f"/v1/flow/data-jobs/{job['id']}", json={"system_prompt": "Be kind.", "name": "Tone 2"}
    )
    assert updated.status_code == 200
    payload = updated.json()
    assert (payload["name"], payload["system_prompt"]) == ("Tone 2", "Be kind.")
    assert payload["system_prompt_updated_at"] == payload["updated_at"] > payload["created_at"]
    assert payload["status_message"] == "At least one file is required before alignment can start."

    vector = await client.patch(f"/v1/flow/data-jobs/{world.VECTOR_DB_JOB}", json={"vector_database_id": "vdb-1"})
    assert vector.json()["status"] == "ready_to_start"
    assert "vector_database_id" not in vector.json()  # not in any payload SeekrFlow sends
    bad = await client.patch(f"/v1/flow/data-jobs/{job['id']}", json={"name": ""})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "name"]

    deleted = await client.delete(f"/v1/flow/data-jobs/{job['id']}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert (await client.get(f"/v1/flow/data-jobs/{job['id']}")).status_code == 404
    assert (await client.delete(f"/v1/flow/data-jobs/{job['id']}")).status_code == 404
    assert job["id"] not in {row["id"] for row in await all_jobs(client)}


# --- queries, files, errors -----------------------------------------------------------


async def test_list_data_jobs_sorts_filters_pages_and_validates(client: httpx2.AsyncClient) -> None:
    default = (await client.get("/v1/flow/data-jobs")).json()["data"]
    assert len(default) == 14
    assert [row["created_at"] for row in default] == sorted((row["created_at"] for row in default), reverse=True)
    names = [
        row["name"]
        for row in (await client.get("/v1/flow/data-jobs", params={"sort_by": "name", "sort_order": "asc"})).json()[
            "data"
        ]
    ]
    assert names == sorted(names)
    vector = (await client.get("/v1/flow/data-jobs", params={"job_type": "context_grounded_vector_db"})).json()["data"]
    assert [row["id"] for row in vector] == [world.VECTOR_DB_JOB]
    page = (await client.get("/v1/flow/data-jobs", params={"limit": 5, "offset": 10})).json()["data"]
    assert [row["id"] for row in page] == [row["id"] for row in default[10:15]]

    cases = {
        "limit": ("0", "greater_than_equal"),
        "offset": ("-1", "greater_than_equal"),
        "sort_by": ("size", "enum"),
        "sort_order": ("up", "enum"),
        "job_type": ("pdf", "enum"),
    }
    for name, (value, kind) in cases.items():
        response = await client.get("/v1/flow/data-jobs", params={name: value})
        assert response.status_code == 422
        [error] = response.json()["detail"]
        assert (error["loc"], error["type"], error["input"]) == (["query", name], kind, value)
        assert set(error) == {"loc", "msg", "type", "input", "ctx"}
    too_many = (await client.get("/v1/flow/data-jobs", params={"limit": 101})).json()["detail"][0]
    assert too_many["msg"] == "Input should be less than or equal to 100"


async def test_files_endpoints(client: httpx2.AsyncClient) -> None:
    assert (await client.get(f"/v1/flow/files/{world.REFUND_RULES_V2_FILE}")).json() == contract("file.json")
    listing = (await client.get("/v1/flow/files")).json()["data"]
    assert len(listing) == 25
    assert [f["created_at"] for f in listing] == sorted((f["created_at"] for f in listing), reverse=True)
    tuned = (await client.get("/v1/flow/files", params={"purpose": "fine-tune"})).json()["data"]
    assert [f["filename"] for f in tuned] == ["support-qa-pairs.jsonl"]
    by_size = (await client.get("/v1/flow/files", params={"sort_by": "size", "sort_order": "asc", "limit": 3})).json()
    assert [f["bytes"] for f in by_size["data"]] == [0, 0, 0]
    assert (await client.get("/v1/flow/files", params={"sort_by": "name"})).status_code == 422

    gone = ABC + "07"  # deleted after upload: hidden from the list, still readable
    assert (await client.get(f"/v1/flow/files/{gone}")).json()["deleted"] is True
    everything = []
    for offset in range(0, 6000, 100):
        page = (await client.get("/v1/flow/files", params={"limit": 100, "offset": offset})).json()["data"]
        everything += page
        if len(page) < 100:
            break
    assert gone not in {f["id"] for f in everything}
    assert len(everything) == len({f["id"] for f in everything})
    assert (await client.get("/v1/flow/files/file-nope")).status_code == 404

    valid = await client.post(
        "/v1/flow/files/validate_metadata", json={"purpose": "alignment", "suffix": "pdf", "size": 10}
    )
    assert valid.json() == {"is_valid": True, "errors": None}
    invalid = await client.post(
        "/v1/flow/files/validate_metadata", json={"purpose": "alignment", "suffix": "exe", "size": 5 * 1024**3}
    )
    assert invalid.json()["is_valid"] is False
    assert "exe" in invalid.json()["errors"]
    assert "4 GB" in invalid.json()["errors"]

    refused = await upload(client, "virus.exe", b"MZ")
    assert refused.status_code == 400
    assert "exe" in refused.json()["detail"]
    no_part = await client.put("/v1/flow/files", data={"purpose": "alignment"})
    assert no_part.status_code == 422
    assert no_part.json()["detail"][0]["loc"] == ["body", "files"]
    bad_purpose = await upload(client, "a.pdf", b"x", purpose="fun")
    assert bad_purpose.status_code == 422
    assert bad_purpose.json()["detail"][0]["type"] == "enum"

    jsonl = await upload(client, "pairs.jsonl", b"{}", purpose="fine-tune")
    not_a_source = await client.post(
        f"/v1/flow/data-jobs/{world.READY_JOB}/add-files", json={"file_ids": [jsonl.json()["id"]]}
    )
    assert not_a_source.status_code == 400
    never_uploaded = await client.post(f"/v1/flow/data-jobs/{world.READY_JOB}/add-files", json={"file_ids": ["file-x"]})
    assert never_uploaded.status_code == 404
    assert "file-x" in never_uploaded.json()["detail"]
    bad_method = await client.post(
        f"/v1/flow/data-jobs/{world.READY_JOB}/add-files", json={"file_ids": [ABC + "01"], "method": "fastest"}
    )
    assert bad_method.status_code == 422
    assert bad_method.json()["detail"][0]["loc"] == ["body", "method"]


async def test_authentication_and_unknown_paths(sb: Sandbox) -> None:
    async with httpx2.AsyncClient(transport=sb.transport(), base_url="http://sandbox") as anonymous:
        for headers in ({}, {"Authorization": "sk-wrong"}, {"Authorization": f"Bearer {KEY}"}):
            response = await anonymous.get("/v1/flow/data-jobs", headers=headers)
            assert response.status_code == 401
            assert KEY not in response.text
            assert "detail" in response.json()
        assert "Bearer" in (await anonymous.get("/v1/flow/data-jobs", headers={"Authorization": f"Bearer {KEY}"})).text
        assert (await anonymous.get("/_sandbox/requests", headers={"Authorization": "sk-wrong"})).status_code == 401
        for path in ("/v1/flow/nope", "/v1/flow/data-jobs/", "/"):
            response = await anonymous.get(path, headers=AUTH)
            assert (response.status_code, response.headers["content-type"]) == (404, "application/json")
        wrong_method = await anonymous.delete("/v1/flow/files", headers=AUTH)
        assert wrong_method.status_code == 405
        assert wrong_method.json() == {"detail": "Method Not Allowed"}
        not_json = await anonymous.post("/v1/flow/data-jobs", content=b"{nope", headers=AUTH)
        assert not_json.status_code == 422
        assert not_json.json()["detail"][0]["type"] == "json_invalid"
        no_body = await anonymous.post(f"/v1/flow/data-jobs/{world.READY_JOB}/add-files", headers=AUTH)
        assert no_body.json()["detail"] == [
            {"loc": ["body"], "msg": "Field required", "type": "missing", "input": None}
        ]


async def test_same_seed_and_clock_give_identical_bytes() -> None:
    async def session(seed: int) -> list[bytes]:
        clock = FakeClock()
        sb = Sandbox(seed=seed, clock=clock)
        out = []
        async with httpx2.AsyncClient(transport=sb.transport(), base_url="http://sandbox", headers=AUTH) as c:
            job = await c.post("/v1/flow/data-jobs", json={"name": "Det", "job_type": "context_grounded_files"})
            out.append(job.content)
            ids = []
            for n in range(12):
                response = await upload(c, f"part-{n}.pdf", b"x" * n)
                out.append(response.content)
                ids.append(response.json()["id"])
            out.append(
                (await c.post(f"/v1/flow/data-jobs/{job.json()['id']}/add-files", json={"file_ids": ids})).content
            )
            for _ in range(4):
                clock.advance(7)
                out.append((await c.get(f"/v1/flow/data-jobs/{job.json()['id']}")).content)
                out.append((await c.get("/v1/flow/data-jobs")).content)
            out.append((await c.post(f"/v1/flow/data-jobs/{world.READY_JOB}/start")).content)
        return out

    first, second, other = await session(0), await session(0), await session(1)
    assert first == second
    assert first[0] != other[0]  # ids come from the seed


# --- faults ---------------------------------------------------------------------------


async def test_status_fault_with_retry_after_hits_its_route_once(sb: Sandbox, client: httpx2.AsyncClient) -> None:
    sb.faults.push(Fault(kind="status", status=429, retry_after="2", route="get_data_job"))
    assert (await client.get("/v1/flow/data-jobs")).status_code == 200  # another route
    limited = await client.get(f"/v1/flow/data-jobs/{world.READY_JOB}")
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "2")
    assert limited.json() == {"detail": "Too Many Requests"}
    assert (await client.get(f"/v1/flow/data-jobs/{world.READY_JOB}")).status_code == 200
    sb.faults.push(Fault(kind="status", status=500, body="upstream exploded"))
    plain = await client.get("/v1/flow/files")
    assert (plain.status_code, plain.text, plain.headers["content-type"]) == (
        500,
        "upstream exploded",
        "text/plain; charset=utf-8",
    )
    with pytest.raises(ValueError, match="unknown route 'get_data_jobs'"):
        sb.faults.push(Fault(kind="status", route="get_data_jobs"))


async def test_error_rates_are_repeatable_from_the_seed() -> None:
    async def statuses() -> list[int]:
        sb = Sandbox(seed=7, clock=FakeClock(), world="empty")
        sb.faults.error_rates = {"list_files": 0.3}
        async with httpx2.AsyncClient(transport=sb.transport(), base_url="http://sandbox", headers=AUTH) as c:
            assert (await c.get("/v1/flow/data-jobs")).status_code == 200
            return [(await c.get("/v1/flow/files")).status_code for _ in range(30)]

    first = await statuses()
    assert first == await statuses()
    assert set(first) == {200, 503}
    assert 3 <= first.count(503) <= 15


async def test_drop_cuts_the_connection_after_the_write(sb: Sandbox, client: httpx2.AsyncClient) -> None:
    sb.faults.push(Fault(kind="drop", route="remove_files"))
    with pytest.raises(httpx2.RemoteProtocolError):
        await client.post(f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}/remove-files", json={"file_ids": [ABC + "04"]})
    assert ABC + "04" not in by_file(await detail(client, world.NEEDS_REVIEW_JOB))
    assert sb.requests[-2:] == [
        ("POST", f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}/remove-files"),
        ("GET", f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}"),
    ]


async def test_malformed_json_html_and_connect_error(sb: Sandbox, client: httpx2.AsyncClient) -> None:
    sb.faults.push(Fault(kind="malformed_json"))
    broken = await client.get(f"/v1/flow/data-jobs/{world.READY_JOB}")
    assert (broken.status_code, broken.headers["content-type"]) == (200, "application/json")
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken.content)

    sb.faults.push(Fault(kind="html"))
    page = await client.get("/v1/flow/data-jobs")
    assert page.status_code == 502
    assert page.headers["content-type"].startswith("text/html")
    assert "<title>502 Bad Gateway</title>" in page.text

    sb.requests.clear()
    sb.faults.push(Fault(kind="connect_error"))
    with pytest.raises(httpx2.ConnectError):
        await client.get("/v1/flow/data-jobs")
    assert sb.requests == []  # the app never saw it
    assert (await client.get("/v1/flow/data-jobs")).status_code == 200


class Waits:
    """Stands in for the sandbox's `faults.sleep`: notes each wait, says when one begins, and
    holds it until `release()`, so a test sees a stall without timing it. Safe across threads
    (the HTTP tests' sandbox runs in uvicorn's)."""

    def __init__(self, *, hold: bool = False) -> None:
        self.seconds: list[float] = []
        self.begun = threading.Event()
        self._released = threading.Event()
        if not hold:
            self._released.set()

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)
        self.begun.set()
        if not self._released.is_set():
            await anyio.to_thread.run_sync(self._released.wait, HANG)

    def release(self) -> None:
        self._released.set()


def test_latency_and_stalls_are_waited_in_real_time() -> None:
    assert Sandbox(clock=FakeClock()).faults.sleep is anyio.sleep  # real seconds, not the sandbox clock


async def test_latency_is_real_time(
    sb: Sandbox, client: httpx2.AsyncClient, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits = Waits()
    monkeypatch.setattr(sb.faults, "sleep", waits)
    sb.faults.latency = 0.2
    before = clock.now()
    await client.get(f"/v1/flow/data-jobs/{world.READY_JOB}")
    assert waits.seconds == [0.2]
    assert clock.now() == before  # the sandbox clock did not move
    await client.get("/_sandbox/requests")  # admin routes are never slowed down
    assert waits.seconds == [0.2]


async def test_admin_routes(sb: Sandbox, client: httpx2.AsyncClient, clock: FakeClock) -> None:
    await client.get("/v1/flow/data-jobs")
    pushed = await client.post("/_sandbox/faults", json={"kind": "status", "status": 503, "route": "get_file"})
    assert pushed.json() == {"pending": 1}
    assert (await client.post("/_sandbox/faults", json={"kind": "nope"})).status_code == 422
    assert (await client.post("/_sandbox/faults", json={"kind": "drop", "route": "nope"})).status_code == 422
    settings = await client.post("/_sandbox/settings", json={"latency": 0, "error_rates": {"list_files": 0.5}})
    assert settings.json() == {"latency": 0.0, "error_rates": {"list_files": 0.5}, "chaos": None}
    assert sb.faults.error_rates == {"list_files": 0.5}
    assert (await client.post("/_sandbox/settings", json={"error_rates": {"list_files": 2}})).status_code == 422

    advanced = await client.post("/_sandbox/clock/advance", json={"seconds": 90})
    assert advanced.json() == {"now": "2025-11-14T12:06:30.000000Z"}
    assert clock.now() == CONTRACT_NOW + timedelta(seconds=90)
    logged = (await client.get("/_sandbox/requests")).json()
    assert logged == {"requests": [{"method": "GET", "path": "/v1/flow/data-jobs"}]}

    await client.patch(f"/v1/flow/data-jobs/{world.READY_JOB}", json={"name": "Renamed"})
    reset = await client.post("/_sandbox/reset")
    assert reset.json() == {"now": "2025-11-14T12:06:30.000000Z"}
    assert (sb.requests, sb.faults.pending, sb.faults.error_rates) == ([], [], {})
    assert (await detail(client, world.READY_JOB))["name"] == "Cabin crew manual"

    on_system_clock = Sandbox(clock=SystemClock(), world="empty")
    async with httpx2.AsyncClient(transport=on_system_clock.transport(), base_url="http://s", headers=AUTH) as c:
        assert (await c.post("/_sandbox/clock/advance", json={"seconds": 1})).status_code == 409


def test_upload_helper_and_empty_world() -> None:
    sb = Sandbox(world="empty", clock=FakeClock())
    file_id = sb.upload("manual.pdf", b"%PDF")
    assert sb.store.files[file_id].bytes == 4
    assert not sb.store.jobs
    with pytest.raises(ValueError, match="unknown world 'mars'"):
        Sandbox(world="mars")
    assert KEY not in repr(sb)


# --- over real HTTP -------------------------------------------------------------------


@pytest.fixture(scope="module")
def http_sandbox() -> Iterator[tuple[Sandbox, str]]:
    sb = Sandbox(clock=FakeClock())
    with serve_http_in_thread(sb.app) as url:
        yield sb, url


@pytest.fixture
async def http(http_sandbox: tuple[Sandbox, str]) -> AsyncIterator[httpx2.AsyncClient]:
    _sb, url = http_sandbox
    async with httpx2.AsyncClient(base_url=url, headers=AUTH) as c:
        assert (await c.post("/_sandbox/reset")).status_code == 200
        yield c


async def test_over_http_the_bytes_are_those_served_in_process(
    http: httpx2.AsyncClient, http_sandbox: tuple[Sandbox, str]
) -> None:
    twin = Sandbox(clock=FakeClock(http_sandbox[0].clock.now()))
    async with httpx2.AsyncClient(transport=twin.transport(), base_url="http://sandbox", headers=AUTH) as client:
        for path in (f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}", "/v1/flow/data-jobs", "/v1/flow/files"):
            assert (await http.get(path)).content == (await client.get(path)).content
    assert (await http.get("/v1/flow/data-jobs", headers={"Authorization": "nope"})).status_code == 401


async def test_over_http_drop_and_stall(
    http: httpx2.AsyncClient, http_sandbox: tuple[Sandbox, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sb = http_sandbox[0]
    await http.post("/_sandbox/faults", json={"kind": "drop"})
    with pytest.raises(httpx2.RemoteProtocolError):
        await http.get(f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}")

    # A stall outlasts a read timeout: it is held until the timeout has fired.
    held = Waits(hold=True)
    monkeypatch.setattr(sb.faults, "sleep", held)
    await http.post("/_sandbox/faults", json={"kind": "stall", "seconds": 1.0})
    try:
        async with http.stream(
            "GET", f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}", timeout=httpx2.Timeout(5, read=0.5)
        ) as stalled:
            assert stalled.status_code == 200  # the headers came before the stall
            with pytest.raises(httpx2.ReadTimeout):
                await stalled.aread()
        assert held.begun.is_set()
        assert held.seconds == [1.0]
    finally:
        held.release()

    # The rest of the body comes once the stall is over, and not before.
    held = Waits(hold=True)
    monkeypatch.setattr(sb.faults, "sleep", held)
    await http.post("/_sandbox/faults", json={"kind": "stall", "seconds": 0.3})
    answers: list[httpx2.Response] = []
    try:
        async with anyio.create_task_group() as group:

            async def fetch() -> None:
                answers.append(await http.get(f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}"))

            group.start_soon(fetch)
            assert await anyio.to_thread.run_sync(held.begun.wait, HANG), "the stall never began"
            assert answers == []  # half the body is out; the rest waits for the stall
            held.release()
    finally:
        held.release()
    assert held.seconds == [0.3]
    (slow,) = answers
    assert slow.json()["id"] == world.NEEDS_REVIEW_JOB  # the whole body arrives in the end

    await http.post("/_sandbox/faults", json={"kind": "connect_error"})
    with pytest.raises(httpx2.RemoteProtocolError):  # over HTTP it degrades to a drop
        await http.get("/v1/flow/data-jobs")


async def test_over_http_the_admin_routes_drive_the_clock(http: httpx2.AsyncClient) -> None:
    assert (await http.get(f"/v1/flow/data-jobs/{world.PROCESSING_JOB}")).json()["status"] == "file_processing"
    assert (await http.post("/_sandbox/clock/advance", json={"seconds": 60})).status_code == 200
    assert (await http.get(f"/v1/flow/data-jobs/{world.PROCESSING_JOB}")).json()["status"] == "ready_to_start"
    await http.post("/_sandbox/faults", json={"kind": "status", "status": 503, "retry_after": "1"})
    busy = await http.get("/v1/flow/data-jobs")
    assert (busy.status_code, busy.headers["retry-after"]) == (503, "1")
    log = (await http.get("/_sandbox/requests")).json()["requests"]
    assert [entry["path"] for entry in log] == [f"/v1/flow/data-jobs/{world.PROCESSING_JOB}"] * 2 + [
        "/v1/flow/data-jobs"
    ]
