"""Request validation with FastAPI's exact 422 body: `{"detail": [{loc, msg, type, input, ctx?}]}`.

SeekrFlow is a FastAPI service; its 422s are pydantic errors with `"body"` or `"query"`
prepended to `loc` and without pydantic's `url`. Validating with pydantic models shaped
like the service's own gives the same `type`, `msg` and `ctx` texts.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from seekrflow_sandbox import assumptions

M = TypeVar("M", bound=BaseModel)


class RequestInvalid(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("request validation failed")
        self.errors = errors


class JobType(StrEnum):
    PRINCIPLE_FILES = "principle_files"
    CONTEXT_GROUNDED_FILES = "context_grounded_files"
    CONTEXT_GROUNDED_VECTOR_DB = "context_grounded_vector_db"


class JobSortBy(StrEnum):
    NAME = "name"
    CREATED_AT = "created_at"
    JOB_TYPE = "job_type"


class FileSortBy(StrEnum):
    CREATED_AT = "created_at"
    FILENAME = "filename"
    TYPE = "type"
    SIZE = "size"


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"


# Built from `assumptions`, the one place these values are listed. mypy reads an enum's
# members only from a literal, so it cannot list these (it still knows their type).
Method = StrEnum("Method", {m.replace("-", "_").upper(): m for m in assumptions.METHODS})  # type: ignore[misc]
Purpose = StrEnum("Purpose", {p.replace("-", "_").upper(): p for p in assumptions.PURPOSES})  # type: ignore[misc]


class ListJobsQuery(BaseModel):
    job_type: JobType | None = None
    sort_by: JobSortBy = JobSortBy.CREATED_AT
    sort_order: SortOrder = SortOrder.DESC
    limit: int = Field(default=25, ge=1, le=100)
    offset: int = Field(default=0, ge=0)


class ListFilesQuery(BaseModel):
    purpose: Purpose | None = None
    sort_by: FileSortBy = FileSortBy.CREATED_AT
    sort_order: SortOrder = SortOrder.DESC
    limit: int = Field(default=assumptions.FILES_PAGE_DEFAULT, ge=1, le=assumptions.FILES_PAGE_MAX)
    offset: int = Field(default=0, ge=0)


class CreateJobBody(BaseModel):
    name: str = Field(min_length=1, max_length=255)
    job_type: JobType
    system_prompt: str | None = None
    instructions: str | None = None


class UpdateJobBody(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=255)  # null leaves the name as is
    system_prompt: str | None = None
    instructions: str | None = None
    vector_database_id: str | None = None


class AddFilesBody(BaseModel):
    file_ids: list[str] = Field(min_length=1)
    method: Method | None = None


class RemoveFilesBody(BaseModel):
    file_ids: list[str] = Field(min_length=1)


class ValidateMetadataBody(BaseModel):
    purpose: str
    suffix: str
    size: int


class UploadForm(BaseModel):
    purpose: Purpose


def query(model: type[M], params: dict[str, str]) -> M:
    try:
        return model.model_validate(params)
    except ValidationError as exc:
        raise RequestInvalid(_fastapi_errors(exc, "query")) from None


def body(model: type[M], raw: bytes, *, required: bool = True) -> M:
    """Parse a JSON body the way FastAPI does, including its errors for no body and bad JSON."""
    if not raw.strip():
        if required:
            raise RequestInvalid([{"loc": ["body"], "msg": "Field required", "type": "missing", "input": None}])
        return model()
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        position = exc.pos if isinstance(exc, json.JSONDecodeError) else 0
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "invalid utf-8"
        raise RequestInvalid(
            [
                {
                    "loc": ["body", position],
                    "msg": "JSON decode error",
                    "type": "json_invalid",
                    "input": {},
                    "ctx": {"error": reason},
                }
            ]
        ) from None
    return form(model, data)


def form(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RequestInvalid(_fastapi_errors(exc, "body")) from None


def _fastapi_errors(exc: ValidationError, where: str) -> list[dict[str, Any]]:
    out = []
    for error in exc.errors(include_url=False):
        item: dict[str, Any] = {
            "loc": [where, *error["loc"]],
            "msg": error["msg"],
            "type": error["type"],
            "input": error["input"],
        }
        if "ctx" in error:
            item["ctx"] = {key: _plain(value) for key, value in error["ctx"].items()}
        out.append(item)
    return out


def _plain(value: Any) -> Any:
    # ctx may hold an exception (value_error); FastAPI's encoder turns those into text.
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
