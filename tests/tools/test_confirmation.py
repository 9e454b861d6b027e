"""`remove_files` asks the user first where the client can (elicitation), through the official
`Client` with an `elicitation_callback`, on both protocols; a client that cannot ask is not asked."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, Literal

import pytest
from inline_snapshot import snapshot
from mcp import Client
from mcp.client import ClientRequestContext
from mcp.types import CallToolResult, ElicitRequestParams, ElicitResult, TextContent

from seekrflow_sandbox import Fault, Sandbox, world
from tests.helpers import call, posts, seed_job, server_for, text

pytestmark = pytest.mark.anyio

JOB = world.NEEDS_REVIEW_JOB
REPLACE = [
    "file-00000000-0000-0000-0000-000000abc004",  # empty-notes.docx
    "file-00000000-0000-0000-0000-000000abc005",  # scanned-contract.pdf
]
FAQ = "file-00000000-0000-0000-0000-000000004d01"  # faq.md, attached to JOB
READY_FILES = [  # everything attached to world.READY_JOB
    "file-00000000-0000-0000-0000-000000cab001",
    "file-00000000-0000-0000-0000-000000cab002",
    "file-00000000-0000-0000-0000-000000cab003",
]
Mode = Literal["auto", "legacy"]


class User:
    """Answers every question the same way, and keeps what it was asked. `before_answering`
    runs first, as if the world moved while the user read the question."""

    def __init__(self, action: Literal["accept", "decline", "cancel"], remove: bool = True) -> None:
        self.action = action
        self.remove = remove
        self.asked: list[ElicitRequestParams] = []
        self.before_answering: Callable[[int], None] = lambda _: None

    async def __call__(self, context: ClientRequestContext, params: ElicitRequestParams) -> ElicitResult:
        self.asked.append(params)
        self.before_answering(len(self.asked))
        content = {"remove": self.remove} if self.action == "accept" else None
        return ElicitResult(action=self.action, content=content)

    @property
    def questions(self) -> list[str]:
        return [params.message for params in self.asked]


@asynccontextmanager
async def asking(sandbox: Sandbox, user: User | None, mode: Mode = "auto") -> AsyncIterator[Client]:
    """A client that can ask its user (or cannot, with no `user`), on the 2026-07-28 protocol
    (auto) or on 2025-11-25 (legacy, where the server asks mid-call)."""
    options: dict[str, Any] = {"elicitation_callback": user} if user is not None else {}
    async with Client(server_for(sandbox), mode=mode, **options) as c:
        yield c


def job_reads(sandbox: Sandbox, job_id: str = JOB) -> int:
    return sandbox.requests.count(("GET", f"/v1/flow/data-jobs/{job_id}"))


@pytest.mark.parametrize(("mode", "reads"), [("auto", 3), ("legacy", 2)])
async def test_the_user_confirms_and_the_files_go(sandbox: Sandbox, mode: Mode, reads: int) -> None:
    user = User("accept")
    async with asking(sandbox, user, mode) as c:
        result = await call(c, "remove_files", job_id=JOB, file_ids=REPLACE)
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{JOB}/remove-files"]
    # One read for the question, one for the removal; on 2026-07-28 the question is built
    # again when the answer comes back, to check the user saw what is being removed.
    assert job_reads(sandbox) == reads
    assert len(user.asked) == 1
    assert user.asked[0].requested_schema["properties"] == {
        "remove": {"default": True, "description": "Remove the files listed", "title": "Remove", "type": "boolean"}
    }
    assert user.questions[0] == snapshot("""\
Remove 2 files from data job "Customer support refresh" (dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d)?
- "empty-notes.docx" (file-00000000-0000-0000-0000-000000abc004)
- "scanned-contract.pdf" (file-00000000-0000-0000-0000-000000abc005)
The job will keep 11 files, 6 of them usable by alignment.
The files stay uploaded in SeekrFlow and can be attached again.\
""")
    view = result.structured_content
    assert view is not None
    assert (result.is_error, view["applied"], view["confirmation"]) == (False, True, "accepted")
    assert "Removed 2 files, as the user confirmed:" in text(result)


async def test_a_confirmed_removal_in_full(sandbox: Sandbox) -> None:
    async with asking(sandbox, User("accept")) as c:
        result = await call(c, "remove_files", job_id=JOB, file_ids=REPLACE)
    assert result == snapshot(
        CallToolResult(
            content=[
                TextContent(
                    text="""\
## Data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d — remove files
Removed 2 files, as the user confirmed:
- `empty-notes.docx` (file-00000000-0000-0000-0000-000000abc004)
- `scanned-contract.pdf` (file-00000000-0000-0000-0000-000000abc005)
Files left: 11, 6 of them viable (completed, in progress, or Markdown).
Status after: needs_review — Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.

Next steps:
- `summarize_failures(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — Files still fail to ingest: see why and what fixes them.\
"""
                )
            ],
            structured_content={
                "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                "applied": True,
                "dry_run": False,
                "file_ids": ["file-00000000-0000-0000-0000-000000abc004", "file-00000000-0000-0000-0000-000000abc005"],
                "more_file_ids": 0,
                "changed": [
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc004",
                        "name": "empty-notes.docx",
                        "queue_position": None,
                    },
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc005",
                        "name": "scanned-contract.pdf",
                        "queue_position": None,
                    },
                ],
                "more_changed": 0,
                "skipped": [],
                "more_skipped": 0,
                "others": [],
                "unknown_file_ids": [],
                "refused": None,
                "status_after": "needs_review",
                "status_meaning_after": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                "remaining": {"total": 11, "viable": 6},
                "confirmation": "accepted",
                "suggested_actions": [
                    {
                        "tool": "summarize_failures",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Files still fail to ingest: see why and what fixes them.",
                    }
                ],
            },
        )
    )


async def test_a_decline_removes_nothing_and_says_so(sandbox: Sandbox) -> None:
    user = User("decline")
    async with asking(sandbox, user) as c:
        result = await call(c, "remove_files", job_id=JOB, file_ids=REPLACE)
        job = (await call(c, "get_data_job", job_id=JOB)).structured_content
    assert posts(sandbox) == []
    assert job is not None
    assert job["file_counts"]["total"] == 13
    assert result == snapshot(
        CallToolResult(
            content=[
                TextContent(
                    text="""\
## Data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d — remove files
Nothing was removed. The user declined when asked to confirm removing 2 files from data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d.
Files attached: 13, 6 of them viable (completed, in progress, or Markdown).
Status now: needs_review — Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.

Next steps:
- `get_data_job(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", detail="files")` — The user did not confirm the removal: ask them which files to remove, if any; this lists the attached ones.\
"""
                )
            ],
            structured_content={
                "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                "applied": False,
                "dry_run": False,
                "file_ids": [],
                "more_file_ids": 0,
                "changed": [],
                "more_changed": 0,
                "skipped": [],
                "more_skipped": 0,
                "others": [],
                "unknown_file_ids": [],
                "refused": "The user declined when asked to confirm removing 2 files from data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d.",
                "status_after": "needs_review",
                "status_meaning_after": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                "remaining": {"total": 13, "viable": 6},
                "confirmation": "declined",
                "suggested_actions": [
                    {
                        "tool": "get_data_job",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", "detail": "files"},
                        "reason": "The user did not confirm the removal: ask them which files to remove, if any; this lists the attached ones.",
                    }
                ],
            },
        )
    )


@pytest.mark.parametrize("mode", ["auto", "legacy"])
@pytest.mark.parametrize(
    ("action", "remove", "answer", "said"),
    [
        ("decline", True, "declined", "The user declined when asked"),
        ("cancel", True, "cancelled", "The user closed the question without answering when asked"),
        # Accepting the form with the box unticked is no agreement.
        ("accept", False, "declined", "The user declined when asked"),
    ],
    ids=["decline", "cancel", "accept unticked"],
)
async def test_no_agreement_removes_nothing(
    sandbox: Sandbox, mode: Mode, action: Literal["accept", "decline", "cancel"], remove: bool, answer: str, said: str
) -> None:
    user = User(action, remove)
    async with asking(sandbox, user, mode) as c:
        result = await call(c, "remove_files", job_id=JOB, file_ids=REPLACE)
    assert posts(sandbox) == []
    assert len(user.asked) == 1
    view = result.structured_content
    assert view is not None
    assert (result.is_error, view["applied"], view["file_ids"], view["confirmation"]) == (False, False, [], answer)
    assert view["refused"] == f"{said} to confirm removing 2 files from data job {JOB}."
    assert text(result).startswith(f"## Data job {JOB} — remove files\nNothing was removed. {said}")
    assert [action["tool"] for action in view["suggested_actions"]] == ["get_data_job"]


async def test_a_dry_run_never_asks(sandbox: Sandbox) -> None:
    user = User("decline")
    async with asking(sandbox, user) as c:
        result = await call(c, "remove_files", job_id=JOB, file_ids=REPLACE, dry_run=True)
    assert user.asked == []
    assert job_reads(sandbox) == 1
    view = result.structured_content
    assert view is not None
    assert (view["dry_run"], view["file_ids"], view["confirmation"]) == (True, REPLACE, None)


@pytest.mark.parametrize(
    ("job_id", "file_ids", "refusal"),
    [
        (JOB, [*REPLACE, world.REFUND_RULES_V2_FILE], "is not attached to data job"),
        (world.READY_JOB, READY_FILES, "would be left with no file alignment can use"),
        (world.ALIGNING_JOB, REPLACE, "has already started"),
    ],
    ids=["unknown id", "nothing viable left", "frozen job"],
)
async def test_a_refusal_never_asks(sandbox: Sandbox, job_id: str, file_ids: list[str], refusal: str) -> None:
    user = User("accept")
    async with asking(sandbox, user) as c:
        result = await call(c, "remove_files", job_id=job_id, file_ids=file_ids)
    assert (user.asked, posts(sandbox)) == ([], [])
    view = result.structured_content
    assert view is not None
    assert refusal in view["refused"]
    assert view["confirmation"] is None


async def test_removing_every_usable_file_with_the_override_asks_and_warns(sandbox: Sandbox) -> None:
    user = User("accept")
    async with asking(sandbox, user) as c:
        await call(c, "remove_files", job_id=world.READY_JOB, file_ids=READY_FILES, allow_no_viable_files=True)
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{world.READY_JOB}/remove-files"]
    assert user.questions[0].splitlines()[-3:] == [
        "The job will keep no file.",
        "Alignment cannot start until a file that ingests is attached.",
        "The files stay uploaded in SeekrFlow and can be attached again.",
    ]


async def test_a_client_that_cannot_ask_removes_unasked(sandbox: Sandbox) -> None:
    """The host's approval of a destructive tool is the confirmation there, as before."""
    async with asking(sandbox, None) as c:
        result = await call(c, "remove_files", job_id=JOB, file_ids=REPLACE)
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{JOB}/remove-files"]
    assert job_reads(sandbox) == 1
    view = result.structured_content
    assert view is not None
    assert (view["applied"], view["confirmation"]) == (True, None)
    assert "Removed 2 files:" in text(result)


async def test_a_long_list_is_capped_and_names_are_quoted(sandbox: Sandbox) -> None:
    names = [f"report-{n:02}.pdf" for n in range(1, 12)] + ['say "yes"\n- and accept.pdf']
    job_id, ids = seed_job(sandbox, {name: [("File is empty", None)] for name in names})
    user = User("decline")
    async with asking(sandbox, user) as c:
        await call(c, "remove_files", job_id=job_id, file_ids=[ids[name] for name in reversed(names)])
    assert user.questions[0] == snapshot("""\
Remove 12 files from data job "Test job 14" (dj-test-0014)?
- "say \\"yes\\" - and accept.pdf" (file-test-0014-012)
- "report-11.pdf" (file-test-0014-011)
- "report-10.pdf" (file-test-0014-010)
- "report-09.pdf" (file-test-0014-009)
- "report-08.pdf" (file-test-0014-008)
- "report-07.pdf" (file-test-0014-007)
- "report-06.pdf" (file-test-0014-006)
- "report-05.pdf" (file-test-0014-005)
- "report-04.pdf" (file-test-0014-004)
- "report-03.pdf" (file-test-0014-003)
- and 2 more
The job will keep 1 file, 1 of them usable by alignment.
The files stay uploaded in SeekrFlow and can be attached again.\
""")


async def test_a_job_that_changed_while_the_user_read_is_asked_about_again(sandbox: Sandbox) -> None:
    user = User("accept")

    def someone_else_removes_the_faq(asked: int) -> None:
        if asked == 1:
            sandbox.store.remove_files(sandbox.store.job(JOB), [FAQ])

    user.before_answering = someone_else_removes_the_faq
    async with asking(sandbox, user) as c:
        result = await call(c, "remove_files", job_id=JOB, file_ids=REPLACE)
    # The first answer was to a question about a job with 11 files left; the second is to the
    # job as it is removed.
    assert [q.splitlines()[3] for q in user.questions] == [
        "The job will keep 11 files, 6 of them usable by alignment.",
        "The job will keep 10 files, 5 of them usable by alignment.",
    ]
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{JOB}/remove-files"]
    assert result.structured_content is not None
    assert result.structured_content["remaining"] == {"total": 10, "viable": 5}


async def test_an_agreement_to_a_job_that_changed_since_removes_nothing(sandbox: Sandbox) -> None:
    """On 2025-11-25 the question is put once, mid-call: the answer holds only if the job still
    reads as the user was told when the removal is made."""
    user = User("accept")
    user.before_answering = lambda _: sandbox.store.remove_files(sandbox.store.job(JOB), [FAQ])
    async with asking(sandbox, user, "legacy") as c:
        result = await call(c, "remove_files", job_id=JOB, file_ids=REPLACE)
    assert (len(user.asked), posts(sandbox)) == (1, [])
    assert result.is_error is True
    assert text(result) == snapshot(
        "Nothing was removed: data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d changed while the user was asked to confirm, so their answer was not about the removal as it now stands; call `remove_files` again with the same arguments to ask them again."
    )


async def test_a_decline_holds_whatever_changed(sandbox: Sandbox) -> None:
    user = User("decline")
    user.before_answering = lambda _: sandbox.store.remove_files(sandbox.store.job(JOB), [FAQ])
    async with asking(sandbox, user, "legacy") as c:
        result = await call(c, "remove_files", job_id=JOB, file_ids=REPLACE)
    assert posts(sandbox) == []
    assert result.structured_content is not None
    assert (result.is_error, result.structured_content["confirmation"]) == (False, "declined")


async def test_a_question_that_could_not_be_put_removes_nothing(sandbox: Sandbox) -> None:
    # The read behind the question fails; the removal's own read does not.
    sandbox.faults.push(Fault(kind="status", status=404, route="get_data_job"))
    user = User("accept")
    async with asking(sandbox, user) as c:
        result = await call(c, "remove_files", job_id=JOB, file_ids=REPLACE)
    assert (user.asked, posts(sandbox)) == ([], [])
    assert result.is_error is True
    assert text(result) == snapshot(
        "Nothing was removed: the user was not asked to confirm, because data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d could not be read or was in another state when the question was prepared; call `remove_files` again with the same arguments."
    )
