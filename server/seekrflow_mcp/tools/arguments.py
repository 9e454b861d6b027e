"""Argument types shared by the tools: the type hints are the input schema."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from seekrflow_mcp.seekrflow.models import RESOURCE_ID_PATTERN

# The id pattern is advertised in the schema but checked by the client, before any request,
# whose refusal says what an id looks like; the SDK's own check would answer with a
# pydantic error dump.
_ID_SHAPE: dict[str, object] = {"pattern": RESOURCE_ID_PATTERN}

JobId = Annotated[
    str,
    Field(
        description="The data job's id, like dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
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
    Field(
        description="Uploaded file ids, like file-0d1c2b3a-4958-4677-8695-a4b3c2d1e0f9", min_length=1, max_length=100
    ),
]
