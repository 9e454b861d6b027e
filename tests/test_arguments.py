"""Arguments that fail a tool's input schema, through the official Client: one sentence naming
the argument, what it allows and a call that works; never pydantic's dump or its link."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from mcp import Client

from seekrflow_sandbox import Sandbox, world
from tests.helpers import call, text

pytestmark = pytest.mark.anyio

JOB = "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"
FILE = "file-0d1c2b3a-4958-4677-8695-a4b3c2d1e0f9"
AN_ID = "a SeekrFlow id: 1-128 letters, digits, '-' or '_'"
STATUSES = (
    '"file_processing", "needs_review", "ready_to_start", "pending", "queued", "running", "completed", '
    '"failed", "cancelled" or "stopped"'
)


def assert_one_plain_sentence(said: str) -> None:
    assert "\n" not in said
    for leak in ("pydantic", "http", "validation error", "Arguments", "input_value", "[type=", "Error executing"):
        assert leak not in said, said


@pytest.mark.parametrize(
    ("tool", "arguments", "expected"),
    [
        # range
        (
            "list_data_jobs",
            {"limit": 0},
            "list_data_jobs: limit must be between 1 and 100, e.g. list_data_jobs(limit=20).",
        ),
        (
            "get_data_job",
            {"job_id": world.NEEDS_REVIEW_JOB, "offset": -5},
            f'get_data_job: offset must be between 0 and 100000, e.g. get_data_job(job_id="{JOB}", offset=0).',
        ),
        (
            "summarize_failures",
            {"files_per_group": 51},
            "summarize_failures: files_per_group must be between 1 and 50, e.g. summarize_failures(files_per_group=1).",
        ),
        # length, of a list and of text
        (
            "add_files",
            {"job_id": world.NEEDS_REVIEW_JOB, "file_ids": []},
            f'add_files: file_ids must be a list of 1 to 100 items, e.g. add_files(job_id="{JOB}", file_ids=["{FILE}"]).',
        ),
        (
            "list_data_jobs",
            {"status": ["needs_review"] * 11},
            'list_data_jobs: status must be a list of at most 10 items, e.g. list_data_jobs(status=["needs_review"]).',
        ),
        (
            "list_data_jobs",
            {"name_contains": ""},
            'list_data_jobs: name_contains must be 1 to 200 characters long, e.g. list_data_jobs(name_contains="name").',
        ),
        (
            "get_data_job",
            {"job_id": "dj-" + "0" * 200},
            f'get_data_job: job_id must be {AN_ID}, e.g. get_data_job(job_id="{JOB}").',
        ),
        # enum / literal: the example is the member nearest to what was sent
        (
            "list_data_jobs",
            {"status": ["needs-review"]},
            f'list_data_jobs: every item of status must be one of {STATUSES}, e.g. list_data_jobs(status=["needs_review"]).',
        ),
        (
            "get_data_job",
            {"job_id": world.NEEDS_REVIEW_JOB, "detail": "timelines"},
            (
                'get_data_job: detail must be one of "summary", "files", "timeline" or "full", '
                f'e.g. get_data_job(job_id="{JOB}", detail="timeline").'
            ),
        ),
        (
            "list_data_jobs",
            {"sort_by": None},
            (
                'list_data_jobs: sort_by must be one of "created_at", "name" or "job_type", '
                'e.g. list_data_jobs(sort_by="created_at").'
            ),
        ),
        (
            "add_files",
            {"job_id": world.NEEDS_REVIEW_JOB, "file_ids": [FILE], "method": "fast"},
            (
                'add_files: method must be one of "accuracy-optimized" or "speed-optimized", '
                f'e.g. add_files(job_id="{JOB}", file_ids=["{FILE}"], method="accuracy-optimized").'
            ),
        ),
        # wrong type
        (
            "list_data_jobs",
            {"limit": "ten"},
            "list_data_jobs: limit must be a whole number between 1 and 100, e.g. list_data_jobs(limit=20).",
        ),
        (
            "list_data_jobs",
            {"limit": 2.5},
            "list_data_jobs: limit must be a whole number between 1 and 100, e.g. list_data_jobs(limit=20).",
        ),
        (
            "list_data_jobs",
            {"status": "needs_review"},
            (
                f"list_data_jobs: status must be a list of at most 10 items, each one of {STATUSES}, "
                'e.g. list_data_jobs(status=["needs_review"]).'
            ),
        ),
        (
            "remove_files",
            {"job_id": world.NEEDS_REVIEW_JOB, "file_ids": [FILE], "dry_run": "maybe"},
            (
                "remove_files: dry_run must be true or false, "
                f'e.g. remove_files(job_id="{JOB}", file_ids=["{FILE}"], dry_run=false).'
            ),
        ),
        (
            "get_data_job",
            {"job_id": 42},
            f'get_data_job: job_id must be {AN_ID}, e.g. get_data_job(job_id="{JOB}").',
        ),
        # missing
        (
            "get_data_job",
            {},
            f'get_data_job: job_id is required, e.g. get_data_job(job_id="{JOB}").',
        ),
        # several at once: the first in full, then how many more and which
        (
            "list_data_jobs",
            {"limit": 101, "offset": -1},
            (
                "list_data_jobs: limit must be between 1 and 100, e.g. list_data_jobs(limit=20). "
                "1 more argument is wrong too: offset."
            ),
        ),
        (
            "add_files",
            {},
            (
                f'add_files: job_id is required, e.g. add_files(job_id="{JOB}", file_ids=["{FILE}"]). '
                "1 more argument is wrong too: file_ids."
            ),
        ),
        (
            "remove_files",
            {"job_id": 5, "file_ids": "x", "dry_run": "maybe", "allow_no_viable_files": []},
            (
                f'remove_files: job_id must be {AN_ID}, e.g. remove_files(job_id="{JOB}", '
                f'file_ids=["{FILE}"]). 3 more arguments are wrong too: file_ids, dry_run, allow_no_viable_files.'
            ),
        ),
    ],
)
async def test_a_rejected_argument_is_one_sentence_with_a_call_that_works(
    client: Client, sandbox: Sandbox, tool: str, arguments: dict[str, Any], expected: str
) -> None:
    result = await call(client, tool, **arguments)
    assert result.is_error
    assert result.structured_content is None
    assert text(result) == expected
    assert_one_plain_sentence(text(result))
    assert sandbox.requests == []  # refused before SeekrFlow was asked anything


def wrong_value(prop: dict[str, Any]) -> Any:
    """A value of a type the property never accepts."""
    kinds = {prop.get("type")} | {alt.get("type") for alt in prop.get("anyOf", ())}
    return 3.5 if "string" in kinds or "array" in kinds or "boolean" in kinds else {"not": "this"}


def example_arguments(sentence: str, tool: str) -> dict[str, Any]:
    found = re.search(rf"e\.g\. {tool}\((.*?)\)\.", sentence)
    assert found, sentence
    pairs = re.split(r", (?=\w+=)", found.group(1)) if found.group(1) else []
    return {name: json.loads(value) for name, value in (pair.split("=", 1) for pair in pairs)}


async def test_every_argument_of_every_tool_is_explained_and_its_example_is_accepted(client: Client) -> None:
    """Generic, not per tool: a tool added later is covered by this without a line of its own."""
    tools = (await client.list_tools()).tools
    assert len(tools) >= 5
    for tool in tools:
        schema = tool.input_schema
        required = schema.get("required", [])
        for name, prop in schema["properties"].items():
            arguments = {arg: JOB if arg == "job_id" else [FILE] for arg in required}
            arguments[name] = wrong_value(prop)
            result = await call(client, tool.name, **arguments)
            said = text(result)
            assert result.is_error
            assert said.startswith(f"{tool.name}: {name} must be "), said
            assert_one_plain_sentence(said)
            # The example is a call the schema accepts: whatever it answers, it is not a refusal
            # of its arguments.
            example = example_arguments(said, tool.name)
            assert set(required) <= set(example)
            assert name in example
            answer = text(await call(client, tool.name, **example))
            assert not answer.startswith(f"{tool.name}: "), answer


async def test_an_unknown_argument_name_is_ignored_as_the_sdk_does(client: Client) -> None:
    # The SDK drops arguments the schema does not name (the schema does not forbid extra ones),
    # so a misspelt optional argument is a call with its default, not an error.
    result = await call(client, "list_data_jobs", limt=1)
    assert not result.is_error
    assert result.structured_content is not None


async def test_a_tool_own_refusal_is_left_alone(client: Client) -> None:
    # An id of the right type but the wrong shape passes the schema; the tool itself refuses it.
    result = await call(client, "get_data_job", job_id="../etc")
    assert result.is_error
    assert text(result).startswith("'../etc' is not a valid data job id")
