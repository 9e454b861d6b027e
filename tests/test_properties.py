"""Properties, with hypothesis: whatever SeekrFlow sends that the models accept goes through
triage and every renderer without raising and within the budget; whatever arguments a model
sends give a result or a one-sentence refusal through the real MCP Client, never a crash.

Derandomized, so a run is repeatable: the examples are the same in CI as here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mcp import Client
from mcp.types import CallToolResult

from seekrflow_mcp import render
from seekrflow_mcp.render.budget import BUDGET
from seekrflow_mcp.seekrflow import vocabulary
from seekrflow_mcp.seekrflow.models import DataJob, DataJobDetail
from seekrflow_mcp.triage import reads
from seekrflow_mcp.triage.estimate import estimate
from seekrflow_mcp.triage.facts import job_facts
from seekrflow_mcp.triage.queries import JobFilter, JobPage, Scan, Unread
from seekrflow_mcp.triage.suggest import Suggester
from seekrflow_mcp.triage.waits import Waited, wait_view
from seekrflow_sandbox import FakeClock, Sandbox
from tests.helpers import START, connect, server_for

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
EVERY_TOOL = Suggester(
    frozenset(
        {
            "list_data_jobs",
            "get_data_job",
            "summarize_failures",
            "wait_for_ingestion",
            "list_files",
            "add_files",
            "remove_files",
            "retry_failed_files",
            "start_alignment",
        }
    )
)
READ_ONLY = Suggester(frozenset({"list_data_jobs", "get_data_job", "summarize_failures"}))
# Repeatable, no example database: the same examples on every machine.
# 10,000 examples in all: generating them is most of the time (~5 ms a job, ~1 ms a call).
JOB_EXAMPLES, LIST_EXAMPLES, CALL_EXAMPLES = 3000, 2000, 5000
REPEATABLE = {"derandomize": True, "database": None, "deadline": None}

# -- SeekrFlow payloads -----------------------------------------------------------------------

# Arbitrary unicode, now and then far longer than anything shown.
TEXT = st.one_of(
    st.text(max_size=30),
    st.builds(lambda part, n: part * n, st.text(min_size=1, max_size=5), st.integers(50, 4000)),
)
MAYBE_TEXT = st.none() | TEXT
FILE_IDS = st.sampled_from([f"file-{n}" for n in range(6)]) | TEXT  # few ids: duplicates, strays
JOB_STATUSES = st.sampled_from(get_args(vocabulary.JobStatus)) | TEXT
RECORD_STATUSES = st.sampled_from([*get_args(vocabulary.RecordStatus), "pending", "cancelled"]) | TEXT
# Out of order, with and without an offset; two draws, where a datetime takes eight.
TIMES = st.builds(
    lambda seconds, offset: (NOW.replace(tzinfo=None) + timedelta(seconds=seconds)).isoformat() + offset,
    st.integers(-30 * 86400, 30 * 86400),
    st.sampled_from(["", "Z", "+05:30"]),
)
NUMBERS = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**6), 10**6)


def _optional(**fields: st.SearchStrategy[Any]) -> dict[str, st.SearchStrategy[Any]]:
    return fields


def _repeated(item: st.SearchStrategy[Any], distinct: int, copies: int) -> st.SearchStrategy[list[Any]]:
    """A list of up to `distinct` items, repeated up to `copies` times: duplicates, and long lists
    for the budget, without drawing every item (drawing is most of a property's time)."""
    return st.builds(lambda items, n: items * n, st.lists(item, max_size=distinct), st.integers(1, copies))


RECORD = st.fixed_dictionaries(
    {
        "record_id": TEXT,
        "alignment_file_id": FILE_IDS,
        "filename": TEXT,
        "status": RECORD_STATUSES,
        "created_at": TIMES,
    },
    optional=_optional(
        error_message=MAYBE_TEXT,
        suggested_fix=MAYBE_TEXT,
        queue_position=st.none() | st.integers(-5, 10**6),
        processing_at=st.none() | TIMES,
        completed_at=st.none() | TIMES,
        failed_at=st.none() | TIMES,
        deleted=st.none() | st.booleans(),
    ),
)
ATTACHED = st.fixed_dictionaries(
    {"file_id": FILE_IDS},
    optional=_optional(
        record_id=MAYBE_TEXT,
        name=MAYBE_TEXT,
        type=MAYBE_TEXT,
        status=st.none() | RECORD_STATUSES,
        suggested_fix=MAYBE_TEXT,
        created_at=st.none() | TIMES,
    ),
)
RUN = st.fixed_dictionaries(
    {"id": TEXT, "status": RECORD_STATUSES, "created_at": TIMES},
    optional=_optional(
        updated_at=st.none() | TIMES,
        file_ids=st.none() | st.lists(FILE_IDS, max_size=4),
        records=st.none() | _repeated(RECORD, 4, 6),
    ),
)
ALIGNMENT = st.fixed_dictionaries(
    {"id": MAYBE_TEXT},
    optional=_optional(
        status=MAYBE_TEXT,
        current_step=MAYBE_TEXT,
        progress=st.none() | NUMBERS | TEXT,
        eta_minutes=st.none() | NUMBERS,
        status_message=MAYBE_TEXT,
    ),
)
EVENT = st.fixed_dictionaries(
    {"timestamp": TIMES, "event_type": TEXT},
    optional=_optional(message=MAYBE_TEXT, metadata=st.none() | st.just({})),
)
JOB_FIELDS = {
    "id": TEXT,
    "name": TEXT,
    "job_type": st.sampled_from(get_args(vocabulary.JobType)) | TEXT,
    "status": JOB_STATUSES,
    "created_at": TIMES,
    "updated_at": TIMES,
}
JOB_OPTIONAL = _optional(
    status_message=MAYBE_TEXT,
    system_prompt=MAYBE_TEXT,
    vector_database_id=MAYBE_TEXT,
    deleted=st.none() | st.booleans(),
)
DETAIL = st.fixed_dictionaries(
    JOB_FIELDS,
    optional=JOB_OPTIONAL
    | _optional(
        files=st.none() | _repeated(ATTACHED, 4, 6),
        ingestion_jobs=st.none() | st.lists(RUN, max_size=3),
        alignment_job=st.none() | ALIGNMENT,
        timeline=st.none() | st.lists(EVENT, max_size=4),
    ),
)
ROW = st.fixed_dictionaries(JOB_FIELDS, optional=_optional(deleted=st.none() | st.booleans()))


def assert_within_budget(text: str) -> None:
    assert isinstance(text, str)
    assert len(text) <= BUDGET, len(text)


@settings(
    max_examples=JOB_EXAMPLES, **REPEATABLE, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    payload=DETAIL,
    page=st.builds(
        JobPage,
        detail=st.sampled_from(["summary", "files", "timeline", "full"]),
        state=st.none() | st.sampled_from([*get_args(vocabulary.FileState), "unknown"]),
        offset=st.integers(0, 20),
        limit=st.integers(1, 100),
    ),
    files_per_group=st.none() | st.integers(1, 50),
    can_write=st.booleans(),
)
def test_any_job_the_models_accept_is_read_and_rendered_within_budget(
    payload: dict[str, Any], page: JobPage, files_per_group: int | None, can_write: bool
) -> None:
    facts = job_facts(DataJobDetail.model_validate(payload))
    suggest = EVERY_TOOL if can_write else READ_ONLY
    left = estimate(facts, NOW)
    _, text = render.render_job_page(
        lambda size: reads.job_view(facts, replace(page, limit=size), suggest, left), page.limit, NOW
    )
    assert_within_budget(text)
    assert_within_budget(render.render_failures(reads.failure_view(facts, files_per_group, suggest)))
    jobs = [reads.overview_job(facts, suggest)] * 2
    overview = reads.overview_of(jobs, Scan([facts.detail], True), Unread(), suggest, 10)
    assert_within_budget(render.render_failures(overview))
    waited = Waited(elapsed_seconds=30.0, timeout_seconds=30, estimate=left)
    assert_within_budget(render.render_wait(wait_view(facts, waited, suggest), NOW))


@settings(
    max_examples=LIST_EXAMPLES, **REPEATABLE, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    rows=_repeated(ROW, 5, 12),
    statuses=st.none() | st.lists(JOB_STATUSES, max_size=3),
    name_contains=st.none() | st.text(min_size=1, max_size=10),
    offset=st.integers(0, 40),
    limit=st.integers(1, 100),
    complete=st.booleans(),
)
def test_any_job_list_the_models_accept_is_rendered_within_budget(
    rows: list[dict[str, Any]],
    statuses: list[str] | None,
    name_contains: str | None,
    offset: int,
    limit: int,
    complete: bool,
) -> None:
    scan = Scan([DataJob.model_validate(row) for row in rows], complete)
    query = JobFilter(statuses, name_contains, offset, limit)
    _, text = render.render_job_list_page(
        lambda size: reads.list_view(scan, replace(query, limit=size), EVERY_TOOL), limit, NOW
    )
    assert_within_budget(text)


# -- tool arguments, through the MCP Client -------------------------------------------------------

SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
ANYTHING = SCALAR | st.lists(SCALAR, max_size=3) | st.dictionaries(st.text(max_size=5), SCALAR, max_size=2)


def _resolve(schema: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in prop:
        return _resolve(schema, schema["$defs"][prop["$ref"].rsplit("/", 1)[-1]])
    alternatives = [a for a in prop.get("anyOf", ()) if a.get("type") != "null"]
    if alternatives:
        return {**prop, **_resolve(schema, alternatives[0])}
    return prop


def _value(name: str, prop: dict[str, Any], ids: dict[str, list[str]]) -> st.SearchStrategy[Any]:
    """What the schema allows, near its edges, and real ids of the sandbox for an id."""
    if "enum" in prop:
        return st.sampled_from(prop["enum"]) | st.text(max_size=15)
    match prop.get("type"):
        case "integer":
            low, high = prop.get("minimum", -100), prop.get("maximum", 10**6)
            return st.integers(low - 1, high + 1)
        case "number":
            return st.floats()
        case "boolean":
            return st.booleans()
        case "array":
            item = _value(name.removesuffix("s"), prop.get("items", {}), ids)
            return st.lists(item, max_size=prop.get("maxItems", 5) + 1)
        case "string":
            real = ids.get(name.removesuffix("s"), [])
            return (st.sampled_from(real) if real else st.nothing()) | st.text(max_size=prop.get("maxLength", 50) + 1)
    return ANYTHING


def arguments_for(schema: dict[str, Any], ids: dict[str, list[str]]) -> st.SearchStrategy[dict[str, Any]]:
    """The tool's arguments, now and then one left out, of another type, or unknown."""
    properties = {name: _resolve(schema, prop) for name, prop in schema.get("properties", {}).items()}
    each = {name: _value(name, prop, ids) | ANYTHING for name, prop in properties.items()}
    return st.fixed_dictionaries({}, optional={**each, "unexpected": ANYTHING, "": ANYTHING})


@pytest.fixture(scope="module")
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal("asyncio") as running:
        yield running


@pytest.fixture(scope="module")
def served(portal: BlockingPortal, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, Sandbox]]:
    """One server for every example: the Client, and the sandbox behind it."""
    roots = tmp_path_factory.mktemp("uploads")
    (roots / "notes.md").write_text("# Notes\n")
    sandbox = Sandbox(clock=FakeClock(START))
    # Without the job of 5,000 files, whose every read takes longer than a thousand others.
    large = max(sandbox.store.jobs.values(), key=lambda job: len(job.attached))
    del sandbox.store.jobs[large.id]
    for file_id in large.attached:
        del sandbox.store.files[file_id]
    with portal.wrap_async_context_manager(connect(server_for(sandbox, upload_roots=[roots]))) as client:
        yield client, sandbox


def _tools(portal: BlockingPortal, client: Client) -> dict[str, dict[str, Any]]:
    listed = portal.call(client.list_tools)
    return {tool.name: tool.input_schema for tool in listed.tools}


def assert_answer_or_refusal(result: CallToolResult) -> None:
    assert len(result.content) == 1
    said = result.content[0].text  # type: ignore[union-attr]
    for crash in ("Traceback", "Error executing tool"):
        assert crash not in said, said
    if result.is_error:
        assert "\n" not in said, said
        for leak in ("pydantic", "validation error", "input_value", "[type="):
            assert leak not in said, said
    else:
        assert len(said) <= BUDGET
        json.dumps(result.structured_content)


def test_any_arguments_give_an_answer_or_one_sentence(
    portal: BlockingPortal, served: tuple[Client, Sandbox], tmp_path: Path
) -> None:
    client, sandbox = served
    schemas = _tools(portal, client)
    assert "upload_file" in schemas  # every tool, the local one too
    ids = {"job_id": list(sandbox.store.jobs), "file_id": list(sandbox.store.files)[:50], "path": ["notes.md"]}
    calls = st.one_of([st.tuples(st.just(name), arguments_for(schemas[name], ids)) for name in sorted(schemas)])

    @settings(max_examples=CALL_EXAMPLES, **REPEATABLE, suppress_health_check=list(HealthCheck))
    @given(call=calls)
    def any_call(call: tuple[str, dict[str, Any]]) -> None:
        name, arguments = call
        result = portal.call(client.call_tool, name, arguments)
        assert_answer_or_refusal(result)
        answered.add((name, bool(result.is_error)))
        # A wait never holds up the run: the sandbox's clock moves instead of time passing.
        assert isinstance(sandbox.clock, FakeClock)
        assert sandbox.clock.now() - START < timedelta(days=3650)

    answered: set[tuple[str, bool]] = set()
    any_call()
    # Not only refusals: the reads answered some of the calls, and some were refused.
    reads_answered = {name for name, refused in answered if not refused}
    assert {"list_data_jobs", "get_data_job", "summarize_failures", "list_files"} <= reads_answered
    assert any(refused for _, refused in answered)


def test_the_budget_check_can_fail() -> None:
    with pytest.raises(AssertionError):
        assert_within_budget("x" * (BUDGET + 1))
