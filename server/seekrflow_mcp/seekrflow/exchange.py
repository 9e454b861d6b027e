"""The one way requests to SeekrFlow are made: each with its caller's key, retried within the
call's budget, tried once and quickly while SeekrFlow is known to be failing (`outage.py`),
traced, and its body read within the cap. `client.py` says what is asked and reads the answers.

Retries: a GET is retried on transport failures and on 429/502/503/504, honouring
`Retry-After`. A POST or PUT is retried only when it never reached the server (the
connection could not be made): add-files and remove-files must never be applied twice.
Retrying stops when the call's budget is spent (`budget()`: a tool call, or one poll of a
wait).
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx2
from pydantic import SecretStr

from seekrflow_mcp import tracing
from seekrflow_mcp.seekrflow import errors, parsing, responses
from seekrflow_mcp.seekrflow.options import ClientOptions, normalize_base_url
from seekrflow_mcp.seekrflow.outage import Outage, Outages, key_id

log = logging.getLogger(__name__)

# What SeekrFlow answered: the status, the headers and the body.
Answer = tuple[int, httpx2.Headers, parsing.Body]

_RETRY_STATUSES = frozenset({429, 502, 503, 504})
# The timeout of the one attempt a request gets while SeekrFlow is failing, and the least any
# attempt is given however little of the budget is left.
QUICK = 5.0

# When the current call's retrying must end, in `monotonic` seconds; None outside `budget()`.
_deadline: ContextVar[float | None] = ContextVar("seekrflow_deadline", default=None)


@dataclass(frozen=True)
class Credentials:
    """Who SeekrFlow is asked as: a key and, for a key that serves several teams, the team."""

    api_key: SecretStr
    team_id: str | None = None


# The credentials of the caller the current requests are made for; None outside `acting_for()`.
_caller: ContextVar[Credentials | None] = ContextVar("seekrflow_caller", default=None)


class Exchange:
    """The connection pool all callers share, and the clock and pauses retries are timed by
    (tests pass fakes)."""

    def __init__(
        self,
        options: ClientOptions,
        *,
        transport: httpx2.AsyncBaseTransport | None,
        sleep: Callable[[float], Awaitable[None]],
        jitter: Callable[[], float],
        now: Callable[[], datetime],
        monotonic: Callable[[], float],
    ) -> None:
        self.options = options
        self._sleep = sleep
        self._jitter = jitter
        self._now = now
        self._monotonic = monotonic
        self._own = None if options.api_key is None else Credentials(options.api_key, options.team_id)
        self._outages = Outages(options.fail_fast_window, monotonic, now)
        self._transport = transport
        self._client: httpx2.AsyncClient | None = None

    @property
    def _http(self) -> httpx2.AsyncClient:
        """Made on first use, not at start-up: building it imports the transport and may load the
        system's CA certificates, which the host would otherwise wait for before `initialize`."""
        if self._client is None:
            self._client = self._new_http()
        return self._client

    def _new_http(self) -> httpx2.AsyncClient:
        # No key among the shared headers: each request carries its caller's (`_credentials`), and
        # the connection pool is all that callers share.
        options = self.options
        base_url = normalize_base_url(options.base_url)
        return httpx2.AsyncClient(
            base_url=base_url,
            headers={"Accept": "application/json"},
            timeout=httpx2.Timeout(
                connect=options.connect_timeout,
                read=options.read_timeout,
                write=options.read_timeout,
                pool=options.connect_timeout,
            ),
            # A team's server has many calls in flight at once: keeping as many connections as
            # it may open saves a TCP (and TLS) handshake per request once the pool has grown.
            limits=httpx2.Limits(max_connections=100, max_keepalive_connections=100),
            transport=self._transport,
            verify=_tls_context(base_url),
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    @contextmanager
    def budget(self) -> Iterator[None]:
        """The requests made inside share one budget for retrying, `call_budget` seconds from now;
        outside, each request has its own."""
        token = _deadline.set(self._monotonic() + self.options.call_budget)
        try:
            yield
        finally:
            _deadline.reset(token)

    @contextmanager
    def acting_for(self, credentials: Credentials | None) -> Iterator[None]:
        """The requests made inside are made with `credentials`; None: with the server's own key."""
        token = _caller.set(credentials)
        try:
            yield
        finally:
            _caller.reset(token)

    def _credentials(self) -> Credentials:
        credentials = _caller.get() or self._own
        if credentials is None:
            # Only a server wired wrongly gets here: a key source always gives a key or refuses first.
            raise errors.Unauthorized("No SeekrFlow API key was given for this request.")
        return credentials

    async def send(self, method: str, path: str, *, what: str, route: str, **kwargs: Any) -> Answer:
        """What SeekrFlow answered `method path`, within the call's budget; a failure it gave up on
        raised as a `SeekrFlowError`. `route`: the path's template, as traces name it."""
        credentials = self._credentials()
        auth = {"Authorization": credentials.api_key.get_secret_value()}
        if credentials.team_id:
            auth["x-team-id"] = credentials.team_id
        kwargs["headers"] = auth
        key = key_id(credentials.api_key)
        outage = self._outages.current(key)
        if outage is not None:
            return await self._once(outage, key, method, path, what=what, route=route, **kwargs)
        idempotent = method in ("GET", "HEAD")
        deadline = _deadline.get()
        if deadline is None:  # outside a call's budget: this request has one of its own
            deadline = self._monotonic() + self.options.call_budget
        attempt = 0
        waited: float | None = None
        while True:
            attempt += 1
            timeout = self._timeout(deadline - self._monotonic())
            sent = _Sent(method, path, route, attempt, waited)
            try:
                status, headers, body = await self._attempt(sent, what=what, timeout=timeout, **kwargs)
            except httpx2.TransportError as exc:
                pause = self._backoff(attempt)
                retryable = idempotent or isinstance(exc, responses.NEVER_SENT)
                if retryable and attempt <= self.options.retries and self._fits(pause, deadline):
                    await self._sleep(pause)
                    waited = pause
                    continue
                raise self._gave_up(key, responses.transport_error(exc, what, attempt, idempotent), attempt) from None
            if status < 500:
                self._outages.answered(key)
            if status < 300:
                return status, headers, body
            wait = responses.retry_after_seconds(headers.get("retry-after"), self._now())
            pause = self._backoff(attempt) if wait is None else wait
            retryable = idempotent and status in _RETRY_STATUSES and attempt <= self.options.retries
            if retryable and pause <= self.options.max_retry_wait and self._fits(pause, deadline):
                await self._sleep(pause)
                waited = pause
                continue
            raise self._gave_up(key, responses.status_error(status, headers, body, what, wait, idempotent), attempt)

    async def _once(
        self, outage: Outage, key: str, method: str, path: str, *, what: str, route: str, **kwargs: Any
    ) -> Answer:
        """One quick attempt while SeekrFlow is known to be failing: no retries, a short timeout."""
        idempotent = method in ("GET", "HEAD")
        timeout = self._timeout(QUICK)
        try:
            sent = _Sent(method, path, route, 1, None)
            status, headers, body = await self._attempt(sent, what=what, timeout=timeout, **kwargs)
        except httpx2.TransportError as exc:
            raise responses.still_failing(
                responses.transport_error(exc, what, 1, idempotent), self._outages.failed(key, 1), self._now()
            ) from None
        if status >= 500:
            raise responses.still_failing(
                responses.status_error(status, headers, body, what, None, idempotent),
                self._outages.failed(key, 1),
                self._now(),
            )
        self._outages.answered(key)
        if status < 300:
            return status, headers, body
        wait = responses.retry_after_seconds(headers.get("retry-after"), self._now())
        raise responses.status_error(status, headers, body, what, wait, idempotent)

    async def _attempt(self, sent: _Sent, *, what: str, **kwargs: Any) -> Answer:
        method, path, attempt = sent.method, sent.path, sent.attempt
        started = time.perf_counter()
        with tracing.request_span(method, sent.route, attempt, sent.waited) as span:
            try:
                status, headers, body = await self._request(method, path, what=what, **kwargs)
            except httpx2.TransportError as exc:
                log.warning("%s %s failed: %s (attempt %d)", method, path, type(exc).__name__, attempt)
                raise
            tracing.answered(span, status)
        elapsed = (time.perf_counter() - started) * 1000
        log.debug("%s %s -> %d in %.0f ms (attempt %d)", method, path, status, elapsed, attempt)
        return status, headers, body

    def _gave_up(self, key: str, error: errors.SeekrFlowError, attempts: int) -> errors.SeekrFlowError:
        """A 5xx or a failed exchange marks SeekrFlow as failing for this key; nothing else does."""
        if isinstance(error, errors.Unavailable):
            self._outages.failed(key, attempts)
        return error

    def _fits(self, pause: float, deadline: float) -> bool:
        """Whether waiting `pause` still leaves time for another attempt within the budget."""
        return self._monotonic() + pause < deadline

    def _timeout(self, remaining: float) -> httpx2.Timeout:
        """The configured timeouts, cut to what is left of the budget, but never below QUICK."""
        left = max(remaining, QUICK)
        read = min(self.options.read_timeout, left)
        connect = min(self.options.connect_timeout, left)
        return httpx2.Timeout(connect=connect, read=read, write=read, pool=connect)

    async def _request(self, method: str, path: str, *, what: str, **kwargs: Any) -> Answer:
        cap = self.options.max_response_bytes
        async with self._http.stream(method, path, **kwargs) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise responses.too_large(what, cap, response)
            if declared.isdigit() and "content-encoding" not in response.headers:
                # Read into one buffer of the size declared: chunks kept and joined would hold
                # the body twice, and fill fresh memory with it twice (for a 100,000-file job,
                # a fifth of the read). A body longer than declared grows it; a shorter one is cut.
                body = bytearray(int(declared))
                size = 0
                async for chunk in response.aiter_bytes():
                    body[size : size + len(chunk)] = chunk
                    size += len(chunk)
                    if size > cap:
                        raise responses.too_large(what, cap, response)
                del body[size:]
                return response.status_code, response.headers, body
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    raise responses.too_large(what, cap, response)
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks)

    def _backoff(self, attempt: int) -> float:
        # Full jitter keeps many clients from retrying in step.
        ceiling = min(self.options.max_backoff, self.options.backoff * 2.0 ** (attempt - 1))
        return ceiling * (0.5 + self._jitter() / 2)


@dataclass(frozen=True)
class _Sent:
    """One attempt at a request: what is sent, the route it is traced as, and the seconds
    waited before it (None for a first attempt)."""

    method: str
    path: str
    route: str
    attempt: int
    waited: float | None


def _tls_context(base_url: str) -> ssl.SSLContext | bool:
    """`True` (the system's CAs, ~30 ms to load) for https. An http:// base URL never uses TLS
    unless a proxy does: it gets a context that still verifies but trusts no CA, so such a
    proxy fails closed rather than unverified."""
    if urlsplit(base_url).scheme == "https":
        return True
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
