"""The sandbox's own controls under /_sandbox, for tests and demos driving it over HTTP.

They need the API key like any route, and are never logged, slowed down or faulted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from seekrflow_sandbox import validation
from seekrflow_sandbox.clock import FakeClock
from seekrflow_sandbox.faults import Fault, FaultKind
from seekrflow_sandbox.gateway import ADMIN_PREFIX
from seekrflow_sandbox.routes import ROUTE_NAMES
from seekrflow_sandbox.store import ApiError
from seekrflow_sandbox.timestamps import iso
from seekrflow_sandbox.validation import RequestInvalid

if TYPE_CHECKING:
    from seekrflow_sandbox import Sandbox


def admin_routes(sandbox: Sandbox) -> list[Route]:
    admin = _Admin(sandbox)
    return [
        Route(ADMIN_PREFIX + "/faults", admin.push_fault, methods=["POST"], name="admin_push_fault"),
        Route(ADMIN_PREFIX + "/settings", admin.settings, methods=["POST"], name="admin_settings"),
        Route(ADMIN_PREFIX + "/clock/advance", admin.advance_clock, methods=["POST"], name="admin_advance_clock"),
        Route(ADMIN_PREFIX + "/requests", admin.requests, methods=["GET"], name="admin_requests"),
        Route(ADMIN_PREFIX + "/reset", admin.reset, methods=["POST"], name="admin_reset"),
    ]


class FaultBody(BaseModel):
    kind: FaultKind
    status: int | None = Field(default=None, ge=100, le=599)
    retry_after: str | None = None
    detail: str | None = None
    body: str | None = None
    seconds: float = Field(default=5.0, ge=0)
    route: str | None = None


class SettingsBody(BaseModel):
    latency: float | None = Field(default=None, ge=0)
    error_rates: dict[str, Annotated[float, Field(ge=0, le=1)]] | None = None


class AdvanceBody(BaseModel):
    seconds: float = Field(ge=0)


class _Admin:
    def __init__(self, sandbox: Sandbox) -> None:
        self._sandbox = sandbox

    async def push_fault(self, request: Request) -> Response:
        body = validation.body(FaultBody, await request.body())
        _check_route(body.route, "route")
        self._sandbox.faults.push(Fault(**body.model_dump()))
        return JSONResponse({"pending": len(self._sandbox.faults.pending)})

    async def settings(self, request: Request) -> Response:
        body = validation.body(SettingsBody, await request.body())
        faults = self._sandbox.faults
        if body.latency is not None:
            faults.latency = body.latency
        if body.error_rates is not None:
            for route in body.error_rates:
                _check_route(route, "error_rates")
            faults.error_rates = dict(body.error_rates)
        return JSONResponse({"latency": faults.latency, "error_rates": faults.error_rates})

    async def advance_clock(self, request: Request) -> Response:
        body = validation.body(AdvanceBody, await request.body())
        clock = self._sandbox.clock
        if not isinstance(clock, FakeClock):
            raise ApiError(409, "This sandbox runs on the system clock; only a FakeClock can be advanced.")
        with self._sandbox.lock:
            clock.advance(body.seconds)
            return JSONResponse({"now": iso(clock.now())})

    async def requests(self, request: Request) -> Response:
        log = [{"method": method, "path": path} for method, path in self._sandbox.requests]
        return JSONResponse({"requests": log})

    async def reset(self, request: Request) -> Response:
        with self._sandbox.lock:
            self._sandbox.reset()
        return JSONResponse({"now": iso(self._sandbox.clock.now())})


def _check_route(route: str | None, field: str) -> None:
    if route is not None and route not in ROUTE_NAMES:
        raise RequestInvalid(
            [
                {
                    "loc": ["body", field],
                    "msg": f"Unknown route; one of {', '.join(sorted(ROUTE_NAMES))}",
                    "type": "value_error",
                    "input": route,
                }
            ]
        )
