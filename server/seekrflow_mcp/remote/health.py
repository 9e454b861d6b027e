"""`/health`: the process answers. `/ready`: SeekrFlow answers too, checked at most every few
seconds however often a load balancer asks. Neither needs a token, and neither says more than
one line."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from types import TracebackType

import anyio
import httpx2
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from seekrflow_mcp.config import Settings
from seekrflow_mcp.seekrflow.client import SeekrFlowClient
from seekrflow_mcp.seekrflow.errors import SeekrFlowError
from seekrflow_mcp.seekrflow.options import normalize_base_url

Probe = Callable[[], Awaitable[str | None]]  # None: SeekrFlow answers; else why not, in one line
# A probe must answer before a load balancer's own probe gives up (Kubernetes: 1 s by default).
PROBE_TIMEOUT = 3.0
MAX_REASON = 200


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")


class Readiness:
    """The probe's last answer, kept `ttl` seconds on `monotonic`; one probe at a time."""

    def __init__(self, probe: Probe, *, monotonic: Callable[[], float] = time.monotonic, ttl: float = 5.0) -> None:
        self._probe, self._monotonic, self._ttl = probe, monotonic, ttl
        self._lock = anyio.Lock()
        self._answer: tuple[float, str | None] | None = None

    async def reason(self) -> str | None:
        async with self._lock:
            if self._answer is None or self._monotonic() - self._answer[0] >= self._ttl:
                self._answer = (self._monotonic(), await self._probe())
            return self._answer[1]

    async def endpoint(self, request: Request) -> Response:
        reason = await self.reason()
        if reason is None:
            return PlainTextResponse("ready")
        return PlainTextResponse(f"not ready: {reason}", status_code=503)


class UpstreamProbe:
    """One cheap read of SeekrFlow with the server's key (the newest data job); with no key, any
    answer below 500 from the base URL. Its connections live as long as the app."""

    def __init__(self, settings: Settings, transport: httpx2.AsyncBaseTransport | None = None) -> None:
        self._client: SeekrFlowClient | None = None
        self._http: httpx2.AsyncClient | None = None
        if settings.api_key is not None:
            # Once, quickly: a probe that retries makes the load balancer wait.
            quick = settings.model_copy(update={"retries": 0, "fail_fast_window": 0, "read_timeout": PROBE_TIMEOUT})
            self._client = SeekrFlowClient(quick.client_options(), transport=transport)
        else:
            timeout = httpx2.Timeout(PROBE_TIMEOUT)
            self._http = httpx2.AsyncClient(
                base_url=normalize_base_url(settings.base_url), timeout=timeout, transport=transport
            )

    async def __aenter__(self) -> UpstreamProbe:
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._client is not None:
            await self._client.aclose()
        if self._http is not None:
            await self._http.aclose()

    async def __call__(self) -> str | None:
        try:
            with anyio.fail_after(PROBE_TIMEOUT * 2):
                return await self._ask()
        except TimeoutError:
            return "SeekrFlow did not answer in time"

    async def _ask(self) -> str | None:
        if self._client is not None:
            try:
                await self._client.list_data_jobs(limit=1)
            except SeekrFlowError as exc:
                return _one_line(str(exc))
            return None
        assert self._http is not None
        try:
            response = await self._http.get("/")
        except httpx2.HTTPError as exc:
            return f"SeekrFlow could not be reached ({type(exc).__name__})"
        if response.status_code >= 500:
            return f"SeekrFlow answered HTTP {response.status_code}"
        return None


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_REASON else line[: MAX_REASON - 1] + "…"
