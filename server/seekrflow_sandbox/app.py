"""The Starlette app: SeekrFlow's routes under /v1/flow (plus the sandbox's own, `admin.py`).

Every answer is JSON (204 aside): refusals are `{"detail": "..."}`, validation failures
FastAPI's 422 list, and unknown paths or methods a JSON 404/405.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from seekrflow_sandbox import assumptions, payloads, validation
from seekrflow_sandbox.admin import admin_routes
from seekrflow_sandbox.gateway import ACCOUNT, Gateway
from seekrflow_sandbox.routes import API_ROUTES
from seekrflow_sandbox.store import ApiError, Job, Store, StoredFile
from seekrflow_sandbox.validation import RequestInvalid

if TYPE_CHECKING:
    from seekrflow_sandbox import Sandbox

_JOB_SORT_KEYS: dict[str, Callable[[Job], Any]] = {
    "name": lambda job: job.name,
    "created_at": lambda job: job.created_at,
    "job_type": lambda job: job.job_type,
}
_FILE_SORT_KEYS: dict[str, Callable[[StoredFile], Any]] = {
    "created_at": lambda f: f.created_at,
    "filename": lambda f: f.filename,
    "type": lambda f: f.type,
    "size": lambda f: f.bytes,
}


def build_app(sandbox: Sandbox) -> Starlette:
    api = _Api(sandbox)
    routes = [
        Route(path, getattr(api, name), methods=[method], name=name) for name, method, path in API_ROUTES
    ] + admin_routes(sandbox)
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                Gateway,
                accounts=sandbox.accounts,
                faults=sandbox.faults,
                requests=sandbox.requests,
            )
        ],
        exception_handlers={
            ApiError: _api_error,
            RequestInvalid: _request_invalid,
            HTTPException: _http_exception,
        },
    )
    # A trailing slash is a 404 like any unknown path, not a redirect with no JSON body.
    app.router.redirect_slashes = False
    return app


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status)


async def _request_invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestInvalid)
    return JSONResponse({"detail": exc.errors}, status_code=422)


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


class _Api:
    """One method per SeekrFlow route; state changes happen under the sandbox's lock."""

    def __init__(self, sandbox: Sandbox) -> None:
        self._sandbox = sandbox

    def _now(self) -> datetime:
        return self._sandbox.clock.now()

    async def list_data_jobs(self, request: Request) -> Response:
        q = validation.query(validation.ListJobsQuery, dict(request.query_params))
        with self._sandbox.lock:
            now = self._now()
            jobs = [
                job
                for job in _store(request).jobs.values()
                if not job.deleted and (q.job_type is None or job.job_type == q.job_type)
            ]
            key = _JOB_SORT_KEYS[q.sort_by]
            jobs.sort(key=lambda job: (key(job), job.id), reverse=q.sort_order == "desc")
            page = jobs[q.offset : q.offset + q.limit]
            return JSONResponse({"object": "list", "data": [payloads.job_row(job, now) for job in page]})

    async def create_data_job(self, request: Request) -> Response:
        body = validation.body(validation.CreateJobBody, await request.body())
        with self._sandbox.lock:
            job = _store(request).create_job(body.name, body.job_type, body.system_prompt, body.instructions)
            return JSONResponse(payloads.job_row(job, self._now()))

    async def get_data_job(self, request: Request) -> Response:
        with self._sandbox.lock:
            return self._detail(request, self._job(request))

    async def update_data_job(self, request: Request) -> Response:
        body = validation.body(validation.UpdateJobBody, await request.body(), required=False)
        changes = {field: getattr(body, field) for field in body.model_fields_set}
        if changes.get("name", "") is None:
            del changes["name"]
        with self._sandbox.lock:
            job = self._job(request)
            _store(request).update_job(job, changes)
            return self._detail(request, job)

    async def delete_data_job(self, request: Request) -> Response:
        with self._sandbox.lock:
            _store(request).delete(self._job(request))
        return Response(status_code=204)

    async def add_files(self, request: Request) -> Response:
        body = validation.body(validation.AddFilesBody, await request.body())
        method = body.method.value if body.method is not None else assumptions.DEFAULT_METHOD
        with self._sandbox.lock:
            job = self._job(request)
            _store(request).add_files(job, body.file_ids, method)
            return self._detail(request, job)

    async def remove_files(self, request: Request) -> Response:
        body = validation.body(validation.RemoveFilesBody, await request.body())
        with self._sandbox.lock:
            job = self._job(request)
            _store(request).remove_files(job, body.file_ids)
            return self._detail(request, job)

    async def start_data_job(self, request: Request) -> Response:
        with self._sandbox.lock:
            job = self._job(request)
            _store(request).start(job)
            return self._detail(request, job)

    async def cancel_data_job(self, request: Request) -> Response:
        with self._sandbox.lock:
            job = self._job(request)
            _store(request).cancel(job)
            return self._detail(request, job)

    async def upload_file(self, request: Request) -> Response:
        async with request.form() as form:
            part = form.get("files")
            errors = []
            if not isinstance(part, UploadFile):
                errors.append({"loc": ["body", "files"], "msg": "Field required", "type": "missing", "input": None})
            purpose = form.get("purpose")
            try:
                fields = validation.form(validation.UploadForm, {} if purpose is None else {"purpose": purpose})
            except RequestInvalid as exc:
                errors += exc.errors
            if errors or not isinstance(part, UploadFile):
                raise RequestInvalid(errors)
            size = part.size if part.size is not None else len(await part.read())
            with self._sandbox.lock:
                stored = _store(request).upload(part.filename or "", size, fields.purpose.value)
                return JSONResponse(payloads.file(stored))

    async def list_files(self, request: Request) -> Response:
        q = validation.query(validation.ListFilesQuery, dict(request.query_params))
        with self._sandbox.lock:
            files = [
                f
                for f in _store(request).files.values()
                if not f.deleted and (q.purpose is None or f.purpose == q.purpose.value)
            ]
            key = _FILE_SORT_KEYS[q.sort_by]
            files.sort(key=lambda f: (key(f), f.id), reverse=q.sort_order == "desc")
            page = files[q.offset : q.offset + q.limit]
            return JSONResponse({"object": "list", "data": [payloads.file(f) for f in page]})

    async def get_file(self, request: Request) -> Response:
        with self._sandbox.lock:
            return JSONResponse(payloads.file(_store(request).file(request.path_params["file_id"])))

    async def validate_file_metadata(self, request: Request) -> Response:
        body = validation.body(validation.ValidateMetadataBody, await request.body())
        problems = assumptions.upload_problems(body.purpose, body.suffix.lstrip(".").lower(), body.size)
        return JSONResponse({"is_valid": not problems, "errors": " ".join(problems) or None})

    def _job(self, request: Request) -> Job:
        return _store(request).job(request.path_params["job_id"])

    def _detail(self, request: Request, job: Job) -> Response:
        return JSONResponse(payloads.job_detail(job, self._now(), _store(request).queue))


def _store(request: Request) -> Store:
    """The world of the key that made the request: the gateway authenticated it."""
    store = request.scope[ACCOUNT]
    assert isinstance(store, Store)
    return store
