"""A job's detail read the fast way (`bulk`, msgspec) is the job pydantic reads, value for value
and offset for offset; where the fast way cannot promise that, it declines and the client reads
the body the usual way."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from seekrflow_mcp.seekrflow import bulk, parsing
from seekrflow_mcp.seekrflow.models import DataJobDetail
from seekrflow_sandbox.drift import VARIANTS, drifted
from tests.helpers import CONTRACT

DETAILS = ("data_job_needs_review.json", "data_job_aligning.json", "data_job_file_processing.json")


def usual(body: bytes) -> DataJobDetail:
    return parsing.validated(DataJobDetail, parsing.values(body), body)


def assert_read_alike(body: bytes) -> None:
    """The fast way reads `body` as pydantic does, or leaves it to pydantic; what pydantic
    refuses, the fast way never reads."""
    fast = bulk.detail(body)
    try:
        slow = usual(body)
    except ValidationError:
        assert fast is None
        return
    assert fast is None or same(fast, slow)


def same(fast: DataJobDetail, slow: DataJobDetail) -> bool:
    # Equal models could still differ in a time's offset (the same instant); the JSON keeps it.
    return fast == slow and fast.model_dump(mode="json") == slow.model_dump(mode="json")


@pytest.mark.parametrize("name", DETAILS)
def test_a_job_as_seekrflow_sends_it_is_read_the_fast_way(name: str) -> None:
    body = (CONTRACT / name).read_bytes()
    fast = bulk.detail(body)
    assert fast is not None
    assert same(fast, usual(body))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", DETAILS)
def test_a_drifted_job_reads_the_same_either_way(name: str, variant: str) -> None:
    body = drifted((CONTRACT / name).read_bytes(), variant)  # type: ignore[arg-type]
    assert body is not None
    assert_read_alike(body)


def _with_record(**changes: Any) -> bytes:
    job = json.loads((CONTRACT / "data_job_needs_review.json").read_bytes())
    job["ingestion_jobs"][0]["records"][0] |= changes
    return json.dumps(job).encode()


@pytest.mark.parametrize(
    "changes",
    [
        {"created_at": "2025-11-14T07:35:00"},  # no offset: pydantic makes it UTC
        {"deleted": None},  # a flag sent as null reads as false
        {"queue_position": "3"},  # pydantic reads a number sent as a string
        {"filename": 7},  # not a string at all: pydantic's error, not msgspec's
    ],
    ids=["naive", "null-flag", "number-as-string", "wrong-type"],
)
def test_what_only_pydantic_reads_is_left_to_pydantic(changes: dict[str, Any]) -> None:
    assert bulk.detail(_with_record(**changes)) is None


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("07:35:00.1234564Z", "07:35:00.123456"),
        ("07:35:00.1234565Z", "07:35:00.123457"),
        ("07:59:59.9999999Z", "08:00:00"),
    ],
)
def test_a_record_time_finer_than_a_microsecond_is_rounded_either_way(sent: str, read: str) -> None:
    body = _with_record(created_at=f"2025-11-14T{sent}")
    fast = bulk.detail(body)
    assert fast is not None
    assert same(fast, usual(body))
    assert fast.ingestion_jobs[0].records[0].created_at == datetime.fromisoformat(f"2025-11-14T{read}+00:00")


def test_an_escaped_dot_or_digit_is_left_to_pydantic() -> None:
    body = _with_record(created_at="2025-11-14T07:35:00.123456Z").replace(b"00.123456Z", b"00\\u002e123456Z", 1)
    assert bulk.detail(body) is None
    assert usual(body).ingestion_jobs[0].records[0].created_at.microsecond == 123456


TIMES = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.from_regex(
        r"\A20[0-9]{2}-[01][0-9]-[0-3][0-9][Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{1,9})?(Z|z|[+-][0-2][0-9]:?[0-5][0-9])?\Z"
    ),
)
ODD = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8), TIMES)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "created_at": st.one_of(TIMES, ODD),
        "processing_at": st.one_of(TIMES, ODD),
        "failed_at": st.one_of(TIMES, ODD),
        "status": ODD,
        "filename": ODD,
        "deleted": ODD,
        "queue_position": ODD,
        "error_message": ODD,
        "unknown": ODD,
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=RECORDS, ascii_only=st.booleans())
def test_whatever_a_record_holds_the_fast_way_reads_it_as_pydantic_does(
    changes: dict[str, Any], ascii_only: bool
) -> None:
    job = json.loads((CONTRACT / "data_job_needs_review.json").read_bytes())
    job["ingestion_jobs"][0]["records"][0] |= changes
    job["files"][0] |= {k: v for k, v in changes.items() if k in ("created_at", "status")}
    body = json.dumps(job, ensure_ascii=ascii_only, allow_nan=True).encode("utf-8", "surrogatepass")
    assert_read_alike(body)


def test_a_field_the_models_do_not_know_is_kept_and_the_job_still_read_the_fast_way() -> None:
    job = json.loads((CONTRACT / "data_job_needs_review.json").read_bytes())
    job["retention_days"] = 30
    job["ingestion_jobs"][0]["priority"] = "high"
    body = json.dumps(job).encode()
    with pytest.raises(msgspec.ValidationError, match="unknown field"):
        bulk._one_pass(body)  # the one-pass way knows only the models' fields...
    fast = bulk.detail(body)  # ...so the job is read in three passes, still not by pydantic
    assert fast is not None
    assert same(fast, usual(body))
    assert fast.model_extra == {"retention_days": 30}
    assert fast.ingestion_jobs[0].model_extra == {"priority": "high"}


def test_a_job_is_read_in_one_pass() -> None:
    body = (CONTRACT / "data_job_needs_review.json").read_bytes()
    assert DataJobDetail.model_validate(bulk._one_pass(body)) == usual(body)
