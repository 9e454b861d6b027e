"""The ASGI app that serves MCP over streamable HTTP, built from Settings alone.

Stateless, with SSE answers (JSON answers would drop progress). Routes: the MCP endpoint
(`http_path`), behind the SDK's bearer auth, the write-scope gate and its DNS-rebinding check;
`/health` and `/ready`, open; with OAuth, the RFC 9728 metadata the SDK adds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import anyio
import httpx2
from mcp.server.auth.routes import build_resource_metadata_url
from mcp.server.transport_security import DEFAULT_MAX_REQUEST_BODY_SIZE, TransportSecuritySettings
from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.types import ASGIApp

from seekrflow_mcp.config import ConfigError, Settings
from seekrflow_mcp.loopback import is_loopback
from seekrflow_mcp.remote.auth import SigningKeys, authentication, who_may_call
from seekrflow_mcp.remote.health import Readiness, UpstreamProbe, health
from seekrflow_mcp.remote.scopes import WriteScopeGate
from seekrflow_mcp.server import build_server, utc_now
from seekrflow_mcp.tools import TOOLS

log = logging.getLogger("seekrflow_mcp.remote")

LOOPBACK_HOSTS = ["127.0.0.1", "127.0.0.1:*", "localhost", "localhost:*", "[::1]", "[::1]:*"]
LOOPBACK_ORIGINS = ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"]


@dataclass(frozen=True)
class Upstream:
    """How the app reaches SeekrFlow and tells time; tests put the sandbox and its clock here,
    and a fake JWKS client in `keys`."""

    transport: httpx2.AsyncBaseTransport | None = None
    now: Callable[[], datetime] = utc_now
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep
    monotonic: Callable[[], float] = time.monotonic
    keys: SigningKeys | None = None


def for_http(settings: Settings) -> Settings:
    """The settings a remote server runs with: no upload folders, since a remote caller must
    never read this machine's files (and so `upload_file` is never offered)."""
    if not settings.upload_roots:
        return settings
    log.warning("upload_roots is ignored over HTTP: a remote caller must never read this machine's files")
    return settings.model_copy(update={"upload_roots": []})


def build_app(settings: Settings, upstream: Upstream | None = None) -> Starlette:
    upstream = upstream or Upstream()
    settings = for_http(settings)
    remote = who_may_call(settings, keys=upstream.keys)
    server = build_server(
        settings,
        transport=upstream.transport,
        now=upstream.now,
        sleep=upstream.sleep,
        monotonic=upstream.monotonic,
        remote=remote,
    )
    mcp: ASGIApp = server.streamable_http_app(
        streamable_http_path=settings.http_path,
        stateless_http=True,
        json_response=False,
        transport_security=transport_security(settings),
    )
    if remote is not None:
        resource = remote.auth.resource_server_url
        mcp = WriteScopeGate(
            mcp,
            path=settings.http_path,
            verifier=remote.token_verifier,
            reading=frozenset(tool.name for tool in TOOLS if tool.reads_only),
            max_body=DEFAULT_MAX_REQUEST_BODY_SIZE,
            resource_metadata=str(build_resource_metadata_url(resource)) if resource else None,
        )
    probe = UpstreamProbe(settings, upstream.transport)
    readiness = Readiness(probe, monotonic=upstream.monotonic)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The session manager's exit cancels what still runs; the ASGI server's graceful shutdown
        # waits for in-flight requests before it gets there.
        async with probe, server.session_manager.run():
            yield

    routes: list[Route | Mount] = [
        Route("/health", health, methods=["GET"]),
        Route("/ready", readiness.endpoint, methods=["GET"]),
        Mount("", app=mcp),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def transport_security(settings: Settings) -> TransportSecuritySettings:
    """DNS-rebinding protection, always on: loopback, the resource URL's host, and the hosts and
    origins the settings add. (The SDK turns it off for a server given host 0.0.0.0 and no
    explicit settings.)"""
    hosts, origins = [*LOOPBACK_HOSTS], [*LOOPBACK_ORIGINS]
    if settings.resource_url:
        parts = urlsplit(settings.resource_url)
        hosts.append(parts.netloc)
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=[*hosts, *settings.allowed_hosts],
        allowed_origins=[*origins, *settings.allowed_origins],
    )


def check_exposure(settings: Settings, host: str | None) -> None:
    """Refuse to serve with no authentication where others can reach it. `host` is the address
    served on; None when an ASGI server chooses it, unseen, so authentication is always needed."""
    if settings.insecure_no_auth or authentication(settings) is not None:
        return
    if host is None:
        raise ConfigError(
            "seekrflow_mcp.asgi:app has no authentication: set SEEKRFLOW_MCP_HTTP_TOKEN (or the OAuth settings), "
            "or SEEKRFLOW_MCP_INSECURE_NO_AUTH=true if a gateway in front authenticates every caller."
        )
    if not is_loopback(host.strip("[]")):
        raise ConfigError(
            f"Refusing to serve on {host} with no authentication: set SEEKRFLOW_MCP_HTTP_TOKEN (or the OAuth "
            "settings), or pass --insecure-no-auth if a gateway in front authenticates every caller."
        )


def serve(settings: Settings) -> None:
    """`seekrflow-mcp serve --transport http`: uvicorn on `http_host:http_port` until stopped;
    on SIGTERM or Ctrl-C it stops accepting, lets in-flight calls finish, then exits."""
    import uvicorn

    check_exposure(settings, settings.http_host)
    app = build_app(settings)
    log.warning("serving MCP on http://%s:%d%s", settings.http_host, settings.http_port, settings.http_path)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level=settings.log_level.lower(),
        lifespan="on",
        # Only the proxy on this machine may say who the client is.
        forwarded_allow_ips="127.0.0.1",
    )
