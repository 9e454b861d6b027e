"""The official SDK (`seekrai`, the strictest client we know) against the sandbox over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seekrai import SeekrFlow
from seekrai.error import ConflictError, InvalidRequestError

from seekrflow_sandbox import FakeClock, Sandbox, world
from tests.helpers import serve_http_in_thread

ABC = "file-00000000-0000-0000-0000-000000abc0"  # + 04 ... 0c: the needs-review job's files
# Deprecations inside the SDK itself, not ours to fix.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Use 'content=<...>' to upload raw bytes:DeprecationWarning",
    "ignore:The `parse_obj` method is deprecated",
)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    sandbox = Sandbox(api_key="sk-sdk", clock=FakeClock())
    with serve_http_in_thread(sandbox.app) as url:
        yield url


@pytest.fixture
def sdk(base_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[SeekrFlow]:
    # As a user would: the SDK's own environment variables, a base URL with `/v1`.
    monkeypatch.setenv("SEEKR_BASE_URL", base_url + "/v1")
    monkeypatch.setenv("SEEKR_API_KEY", "sk-sdk")
    client = SeekrFlow(max_retries=0)
    yield client
    client.close()


def test_list_and_retrieve_every_job(sdk: SeekrFlow) -> None:
    jobs = sdk.data_jobs.list(limit=100).data
    assert len(jobs) == 14
    for job in jobs:
        detail = sdk.data_jobs.retrieve(job.id)
        assert (detail.id, detail.status) == (job.id, job.status)
    large = sdk.data_jobs.retrieve(world.LARGE_JOB)
    assert len(large.files) == world.LARGE_JOB_FILES
    assert sum(len(run.records) for run in large.ingestion_jobs) == 5_400


def test_upload_add_remove_start_and_errors(sdk: SeekrFlow, tmp_path: Path) -> None:
    corrected = tmp_path / "lounge-access-v2.pdf"
    corrected.write_bytes(b"%PDF-1.7 lounge access rules")
    uploaded = sdk.files.upload(corrected, purpose="alignment")
    assert (uploaded.filename, uploaded.bytes) == ("lounge-access-v2.pdf", corrected.stat().st_size)
    assert sdk.files.retrieve(uploaded.id).id == uploaded.id
    assert uploaded.id in {f.id for f in sdk.files.list(limit=5).data or []}

    added = sdk.data_jobs.add_files(world.NEEDS_REVIEW_JOB, [uploaded.id])
    assert added.status.value == "file_processing"
    assert added.ingestion_jobs[-1].records[0].method == "accuracy-optimized"
    removed = sdk.data_jobs.remove_files(world.NEEDS_REVIEW_JOB, [ABC + "0a"])
    assert ABC + "0a" not in {f.file_id for f in removed.files}

    started = sdk.data_jobs.start(world.READY_JOB)
    assert started.status.value == "pending"
    assert started.alignment_job is not None
    assert started.alignment_job_id == started.alignment_job.id
    cancelled = sdk.data_jobs.cancel(world.READY_JOB)
    assert cancelled.status.value == "cancelled"

    ready = sdk.data_jobs.update(world.VECTOR_DB_JOB, vector_database_id="vdb-42")
    assert ready.status.value == "ready_to_start"
    created = sdk.data_jobs.create("From the SDK", system_prompt="Be precise.")
    assert created.status.value == "needs_review"
    sdk.data_jobs.delete(created.id)

    with pytest.raises(ConflictError):
        sdk.data_jobs.start(world.MISSING_PROMPT_JOB)
    with pytest.raises(InvalidRequestError):
        sdk.data_jobs.retrieve(created.id)
