"""The payload models: every contract file parses, and a changing API does not break them."""

import json
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from seekrflow_mcp.seekrflow.models import DataJobDetail, DataJobList, ErrorBody, File, FileList
from tests.helpers import CONTRACT, SHARED_CONTRACT

MODELS: dict[str, type[BaseModel]] = {
    "data_job_aligning.json": DataJobDetail,
    "data_job_file_processing.json": DataJobDetail,
    "data_job_list.json": DataJobList,
    "data_job_missing_system_prompt.json": DataJobDetail,
    "data_job_needs_review.json": DataJobDetail,
    "error_404.json": ErrorBody,
    "error_422.json": ErrorBody,
    "file.json": File,
    "file_list.json": FileList,
}


def test_every_contract_file_has_a_model() -> None:
    assert sorted(p.name for p in CONTRACT.glob("*.json")) == sorted(MODELS)


@pytest.mark.skipif(not SHARED_CONTRACT.is_dir(), reason="the shared contract is not beside this clone")
def test_the_copies_equal_the_shared_contract() -> None:
    shared = {p.name: p.read_bytes() for p in SHARED_CONTRACT.glob("*.json")}
    ours = {p.name: p.read_bytes() for p in CONTRACT.glob("*.json")}
    assert ours == shared


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_contract_file_parses_and_keeps_every_field(name: str) -> None:
    raw = json.loads((CONTRACT / name).read_text())
    parsed = MODELS[name].model_validate(raw)
    assert parsed.model_dump(mode="json", exclude_unset=True).keys() == raw.keys()


def detail(**changes: Any) -> dict[str, Any]:
    raw = json.loads((CONTRACT / "data_job_needs_review.json").read_text())
    raw.update(changes)
    return raw


def test_unknown_statuses_and_fields_are_kept() -> None:
    raw = detail(status="archived", brand_new_field={"x": 1})
    raw["ingestion_jobs"][0]["records"][0]["status"] = "deduplicating"
    job = DataJobDetail.model_validate(raw)
    assert job.status == "archived"
    assert job.ingestion_jobs[0].records[0].status == "deduplicating"
    assert job.model_extra == {"brand_new_field": {"x": 1}}


def test_null_lists_read_as_empty_and_optional_fields_may_go() -> None:
    raw = detail(files=None, timeline=None, ingestion_jobs=None, fine_tuning_job_ids=None)
    for key in ("description", "status_message", "system_prompt", "alignment_job", "user_id", "deleted"):
        raw.pop(key)
    job = DataJobDetail.model_validate(raw)
    assert (job.files, job.timeline, job.ingestion_jobs, job.alignment_job, job.deleted) == ([], [], [], None, False)


def test_what_cannot_be_worked_without_is_required() -> None:
    raw = detail()
    raw.pop("id")
    with pytest.raises(ValidationError):
        DataJobDetail.model_validate(raw)


def test_error_bodies() -> None:
    assert ErrorBody.model_validate_json((CONTRACT / "error_404.json").read_text()).detail == "Data job not found"
    body = ErrorBody.model_validate_json((CONTRACT / "error_422.json").read_text())
    assert isinstance(body.detail, list)
    assert (body.detail[0].loc, body.detail[0].msg) == (
        ["body", "file_ids"],
        "List should have at least 1 item after validation, not 0",
    )
