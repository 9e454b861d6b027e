"""The five workflow conversations, twenty rounds each, with a fifth of SeekrFlow's answers failing
at random (every kind of fault, seeded), on one server.

The assistant is played as the instructions ask: it follows the first Next step of each result;
on an error it makes the call the error names (after a minute, on the fake clock), and stops
when an error says no call can help or after three errors in a row. Every conversation must
end started, with nothing left to do, or on such an error; no call may crash or log an
unhandled exception; no change may reach SeekrFlow twice in one call; and the server's own
memory must not grow from round to round. The counts are printed at the end of the run.
"""

import ast
import gc
import logging
import re
import tracemalloc
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import CallToolResult

from seekrflow_mcp.seekrflow.vocabulary import ALIGNED, ALIGNING
from seekrflow_sandbox import Chaos, FakeClock, Sandbox
from seekrflow_sandbox.routes import route_name
from tests.helpers import FAULT_CASES, SOAK, START, advancing, connect, seed_job, server_for, text

pytestmark = pytest.mark.anyio

ROUNDS = 20
RATE = 0.2
OUTAGE = ("Service temporarily unavailable.", None)
EMPTY = ("The file appears to be empty.", None)
LOCKED = ("The PDF may be corrupted, password-protected, or in an unsupported format.", None)
CALL = re.compile(r"`(\w+)\((.*?)\)`")
WRITE_ROUTES = {"add_files", "remove_files", "start_data_job", "upload_file"}
MOST_CALLS = 16


@dataclass
class Outcomes:
    completed: int = 0
    ended_on_actionable_error: int = 0
    crashes: int = 0
    duplicate_writes: int = 0
    calls: int = 0
    errors_answered: int = 0

    def __post_init__(self) -> None:
        self.transcripts: list[str] = []  # of the conversations that went wrong, for the failure message


def parsed(arguments: str) -> dict[str, Any]:
    """The keyword arguments of a call as the tools write it (JSON values)."""
    values = {"true": True, "false": False, "null": None}
    call = ast.parse(f"f({arguments})", mode="eval").body
    assert isinstance(call, ast.Call)
    return {
        k.arg: values[k.value.id] if isinstance(k.value, ast.Name) else ast.literal_eval(k.value)
        for k in call.keywords
        if k.arg is not None
    }


class Assistant:
    """Plays the assistant's side of one conversation."""

    def __init__(self, client: Client, sandbox: Sandbox, outcomes: Outcomes) -> None:
        self.client, self.sandbox, self.outcomes = client, sandbox, outcomes
        self.transcript: list[str] = []

    def wrong(self, what: str) -> None:
        self.outcomes.transcripts.append("\n".join([what, *self.transcript]))

    async def call(self, tool: str, arguments: dict[str, Any]) -> CallToolResult:
        before = len(self.sandbox.requests)
        result = await self.client.call_tool(tool, arguments)
        self.outcomes.calls += 1
        writes = Counter(route_name(m, p) for m, p in self.sandbox.requests[before:])
        # A retry sends a batch per call: the conversations here stay within one batch.
        said = text(result)
        self.transcript.append(f"{tool}({arguments}) -> {'ERROR ' if result.is_error else ''}{said[:300]}")
        if any(writes[route] > 1 for route in WRITE_ROUTES):
            self.outcomes.duplicate_writes += 1
            self.wrong(f"duplicate write: {writes}")
        if "Traceback" in said or re.fullmatch(r"Error executing tool \w+", said.strip()):
            self.outcomes.crashes += 1
            self.wrong("crash")
        return result

    async def converse(self, tool: str, arguments: dict[str, Any]) -> None:
        self.transcript = []
        errors_in_a_row = 0
        repeat: tuple[str, dict[str, Any]] | None = None  # the call an error said to check before repeating
        for _ in range(MOST_CALLS):
            result = await self.call(tool, arguments)
            said = text(result)
            if result.is_error:
                named = CALL.search(said)
                if "No tool call can fix this" in said or named is None or errors_in_a_row == 2:
                    if named is None and "No tool call can fix this" not in said:
                        self.outcomes.crashes += 1  # an error that says nothing to do is a dead end
                        self.wrong("an error that names no next call")
                    else:
                        self.outcomes.ended_on_actionable_error += 1
                    return
                errors_in_a_row += 1
                self.outcomes.errors_answered += 1
                await advancing(self.sandbox)(60)
                if named.group(1) != tool:
                    repeat = (tool, arguments)
                tool, arguments = named.group(1), parsed(named.group(2))
                continue
            errors_in_a_row = 0
            if repeat is not None:
                (tool, arguments), repeat = repeat, None
                continue
            structured = result.structured_content or {}
            steps = structured.get("suggested_actions") or []
            # Done when alignment has started (by this call or one whose answer was lost), or
            # when nothing is left to do.
            if structured.get("started") is True or structured.get("status") in ALIGNING | ALIGNED or not steps:
                self.outcomes.completed += 1
                return
            tool, arguments = steps[0]["tool"], steps[0]["arguments"]
        self.outcomes.crashes += 1
        self.wrong("a conversation that never ends")


Opening = Callable[[Sandbox, Path], Awaitable[tuple[str, dict[str, Any]]]]


async def transient(sandbox: Sandbox, _: Path) -> tuple[str, dict[str, Any]]:
    job, _ids = seed_job(sandbox, {"fares.pdf": [OUTAGE]})
    return "summarize_failures", {"job_id": job}


async def replaced_by_upload(sandbox: Sandbox, folder: Path) -> tuple[str, dict[str, Any]]:
    job, _ids = seed_job(sandbox, {"contract.pdf": [LOCKED]})
    return "upload_file", {"path": str(folder / "contract-unlocked.pdf"), "job_id": job}


async def broken_removed(sandbox: Sandbox, _: Path) -> tuple[str, dict[str, Any]]:
    job, _ids = seed_job(sandbox, {"blank.pdf": [EMPTY], "locked.pdf": [LOCKED]})
    return "summarize_failures", {"job_id": job}


async def missing_prompt(sandbox: Sandbox, _: Path) -> tuple[str, dict[str, Any]]:
    job, _ids = seed_job(sandbox, {}, job_type="principle_files")  # and no system prompt
    return "summarize_failures", {"job_id": job}


async def every_file_failed(sandbox: Sandbox, _: Path) -> tuple[str, dict[str, Any]]:
    job, _ids = seed_job(sandbox, {"a.pdf": [OUTAGE], "b.pdf": [OUTAGE], "c.pdf": [EMPTY]})
    sandbox.store.jobs[job].attached.pop(f"file-test-{len(sandbox.store.jobs) - 1:04}-ok", None)
    return "summarize_failures", {"job_id": job}


CONVERSATIONS: list[Opening] = [transient, replaced_by_upload, broken_removed, missing_prompt, every_file_failed]


def server_memory() -> int:
    """Bytes the server's and the SDK's code hold now (the sandbox's world grows by design),
    garbage collected first: what is still held, not what is waiting to be freed. The parser's
    string cache is left out: pydantic-core keeps at most 16,384 short strings, whatever runs."""
    gc.collect()
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [
            tracemalloc.Filter(True, "*seekrflow_mcp*"),
            tracemalloc.Filter(True, "*/mcp/*"),
            # pydantic-core's cache of short strings, kept by design and bounded (16,384 strings).
            tracemalloc.Filter(False, "*seekrflow_mcp/seekrflow/parsing.py"),
        ]
    )
    return sum(stat.size for stat in snapshot.statistics("filename"))


async def test_the_conversations_survive_random_faults(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    (tmp_path / "contract-unlocked.pdf").write_bytes(b"%PDF-1.7 unlocked" * 100)
    # The conversations' own jobs only: each stays under the 100 files a request carries, so a
    # change is one request per call, and a second one in the same call would be a duplicate.
    sandbox = Sandbox(seed=7, clock=FakeClock(START), world="empty")
    sandbox.faults.sleep = advancing(sandbox)
    kinds = [fault for faults, _ in FAULT_CASES.values() for fault in faults]
    outcomes = Outcomes()
    memory: list[int] = []
    tracemalloc.start()
    try:
        async with connect(server_for(sandbox, upload_roots=[tmp_path])) as client:
            assistant = Assistant(client, sandbox, outcomes)
            # Set once: the draws go on from one conversation to the next. (The openings set the
            # world up in the sandbox's store, not through its API, so faults never hit them.)
            sandbox.faults.chaos = Chaos(RATE, kinds)
            for _ in range(ROUNDS):
                for opening in CONVERSATIONS:
                    tool, arguments = await opening(sandbox, tmp_path)
                    await assistant.converse(tool, arguments)
                memory.append(server_memory())
    finally:
        tracemalloc.stop()
    injected = dict(sandbox.faults.injected)
    unhandled = [r for r in caplog.records if r.levelno >= logging.ERROR]
    SOAK.update(
        conversations=ROUNDS * len(CONVERSATIONS),
        **{name: value for name, value in vars(outcomes).items() if name != "transcripts"},
        unhandled_exceptions=len(unhandled),
        faults_injected=sum(injected.values()),
        fault_kinds=len(injected),
        server_memory_kib=f"{memory[1] // 1024} after round 2, {memory[-1] // 1024} after round {ROUNDS}",
    )
    assert outcomes.crashes == 0, "\n\n".join(outcomes.transcripts)
    assert outcomes.duplicate_writes == 0, "\n\n".join(outcomes.transcripts)
    assert outcomes.completed + outcomes.ended_on_actionable_error == ROUNDS * len(CONVERSATIONS)
    assert unhandled == []
    assert sum(injected.values()) >= 0.1 * outcomes.calls  # the faults did happen
    # Flat: what the server holds after the last round is within 10% of the second's (the
    # first round warms caches and imports up).
    assert memory[-1] <= memory[1] * 1.1 + 64 * 1024
