"""The client parses a body to plain values before validating them (to hold less at once):
the models, and the words of a payload it cannot read, are those of validating the JSON itself."""

import json
from typing import Any

import httpx2
import pytest
from pydantic import BaseModel, SecretStr, ValidationError

from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.seekrflow.client import ClientOptions, SeekrFlowClient
from seekrflow_mcp.seekrflow.models import DataJobDetail, DataJobList, FileList
from seekrflow_sandbox.drift import VARIANTS, drifted
from tests.helpers import CONTRACT

pytestmark = pytest.mark.anyio

JOB = "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"
BODIES: dict[str, type[BaseModel]] = {
    "data_job_needs_review.json": DataJobDetail,
    "data_job_aligning.json": DataJobDetail,
    "data_job_list.json": DataJobList,
    "file_list.json": FileList,
}


def _client(body: bytes) -> SeekrFlowClient:
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, content=body))
    options = ClientOptions(base_url="http://seekrflow", api_key=SecretStr("sk-test"), retries=0)
    return SeekrFlowClient(options, transport=transport)


@pytest.mark.parametrize("variant", [None, *VARIANTS])
@pytest.mark.parametrize("name", sorted(BODIES))
async def test_the_models_are_those_of_the_json(name: str, variant: str | None) -> None:
    body = (CONTRACT / name).read_bytes()
    body = body if variant is None else drifted(body, variant)  # type: ignore[arg-type]
    assert body is not None
    model = BODIES[name]
    async with _client(body) as client:
        parsed = await client._call("GET", "/v1/flow/data-jobs", model, what="the test")
    assert parsed == model.model_validate_json(body)


def _bad(**changes: Any) -> bytes:
    raw = json.loads((CONTRACT / "data_job_needs_review.json").read_text())
    raw["ingestion_jobs"][0]["records"][0].update(changes)
    return json.dumps(raw).encode()


@pytest.mark.parametrize(
    "body",
    [_bad(created_at="yesterday"), _bad(queue_position="first"), b"[1, 2]", b'"a string"', b"{", b""],
    ids=["bad time", "bad number", "a list", "a string", "cut short", "empty"],
)
async def test_a_payload_it_cannot_read_is_explained_in_the_words_of_the_json(body: bytes) -> None:
    try:
        DataJobDetail.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
    async with _client(body) as client:
        with pytest.raises(errors.UnexpectedResponse) as raised:
            await client.get_data_job(JOB)
    if first["type"] == "json_invalid":
        assert "a body that is not valid JSON" in str(raised.value)
    else:
        where = ".".join(str(p) for p in first["loc"]) or "the body"
        assert f"a payload this server cannot read ({where}: {first['msg']})" in str(raised.value)
