"""A data job's detail, read fast: its records and attached files (100,000s in a large job)
decoded by msgspec straight into the models' Structs, everything else as before.

Validating each record with pydantic was most of a large job's read (1.1 s of 2 s at 100,000
files); msgspec builds the same records in a sixth of the time, with no tree of values in
between. It is stricter than pydantic, never looser: where it refuses anything (a flag sent as
null, a number as a string, a time without an offset) `detail` answers None and the body takes
the usual way, so every job reads exactly as pydantic reads it
(tests/seekrflow/test_bulk.py compares the two). A record's time finer than a microsecond,
which msgspec rounds where pydantic would cut it, pydantic reads msgspec's way
(`models.BulkTimestamp`).

A body is read in one pass when it holds only the fields the models know (`_KNOWN`); a field
added since is kept, as the models keep it, at the price of two more passes (`_ANY`).
"""

from __future__ import annotations

import re
from types import GenericAlias
from typing import Any

import msgspec
import pydantic_core
from pydantic import BaseModel, ValidationError

from seekrflow_mcp.seekrflow.models import DataJobDetail, DataJobFile, FileRecord, IngestionJob
from seekrflow_mcp.seekrflow.parsing import Body, collector_paused

# A time with a digit or a dot escaped (as `\u002e`) msgspec may read otherwise than pydantic:
# a body with one anywhere is left to pydantic.
_ESCAPED = re.compile(rb"\\u00[23]")


def _known(model: type[BaseModel], bulk: dict[str, Any]) -> type[msgspec.Struct]:
    """Every field of `model`: those in `bulk` decoded to their type (null is pydantic's to
    read), the others kept raw for pydantic; a field the model does not know refuses the body."""
    fields = [
        (name, (bulk[name] | None if name in bulk else msgspec.Raw) | msgspec.UnsetType, msgspec.UNSET)
        for name in model.model_fields
    ]
    return msgspec.defstruct(f"Known{model.__name__}", fields, forbid_unknown_fields=True, gc=False)


_RUN = _known(IngestionJob, {"records": list[FileRecord]})
_KNOWN = msgspec.json.Decoder(
    _known(DataJobDetail, {"files": list[DataJobFile], "ingestion_jobs": GenericAlias(list, (_RUN,))})
)
_ANY = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ANY_RUNS = msgspec.json.Decoder(list[dict[str, msgspec.Raw]])
_RECORDS = msgspec.json.Decoder(list[FileRecord])
_FILES = msgspec.json.Decoder(list[DataJobFile])


def detail(body: Body) -> DataJobDetail | None:
    """The job in `body`, or None when the fast way cannot promise pydantic's reading of it."""
    if _escaped_digit(body):
        return None
    with collector_paused():
        for values in (_one_pass, _any_fields):
            try:
                return DataJobDetail.model_validate(values(body))
            except (msgspec.MsgspecError, ValueError, ValidationError):
                continue
        return None


def _one_pass(body: Body) -> dict[str, Any]:
    """The detail as values for pydantic, its records and files already built."""
    job = _KNOWN.decode(body)
    values = _set(job)
    runs = values.get("ingestion_jobs")
    if runs is not None:
        values["ingestion_jobs"] = [_set(run) for run in runs]
    return values


def _set(struct: msgspec.Struct) -> dict[str, Any]:
    """The fields the body set: raw ones parsed, decoded ones as they are."""
    values: dict[str, Any] = {}
    for name in struct.__struct_fields__:
        value = getattr(struct, name)
        if value is not msgspec.UNSET:
            values[name] = _parsed(value) if isinstance(value, msgspec.Raw) else value
    return values


def _any_fields(body: Body) -> dict[str, Any]:
    """`_one_pass` for a body with fields the models do not know, which they keep."""
    fields = _ANY.decode(body)
    values: dict[str, Any] = {k: _parsed(v) for k, v in fields.items() if k not in ("files", "ingestion_jobs")}
    if "files" in fields:
        values["files"] = _FILES.decode(fields["files"])
    if "ingestion_jobs" in fields:
        runs: list[dict[str, Any]] = []
        for run in _ANY_RUNS.decode(fields["ingestion_jobs"]):
            values_of_run = {k: _parsed(v) for k, v in run.items() if k != "records"}
            if "records" in run:
                values_of_run["records"] = _RECORDS.decode(run["records"])
            runs.append(values_of_run)
        values["ingestion_jobs"] = runs
    return values


def _parsed(raw: msgspec.Raw) -> Any:
    # Without the usual way's cache of strings: these few fields gain nothing from it, and a
    # process-wide cache filling up would look like memory growing call after call.
    return pydantic_core.from_json(bytes(raw), cache_strings=False)


def _escaped_digit(body: Body) -> bool:
    # A backslash is rare in a job's body, and looking for one byte is 5x faster than the search.
    return b"\\" in body and _ESCAPED.search(body) is not None
