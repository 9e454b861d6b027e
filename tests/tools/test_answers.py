"""Right answers when SeekrFlow's words are not the ones we expected: each class of wrong
advice, through the official client, on jobs of our own in the sandbox."""

from __future__ import annotations

import anyio
import pytest
from mcp import Client

from seekrflow_sandbox import Fault, Sandbox, world
from tests.helpers import call, posts, seed_job, text

pytestmark = pytest.mark.anyio

OUTAGE = ("Service temporarily unavailable while fetching corrupted-old-draft.pdf", None)
INTERNAL = ("Internal processing failure on page 7, size 3 MB", "If the issue persists, contact support.")
EMPTY = ("The file appears to be empty.", "Upload a file with content.")


def planned(result: object) -> dict[str, set[str]]:
    """Which files the plan sends to which writing tool: `retry_failed_files` takes no ids and
    re-sends the groups whose action is a retry."""
    view = result.structured_content  # type: ignore[attr-defined]
    calls: dict[str, set[str]] = {}
    for step in view["plan"]:
        if step["tool"] == "retry_failed_files":
            retried = [f["file_id"] for g in view["groups"] if g["action"] == "retry" for f in g["files"]]
            calls.setdefault("retry", set()).update(retried)
        elif step["tool"] == "remove_files":
            calls.setdefault("remove", set()).update(step["arguments"]["file_ids"])
    return calls


async def test_details_in_a_message_never_turn_a_retry_into_a_removal(client: Client, sandbox: Sandbox) -> None:
    job, ids = seed_job(sandbox, {"a.pdf": [OUTAGE], "b.pdf": [INTERNAL], "c.pdf": [EMPTY]})
    result = await call(client, "summarize_failures", job_id=job)
    assert planned(result) == {"retry": {ids["a.pdf"], ids["b.pdf"]}, "remove": {ids["c.pdf"]}}
    causes = {g["cause"]: g["action"] for g in result.structured_content["groups"]}  # type: ignore[index]
    assert causes == {"service_unavailable": "retry", "internal_error": "retry", "empty_file": "replace"}


async def test_an_unknown_message_follows_seekrflows_fix_and_is_never_planned_away(
    client: Client, sandbox: Sandbox
) -> None:
    job, ids = seed_job(
        sandbox,
        {
            "wait.pdf": [("Conversion queue drained", "Wait a few minutes and try again.")],
            "new.pdf": [("Tables nested too deeply", "Re-export the document without nested tables.")],
            "mute.pdf": [("Glyph map mismatch", None)],
        },
    )
    result = await call(client, "summarize_failures", job_id=job)
    assert planned(result) == {"retry": {ids["wait.pdf"]}}
    said = text(result)
    assert "a retry won't fix it" not in said
    assert 'SeekrFlow\'s fix: "Re-export the document without nested tables."' in said
    assert "SeekrFlow suggests a corrected file" in said
    assert "unknown here; contact support" in said
    actions = {g["files"][0]["name"]: g["action"] for g in result.structured_content["groups"]}  # type: ignore[index]
    assert actions == {"wait.pdf": "retry", "new.pdf": "replace", "mute.pdf": "contact_support"}


async def test_retries_end_and_support_is_named_with_the_ids_to_quote(client: Client, sandbox: Sandbox) -> None:
    outage = ("Service temporarily unavailable.", None)
    internal = ("Internal processing failure.", None)
    job, ids = seed_job(
        sandbox,
        {
            "twice-internal.pdf": [internal, internal],
            "once-internal.pdf": [internal],
            "twice-outage.pdf": [outage, outage],
            "thrice-outage.pdf": [outage, outage, outage],
        },
    )
    result = await call(client, "summarize_failures", job_id=job)
    assert planned(result) == {"retry": {ids["once-internal.pdf"], ids["twice-outage.pdf"]}}
    spent = [g for g in result.structured_content["groups"] if g["action"] == "contact_support"]  # type: ignore[index]
    assert sorted(f["name"] for g in spent for f in g["files"]) == ["thrice-outage.pdf", "twice-internal.pdf"]
    said = text(result)
    assert "Contact SeekrFlow support and quote the job id and the file ids below." in said
    assert job in said
    assert ids["twice-internal.pdf"] in said
    assert ids["thrice-outage.pdf"] in said
    # Nor does add_files send them again unasked.
    added = await call(client, "add_files", job_id=job, file_ids=[ids["twice-internal.pdf"]])
    assert posts(sandbox) == []
    assert added.structured_content["skipped"][0]["reason"] == (  # type: ignore[index]
        "failed again after 1 retry (internal processing failure, again after 1 retry)"
    )


async def test_add_files_skips_what_a_retry_cannot_fix_unless_told(client: Client, sandbox: Sandbox) -> None:
    job, ids = seed_job(sandbox, {"blank.pdf": [EMPTY]})
    skipped = await call(client, "add_files", job_id=job, file_ids=[ids["blank.pdf"]])
    assert posts(sandbox) == []
    assert skipped.structured_content["applied"] is False  # type: ignore[index]
    said = text(skipped)
    assert "failed for a cause a retry cannot fix (empty file)" in said
    assert "Upload a copy that has content" in said
    assert "retry_anyway=true" in said
    forced = await call(client, "add_files", job_id=job, file_ids=[ids["blank.pdf"]], retry_anyway=True)
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{job}/add-files"]
    assert forced.structured_content["file_ids"] == [ids["blank.pdf"]]  # type: ignore[index]


@pytest.mark.parametrize(
    ("job", "said"),
    [
        (world.ALIGNING_JOB, "has already started (status running)"),
        (world.COMPLETED_JOB, "has already finished (status completed)"),
    ],
)
async def test_a_frozen_job_refuses_every_write_before_sending_anything(
    client: Client, sandbox: Sandbox, job: str, said: str
) -> None:
    any_file = "file-00000000-0000-0000-0000-000000abc008"
    results = [
        await call(client, "add_files", job_id=job, file_ids=[any_file]),
        await call(client, "remove_files", job_id=job, file_ids=[any_file]),
        await call(client, "remove_files", job_id=job, file_ids=[any_file], dry_run=True),
    ]
    assert posts(sandbox) == []
    assert [r for r in sandbox.requests if r[1].startswith("/v1/flow/files")] == []
    for result in results:
        assert said in text(result)
        assert "nothing was sent" in text(result)
        view = result.structured_content
        assert view is not None
        assert view["applied"] is False
        assert {a["tool"] for a in view["suggested_actions"]} == {"get_data_job"}
    readiness = text(await call(client, "get_data_job", job_id=job))
    assert "Alignment cannot start" not in readiness
    assert "Alignment has already" in readiness


async def test_writes_to_one_job_take_turns(client: Client, sandbox: Sandbox) -> None:
    job, ids = seed_job(sandbox, {"flaky.pdf": [("Service temporarily unavailable.", None)]})
    results: list[object] = []

    async def add() -> None:
        results.append(await call(client, "add_files", job_id=job, file_ids=[ids["flaky.pdf"]]))

    async with anyio.create_task_group() as group:
        group.start_soon(add)
        group.start_soon(add)
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{job}/add-files"]
    outcomes = sorted(text(r).splitlines()[1] for r in results)
    assert outcomes == ["Added 1 file:", "Nothing was added."]
    assert "already queued" in "".join(text(r) for r in results)


async def test_one_broken_job_does_not_sink_the_overview(client: Client, sandbox: Sandbox) -> None:
    sandbox.faults.push(Fault(kind="status", status=500, detail="boom", route="get_data_job"))
    result = await call(client, "summarize_failures")
    assert result.is_error is not True
    view = result.structured_content
    assert view is not None
    assert len(view["unreadable_jobs"]) == 1
    broken = view["unreadable_jobs"][0]
    assert broken["reason"]
    assert f"({broken['job']['id']})" in text(result)
    assert "Could not read 1 job needing review:" in text(result)
    assert view["jobs"]


MESSAGES = [
    ("Service temporarily unavailable.", None),
    ("Internal processing failure.", None),
    ("The file appears to be empty.", None),
    ("The PDF may be corrupted, password-protected, or in an unsupported format.", None),
    ("The PDF contains pages that exceed the maximum supported size.", None),
    ("The file was not found or is not owned by the current user.", None),
]


def failing(count: int) -> dict[str, list[tuple[str, str | None]]]:
    return {f"quarterly-report-{n:03}-final.pdf": [MESSAGES[n % len(MESSAGES)]] for n in range(count)}


async def test_up_to_fifty_failures_every_failed_file_is_named(client: Client, sandbox: Sandbox) -> None:
    job, ids = seed_job(sandbox, failing(50))
    result = await call(client, "summarize_failures", job_id=job)
    said = text(result)
    assert len(said) <= 6000
    assert [file_id for file_id in ids.values() if file_id not in said] == []


async def test_beyond_fifty_each_cause_names_its_first_three(client: Client, sandbox: Sandbox) -> None:
    job, _ = seed_job(sandbox, failing(200))
    result = await call(client, "summarize_failures", job_id=job)
    said = text(result)
    assert len(said) <= 6000
    for group in result.structured_content["groups"]:  # type: ignore[index]
        assert all(f["file_id"] in said for f in group["files"][:3]), group["title"]
