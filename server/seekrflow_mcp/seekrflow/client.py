"""An async client for the part of the SeekrFlow API this project uses.

One shared `httpx2.AsyncClient`, one method per endpoint, typed results. It never
crashes on what the API sends back: every outcome is a model or a `SeekrFlowError`.

Retries: a GET is retried on transport failures and on 429/502/503/504, honouring
`Retry-After`. A POST or PUT is retried only when it never reached the server (the
connection could not be made): add-files and remove-files must never be applied twice.
Retrying stops when the call's budget is spent (`budget()`: a tool call, or one poll of a
wait), and while SeekrFlow is known to be failing a request is tried once, quickly
(`outage.py`).
"""

from __future__ import annotations

import logging
import random
import re
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO, Protocol, TypeVar, cast
from urllib.parse import urlsplit

import anyio
import httpx2
from pydantic import BaseModel, SecretStr, ValidationError

from seekrflow_mcp import tracing
from seekrflow_mcp.seekrflow import bulk, errors, parsing, responses
from seekrflow_mcp.seekrflow.models import (
    RESOURCE_ID_PATTERN,
    DataJob,
    DataJobDetail,
    DataJobList,
    File,
    FileList,
    FileMetadataValidation,
)
from seekrflow_mcp.seekrflow.options import ClientOptions, normalize_base_url
from seekrflow_mcp.seekrflow.outage import Outage, Outages, key_id
from seekrflow_mcp.text.sanitize import NAME_LIMIT, clean

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
# What SeekrFlow answered: the status, the headers and the body.
Answer = tuple[int, httpx2.Headers, parsing.Body]

_ID = re.compile(RESOURCE_ID_PATTERN)
_EXAMPLES = {"data job": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", "file": "file-0d1c2b3a-4958-4677-8695-a4b3c2d1e0f9"}
_RETRY_STATUSES = frozenset({429, 502, 503, 504})
PAGE_SIZE_MAX = 100
_JOB = "/v1/flow/data-jobs/{job_id}"
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


def check_id(value: str, what: str) -> str:
    """Refuse anything that could change the path (`../x`, `%2e`, `/`, `?`, `#`, spaces)."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        # Cleaned, then quoted: a long value is cut inside its quotes, never through them.
        shown = repr(clean(value, 60)) if isinstance(value, str) else repr(type(value).__name__)
        raise errors.InvalidId(
            f"{shown} is not a valid {what} id: SeekrFlow ids are 1-128 letters, digits, '-' or '_' "
            f"(like {_EXAMPLES.get(what, _EXAMPLES['data job'])})."
        )
    return value


def utc_now() -> datetime:
    return datetime.now(UTC)


class SeekrFlowClient:
    def __init__(
        self,
        options: ClientOptions,
        *,
        transport: httpx2.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
        jitter: Callable[[], float] = random.random,
        now: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
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

    def __repr__(self) -> str:
        return f"SeekrFlowClient(base_url={normalize_base_url(self.options.base_url)!r})"

    async def __aenter__(self) -> SeekrFlowClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

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
        """The requests made inside are made with `credentials`; None: with the client's own key."""
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

    # -- data jobs ---------------------------------------------------------------

    async def list_data_jobs(
        self,
        *,
        job_type: str | None = None,
        sort_by: str = "created_at",
        sort_order: str = "desc",
        limit: int = 25,
        offset: int = 0,
    ) -> list[DataJob]:
        params: dict[str, Any] = {"sort_by": sort_by, "sort_order": sort_order, "limit": limit, "offset": offset}
        if job_type:
            params["job_type"] = job_type
        page = await self._call(
            "GET", "/v1/flow/data-jobs", DataJobList, what="the list of data jobs", fixed_path=True, params=params
        )
        return page.data

    async def iter_data_jobs(
        self,
        *,
        job_type: str | None = None,
        sort_by: str = "created_at",
        sort_order: str = "desc",
        page_size: int = PAGE_SIZE_MAX,
    ) -> AsyncIterator[DataJob]:
        """Every job, page by page; the API has no total, so a short page is the last."""

        async def page(offset: int) -> list[DataJob]:
            return await self.list_data_jobs(
                job_type=job_type, sort_by=sort_by, sort_order=sort_order, limit=page_size, offset=offset
            )

        async for job in _pages(page, page_size, "jobs", "the list of data jobs"):
            yield job

    async def get_data_job(self, job_id: str) -> DataJobDetail:
        route = _JOB
        path = route.format(job_id=check_id(job_id, "data job"))
        return await self._call("GET", path, DataJobDetail, what=f"data job {job_id}", route=route)

    async def add_files(self, job_id: str, file_ids: Sequence[str], method: str) -> DataJobDetail:
        body = {"file_ids": [check_id(f, "file") for f in file_ids], "method": method}
        route = _JOB + "/add-files"
        path = route.format(job_id=check_id(job_id, "data job"))
        what = f"adding files to data job {job_id}"
        return await self._call("POST", path, DataJobDetail, what=what, route=route, json=body)

    async def remove_files(self, job_id: str, file_ids: Sequence[str]) -> DataJobDetail:
        body = {"file_ids": [check_id(f, "file") for f in file_ids]}
        route = _JOB + "/remove-files"
        path = route.format(job_id=check_id(job_id, "data job"))
        what = f"removing files from data job {job_id}"
        return await self._call("POST", path, DataJobDetail, what=what, route=route, json=body)

    async def start_data_job(self, job_id: str) -> DataJobDetail:
        route = _JOB + "/start"
        path = route.format(job_id=check_id(job_id, "data job"))
        return await self._call("POST", path, DataJobDetail, what=f"starting data job {job_id}", route=route)

    # -- files -------------------------------------------------------------------

    async def list_files(
        self,
        *,
        purpose: str | None = None,
        sort_by: str = "created_at",
        sort_order: str = "desc",
        limit: int = 100,
        offset: int = 0,
    ) -> list[File]:
        params: dict[str, Any] = {"sort_by": sort_by, "sort_order": sort_order, "limit": limit, "offset": offset}
        if purpose:
            params["purpose"] = purpose
        page = await self._call(
            "GET", "/v1/flow/files", FileList, what="the list of files", fixed_path=True, params=params
        )
        return page.data

    async def get_file(self, file_id: str) -> File:
        route = "/v1/flow/files/{file_id}"
        path = route.format(file_id=check_id(file_id, "file"))
        return await self._call("GET", path, File, what=f"file {file_id}", route=route)

    async def iter_files(self, *, purpose: str | None = None, page_size: int = PAGE_SIZE_MAX) -> AsyncIterator[File]:
        """Every uploaded file, newest first, page by page; a short page is the last."""

        async def page(offset: int) -> list[File]:
            return await self.list_files(purpose=purpose, limit=page_size, offset=offset)

        async for file in _pages(page, page_size, "files", "the list of files"):
            yield file

    async def upload_file(self, filename: str, content: BinaryIO, *, purpose: str = "alignment") -> File:
        """Streams `content` (a file open for binary reading) in chunks: a 1 GB file is never held in
        memory. httpx2 rewinds it before each attempt, so a retry of an upload that never reached
        SeekrFlow sends it whole."""
        files = {"files": (filename, content, "application/octet-stream")}
        return await self._call(
            "PUT",
            "/v1/flow/files",
            File,
            what=f"uploading {clean(filename, NAME_LIMIT)}",
            fixed_path=True,
            files=files,
            data={"purpose": purpose},
        )

    async def validate_file_metadata(self, *, purpose: str, suffix: str, size: int) -> FileMetadataValidation:
        body = {"purpose": purpose, "suffix": suffix.lstrip("."), "size": size}
        return await self._call(
            "POST",
            "/v1/flow/files/validate_metadata",
            FileMetadataValidation,
            what="validating file metadata",
            fixed_path=True,
            json=body,
        )

    # -- the one way requests are made -------------------------------------------

    async def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        what: str,
        fixed_path: bool = False,
        route: str | None = None,
        **kwargs: Any,
    ) -> M:
        """`fixed_path`: the path names no job or file, so a 404 can only mean the endpoint is
        not where the base URL points. `route`: the path's template, as traces name it (the
        path itself when it names no id)."""
        try:
            status, headers, body = await self._send(method, path, what=what, route=route or path, **kwargs)
        except errors.NotFound as exc:
            if fixed_path:
                raise responses.no_endpoint(exc, what) from None
            raise
        request_id = headers.get("cf-ray")
        # A change that was answered was applied, whatever the answer looked like.
        after = " If it persists" if method == "GET" else " The change was probably applied. If this persists"
        report = "report it with the request id" if request_id else "report it to SeekrFlow support"
        if model is DataJobDetail:
            # A job's detail holds 100,000s of records: read fast where that reads the same.
            fast = bulk.detail(body)
            if fast is not None:
                return cast(M, fast)
        # The body is parsed to plain values and dropped before the models are built: validating
        # the JSON directly holds the body, pydantic's own tree of it and the models at once,
        # over 3x the body for a 100,000-file job.
        values = parsing.values(body)
        if values is not parsing.NOT_JSON:
            body = b""  # JSON that parsed cannot start with "<": `looks_like_html` needs no more
        try:
            return parsing.validated(model, values, body)
        except ValidationError as exc:
            if responses.looks_like_html(headers, body):
                applied = "" if method == "GET" else " The change was probably applied."
                raise errors.UnexpectedResponse(
                    f"SeekrFlow sent an HTML page instead of JSON for {what} (HTTP {status}); "
                    f"a proxy or gateway may be in the way. Check SEEKR_BASE_URL.{applied}",
                    status=status,
                    request_id=request_id,
                    maybe_applied=method != "GET",
                ) from None
            if any(e["type"] == "json_invalid" for e in exc.errors()):
                detail = "a body that is not valid JSON"
            else:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "the body"
                detail = f"a payload this server cannot read ({where}: {first['msg']})"
            raise errors.UnexpectedResponse(
                f"SeekrFlow sent {detail} for {what} (HTTP {status}).{after}, the API may have changed: {report}.",
                status=status,
                request_id=request_id,
                maybe_applied=method != "GET",
            ) from None

    async def _send(self, method: str, path: str, *, what: str, route: str, **kwargs: Any) -> Answer:
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
                status, headers, body = await self._exchange(method, path, what=what, **kwargs)
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

    async def _exchange(self, method: str, path: str, *, what: str, **kwargs: Any) -> Answer:
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


class _Listed(Protocol):
    @property
    def id(self) -> str: ...


L = TypeVar("L", bound=_Listed)


async def _pages(read: Callable[[int], Awaitable[list[L]]], page_size: int, items: str, what: str) -> AsyncIterator[L]:
    """Every item of a list the API pages with `offset`; it has no total, so a short page is the last."""
    offset = 0
    seen: set[str] = set()
    while True:
        page = await read(offset)
        if page and page[0].id in seen:
            # An API that ignores `offset` would otherwise page the same items forever.
            raise errors.UnexpectedResponse(
                f"SeekrFlow sent {items} already listed for offset {offset}, so {what} cannot be paged; the API "
                "may have changed: report it."
            )
        seen.update(item.id for item in page)
        for item in page:
            yield item
        if len(page) < page_size:
            return
        offset += len(page)


def _tls_context(base_url: str) -> ssl.SSLContext | bool:
    """`True` (the system's CAs, ~30 ms to load) for https. An http:// base URL never uses TLS
    unless a proxy does: it gets a context that still verifies but trusts no CA, so such a
    proxy fails closed rather than unverified."""
    if urlsplit(base_url).scheme == "https":
        return True
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
