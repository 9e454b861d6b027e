"""Per-caller SeekrFlow keys: each HTTP request carries its caller's key, used for that request only.

Two people share one server over real streamable HTTP; the sandbox gives each key a world of its
own, so a result that showed the other's jobs, or a request made with the other's key, would show.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult

from seekrflow_mcp.cli import main
from seekrflow_mcp.config import ConfigError, Settings
from seekrflow_mcp.remote.app import Upstream, build_app
from seekrflow_mcp.server import build_server
from seekrflow_mcp.tools.keys import KeyMap, parse_key_map
from seekrflow_sandbox import FakeClock, Sandbox, world
from tests.helpers import ISSUER, START, IdP, advancing, loopback_socket, serve_asgi, text

pytestmark = pytest.mark.anyio

ALICE = "sk-alice-0123456789"
BOB = "sk-bob-9876543210"


def two_accounts() -> Sandbox:
    """Alice owns the seeded world; Bob one job of his own (`bob_job`)."""
    sandbox = Sandbox(api_key=ALICE, clock=FakeClock(START))
    sandbox.add_account(BOB).create_job("Bob's handbook", "context_grounded_files", None, None)
    return sandbox


def bob_job(sandbox: Sandbox) -> str:
    (job_id,) = sandbox.accounts[BOB].jobs
    return job_id


class Teams(httpx2.AsyncBaseTransport):
    """The sandbox's transport, noting the team each request to SeekrFlow names."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.inner = sandbox.transport()
        self.sent: list[str | None] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.sent.append(request.headers.get("x-team-id"))
        return await self.inner.handle_async_request(request)


@asynccontextmanager
async def shared_server(
    sandbox: Sandbox, transport: httpx2.AsyncBaseTransport | None = None, idp: IdP | None = None, **fields: Any
) -> AsyncIterator[str]:
    """The server's HTTP app on loopback, holding no key, taking each caller's from their request
    (or, with `idp`, from the key map by who signed in); yields the MCP endpoint."""
    sock = loopback_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/mcp"
    keys = None
    if idp is None:
        fields["key_source"] = "request"
    else:
        fields |= {"key_source": "subject", **idp.oauth(url)}
        keys = idp.signing_keys()
    upstream = Upstream(
        transport=transport or sandbox.transport(),
        now=sandbox.clock.now,
        sleep=advancing(sandbox),
        monotonic=lambda: sandbox.clock.now().timestamp(),
        keys=keys,
    )
    async with serve_asgi(build_app(Settings(base_url="http://sandbox.invalid", **fields), upstream), sock):
        yield url


@asynccontextmanager
async def caller(url: str, headers: dict[str, str]) -> AsyncIterator[Client]:
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        Client(streamable_http_client(url, http_client=http)) as client,
    ):
        yield client


async def test_two_callers_at_once_each_see_only_their_own_jobs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox = two_accounts()
    bobs = bob_job(sandbox)
    seen: dict[str, list[str]] = {ALICE: [], BOB: []}

    async def ask(client: Client, key: str, tool: str, arguments: dict[str, Any]) -> None:
        result = await client.call_tool(tool, arguments)
        seen[key].append(text(result) + json.dumps(result.structured_content))

    async with (
        shared_server(sandbox) as url,
        caller(url, {"X-Seekr-Api-Key": ALICE}) as alice,
        caller(url, {"X-Seekr-Api-Key": BOB}) as bob,
    ):
        async with anyio.create_task_group() as group:
            for i in range(20):
                for client, key, own in ((alice, ALICE, world.NEEDS_REVIEW_JOB), (bob, BOB, bobs)):
                    call = ("list_data_jobs", {}) if i % 2 else ("get_data_job", {"job_id": own})
                    group.start_soon(ask, client, key, *call)
        # Asked for the other's job by id, SeekrFlow answers as if it did not exist.
        other = await bob.call_tool("get_data_job", {"job_id": world.NEEDS_REVIEW_JOB})

    assert [len(seen[ALICE]), len(seen[BOB])] == [20, 20]
    assert all(bobs not in answer and "Bob's handbook" not in answer for answer in seen[ALICE])
    assert all(world.NEEDS_REVIEW_JOB in answer for answer in seen[ALICE])
    assert all(bobs in answer for answer in seen[BOB])
    assert not any(job in answer for answer in seen[BOB] for job in (world.NEEDS_REVIEW_JOB, world.READY_JOB))
    assert other.is_error
    assert "not found" in text(other).lower()
    logged = caplog.text
    assert ALICE not in logged
    assert BOB not in logged


async def test_a_request_without_a_key_is_refused_before_seekrflow_is_asked() -> None:
    sandbox = two_accounts()
    async with shared_server(sandbox) as url, caller(url, {}) as anonymous:
        result = await anonymous.call_tool("list_data_jobs", {})
        resource = await _read_error(anonymous, f"seekrflow://data-jobs/{world.NEEDS_REVIEW_JOB}")
    assert result.is_error
    assert text(result) == (
        "This server calls SeekrFlow with each caller's own API key, and this request carried none. No tool call "
        "can fix this: the user must add the header X-Seekr-Api-Key with their SeekrFlow API key to this server's "
        "entry in their MCP client."
    )
    assert "X-Seekr-Api-Key" in resource
    assert sandbox.requests == []


async def test_a_key_that_cannot_be_a_header_is_named_by_position_only() -> None:
    sandbox = two_accounts()
    # httpx2 sends latin-1 header bytes as they are: a pasted non-breaking space arrives.
    pasted = (ALICE[:5] + "\u00a0" + ALICE[5:]).encode("latin-1")
    async with shared_server(sandbox) as url, caller(url, {"X-Seekr-Api-Key": pasted}) as client:  # type: ignore[dict-item]
        result = await client.call_tool("list_data_jobs", {})
    assert result.is_error
    assert "The X-Seekr-Api-Key header of this request contains" in text(result)
    assert "at position 6" in text(result)
    assert ALICE[5:] not in text(result)
    assert sandbox.requests == []


async def test_a_refused_key_says_to_fix_the_header_not_the_server() -> None:
    sandbox = two_accounts()
    async with shared_server(sandbox) as url, caller(url, {"X-Seekr-Api-Key": "sk-nobody-at-all"}) as client:
        result = await client.call_tool("list_data_jobs", {})
    assert result.is_error
    assert text(result).endswith(
        "No tool call can fix this: the user must send a valid SeekrFlow API key in the X-Seekr-Api-Key header, "
        "set in this server's entry in their MCP client."
    )
    assert "sk-nobody-at-all" not in text(result)


async def test_the_team_header_goes_with_its_callers_requests_only() -> None:
    sandbox = two_accounts()
    teams = Teams(sandbox)
    async with shared_server(sandbox, teams) as url:
        async with caller(url, {"X-Seekr-Api-Key": BOB, "X-Seekr-Team-Id": "team-bob"}) as bob:
            await bob.call_tool("get_data_job", {"job_id": bob_job(sandbox)})
        async with caller(url, {"X-Seekr-Api-Key": ALICE}) as alice:
            result: CallToolResult = await alice.call_tool("get_data_job", {"job_id": world.READY_JOB})
    assert not result.is_error
    assert teams.sent == ["team-bob", None]


# -- keys by who signed in -------------------------------------------------------------------


async def test_signed_in_callers_each_get_the_key_the_operator_mapped_to_them(idp: IdP) -> None:
    sandbox = two_accounts()
    keys = json.dumps({"alice": ALICE, "bob": {"api_key": BOB}})
    async with shared_server(sandbox, idp=idp, key_map=keys) as url:
        tokens = {who: idp.token(url, sub=who) for who in ("alice", "bob", "carol")}
        answers = {}
        for who, token in tokens.items():
            async with caller(url, {"Authorization": f"Bearer {token}"}) as client:
                answers[who] = await client.call_tool("list_data_jobs", {})
    assert world.NEEDS_REVIEW_JOB in text(answers["alice"])
    assert bob_job(sandbox) not in text(answers["alice"])
    assert bob_job(sandbox) in text(answers["bob"])
    assert world.NEEDS_REVIEW_JOB not in text(answers["bob"])
    assert answers["carol"].is_error
    assert text(answers["carol"]) == (
        "No SeekrFlow API key is set up on this server for the account this request signed in as. No tool call can "
        "fix this: the server's operator must add the account to the key map."
    )


async def test_a_header_key_is_ignored_when_keys_come_from_the_key_map(idp: IdP) -> None:
    """A signed-in caller cannot choose another person's key by sending it."""
    sandbox = two_accounts()
    async with shared_server(sandbox, idp=idp, key_map=json.dumps({"alice": ALICE})) as url:
        headers = {"Authorization": f"Bearer {idp.token(url, sub='alice')}", "X-Seekr-Api-Key": BOB}
        async with caller(url, headers) as client:
            result = await client.call_tool("list_data_jobs", {})
    assert world.NEEDS_REVIEW_JOB in text(result)
    assert bob_job(sandbox) not in text(result)


async def _read_error(client: Client, uri: str) -> str:
    try:
        await client.read_resource(uri)
    except Exception as exc:  # the SDK's MCPError: the resource's sentence is its message
        return str(exc)
    raise AssertionError("the read succeeded")


# -- settings ---------------------------------------------------------------------------


def test_a_server_that_takes_callers_keys_must_hold_none() -> None:
    with pytest.raises(ConfigError, match="unset SEEKR_API_KEY"):
        Settings(key_source="request", api_key=ALICE).client_options()
    assert Settings(key_source="request").client_options().api_key is None


def test_a_key_map_names_a_bad_entry_by_subject_never_by_value() -> None:
    assert parse_key_map('{"alice": "sk-a", "bob": {"api_key": "sk-b", "team_id": "t"}}', "x") == {
        "alice": parse_key_map('{"alice": "sk-a"}', "x")["alice"],
        "bob": parse_key_map('{"bob": {"api_key": "sk-b", "team_id": "t"}}', "x")["bob"],
    }
    with pytest.raises(ConfigError, match="not valid JSON") as bad:
        parse_key_map('{"alice": "sk-secret-1",', "the file")
    assert "sk-secret-1" not in str(bad.value)
    with pytest.raises(ConfigError, match="the api_key of 'bob' contains a tab") as tab:
        parse_key_map('{"bob": "sk-\\tsecret"}', "the file")
    assert "secret" not in str(tab.value)
    with pytest.raises(ConfigError, match="entry for 'carol' has no api_key"):
        parse_key_map('{"carol": {"team_id": "t"}}', "the file")


def test_a_key_map_file_is_read_again_when_it_changes_and_kept_when_the_change_is_broken(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text('{"alice": "sk-a"}')
    keys = KeyMap(path=path)
    assert keys.get("bob") is None
    path.write_text('{"alice": "sk-a", "bob": "sk-bob-new"}')
    bob = keys.get("bob")
    assert bob is not None
    assert bob.api_key.get_secret_value() == "sk-bob-new"
    path.write_text('{"alice": ')  # half-written by an editor
    assert keys.get("bob") == bob


def test_keys_by_subject_need_sign_in_and_a_map() -> None:
    with pytest.raises(ConfigError, match="set the OAuth settings"):
        build_server(Settings(key_source="subject", key_map='{"a": "sk-a"}'))
    oauth = {"oauth_issuer": ISSUER, "oauth_jwks_url": "https://id.example/jwks", "resource_url": "https://m/mcp"}
    with pytest.raises(ConfigError, match="no key map is set"):
        build_server(Settings(key_source="subject", **oauth))


def test_stdio_refuses_to_take_keys_from_requests(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SEEKRFLOW_MCP_KEY_SOURCE", "request")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent")
    assert main(["serve"]) == 2
    assert capsys.readouterr().err == (
        "seekrflow-mcp: key_source is 'request', which takes each caller's key from their HTTP request; over stdio "
        "there is one caller: set SEEKR_API_KEY instead, or serve with --transport http.\n"
    )
