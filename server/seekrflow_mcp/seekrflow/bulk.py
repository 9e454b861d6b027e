"""A data job's detail, read fast: its records and attached files (100,000s in a large job)
decoded by msgspec straight into the models' dataclasses, everything else as before.

Validating each record with pydantic was most of a large job's read (1.1 s of 2 s at 100,000
files); msgspec builds the same dataclasses in a third of the time, with no tree of values in
between. It is stricter than pydantic, never looser: where it refuses anything (a flag sent as
null, a number as a string, a time without an offset) `detail` answers None and the body takes
the usual way, so every job reads exactly as pydantic reads it
(tests/seekrflow/test_bulk.py compares the two).
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
import pydantic_core
from pydantic import ValidationError

from seekrflow_mcp.seekrflow.models import DataJobDetail, DataJobFile, FileRecord
from seekrflow_mcp.seekrflow.parsing import collector_paused

_FIELDS = msgspec.json.Decoder(dict[str, msgspec.Raw])
_RUNS = msgspec.json.Decoder(list[dict[str, msgspec.Raw]])
_RECORDS = msgspec.json.Decoder(list[FileRecord])
_FILES = msgspec.json.Decoder(list[DataJobFile])
# msgspec rounds a time's fraction beyond microseconds where pydantic cuts it: a body with a
# dot and seven digits anywhere, or with a digit or a dot escaped (as `\u002e`), is left to
# pydantic. A search that starts at each dot is about as fast as counting them.
_TOO_FINE = re.compile(rb"\.[0-9]{7}")
_ESCAPED = re.compile(rb"\\u00[23]")


def detail(body: bytes) -> DataJobDetail | None:
    """The job in `body`, or None when the fast way cannot promise pydantic's reading of it."""
    if _finer_than_microseconds(body):
        return None
    with collector_paused():
        try:
            return DataJobDetail.model_validate(_values(body))
        except (msgspec.MsgspecError, ValueError, ValidationError):
            return None


def _values(body: bytes) -> dict[str, Any]:
    """The detail as values for pydantic, its records and files already built. Anything but the
    bulk is parsed by the same parser the usual way uses."""
    fields = _FIELDS.decode(body)
    values: dict[str, Any] = {k: _parsed(v) for k, v in fields.items() if k not in ("files", "ingestion_jobs")}
    if "files" in fields:
        values["files"] = _FILES.decode(fields["files"])
    if "ingestion_jobs" in fields:
        runs: list[dict[str, Any]] = []
        for run in _RUNS.decode(fields["ingestion_jobs"]):
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


def _finer_than_microseconds(body: bytes) -> bool:
    return _TOO_FINE.search(body) is not None or _ESCAPED.search(body) is not None
