"""A simulated SeekrFlow API (Starlette) for tests, the demo, and anyone without a key.

    sb = Sandbox(api_key="sk-sandbox", seed=0, clock=FakeClock(), world="default")
    client = httpx2.AsyncClient(transport=sb.transport(), base_url="http://sandbox")

Python controls: `sb.clock` (advance a FakeClock), `sb.faults` (latency, error_rates,
push(Fault(...)), chaos = Chaos(rate, [Fault(...), ...]), sleep, injected: a Counter of
kinds; see `faults.py`), `sb.requests` (every API request that reached the app, faulted or
not, as (method, path); never one refused by a connect_error), `sb.upload(...)`,
`sb.reset()`.

Accounts: every key the sandbox accepts owns a world of its own, and sees only its own jobs
and files. `api_key` owns the seeded world (`sb.store`); `sb.add_account(key)` adds one that
starts empty, with ids of its own, to test that callers with different keys stay apart.

Fault kinds: status, html, malformed_json, oversize, drift (variants in `drift.py`), stall,
drop, reset, connect_error. Through `sb.transport()` each behaves as over a network, read
timeouts included; over real HTTP, connect_error and reset degrade to drop.

The same controls over HTTP, under /_sandbox (same Authorization key; never logged,
slowed down or faulted):

    POST /_sandbox/faults         {"kind", "status"?, "retry_after"?, "detail"?, "body"?,
                                   "seconds"?, "route"?, "size"?, "variant"?}
                                   queue a Fault -> {"pending": n}
    GET  /_sandbox/faults         -> {"pending": n, "injected": {kind: n}}
    POST /_sandbox/settings       {"latency"?: s, "error_rates"?: {route: p},
                                   "chaos"?: {"rate": p, "faults": [fault, ...]} | null}
                                   -> {"latency", "error_rates", "chaos"}
    POST /_sandbox/clock/advance  {"seconds": s}  -> {"now"}   (409 on the system clock)
    GET  /_sandbox/requests       -> {"requests": [{"method", "path"}]}
    POST /_sandbox/reset          rebuild the world at the clock's now, clear faults and
                                   the request log -> {"now"}

Route names (for error_rates, Fault.route): `ROUTE_NAMES`, see `routes.py`. Everything the
documentation leaves open is in `assumptions.py` (in prose: `docs/sandbox.md`); the seeded
jobs are in `world.py` (which builds them from the `world_*.py` modules).
"""

from __future__ import annotations

import threading

import httpx2

from seekrflow_sandbox import world
from seekrflow_sandbox.app import build_app
from seekrflow_sandbox.clock import Clock, FakeClock, SystemClock
from seekrflow_sandbox.faults import Chaos, Fault, Faults
from seekrflow_sandbox.routes import ROUTE_NAMES
from seekrflow_sandbox.store import ApiError, Store
from seekrflow_sandbox.transport import SandboxTransport

__all__ = ["ROUTE_NAMES", "ApiError", "Chaos", "FakeClock", "Fault", "Sandbox", "SystemClock", "world"]

WORLDS = ("default", "empty")


class Sandbox:
    def __init__(
        self,
        api_key: str = "sk-sandbox",
        seed: int = 0,
        clock: Clock | None = None,
        world: str = "default",
    ) -> None:
        if world not in WORLDS:
            raise ValueError(f"unknown world {world!r}; one of {', '.join(WORLDS)}")
        self.api_key = api_key
        self.seed = seed
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.world_name = world
        # Handlers may run on several event loops (in-process transport and a uvicorn thread).
        self.lock = threading.Lock()
        self.faults = Faults(seed, ROUTE_NAMES)
        self.requests: list[tuple[str, str]] = []
        # Each key's world, by key; the gateway picks the caller's.
        self.accounts: dict[str, Store] = {api_key: self._new_store()}
        self.app = build_app(self)

    def __repr__(self) -> str:
        return f"Sandbox(seed={self.seed}, world={self.world_name!r}, clock={type(self.clock).__name__})"

    @property
    def store(self) -> Store:
        """The world of `api_key`: the seeded one."""
        return self.accounts[self.api_key]

    def _new_store(self) -> Store:
        store = Store(self.clock, self.seed)
        if self.world_name == "default":
            world.populate(store)
        return store

    def add_account(self, api_key: str) -> Store:
        """Another key the sandbox accepts, owning an empty world whose ids differ from every
        other account's."""
        if api_key in self.accounts:
            raise ValueError("that key already has an account")
        with self.lock:
            store = self.accounts[api_key] = Store(self.clock, self.seed * 1000 + len(self.accounts))
        return store

    def reset(self) -> None:
        """Back to the initial world (built at the clock's current time), other accounts dropped,
        no faults, an empty log."""
        self.accounts.clear()
        self.accounts[self.api_key] = self._new_store()
        self.faults.reset()
        self.requests.clear()

    def transport(self) -> httpx2.AsyncBaseTransport:
        return SandboxTransport(self)

    def upload(self, filename: str, content: bytes, purpose: str = "alignment") -> str:
        """Add an uploaded file as PUT /v1/flow/files would (ApiError if refused); returns its id."""
        with self.lock:
            return self.store.upload(filename, len(content), purpose).id
