"""Argument types shared by the tools: the type hints are the input schema."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from seekrflow_mcp.seekrflow.models import RESOURCE_ID_PATTERN

# The id pattern is advertised in the schema but checked by the client, before any request,
# whose refusal says what an id looks like; the SDK's own check would answer with a
# pydantic error dump.
_ID_SHAPE: dict[str, object] = {"pattern": RESOURCE_ID_PATTERN}

# Real-shaped ids for descriptions and for the example call a rejected argument is answered with.
JOB_ID_EXAMPLE = "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"
FILE_ID_EXAMPLE = "file-0d1c2b3a-4958-4677-8695-a4b3c2d1e0f9"
# Keyed by how an argument's name ends (`job_id`, `file_ids` -> `file_id`), so a new tool's ids
# get an example without code of their own.
ID_EXAMPLES = {"job_id": JOB_ID_EXAMPLE, "file_id": FILE_ID_EXAMPLE}
# What an argument with the id pattern must be, in the words `client.check_id` refuses others with.
ID_RULE = "a SeekrFlow id: 1-128 letters, digits, '-' or '_'"

JobId = Annotated[
    str,
    Field(
        description=f"The data job's id, like {JOB_ID_EXAMPLE}",
        max_length=128,
        json_schema_extra=_ID_SHAPE,
    ),
]
OptionalJobId = Annotated[
    str | None,
    Field(
        description="The data job's id; omit it for every job that needs review",
        max_length=128,
        json_schema_extra=_ID_SHAPE,
    ),
]
FileIds = Annotated[
    list[Annotated[str, Field(max_length=128, json_schema_extra=_ID_SHAPE)]],
    Field(description=f"Uploaded file ids, like {FILE_ID_EXAMPLE}", min_length=1, max_length=100),
]
