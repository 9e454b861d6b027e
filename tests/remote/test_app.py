"""The server over streamable HTTP, for real: uvicorn on a loopback port, the official MCP
Client, the sandbox as SeekrFlow, and a local identity provider for OAuth."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx2
import jwt
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult

from seekrflow_mcp.config import Settings
from seekrflow_mcp.remote.app import Upstream, build_app
from seekrflow_sandbox import Sandbox, world
from seekrflow_sandbox.clock import FakeClock
from tests.helpers import (
    HANG,
    ISSUER,
    START,
    TOOL_CALLS,
    IdP,
    advancing,
    connect,
    loopback_socket,
    posts,
    serve_asgi,
    server_for,
)

pytestmark = pytest.mark.anyio

TOKEN = "t0k3n-for-the-team-0123456789"
OTHER = "another-team-token-abcdefghij"
READ_ONLY = "seekrflow:read"
ADD = ("add_files", {"job_id": world.NEEDS_REVIEW_JOB, "file_ids": [world.REFUND_RULES_V2_FILE]})


@asynccontextmanager
async def served(sandbox: Sandbox, idp: IdP | None = None, **fields: Any) -> AsyncIterator[str]:
    """The app for these settings against `sandbox`, served; yields the MCP endpoint's URL. With
    `idp`, OAuth against it, this server's URL the audience."""
    sock = loopback_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/mcp"
    keys = None
    if idp is not None:
        fields |= idp.oauth(url)
        keys = idp.signing_keys()
    settings = Settings(api_key=sandbox.api_key, base_url="http://sandbox.invalid", **fields)
    upstream = Upstream(transport=sandbox.transport(), now=sandbox.clock.now, sleep=advancing(sandbox), keys=keys)
    async with serve_asgi(build_app(settings, upstream), sock):
        yield url


@asynccontextmanager
async def client_for(url: str, token: str | None) -> AsyncIterator[Client]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(HANG)) as http,
        Client(streamable_http_client(url, http_client=http)) as client,
    ):
        yield client


async def post(url: str, message: dict[str, Any], token: str | None = None, **headers: str) -> httpx2.Response:
    """One raw JSON-RPC POST, as a legacy client sends it (no Mcp-Method header)."""
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream", **headers}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    async with httpx2.AsyncClient(timeout=httpx2.Timeout(HANG)) as http:
        return await http.post(url, content=json.dumps(message), headers=headers)


def tool_call(name: str, arguments: dict[str, Any], id: int = 1) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": name, "arguments": arguments}}


LIST = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}


# -- who may call ---------------------------------------------------------------------------


async def test_no_token_or_a_wrong_one_is_refused_with_the_metadata_to_find_a_token(sandbox: Sandbox, idp: IdP) -> None:
    async with served(sandbox, idp) as url:
        base = url.removesuffix("/mcp")
        metadata = f"{base}/.well-known/oauth-protected-resource/mcp"
        for token in (None, "not-a-jwt", idp.token(url).replace(".", "x", 1)):
            response = await post(url, LIST, token)
            assert response.status_code == 401
            assert response.headers["www-authenticate"] == (
                f'Bearer error="invalid_token", error_description="Authentication required", '
                f'resource_metadata="{metadata}"'
            )
        async with httpx2.AsyncClient() as http:
            published = (await http.get(metadata)).json()
        assert published == {
            "resource": url,
            "authorization_servers": [ISSUER],
            "scopes_supported": ["seekrflow:read"],
            "bearer_methods_supported": ["header"],
        }
        assert (await post(url, LIST, idp.token(url))).status_code == 200


@pytest.mark.parametrize(
    ("why", "claims"),
    [
        ("expired beyond the leeway", {"exp": 1_000_000_000}),
        ("for another server", {"aud": "https://elsewhere.example.test/mcp"}),
        ("from another issuer", {"iss": "https://evil.example.test"}),
        ("with no subject", {"sub": None}),
    ],
)
async def test_a_jwt_that_is_not_for_this_server_now_is_refused(
    sandbox: Sandbox, idp: IdP, why: str, claims: dict[str, Any]
) -> None:
    async with served(sandbox, idp) as url:
        assert (await post(url, LIST, idp.token(url, **claims))).status_code == 401, why


async def test_a_symmetric_or_unsigned_jwt_is_refused(sandbox: Sandbox, idp: IdP) -> None:
    async with served(sandbox, idp) as url:
        claims = jwt.decode(idp.token(url), options={"verify_signature": False})
        hs256 = jwt.encode(claims, "a-secret-anyone-could-share-0123456789", algorithm="HS256", headers={"kid": "k1"})
        unsigned = jwt.encode(claims, None, algorithm="none", headers={"kid": "k1"})
        for token in (hs256, unsigned):
            assert (await post(url, LIST, token)).status_code == 401


async def test_a_new_key_id_refreshes_the_keys_once(sandbox: Sandbox, idp: IdP) -> None:
    async with served(sandbox, idp) as url:
        assert (await post(url, LIST, idp.token(url))).status_code == 200
        assert (await post(url, LIST, idp.token(url))).status_code == 200
        assert idp.fetches == 1  # cached
        idp.add_key("k2")  # the provider rotates
        assert (await post(url, LIST, idp.token(url, kid="k2"))).status_code == 200
        assert (await post(url, LIST, idp.token(url, kid="k2"))).status_code == 200
        assert idp.fetches == 2


async def test_a_token_without_the_write_scope_cannot_change_a_job_but_can_read(sandbox: Sandbox, idp: IdP) -> None:
    async with served(sandbox, idp) as url:
        token = idp.token(url, scope=READ_ONLY)
        response = await post(url, tool_call(*ADD), token)
        assert response.status_code == 403
        assert response.headers["www-authenticate"].startswith(
            'Bearer error="insufficient_scope", scope="seekrflow:read seekrflow:write"'
        )
        assert response.json()["error"] == "insufficient_scope"
        # In a batch, too; and in either case the tool never ran.
        batch = [tool_call("list_data_jobs", {}, 1), tool_call(*ADD, id=2)]
        assert (await post(url, batch, token)).status_code == 403  # type: ignore[arg-type]
        assert posts(sandbox) == []
        # The 2026-07-28 protocol (Mcp-Method and Mcp-Name headers) is refused the same way.
        async with client_for(url, token) as client:
            listed = await client.call_tool("list_data_jobs", {})
            assert not listed.is_error
            with pytest.raises(Exception, match="error response"):
                await client.call_tool(*ADD)
        assert posts(sandbox) == []
        async with client_for(url, idp.token(url)) as client:
            assert not (await client.call_tool(*ADD)).is_error
        assert len(posts(sandbox)) == 1


async def test_a_token_without_the_read_scope_is_refused(sandbox: Sandbox, idp: IdP) -> None:
    async with served(sandbox, idp) as url:
        response = await post(url, LIST, idp.token(url, scope="openid profile"))
        assert response.status_code == 403
        assert 'error="insufficient_scope"' in response.headers["www-authenticate"]


async def test_shared_tokens_are_each_accepted_and_nothing_else(sandbox: Sandbox) -> None:
    async with served(sandbox, http_token=f"{TOKEN},{OTHER}") as url:
        assert (await post(url, LIST)).status_code == 401
        assert (await post(url, LIST, TOKEN[:-1])).status_code == 401
        assert (await post(url, LIST, TOKEN + "x")).status_code == 401
        assert (await post(url, tool_call(*ADD), TOKEN)).status_code == 200
        assert (await post(url, LIST, OTHER)).status_code == 200


async def test_a_foreign_host_or_origin_is_refused(sandbox: Sandbox) -> None:
    async with served(sandbox, http_token=TOKEN, allowed_hosts="mcp.example.test") as url:
        assert (await post(url, LIST, TOKEN, Host="evil.example.test")).status_code == 421
        assert (await post(url, LIST, TOKEN, Origin="http://evil.example.test")).status_code == 403
        assert (await post(url, LIST, TOKEN, Host="mcp.example.test")).status_code == 200
        assert (await post(url, LIST, TOKEN, Origin="http://localhost:5173")).status_code == 200


# -- what the server offers over HTTP --------------------------------------------------------


async def test_every_tool_answers_over_http_as_in_memory() -> None:
    """Two twins of the world, one over HTTP and one in memory, get the same calls in the same
    order, and give the same results."""
    calls = [(tool, name, arguments) for tool, (name, arguments) in TOOL_CALLS.items() if name != "upload_file"]
    over_http, in_memory = Sandbox(clock=FakeClock(START)), Sandbox(clock=FakeClock(START))
    async with served(over_http, http_token=TOKEN) as url, client_for(url, TOKEN) as client:
        remote = [await client.call_tool(name, arguments) for _, name, arguments in calls]
    async with connect(server_for(in_memory)) as client:
        local = [await client.call_tool(name, arguments) for _, name, arguments in calls]
    for (tool, _, _), there, here in zip(calls, remote, local, strict=True):
        assert _answer(there) == _answer(here), tool
        assert not there.is_error, tool


def _answer(result: CallToolResult) -> tuple[Any, ...]:
    return (result.is_error, result.content, result.structured_content)


async def test_upload_file_is_never_offered_over_http(
    sandbox: Sandbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, "seekrflow_mcp.remote"):
        async with served(sandbox, http_token=TOKEN, upload_roots=[tmp_path]) as url, client_for(url, TOKEN) as c:
            names = {tool.name for tool in (await c.list_tools()).tools}
    assert "upload_file" not in names
    assert "add_files" in names
    assert "upload_roots is ignored over HTTP" in caplog.text
    async with connect(server_for(sandbox, upload_roots=[tmp_path])) as c:  # the same settings, locally
        assert "upload_file" in {tool.name for tool in (await c.list_tools()).tools}


async def test_progress_arrives_over_http(sandbox: Sandbox) -> None:
    seen: list[float] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append(progress)

    async with served(sandbox, http_token=TOKEN) as url, client_for(url, TOKEN) as client:
        result = await client.call_tool(
            "wait_for_ingestion", {"job_id": world.PROCESSING_JOB, "timeout_seconds": 5}, progress_callback=on_progress
        )
    assert not result.is_error
    assert seen == [3.0, 3.0, 3.0]  # as in memory (tests/tools/test_wait.py)


async def test_health_and_readiness_need_no_token(sandbox: Sandbox) -> None:
    async with served(sandbox, http_token=TOKEN) as url, httpx2.AsyncClient() as http:
        base = url.removesuffix("/mcp")
        health, ready = await http.get(f"{base}/health"), await http.get(f"{base}/ready")
    assert (health.status_code, health.text, ready.status_code, ready.text) == (200, "ok", 200, "ready")


async def test_a_shutdown_lets_the_call_in_flight_finish(sandbox: Sandbox) -> None:
    """uvicorn stops accepting, waits for the call to answer, then the session manager stops."""
    in_flight, go_on = anyio.Event(), anyio.Event()
    clock_sleep = advancing(sandbox)

    async def slow_sleep(seconds: float) -> None:
        in_flight.set()
        await go_on.wait()
        await clock_sleep(seconds)

    sock = loopback_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/mcp"
    settings = Settings(api_key=sandbox.api_key, base_url="http://sandbox.invalid")
    app = build_app(settings, Upstream(transport=sandbox.transport(), now=sandbox.clock.now, sleep=slow_sleep))
    results: list[CallToolResult] = []
    async with serve_asgi(app, sock) as server:

        async def call() -> None:
            async with client_for(url, None) as client:
                await client.list_tools()  # the Client reads the output schemas now, not after the call
                results.append(await client.call_tool("wait_for_ingestion", {"job_id": world.PROCESSING_JOB}))

        async with anyio.create_task_group() as group:
            group.start_soon(call)
            with anyio.fail_after(HANG):
                await in_flight.wait()
                server.should_exit = True
                await server.stopping.wait()
            go_on.set()
    (result,) = results
    assert not result.is_error
    assert result.structured_content is not None
