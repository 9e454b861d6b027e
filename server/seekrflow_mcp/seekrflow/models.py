"""Pydantic models of the SeekrFlow payloads this project reads.

They are written for an API that changes under us: unknown fields are kept (but on the
per-file bulk, records and attached files, see `Bulk`), a status
nobody has seen before stays a plain string, optional fields may be missing or null,
a list or a flag sent as null reads as empty or false, and a time without an offset is
UTC. `vocabulary` holds the words known today, to compare against; the fields themselves
are plain strings. Only what we cannot work without is required (ids, names, timestamps).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

import msgspec
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, GetCoreSchemaHandler, create_model
from pydantic_core import core_schema

# Re-exported: where the API side and the tools have always read it from.
from seekrflow_mcp.seekrflow.ids import RESOURCE_ID_PATTERN as RESOURCE_ID_PATTERN


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value


def _none_as_empty_dict(value: Any) -> Any:
    return {} if value is None else value


def _finite(value: float | None) -> float | None:
    # JSON has no NaN or infinity, but Python's parser reads them: an estimate that is not a
    # number is no estimate.
    return value if value is None or math.isfinite(value) else None


def _utc(value: datetime) -> datetime:
    # SeekrFlow sends `Z` times, so one without an offset is UTC too; left naive, it could not
    # even be compared with the others.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


T = TypeVar("T")
NullableList = Annotated[list[T], BeforeValidator(_none_as_empty)]
NullableFlag = Annotated[bool, BeforeValidator(lambda value: False if value is None else value)]
Timestamp = Annotated[datetime, AfterValidator(_utc)]


def _as_msgspec_reads_it(value: Any) -> Any:
    # msgspec rounds a fraction finer than a microsecond where pydantic would cut it: read here
    # as msgspec reads it, a record's time is the same whichever way the job is read. What
    # msgspec cannot read, pydantic reads.
    if isinstance(value, str):
        try:
            return msgspec.convert(value, datetime)
        except msgspec.ValidationError:
            pass
    return value


# A time without an offset is refused by msgspec (`Meta(tz=True)`), so the fast way (`bulk`)
# leaves it to pydantic, which makes it UTC.
BulkTimestamp = Annotated[datetime, BeforeValidator(_as_msgspec_reads_it), AfterValidator(_utc), msgspec.Meta(tz=True)]
FiniteNumber = Annotated[float | None, AfterValidator(_finite)]


class Bulk(msgspec.Struct, frozen=True, gc=False):
    """A job has one record per attempt and one entry per attached file: 100,000s of them in a
    large job. msgspec builds these straight from the body (`bulk`) in half the time a slotted
    dataclass takes, and, holding no reference cycles, they are left out of the collector's
    walks (`gc=False`; each subclass says it again, for the type checker). Unknown fields are
    dropped: nothing reads them, and kept they would cost memory per file.

    Inside the models pydantic reads them as it reads everything else, with the same
    annotations (`_lenient`), and writes them the same way."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        lenient = _lenient(cls)
        model = handler.generate_schema(lenient)
        from_values = core_schema.no_info_after_validator_function(lambda m: cls(**dict(m)), model)
        return core_schema.json_or_python_schema(
            json_schema=from_values,
            python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_values]),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda b: lenient.model_construct(**msgspec.structs.asdict(b)), return_schema=model
            ),
        )


def _lenient(cls: type[Bulk]) -> type[BaseModel]:
    fields: dict[str, Any] = {
        f.name: (f.type, ... if f.default is msgspec.NODEFAULT else f.default) for f in msgspec.structs.fields(cls)
    }
    return create_model(cls.__name__, __config__=ConfigDict(extra="ignore"), **fields)


class DataJob(ApiModel):
    """A row of the data-job list, and the base of the detail."""

    id: str
    name: str
    job_type: str  # a vocabulary.JobType, or one added since
    status: str  # a vocabulary.JobStatus, or one added since
    created_at: Timestamp
    updated_at: Timestamp
    user_id: str | None = None
    team_id: str | None = None
    description: str | None = None
    alignment_job_id: str | None = None
    origin_data_job_id: str | None = None
    deleted: NullableFlag = False
    status_message: str | None = None
    system_prompt: str | None = None
    system_prompt_updated_at: Timestamp | None = None
    instructions: str | None = None
    instructions_updated_at: Timestamp | None = None
    resolved_instructions: str | None = None
    # Not in any payload seen so far, but settable with PATCH: read it when a server sends it.
    vector_database_id: str | None = None


class FileRecord(Bulk, frozen=True, gc=False):
    """One file's attempt inside one ingestion run. What the triage never reads of it (the run,
    user, team, workflow and worker ids, the method) is skipped like an unknown field: a third
    of the strings of a large job."""

    record_id: str
    alignment_file_id: str
    filename: str
    status: str  # a vocabulary.RecordStatus, or one added since
    created_at: BulkTimestamp
    queue_position: int | None = None
    error_message: str | None = None
    suggested_fix: str | None = None
    deleted: NullableFlag = False
    processing_at: BulkTimestamp | None = None
    completed_at: BulkTimestamp | None = None
    failed_at: BulkTimestamp | None = None


class IngestionJob(ApiModel):
    id: str
    status: str  # a vocabulary.RecordStatus, or one added since
    created_at: Timestamp
    updated_at: Timestamp | None = None
    file_ids: NullableList[str] = []
    records: NullableList[FileRecord] = []


class DataJobFile(Bulk, frozen=True, gc=False):
    """An attached file; `record_id` is null for Markdown, which skips ingestion."""

    file_id: str
    record_id: str | None = None
    name: str | None = None
    type: str | None = None
    created_at: BulkTimestamp | None = None
    status: str | None = None
    suggested_fix: str | None = None


class TimelineEvent(ApiModel):
    timestamp: Timestamp
    event_type: str
    message: Annotated[str, BeforeValidator(lambda value: "" if value is None else value)] = ""
    metadata: Annotated[dict[str, Any], BeforeValidator(_none_as_empty_dict)] = {}


class AlignmentJob(ApiModel):
    id: str | None
    status: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    stopped_at: Timestamp | None = None
    current_step: str | None = None
    progress: float | str | None = None
    step_progress: float | str | None = None
    estimated_completion_at: Timestamp | None = None
    eta_minutes: FiniteNumber = None
    status_message: str | None = None
    output_files: NullableList[dict[str, Any]] = []


class DataJobDetail(DataJob):
    additional_alignment_file_ids: NullableList[str] = []
    ingestion_jobs: NullableList[IngestionJob] = []
    alignment_job: AlignmentJob | None = None
    files: NullableList[DataJobFile] = []
    fine_tuning_job_ids: NullableList[str] = []
    timeline: NullableList[TimelineEvent] = []


class DataJobList(ApiModel):
    object: str = "list"
    data: NullableList[DataJob] = []


class File(ApiModel):
    """An uploaded file."""

    id: str
    object: str = "file"
    filename: str | None = None
    type: str | None = None
    purpose: str | None = None
    bytes: int | None = None
    created_at: Timestamp | None = None
    created_by: str | None = None
    origin_file_id: str | None = None
    deleted: bool | None = None


class FileList(ApiModel):
    object: str = "list"
    data: NullableList[File] = []


class FileMetadataValidation(ApiModel):
    is_valid: bool
    errors: str | None = None


class ValidationIssue(ApiModel):
    """One entry of a 422 body, FastAPI's shape."""

    loc: NullableList[str | int] = []
    msg: str = ""
    type: str | None = None
    input: Any = None


class ErrorBody(ApiModel):
    """`{"detail": "..."}` for most errors, `{"detail": [ValidationIssue]}` for 422."""

    detail: str | list[ValidationIssue] | None = Field(default=None)
