"""The SeekrFlow client against the sandbox, in process and over real loopback HTTP."""

import gzip
import logging
import tracemalloc
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx2
import pytest
from pydantic import SecretStr

from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.seekrflow.client import ClientOptions, SeekrFlowClient
from seekrflow_mcp.seekrflow.models import DataJobDetail
from seekrflow_mcp.seekrflow.responses import retry_after_seconds
from seekrflow_sandbox import FakeClock, Fault, Sandbox, world
from tests.helpers import CONTRACT, serve_http

pytestmark = pytest.mark.anyio

KEY = "sk-test-5ecret-value"
START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
NEEDS_REVIEW_FAILED = "file-00000000-0000-0000-0000-000000abc008"  # fare-classes.pptx, transient failure


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(api_key=KEY, clock=FakeClock(START))


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def options(base_url: str = "http://sandbox.test", **overrides: object) -> ClientOptions:
    return ClientOptions(base_url=base_url, api_key=SecretStr(KEY), **overrides)  # type: ignore[arg-type]


@pytest.fixture(params=["asgi", "http"])
async def client(request: pytest.FixtureRequest, sandbox: Sandbox, sleeps: Sleeps) -> AsyncIterator[SeekrFlowClient]:
    """The same client, once through the in-process transport and once over loopback HTTP."""
    if request.param == "asgi":
        async with SeekrFlowClient(
            options(), transport=sandbox.transport(), sleep=sleeps, jitter=lambda: 0.5, now=sandbox.clock.now
        ) as c:
            yield c
    else:
        async with (
            serve_http(sandbox.app) as url,
            SeekrFlowClient(options(url + "/v1"), sleep=sleeps, jitter=lambda: 0.5, now=sandbox.clock.now) as c,
        ):
            yield c


async def test_reads_every_endpoint(client: SeekrFlowClient, sandbox: Sandbox) -> None:
    jobs = await client.list_data_jobs(limit=100)
    assert world.NEEDS_REVIEW_JOB in {j.id for j in jobs}
    detail = await client.get_data_job(world.NEEDS_REVIEW_JOB)
    assert (detail.name, detail.status, len(detail.files)) == ("Customer support refresh", "needs_review", 13)
    files = await client.list_files(limit=100)
    assert "refund-rules-v2.pdf" in {f.filename for f in files}
    one = await client.get_file(files[0].id)
    assert one == files[0]
    check = await client.validate_file_metadata(purpose="alignment", suffix=".pdf", size=1000)
    assert check.is_valid is True


async def test_pages_to_the_end(client: SeekrFlowClient) -> None:
    everything = await client.list_data_jobs(limit=100)
    paged = [job.id async for job in client.iter_data_jobs(page_size=3)]
    assert paged == [j.id for j in everything]
    assert len(paged) > 6


async def test_writes_and_progress_under_a_fake_clock(client: SeekrFlowClient, sandbox: Sandbox) -> None:
    file = await client.upload_file("new-policy.pdf", b"%PDF-1.7 some content")
    assert (file.filename, file.type, file.purpose) == ("new-policy.pdf", "pdf", "alignment")

    added = await client.add_files(world.READY_JOB, [file.id], "speed-optimized")
    assert added.status == "file_processing"
    assert file.id in {f.file_id for f in added.files}

    assert isinstance(sandbox.clock, FakeClock)
    sandbox.clock.advance(3600)
    later = await client.get_data_job(world.READY_JOB)
    assert later.status == "ready_to_start"
    assert [e.event_type for e in later.timeline][-2:] == ["File Processing Started", "File Processing Completed"]

    removed = await client.remove_files(world.READY_JOB, [file.id])
    assert file.id not in {f.file_id for f in removed.files}

    started = await client.start_data_job(world.READY_JOB)
    assert started.alignment_job is not None
    assert started.alignment_job_id == started.alignment_job.id


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda c: c.get_data_job("dj-00000000-0000-0000-0000-000000000000"), errors.NotFound, "404"),
        (lambda c: c.start_data_job(world.NEEDS_REVIEW_JOB), errors.Conflict, "409"),
        (
            lambda c: c.add_files(world.NEEDS_REVIEW_JOB, [], "speed-optimized"),
            errors.InvalidRequest,
            "file_ids: List should have at least 1 item",
        ),
        (lambda c: c.remove_files(world.READY_JOB, [NEEDS_REVIEW_FAILED]), errors.InvalidRequest, "(400)"),
        (lambda c: c.add_files(world.READY_JOB, ["file-never-uploaded"], "speed-optimized"), errors.NotFound, "404"),
    ],
)
async def test_api_errors_have_their_type(client: SeekrFlowClient, call, error, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as caught:
        await call(client)
    assert words in str(caught.value)
    assert KEY not in str(caught.value) + repr(caught.value)


async def test_wrong_key_is_unauthorized(sandbox: Sandbox) -> None:
    wrong = ClientOptions(base_url="http://sandbox.test", api_key=SecretStr("sk-wrong"))
    async with SeekrFlowClient(wrong, transport=sandbox.transport()) as c:
        with pytest.raises(errors.Unauthorized) as caught:
            await c.list_data_jobs()
    assert str(caught.value) == (
        "SeekrFlow rejected the API key (401). Check SEEKR_API_KEY: it is sent as is, with no 'Bearer' prefix."
    )
    assert "sk-wrong" not in repr(caught.value) + repr(c)


async def test_retries_a_get_on_503_and_honours_retry_after(
    client: SeekrFlowClient, sandbox: Sandbox, sleeps: Sleeps
) -> None:
    sandbox.faults.push(Fault(kind="status", status=503))
    sandbox.faults.push(Fault(kind="status", status=429, retry_after="2"))
    when = format_datetime(START + timedelta(seconds=20), usegmt=True)  # the client shares the sandbox's clock
    sandbox.faults.push(Fault(kind="status", status=503, retry_after=when))
    job = await client.get_data_job(world.READY_JOB)
    assert job.id == world.READY_JOB
    assert len(sandbox.requests) == 4
    # The first backoff, 0.5 s times the jitter factor 0.75; then each Retry-After exactly.
    assert sleeps == [0.375, 2.0, 20.0]


async def test_gives_up_after_the_retries(client: SeekrFlowClient, sandbox: Sandbox, sleeps: Sleeps) -> None:
    for _ in range(4):
        sandbox.faults.push(Fault(kind="status", status=502))
    with pytest.raises(errors.Unavailable) as caught:
        await client.list_data_jobs()
    assert len(sandbox.requests) == 4
    assert sleeps == [0.375, 0.75, 1.5]
    assert "HTTP 502" in str(caught.value)


async def test_a_retry_after_beyond_the_cap_is_reported_not_waited(
    client: SeekrFlowClient, sandbox: Sandbox, sleeps: Sleeps
) -> None:
    sandbox.faults.push(Fault(kind="status", status=429, retry_after="120"))
    with pytest.raises(errors.RateLimited) as caught:
        await client.list_data_jobs()
    assert (caught.value.retry_after, sleeps, len(sandbox.requests)) == (120.0, [], 1)
    assert "Wait 120 s" in str(caught.value)


async def test_a_post_is_never_sent_twice(client: SeekrFlowClient, sandbox: Sandbox, sleeps: Sleeps) -> None:
    sandbox.faults.push(Fault(kind="status", status=503))
    with pytest.raises(errors.Unavailable):
        await client.add_files(world.NEEDS_REVIEW_JOB, [NEEDS_REVIEW_FAILED], "accuracy-optimized")
    sandbox.faults.push(Fault(kind="drop"))
    with pytest.raises(errors.Unavailable) as caught:
        await client.remove_files(world.NEEDS_REVIEW_JOB, [NEEDS_REVIEW_FAILED])
    assert "may or may not have been applied" in str(caught.value)
    assert [m for m, _ in sandbox.requests] == ["POST", "POST"]
    assert sleeps == []


async def test_a_post_that_never_connected_is_retried(sandbox: Sandbox, sleeps: Sleeps) -> None:
    sandbox.faults.push(Fault(kind="connect_error"))
    async with SeekrFlowClient(options(), transport=sandbox.transport(), sleep=sleeps, jitter=lambda: 0.0) as c:
        after = await c.add_files(world.NEEDS_REVIEW_JOB, [NEEDS_REVIEW_FAILED], "accuracy-optimized")
    assert after.status == "file_processing"
    assert sandbox.requests == [("POST", f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}/add-files")]
    assert sleeps == [0.25]


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (Fault(kind="malformed_json"), "SeekrFlow sent a body that is not valid JSON for data job"),
        (Fault(kind="html", status=200), "SeekrFlow sent an HTML page instead of JSON for data job"),
    ],
)
async def test_unreadable_answers(client: SeekrFlowClient, sandbox: Sandbox, fault: Fault, words: str) -> None:
    sandbox.faults.push(fault)
    with pytest.raises(errors.UnexpectedResponse) as caught:
        await client.get_data_job(world.READY_JOB)
    assert str(caught.value).startswith(words)
    assert len(sandbox.requests) == 1


async def test_a_gateway_error_page_is_retried_then_reported(client: SeekrFlowClient, sandbox: Sandbox) -> None:
    for _ in range(4):
        sandbox.faults.push(Fault(kind="html", status=502))
    with pytest.raises(errors.Unavailable) as caught:
        await client.get_data_job(world.READY_JOB)
    assert str(caught.value) == (
        f"SeekrFlow failed to answer for data job {world.READY_JOB} (HTTP 502). It is likely temporary."
    )


async def test_a_dropped_get_is_retried(client: SeekrFlowClient, sandbox: Sandbox) -> None:
    sandbox.faults.push(Fault(kind="drop"))
    assert (await client.get_data_job(world.READY_JOB)).id == world.READY_JOB
    assert len(sandbox.requests) == 2


async def test_a_stalled_body_times_out(sandbox: Sandbox, sleeps: Sleeps) -> None:
    for _ in range(2):
        sandbox.faults.push(Fault(kind="stall", seconds=5))
    async with serve_http(sandbox.app) as url:
        opts = options(url, read_timeout=0.2, retries=1)
        async with SeekrFlowClient(opts, sleep=sleeps) as c:
            with pytest.raises(errors.Unavailable) as caught:
                await c.list_data_jobs()
    assert str(caught.value).startswith("SeekrFlow timed out for the list of data jobs after 2 attempts.")


BAD_IDS = ["../x", "..", "%2e%2e", "a/b", "a?b", "a#b", "a b", " dj-1", "dj-1\n", "", "x" * 129, "dj-é"]


@pytest.mark.parametrize("bad", BAD_IDS)
async def test_bad_ids_never_reach_the_api(sandbox: Sandbox, bad: str) -> None:
    async with SeekrFlowClient(options(), transport=sandbox.transport()) as c:
        for call in (
            c.get_data_job(bad),
            c.add_files(bad, ["file-1"], "accuracy-optimized"),
            c.add_files(world.READY_JOB, ["file-1", bad], "accuracy-optimized"),
            c.remove_files(world.READY_JOB, [bad]),
            c.start_data_job(bad),
            c.get_file(bad),
        ):
            with pytest.raises(errors.InvalidId):
                await call
    assert sandbox.requests == []


async def test_bodies_over_the_cap_are_refused(sandbox: Sandbox) -> None:
    async with SeekrFlowClient(options(max_response_bytes=64 * 1024), transport=sandbox.transport()) as c:
        with pytest.raises(errors.UnexpectedResponse) as caught:
            await c.get_data_job(world.LARGE_JOB)
    assert "larger than" in str(caught.value)


async def test_sends_the_raw_key_and_the_team(sandbox: Sandbox) -> None:
    seen: list[dict[str, str]] = []

    async def recording(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] == "http":
            seen.append({k.decode(): v.decode() for k, v in scope["headers"]})
        await sandbox.app(scope, receive, send)

    opts = ClientOptions(base_url="http://sandbox.test/v1/", api_key=SecretStr(KEY), team_id="team-42")
    async with SeekrFlowClient(opts, transport=httpx2.ASGITransport(app=recording)) as c:
        await c.list_data_jobs(limit=1)
    assert (seen[0]["authorization"], seen[0]["x-team-id"]) == (KEY, "team-42")
    assert KEY not in repr(c)


def test_retry_after_forms() -> None:
    assert retry_after_seconds("7", START) == 7.0
    assert retry_after_seconds(None, START) is None
    assert retry_after_seconds("soon", START) is None
    assert retry_after_seconds(format_datetime(START + timedelta(seconds=30), usegmt=True), START) == 30.0
    assert retry_after_seconds(format_datetime(START - timedelta(seconds=30), usegmt=True), START) == 0.0
    assert retry_after_seconds("Fri, 28 Nov 2026 12:00:30", START) is None  # no zone: not an HTTP date


async def test_the_key_is_in_no_log_line(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox.faults.push(Fault(kind="status", status=503))
    async with serve_http(sandbox.app) as url, SeekrFlowClient(options(url, retries=1), sleep=Sleeps()) as c:
        await c.get_data_job(world.READY_JOB)
        with pytest.raises(errors.NotFound):
            await c.get_data_job("dj-00000000-0000-0000-0000-000000000000")
    assert "GET /v1/flow/data-jobs/" in caplog.text  # the client does log its requests
    assert KEY not in caplog.text


async def test_a_list_that_ignores_offset_is_refused_not_paged_forever(sandbox: Sandbox) -> None:
    async def ignores_offset(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] == "http":
            scope = dict(scope, query_string=b"limit=2")
        await sandbox.app(scope, receive, send)

    async with SeekrFlowClient(options(), transport=httpx2.ASGITransport(app=ignores_offset)) as c:
        with pytest.raises(errors.UnexpectedResponse, match="SeekrFlow sent jobs already listed for offset 2"):
            [job async for job in c.iter_data_jobs(page_size=2)]
    assert len(sandbox.requests) == 2


def test_an_absurd_retry_after_is_a_day() -> None:
    assert retry_after_seconds("9" * 400, START) == 86_400.0


async def test_a_404_for_a_list_says_the_base_url_is_likely_wrong(sandbox: Sandbox) -> None:
    # The list endpoints name no job or file, so only a base URL pointing elsewhere can miss them.
    async with SeekrFlowClient(options("http://sandbox.test/api"), transport=sandbox.transport()) as c:
        with pytest.raises(errors.NotFound) as listing:
            await c.list_data_jobs()
        with pytest.raises(errors.NotFound) as one_job:
            await c.get_data_job(world.READY_JOB)
    assert str(listing.value).startswith(
        "SeekrFlow answered 404 (not found) for the list of data jobs, an address that always exists, so the base "
        "URL is likely wrong: check SEEKR_BASE_URL; it should be the API's root, like https://flow.seekr.com."
    )
    # A job's 404 may be the job's absence: it keeps the plain wording.
    assert str(one_job.value).startswith(f"SeekrFlow found nothing for data job {world.READY_JOB} (404).")


async def test_no_request_id_is_asked_for_when_there_is_none(client: SeekrFlowClient, sandbox: Sandbox) -> None:
    sandbox.faults.push(Fault(kind="malformed_json"))
    with pytest.raises(errors.UnexpectedResponse) as caught:
        await client.get_data_job(world.READY_JOB)
    assert caught.value.request_id is None
    assert "request id" not in str(caught.value)
    assert str(caught.value).endswith("the API may have changed: report it to SeekrFlow support.")


async def test_a_change_whose_outcome_is_unknown_says_so(client: SeekrFlowClient, sandbox: Sandbox) -> None:
    sandbox.faults.push(Fault(kind="status", status=502, route="add_files"))
    with pytest.raises(errors.Unavailable) as caught:
        await client.add_files(world.NEEDS_REVIEW_JOB, [NEEDS_REVIEW_FAILED], "accuracy-optimized")
    assert caught.value.maybe_applied is True
    sandbox.faults.push(Fault(kind="status", status=500, route="get_data_job"))
    with pytest.raises(errors.Unavailable) as read:
        await client.get_data_job(world.READY_JOB)
    assert read.value.maybe_applied is False


async def test_an_upload_streams_from_the_file_never_holding_it_in_memory(
    client: SeekrFlowClient, sandbox: Sandbox, tmp_path: Path
) -> None:
    size = 64 * 1024 * 1024
    path = tmp_path / "large-manual.pdf"
    with path.open("wb") as out:  # sparse: nothing is written but its last byte
        out.truncate(size - 1)
        out.seek(size - 1)
        out.write(b"\n")
    tracemalloc.start()
    try:
        with path.open("rb") as content:
            file = await client.upload_file(path.name, content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (file.filename, file.bytes) == ("large-manual.pdf", size)
    assert sandbox.store.files[file.id].bytes == size
    assert peak < size // 8, f"peak {peak} bytes for a {size}-byte upload"


async def test_an_upload_that_never_left_is_sent_again_whole(sandbox: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "policy.pdf"
    path.write_bytes(b"%PDF-1.7 " + b"x" * 100_000)
    sandbox.faults.push(Fault("connect_error", route="upload_file"))
    async with SeekrFlowClient(options(), transport=sandbox.transport(), sleep=Sleeps(), jitter=lambda: 0.5) as c:
        with path.open("rb") as content:
            file = await c.upload_file(path.name, content)
    assert file.bytes == 100_009
    assert [m for m, p in sandbox.requests if p == "/v1/flow/files"] == ["PUT"]  # the app saw it once


def _answering(body: bytes, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    """SeekrFlow as an ASGI app that sends `body` with exactly these headers."""

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        raw = [(k.encode(), v.encode()) for k, v in {"content-type": "application/json", **headers}.items()]
        await send({"type": "http.response.start", "status": 200, "headers": raw})
        half = len(body) // 2  # in two chunks, as over a network
        await send({"type": "http.response.body", "body": body[:half], "more_body": True})
        await send({"type": "http.response.body", "body": body[half:]})

    return app


@pytest.mark.parametrize("declared", [0, -40, +40], ids=["exact", "longer-than-declared", "shorter-than-declared"])
async def test_a_body_is_read_whole_whatever_length_it_declares(declared: int) -> None:
    body = (CONTRACT / "data_job_needs_review.json").read_bytes()
    app = _answering(body, {"content-length": str(len(body) + declared)})
    async with SeekrFlowClient(options(), transport=httpx2.ASGITransport(app=app)) as c:
        job = await c.get_data_job("dj-anything")
    assert job == DataJobDetail.model_validate_json(body)


async def test_a_compressed_body_is_read_whole() -> None:
    body = (CONTRACT / "data_job_needs_review.json").read_bytes()
    packed = gzip.compress(body)
    app = _answering(packed, {"content-length": str(len(packed)), "content-encoding": "gzip"})
    async with SeekrFlowClient(options(), transport=httpx2.ASGITransport(app=app)) as c:
        job = await c.get_data_job("dj-anything")
    assert job == DataJobDetail.model_validate_json(body)


async def test_a_body_over_the_cap_is_refused_even_when_it_declares_less() -> None:
    body = b'{"id": "' + b"x" * 100_000 + b'"}'
    app = _answering(body, {"content-length": "1000"})
    async with SeekrFlowClient(options(max_response_bytes=64 * 1024), transport=httpx2.ASGITransport(app=app)) as c:
        with pytest.raises(errors.UnexpectedResponse, match="larger than"):
            await c.get_data_job("dj-anything")
