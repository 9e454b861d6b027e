"""Who may call, without a server: the JWT verifier on its own clock, shared tokens, the write
gate's handling of bodies, and the settings that choose, each refused in one line that never
shows a token."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jwt
import pytest
from starlette.types import Message, Receive, Scope, Send

from seekrflow_mcp.cli import main
from seekrflow_mcp.config import ConfigError, Settings, load_settings
from seekrflow_mcp.remote.app import check_exposure, transport_security
from seekrflow_mcp.remote.auth import JWTVerifier, SharedTokens, who_may_call
from seekrflow_mcp.remote.scopes import WriteScopeGate
from tests.helpers import ISSUER, IdP

pytestmark = pytest.mark.anyio

AUDIENCE = "https://mcp.example.test/mcp"
TOKEN = "t0k3n-for-the-team-0123456789"
NOW = 2_000_000_000.0


class Keys:
    """The IdP's keys as PyJWKClient gives them, or a failure as it raises one."""

    def __init__(self, idp: IdP, fail: Exception | None = None) -> None:
        self.idp, self.fail = idp, fail

    def get_signing_key_from_jwt(self, token: str) -> jwt.PyJWK:
        if self.fail:
            raise self.fail
        kid = jwt.get_unverified_header(token)["kid"]
        return jwt.PyJWK({**IdP._jwk(kid, self.idp.keys[kid])})


@pytest.fixture(scope="module")
def idp() -> IdP:
    return IdP()


def verifier(idp: IdP, at: float = NOW, **keys: Any) -> JWTVerifier:
    return JWTVerifier(Keys(idp, **keys), issuer=ISSUER, audience=AUDIENCE, clock=lambda: at)


# -- the JWT verifier -----------------------------------------------------------------------


async def test_a_jwt_is_accepted_within_the_leeway_and_says_who_called(idp: IdP) -> None:
    token = idp.token(AUDIENCE, exp=int(NOW), sub="bob", azp="claude", scope="seekrflow:read seekrflow:write")
    access = await verifier(idp, at=NOW + 29).verify_token(token)
    assert access is not None
    assert (access.subject, access.client_id, access.scopes, access.resource) == (
        "bob",
        "claude",
        ["seekrflow:read", "seekrflow:write"],
        AUDIENCE,
    )
    # The SDK re-checks expires_at on its own clock, strictly: the leeway is in it.
    assert access.expires_at == int(NOW) + 30
    assert await verifier(idp, at=NOW + 31).verify_token(token) is None


async def test_a_jwt_not_yet_valid_is_refused(idp: IdP) -> None:
    token = idp.token(AUDIENCE, exp=int(NOW) + 600, nbf=int(NOW) + 60)
    assert await verifier(idp, at=NOW).verify_token(token) is None
    assert await verifier(idp, at=NOW + 31).verify_token(token) is not None


async def test_scopes_as_a_list_are_read(idp: IdP) -> None:
    token = idp.token(AUDIENCE, exp=int(NOW) + 60, scope=None, scp=["seekrflow:read", 7])
    access = await verifier(idp).verify_token(token)
    assert access is not None
    assert access.scopes == ["seekrflow:read"]


async def test_the_verifier_never_raises(idp: IdP) -> None:
    token = idp.token(AUDIENCE, exp=int(NOW) + 60)
    assert await verifier(idp, fail=jwt.PyJWKClientError("JWKS unreachable")).verify_token(token) is None
    assert await verifier(idp, fail=RuntimeError("anything")).verify_token(token) is None
    assert await verifier(idp).verify_token("") is None
    claims = jwt.decode(token, options={"verify_signature": False})
    assert await verifier(idp).verify_token(jwt.encode(claims, None, algorithm="none")) is None


async def test_shared_tokens_name_the_token_that_matched_never_its_value() -> None:
    tokens = SharedTokens([TOKEN, "another-team-token-abcdefghij"])
    first, second = await tokens.verify_token(TOKEN), await tokens.verify_token("another-team-token-abcdefghij")
    assert first is not None
    assert second is not None
    assert (first.client_id, second.client_id, first.scopes) == (
        "shared-token-1",
        "shared-token-2",
        ["seekrflow:read", "seekrflow:write"],
    )
    assert await tokens.verify_token(TOKEN.upper()) is None
    assert await tokens.verify_token("\udcff") is None  # not even UTF-8


# -- the write gate: it reads the body, and hands it on whole ---------------------------------


class Recorder:
    def __init__(self) -> None:
        self.body: bytes | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        self.body = b"".join(chunks)


async def through(body: bytes, chunk: int = 7, token: str = TOKEN) -> tuple[bytes | None, list[Message]]:
    """`body` sent through the gate in chunks (a read-only shared token would be refused)."""
    app = Recorder()
    gate = WriteScopeGate(app, path="/mcp", verifier=ReadOnly(), reading=frozenset({"list_data_jobs"}), max_body=200)
    pieces = [body[i : i + chunk] for i in range(0, len(body), chunk)] or [b""]
    messages: list[Message] = [
        {"type": "http.request", "body": piece, "more_body": i < len(pieces) - 1} for i, piece in enumerate(pieces)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/mcp",
        "headers": [(b"authorization", f"Bearer {token}".encode())],
    }
    await gate(scope, receive, send)
    return app.body, sent


class ReadOnly:
    async def verify_token(self, token: str) -> Any:
        from mcp.server.auth.provider import AccessToken

        return AccessToken(token=token, client_id="reader", scopes=["seekrflow:read"]) if token == TOKEN else None


def call(name: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name}}


async def test_the_gate_refuses_writes_and_passes_everything_else_untouched() -> None:
    write = json.dumps(call("add_files")).encode()
    assert (await through(write))[0] is None  # refused before the app saw it
    assert (await through(write))[1][0]["status"] == 403
    for body in (
        json.dumps(call("list_data_jobs")).encode(),
        b'{"jsonrpc": "2.0", "method": "tools/call", "params": ',  # not JSON: the SDK answers
        json.dumps([call("list_data_jobs"), {"method": "tools/list"}]).encode(),
        json.dumps({"method": "tools/call", "params": {"name": ["add_files"]}}).encode(),
        json.dumps([call("add_files"), call("list_data_jobs")] * 3).encode(),  # over max_body: the SDK answers 413
    ):
        assert await through(body) == (body, []), body
    assert (await through(write, token="not-a-token"))[0] == write  # for the SDK to answer 401


# -- settings --------------------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("SEEKR_", "SEEKRFLOW_MCP_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"oauth_issuer": ISSUER},
            (
                "OAuth needs its issuer, JWKS URL and resource URL together; missing: SEEKRFLOW_MCP_OAUTH_JWKS_URL, "
                "SEEKRFLOW_MCP_RESOURCE_URL."
            ),
        ),
        (
            {"oauth_issuer": ISSUER, "oauth_jwks_url": f"{ISSUER}/jwks", "resource_url": AUDIENCE, "http_token": TOKEN},
            (
                "Both shared tokens and OAuth are set: choose one (unset SEEKRFLOW_MCP_HTTP_TOKEN and "
                "SEEKRFLOW_MCP_HTTP_TOKEN_FILE, or the SEEKRFLOW_MCP_OAUTH_* and RESOURCE_URL settings)."
            ),
        ),
        (
            {"http_token": TOKEN, "http_token_file": "/dev/null"},
            "Set SEEKRFLOW_MCP_HTTP_TOKEN or SEEKRFLOW_MCP_HTTP_TOKEN_FILE, not both.",
        ),
        (
            {"oauth_issuer": ISSUER, "oauth_jwks_url": "http://id.example.test/jwks", "resource_url": AUDIENCE},
            "SEEKRFLOW_MCP_OAUTH_JWKS_URL must be https (http only on loopback).",
        ),
    ],
)
def test_settings_that_choose_no_one_way_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        who_may_call(Settings(**fields))
    assert str(caught.value) == message


def test_a_token_file_is_read_line_by_line_and_its_problems_never_show_a_token(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    path.write_text(f"\n{TOKEN}\r\n  another-team-token-abcdefghij \n")
    remote = who_may_call(Settings(http_token_file=path))
    assert remote is not None
    assert isinstance(remote.token_verifier, SharedTokens)
    path.write_text(f"{TOKEN}\nshort\n")
    with pytest.raises(ConfigError, match=r"the token on line 2 is shorter than 16 characters") as caught:
        who_may_call(Settings(http_token_file=path))
    path.write_text(f"{TOKEN}\u00a0\n")
    with pytest.raises(ConfigError, match=r"line 1 contains a non-breaking space \(U\+00A0\) at position 30") as caught:
        who_may_call(Settings(http_token_file=path))
    assert TOKEN not in str(caught.value)
    path.write_text("\n")
    with pytest.raises(ConfigError, match="holds no token"):
        who_may_call(Settings(http_token_file=path))
    with pytest.raises(ConfigError, match=r"cannot be read \(FileNotFoundError\)"):
        who_may_call(Settings(http_token_file=tmp_path / "gone"))


@pytest.mark.usefixtures("clean_env")
def test_tokens_from_the_environment_are_checked_and_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEEKRFLOW_MCP_HTTP_TOKEN", f"{TOKEN}, another-team-token-abcdefghij,")
    settings = load_settings()
    assert TOKEN not in repr(settings)
    monkeypatch.setenv("SEEKRFLOW_MCP_HTTP_TOKEN", f"{TOKEN},{TOKEN[:5]}\u200b{TOKEN[5:]}")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value) == (
        "Setting http_token from the environment (SEEKRFLOW_MCP_HTTP_TOKEN): token 2 contains a zero-width space "
        "(U+200B) at position 6, which an HTTP header cannot carry; type or copy the value again."
    )
    monkeypatch.setenv("SEEKRFLOW_MCP_HTTP_TOKEN", "letmein")
    with pytest.raises(ConfigError, match="token 1 is shorter than 16 characters") as caught:
        load_settings()
    assert "letmein" not in str(caught.value)


@pytest.mark.parametrize("path", ["mcp", "/", "/health", "/.well-known/x", "/a b", "/mcp/"])
def test_a_path_that_is_not_a_plain_path_is_refused(path: str) -> None:
    with pytest.raises(ConfigError, match="must be a path like /mcp"):
        load_settings(overrides={"http_path": path})


def test_rebinding_protection_is_always_on_with_the_resource_host_and_more_as_set() -> None:
    security = transport_security(Settings(resource_url=AUDIENCE, allowed_hosts="a.example.test, b.example.test"))
    assert security.enable_dns_rebinding_protection
    assert {"127.0.0.1:*", "localhost:*", "[::1]:*", "mcp.example.test", "a.example.test"} <= set(
        security.allowed_hosts
    )
    assert "https://mcp.example.test" in security.allowed_origins


# -- refusing to serve unauthenticated where others can reach it -----------------------------


def test_no_authentication_is_refused_off_loopback() -> None:
    with pytest.raises(ConfigError, match=r"^Refusing to serve on 0.0.0.0 with no authentication: set "):
        check_exposure(Settings(), "0.0.0.0")
    with pytest.raises(ConfigError, match=r"^seekrflow_mcp.asgi:app has no authentication"):
        check_exposure(Settings(), None)
    for host in ("127.0.0.1", "localhost", "::1", "[::1]"):
        check_exposure(Settings(), host)
    check_exposure(Settings(http_token=TOKEN), "0.0.0.0")
    check_exposure(Settings(insecure_no_auth=True), "0.0.0.0")


@pytest.mark.usefixtures("clean_env")
def test_serve_over_http_off_loopback_without_authentication_stops_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "--transport", "http", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("seekrflow-mcp: Refusing to serve on 0.0.0.0 with no authentication: ")
    assert err.count("\n") == 1


def test_the_asgi_app_needs_authentication_and_then_imports(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "SEEKR_API_KEY": "sk-x"}
    code = "import seekrflow_mcp.asgi as m; print(type(m.app).__name__)"
    refused = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.startswith("seekrflow-mcp: seekrflow_mcp.asgi:app has no authentication")
    env["SEEKRFLOW_MCP_HTTP_TOKEN"] = TOKEN
    served = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert (served.returncode, served.stdout, served.stderr) == (0, "Starlette\n", "")
