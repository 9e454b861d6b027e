"""Two replicas behind a round-robin proxy serve one client: every HTTP request goes to the
other replica than the one before, so a conversation's calls, and a confirmation's question
and answer, are split between two processes' worth of state. They share only SeekrFlow (the
sandbox) and the key that seals request state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx2
import pytest
from mcp import Client, MCPError
from mcp.client import ClientRequestContext
from mcp.client.streamable_http import streamable_http_client
from mcp.types import ElicitRequestParams, ElicitResult

from bench.roundrobin import RoundRobin
from seekrflow_mcp.config import Settings
from seekrflow_mcp.remote.app import Upstream, build_app
from seekrflow_sandbox import FakeClock, Sandbox, world
from tests.helpers import START, advancing, loopback_socket, posts, serve_asgi, serve_http, text

pytestmark = pytest.mark.anyio

SHARED = "a-request-state-key-of-32-chars-or-more"
JOB = world.NEEDS_REVIEW_JOB
REPLACE = ["file-00000000-0000-0000-0000-000000abc004", "file-00000000-0000-0000-0000-000000abc005"]


@asynccontextmanager
async def replicas(sandbox: Sandbox, *keys: str | None) -> AsyncIterator[tuple[str, RoundRobin]]:
    """One replica per key (None: none set, so the SDK makes one up), behind a round-robin proxy."""
    async with AsyncExitStack() as stack:
        urls = []
        for key in keys:
            settings = Settings(api_key=sandbox.api_key, base_url="http://sandbox.invalid", request_state_key=key)
            upstream = Upstream(transport=sandbox.transport(), now=sandbox.clock.now, sleep=advancing(sandbox))
            sock = loopback_socket()
            urls.append(f"http://127.0.0.1:{sock.getsockname()[1]}")
            await stack.enter_async_context(serve_asgi(build_app(settings, upstream), sock))
        proxy = RoundRobin(urls)
        stack.push_async_callback(proxy.aclose)
        yield f"{await stack.enter_async_context(serve_http(proxy))}/mcp", proxy


async def accept(context: ClientRequestContext, params: ElicitRequestParams) -> ElicitResult:
    return ElicitResult(action="accept", content={"remove": True})


@asynccontextmanager
async def person(url: str) -> AsyncIterator[Client]:
    async with (
        httpx2.AsyncClient(timeout=30) as http,
        Client(streamable_http_client(url, http_client=http), elicitation_callback=accept) as client,
    ):
        yield client


async def conversation(client: Client) -> list[tuple[str, bool, str]]:
    """The troubleshooting conversation of the README, confirmation included."""
    calls: list[tuple[str, dict[str, Any]]] = [
        ("list_data_jobs", {"status": ["needs_review"]}),
        ("get_data_job", {"job_id": JOB}),
        ("summarize_failures", {"job_id": JOB}),
        ("remove_files", {"job_id": JOB, "file_ids": REPLACE}),
        ("retry_failed_files", {"job_id": JOB}),
        ("wait_for_ingestion", {"job_id": JOB}),
        ("get_data_job", {"job_id": JOB}),
    ]
    said = []
    for tool, arguments in calls:
        result = await client.call_tool(tool, arguments)
        said.append((tool, bool(result.is_error), text(result)))
    return said


async def test_a_whole_conversation_alternating_between_two_replicas_succeeds() -> None:
    sandbox = Sandbox(clock=FakeClock(START))
    async with replicas(sandbox, SHARED, SHARED) as (url, proxy), person(url) as client:
        said = await conversation(client)
    assert [(tool, failed) for tool, failed, _ in said] == [
        ("list_data_jobs", False),
        ("get_data_job", False),
        ("summarize_failures", False),
        ("remove_files", False),
        ("retry_failed_files", False),
        ("wait_for_ingestion", False),
        ("get_data_job", False),
    ]
    assert "Removed 2 files, as the user confirmed:" in said[3][2]
    assert posts(sandbox)[0] == f"/v1/flow/data-jobs/{JOB}/remove-files"
    # Both replicas answered, turn about.
    assert set(proxy.sent) == set(proxy.replicas)
    assert all(a != b for a, b in zip(proxy.sent, proxy.sent[1:], strict=False))


async def test_without_a_shared_key_the_answer_to_a_confirmation_is_refused_by_the_other_replica() -> None:
    """What the shared key is for: the control case, so the test above can fail."""
    sandbox = Sandbox(clock=FakeClock(START))
    async with replicas(sandbox, None, None) as (url, _), person(url) as client:
        with pytest.raises(MCPError, match="Invalid or expired requestState"):
            await client.call_tool("remove_files", {"job_id": JOB, "file_ids": REPLACE})
    assert posts(sandbox) == []
