"""An async client for the part of the SeekrFlow API this project uses.

One method per endpoint, typed results. It never crashes on what the API sends back: every
outcome is a model or a `SeekrFlowError`. How each request is sent (the caller's key, retries
within the call's budget, failing fast, the body's cap) is `exchange.py`'s.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, BinaryIO, Protocol, TypeVar, cast

import anyio
import httpx2
from pydantic import BaseModel, ValidationError

from seekrflow_mcp.seekrflow import bulk, errors, parsing, responses
from seekrflow_mcp.seekrflow.exchange import Credentials, Exchange
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
from seekrflow_mcp.text.sanitize import NAME_LIMIT, clean

M = TypeVar("M", bound=BaseModel)

_ID = re.compile(RESOURCE_ID_PATTERN)
_EXAMPLES = {"data job": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", "file": "file-0d1c2b3a-4958-4677-8695-a4b3c2d1e0f9"}
PAGE_SIZE_MAX = 100
_JOB = "/v1/flow/data-jobs/{job_id}"


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
        self._exchange = Exchange(
            options, transport=transport, sleep=sleep, jitter=jitter, now=now, monotonic=monotonic
        )

    def __repr__(self) -> str:
        return f"SeekrFlowClient(base_url={normalize_base_url(self.options.base_url)!r})"

    async def __aenter__(self) -> SeekrFlowClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._exchange.aclose()

    def budget(self) -> AbstractContextManager[None]:
        """The requests made inside share one budget for retrying, `call_budget` seconds from now;
        outside, each request has its own."""
        return self._exchange.budget()

    def acting_for(self, credentials: Credentials | None) -> AbstractContextManager[None]:
        """The requests made inside are made with `credentials`; None: with the server's own key."""
        return self._exchange.acting_for(credentials)

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

    # -- the answers, as models ----------------------------------------------------

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
            status, headers, body = await self._exchange.send(method, path, what=what, route=route or path, **kwargs)
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
