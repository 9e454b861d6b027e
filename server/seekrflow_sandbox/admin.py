"""The sandbox's own controls under /_sandbox, for tests and demos driving it over HTTP.

They need the API key like any route, and are never logged, slowed down or faulted.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from seekrflow_sandbox import validation
from seekrflow_sandbox.clock import FakeClock
from seekrflow_sandbox.drift import DriftVariant
from seekrflow_sandbox.faults import MIB, Chaos, Fault, FaultKind
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
        Route(ADMIN_PREFIX + "/faults", admin.faults, methods=["GET"], name="admin_faults"),
        Route(ADMIN_PREFIX + "/settings", admin.settings, methods=["POST"], name="admin_settings"),
        Route(ADMIN_PREFIX + "/clock/advance", admin.advance_clock, methods=["POST"], name="admin_advance_clock"),
        Route(ADMIN_PREFIX + "/requests", admin.requests, methods=["GET"], name="admin_requests"),
        Route(ADMIN_PREFIX + "/reset", admin.reset, methods=["POST"], name="admin_reset"),
    ]


class FaultBody(BaseModel):
    kind: FaultKind
    status: int | None = Field(default=None, ge=100, le=599)
    retry_after: str | None = None
    detail: str | list[dict[str, Any]] | None = None
    body: str | None = None
    seconds: float = Field(default=5.0, ge=0)
    route: str | None = None
    size: int = Field(default=2 * MIB, ge=0)
    variant: DriftVariant | None = None


class ChaosBody(BaseModel):
    rate: float = Field(ge=0, le=1)
    faults: list[FaultBody] = Field(min_length=1)


class SettingsBody(BaseModel):
    latency: float | None = Field(default=None, ge=0)
    error_rates: dict[str, Annotated[float, Field(ge=0, le=1)]] | None = None
    chaos: ChaosBody | None = None  # null turns chaos off; left out, it stays as it is


class AdvanceBody(BaseModel):
    seconds: float = Field(ge=0)


class _Admin:
    def __init__(self, sandbox: Sandbox) -> None:
        self._sandbox = sandbox

    async def push_fault(self, request: Request) -> Response:
        fault = _fault(validation.body(FaultBody, await request.body()), ["body"])
        self._sandbox.faults.push(fault)
        return JSONResponse({"pending": len(self._sandbox.faults.pending)})

    async def faults(self, request: Request) -> Response:
        faults = self._sandbox.faults
        return JSONResponse({"pending": len(faults.pending), "injected": dict(faults.injected)})

    async def settings(self, request: Request) -> Response:
        body = validation.body(SettingsBody, await request.body())
        faults = self._sandbox.faults
        if body.latency is not None:
            faults.latency = body.latency
        if body.error_rates is not None:
            for route in body.error_rates:
                _check_route(route, ["body", "error_rates"])
            faults.error_rates = dict(body.error_rates)
        if "chaos" in body.model_fields_set:
            faults.chaos = _chaos(body.chaos)
        chaos = asdict(faults.chaos) if faults.chaos is not None else None
        return JSONResponse({"latency": faults.latency, "error_rates": faults.error_rates, "chaos": chaos})

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


def _chaos(body: ChaosBody | None) -> Chaos | None:
    if body is None:
        return None
    return Chaos(body.rate, [_fault(fault, ["body", "chaos", "faults", i]) for i, fault in enumerate(body.faults)])


def _fault(body: FaultBody, loc: list[str | int]) -> Fault:
    """The Fault `body` describes; a refusal located at `loc` when it is not one."""
    _check_route(body.route, [*loc, "route"])
    try:
        return Fault(**body.model_dump())
    except ValueError as exc:
        error = {"loc": loc, "msg": str(exc), "type": "value_error", "input": body.model_dump()}
        raise RequestInvalid([error]) from exc


def _check_route(route: str | None, loc: list[str | int]) -> None:
    if route is not None and route not in ROUTE_NAMES:
        raise RequestInvalid(
            [
                {
                    "loc": loc,
                    "msg": f"Unknown route; one of {', '.join(sorted(ROUTE_NAMES))}",
                    "type": "value_error",
                    "input": route,
                }
            ]
        )
