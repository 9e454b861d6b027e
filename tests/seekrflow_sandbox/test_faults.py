"""The sandbox's faults for reliability tests: read timeouts in process, oversize and drifted
answers, field-level 422s, resets, and seeded chaos. Through the in-process transport, and
over real HTTP where the two differ.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import httpx2
import pytest
from seekrai.types.data_jobs import DataJobDetailResponse, DataJobListResponse, DataJobResponse
from seekrai.types.files import FileList as SdkFileList
from seekrai.types.files import FileResponse

from seekrflow_sandbox import Chaos, FakeClock, Fault, Sandbox, world
from seekrflow_sandbox.drift import FILE_REQUIRED, JOB_REQUIRED, VARIANTS, DriftVariant
from seekrflow_sandbox.faults import MIB
from seekrflow_sandbox.gateway import CHUNK
from tests.helpers import START, advancing, serve_http_in_thread

pytestmark = pytest.mark.anyio

AUTH = {"Authorization": "sk-sandbox"}
JOB = f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}"
ABC = "file-00000000-0000-0000-0000-000000abc0"  # + 04 ... 0c: the needs-review job's files
REMOVE = (JOB + "/remove-files", {"file_ids": [ABC + "04"]})
FIELD_ERRORS = [{"loc": ["body", "file_ids", 0], "msg": "Unknown file", "type": "value_error"}]


@pytest.fixture
async def api(sandbox: Sandbox) -> AsyncIterator[httpx2.AsyncClient]:
    async with httpx2.AsyncClient(transport=sandbox.transport(), base_url="http://sandbox", headers=AUTH) as c:
        yield c


def attached(sandbox: Sandbox) -> set[str]:
    return set(sandbox.store.jobs[world.NEEDS_REVIEW_JOB].attached)


def walk(value: Any) -> Iterator[tuple[str | None, Any]]:
    """Every (key, value) pair in a JSON value, depth first; list items have no key."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield None, item
            yield from walk(item)


# --- stall: read timeouts in process ------------------------------------------------------


async def test_a_stall_past_the_read_timeout_times_out_in_process(sandbox: Sandbox, api: httpx2.AsyncClient) -> None:
    sandbox.faults.sleep = advancing(sandbox)
    before = sandbox.clock.now()
    sandbox.faults.push(Fault(kind="stall", seconds=5, route="remove_files"))
    path, body = REMOVE
    with pytest.raises(httpx2.ReadTimeout):
        await api.post(path, json=body, timeout=httpx2.Timeout(10, read=0.5))
    assert sandbox.clock.now() - before == timedelta(seconds=0.5)  # the read timeout, not the stall
    assert ABC + "04" not in attached(sandbox)  # the write took effect all the same
    assert sandbox.requests == [("POST", path)]


@pytest.mark.parametrize(("seconds", "read"), [(0.2, 0.5), (0.5, 0.5), (30, None)])
async def test_a_stall_within_the_read_timeout_answers_late(
    sandbox: Sandbox, api: httpx2.AsyncClient, seconds: float, read: float | None
) -> None:
    sandbox.faults.sleep = advancing(sandbox)
    before = sandbox.clock.now()
    expected = (await api.get(JOB)).content
    sandbox.faults.push(Fault(kind="stall", seconds=seconds))
    late = await api.get(JOB, timeout=httpx2.Timeout(10, read=read))
    assert sandbox.clock.now() - before == timedelta(seconds=seconds)
    # The whole body in the end, as it was before the wait.
    assert (late.status_code, late.content) == (200, expected)


# --- oversize -----------------------------------------------------------------------------


async def test_oversize_pads_the_answer_and_sends_no_length(sandbox: Sandbox, api: httpx2.AsyncClient) -> None:
    expected = (await api.get(JOB)).json()
    sandbox.faults.push(Fault(kind="oversize", route="get_data_job"))
    async with api.stream("GET", JOB) as response:
        assert response.status_code == 200
        assert "content-length" not in response.headers
        assert response.headers["content-type"] == "application/json"
        chunks = [chunk async for chunk in response.aiter_raw()]
    body = b"".join(chunks)
    assert len(body) == 2 * MIB
    assert len(chunks) == 2 * MIB // CHUNK
    assert {len(c) for c in chunks} == {CHUNK}
    assert body.endswith(b" " * 1000)
    assert json.loads(body) == expected  # trailing spaces are still the same JSON

    path, payload = REMOVE
    sandbox.faults.push(Fault(kind="oversize", size=10))  # smaller than the answer: nothing cut
    grown = await api.post(path, json=payload)
    assert ABC + "04" not in {f["file_id"] for f in grown.json()["files"]}
    assert sandbox.requests[-1] == ("POST", path)


# --- drift --------------------------------------------------------------------------------


async def drifted(sandbox: Sandbox, api: httpx2.AsyncClient, variant: DriftVariant, path: str) -> tuple[Any, Any]:
    """The answer at `path` as it is, and drifted by `variant`."""
    plain = (await api.get(path)).json()
    sandbox.faults.push(Fault(kind="drift", variant=variant))
    response = await api.get(path)
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content)
    return plain, response.json()


async def test_drift_unknown_status(sandbox: Sandbox, api: httpx2.AsyncClient) -> None:
    plain, changed = await drifted(sandbox, api, "unknown_status", JOB)
    statuses = [value for key, value in walk(plain) if key == "status"]
    assert len([s for s in statuses if isinstance(s, str)]) > 10
    expected = ["quarantined_v2" if isinstance(s, str) else s for s in statuses]
    assert [value for key, value in walk(changed) if key == "status"] == expected

    def leaves(value: Any) -> list[tuple[str | None, Any]]:
        return [(k, v) for k, v in walk(value) if k != "status" and not isinstance(v, dict | list)]

    assert leaves(changed) == leaves(plain)


async def test_drift_new_fields(sandbox: Sandbox, api: httpx2.AsyncClient) -> None:
    plain, changed = await drifted(sandbox, api, "new_fields", "/v1/flow/data-jobs")
    objects = [value for _, value in walk(changed) if isinstance(value, dict)] + [changed]
    added = [o for o in objects if o.get("x_flag") is True and o.get("x_added_field") == {"nested": [1, 2]}]
    # Each object that gained the fields brought one {"nested": ...}: the others are all those.
    assert len(added) == len(objects) - len(added) > 10

    def without_added(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: without_added(v) for k, v in value.items() if k not in ("x_flag", "x_added_field")}
        return [without_added(v) for v in value] if isinstance(value, list) else value

    assert without_added(changed) == plain
    DataJobListResponse.model_validate(changed)  # the SDK ignores what it does not know


async def test_drift_missing_optional_keeps_what_the_sdk_requires(sandbox: Sandbox, api: httpx2.AsyncClient) -> None:
    _, detail = await drifted(sandbox, api, "missing_optional", JOB)
    assert set(detail) == JOB_REQUIRED
    assert detail["alignment_job_id"] is None  # required, though null
    DataJobDetailResponse.model_validate(detail)
    _, rows = await drifted(sandbox, api, "missing_optional", "/v1/flow/data-jobs")
    assert set(rows) == {"object", "data"}
    assert rows["data"]
    assert all(set(row) == JOB_REQUIRED for row in rows["data"])
    DataJobListResponse.model_validate(rows)
    _, files = await drifted(sandbox, api, "missing_optional", "/v1/flow/files")
    assert all(set(f) == FILE_REQUIRED for f in files["data"])
    SdkFileList.model_validate(files)

    sandbox.faults.push(Fault(kind="drift", variant="missing_optional"))
    checked = await api.post(
        "/v1/flow/files/validate_metadata", json={"purpose": "alignment", "suffix": "pdf", "size": 1}
    )
    assert checked.json() == {"is_valid": True}  # an object the SDK does not model loses its null keys


def test_the_required_fields_are_the_sdks() -> None:
    def required(model: Any) -> set[str]:
        return {name for name, field in model.model_fields.items() if field.is_required()}

    assert required(DataJobResponse) == required(DataJobDetailResponse) == JOB_REQUIRED
    assert required(FileResponse) == FILE_REQUIRED


async def test_drift_null_lists(sandbox: Sandbox, api: httpx2.AsyncClient) -> None:
    plain, changed = await drifted(sandbox, api, "null_lists", JOB)
    lists = {key for key, value in plain.items() if isinstance(value, list)}
    assert {"files", "ingestion_jobs", "timeline"} <= lists
    assert changed == plain | dict.fromkeys(lists)


async def test_drift_leaves_an_answer_that_is_not_json(sandbox: Sandbox, api: httpx2.AsyncClient) -> None:
    sandbox.faults.push(Fault(kind="drift", variant="new_fields"))
    deleted = await api.delete(f"/v1/flow/data-jobs/{world.READY_JOB}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert world.READY_JOB not in {job["id"] for job in (await api.get("/v1/flow/data-jobs")).json()["data"]}


def test_a_drift_needs_a_known_variant() -> None:
    for variant in ("renamed_fields", None):
        with pytest.raises(ValueError, match=f"unknown drift variant {variant!r}; one of {', '.join(VARIANTS)}"):
            Fault(kind="drift", variant=variant)  # type: ignore[arg-type]


# --- 422 with field detail, reset ---------------------------------------------------------


async def test_a_status_fault_can_carry_fastapis_field_errors(sandbox: Sandbox, api: httpx2.AsyncClient) -> None:
    sandbox.faults.push(Fault(kind="status", status=422, detail=FIELD_ERRORS, route="add_files"))
    refused = await api.post(JOB + "/add-files", json={"file_ids": ["file-x"]})
    assert (refused.status_code, refused.json()) == (422, {"detail": FIELD_ERRORS})
    queued = await api.post("/_sandbox/faults", json={"kind": "status", "status": 422, "detail": FIELD_ERRORS})
    assert queued.json() == {"pending": 1}
    assert (await api.get("/v1/flow/files")).json() == {"detail": FIELD_ERRORS}


async def test_reset_is_a_read_error_after_the_write(sandbox: Sandbox, api: httpx2.AsyncClient) -> None:
    sandbox.faults.push(Fault(kind="reset", route="remove_files"))
    path, body = REMOVE
    with pytest.raises(httpx2.ReadError, match=r"\[Errno 104\] Connection reset by peer"):
        await api.post(path, json=body)
    assert ABC + "04" not in attached(sandbox)
    assert sandbox.requests == [("POST", path)]


# --- chaos --------------------------------------------------------------------------------

TEMPLATES = [
    Fault(kind="status", status=503),
    Fault(kind="status", status=422, detail=FIELD_ERRORS),
    Fault(kind="html"),
    Fault(kind="malformed_json"),
    Fault(kind="oversize", size=4096),
    Fault(kind="drift", variant="unknown_status"),
    Fault(kind="stall", seconds=60),
    Fault(kind="drop"),
    Fault(kind="reset"),
    Fault(kind="connect_error"),
]


async def soak(sandbox: Sandbox, requests: int) -> list[str]:
    """What each of `requests` reads of a job gave: a status code or an httpx2 error."""
    sandbox.faults.sleep = advancing(sandbox)
    outcomes = []
    async with httpx2.AsyncClient(transport=sandbox.transport(), base_url="http://s", headers=AUTH) as c:
        for _ in range(requests):
            try:
                response = await c.get(JOB, timeout=httpx2.Timeout(10, read=1))
                outcomes.append(f"{response.status_code} {response.content[:12]!r}")
            except httpx2.HTTPError as exc:
                outcomes.append(type(exc).__name__)
            assert (await c.get("/_sandbox/requests")).status_code == 200  # never faulted
    return outcomes


async def test_chaos_is_seeded_counted_and_logged() -> None:
    sandbox = Sandbox(clock=FakeClock(START), seed=3)
    sandbox.faults.chaos = Chaos(rate=0.4, faults=TEMPLATES)
    outcomes = await soak(sandbox, 200)
    injected = sandbox.faults.injected
    assert set(injected) == {fault.kind for fault in TEMPLATES}
    assert 50 <= injected.total() <= 110
    assert injected["connect_error"] == outcomes.count("ConnectError")
    assert injected["reset"] == outcomes.count("ReadError")
    assert injected["stall"] == outcomes.count("ReadTimeout")
    assert injected["drop"] == outcomes.count("RemoteProtocolError")
    # Every request that reached the app is logged, faulted or not; a refused one is not.
    assert len(sandbox.requests) == 200 - injected["connect_error"]

    again = Sandbox(clock=FakeClock(START), seed=3)
    again.faults.chaos = Chaos(rate=0.4, faults=TEMPLATES)
    assert await soak(again, 200) == outcomes
    other = Sandbox(clock=FakeClock(START), seed=4)
    other.faults.chaos = Chaos(rate=0.4, faults=TEMPLATES)
    assert await soak(other, 200) != outcomes

    sandbox.reset()
    assert (sandbox.faults.chaos, sandbox.faults.injected) == (None, Counter())


async def test_queued_faults_come_before_chaos_and_templates_keep_their_route(
    sandbox: Sandbox, api: httpx2.AsyncClient
) -> None:
    sandbox.faults.chaos = Chaos(rate=1, faults=[Fault(kind="status", status=500, route="list_files")])
    sandbox.faults.push(Fault(kind="status", status=429))
    assert (await api.get("/v1/flow/files")).status_code == 429
    assert (await api.get("/v1/flow/files")).status_code == 500
    assert (await api.get(JOB)).status_code == 200  # no template for this route
    assert sandbox.faults.injected == Counter(status=2)
    with pytest.raises(ValueError, match="unknown route 'nope'"):
        sandbox.faults.chaos = Chaos(rate=0.1, faults=[Fault(kind="drop", route="nope")])
    with pytest.raises(ValueError, match=r"chaos rate 1\.5 is not a probability"):
        Chaos(rate=1.5, faults=TEMPLATES)
    with pytest.raises(ValueError, match="chaos needs at least one fault"):
        Chaos(rate=0.5, faults=[])


async def test_chaos_over_the_admin_routes(sandbox: Sandbox, api: httpx2.AsyncClient) -> None:
    chaos = {"rate": 1, "faults": [{"kind": "drift", "variant": "null_lists"}]}
    settings = (await api.post("/_sandbox/settings", json={"chaos": chaos})).json()
    assert settings["chaos"]["rate"] == 1
    assert (settings["chaos"]["faults"][0]["kind"], settings["chaos"]["faults"][0]["variant"]) == (
        "drift",
        "null_lists",
    )
    assert sandbox.faults.chaos == Chaos(rate=1, faults=[Fault(kind="drift", variant="null_lists")])
    assert (await api.get(JOB)).json()["files"] is None
    assert (await api.get("/_sandbox/faults")).json() == {"pending": 0, "injected": {"drift": 1}}

    assert (await api.post("/_sandbox/settings", json={"latency": 0})).json()["chaos"] is not None  # left as it is
    assert (await api.post("/_sandbox/settings", json={"chaos": None})).json()["chaos"] is None
    bad = await api.post("/_sandbox/settings", json={"chaos": {"rate": 1, "faults": [{"kind": "drift"}]}})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "chaos", "faults", 0]
    assert "unknown drift variant None" in bad.json()["detail"][0]["msg"]
    assert (await api.post("/_sandbox/faults", json={"kind": "drift", "variant": "nope"})).status_code == 422


# --- over real HTTP -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def http_sandbox() -> Iterator[tuple[Sandbox, str]]:
    sandbox = Sandbox(clock=FakeClock())
    with serve_http_in_thread(sandbox.app) as url:
        yield sandbox, url


@pytest.fixture
async def http(http_sandbox: tuple[Sandbox, str]) -> AsyncIterator[httpx2.AsyncClient]:
    async with httpx2.AsyncClient(base_url=http_sandbox[1], headers=AUTH) as c:
        assert (await c.post("/_sandbox/reset")).status_code == 200
        yield c


async def test_over_http_oversize_is_chunked_and_drift_is_sized(http: httpx2.AsyncClient) -> None:
    expected = (await http.get(JOB)).json()
    await http.post("/_sandbox/faults", json={"kind": "oversize", "size": MIB})
    async with http.stream("GET", JOB) as response:
        assert "content-length" not in response.headers
        assert response.headers["transfer-encoding"] == "chunked"
        body = b"".join([chunk async for chunk in response.aiter_bytes()])
    assert len(body) == MIB
    assert json.loads(body) == expected

    await http.post("/_sandbox/faults", json={"kind": "drift", "variant": "new_fields"})
    changed = await http.get(JOB)  # a wrong Content-Length would fail here
    assert changed.json()["x_flag"] is True


async def test_over_http_reset_is_a_drop(http: httpx2.AsyncClient, http_sandbox: tuple[Sandbox, str]) -> None:
    path, body = REMOVE
    await http.post("/_sandbox/faults", json={"kind": "reset"})
    with pytest.raises(httpx2.RemoteProtocolError):
        await http.post(path, json=body)
    assert http_sandbox[0].requests == [("POST", path)]
    assert ABC + "04" not in attached(http_sandbox[0])
