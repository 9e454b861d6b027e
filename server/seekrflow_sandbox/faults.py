"""Faults the sandbox can inject, for reliability tests.

- `latency`: seconds added to every API request (real time, not the sandbox clock).
- `error_rates`: route name -> probability of a 503, rolled from the seed (repeatable).
- a FIFO queue of scripted `Fault`s; each is spent on the next request of its route
  (`route=None`: of any route).
- `chaos`: a `Chaos` of rate and fault templates, for soak tests: a request that no queued
  fault or error rate hits fails with that probability, with a template drawn at random.
- `injected`: how many faults of each kind were injected, whichever of the above chose them.

Latency and stalls are waited out with `sleep` (`anyio.sleep`: real seconds); a test may
put in its own to see what is waited, or to hold a stall until it lets go.
"""

from __future__ import annotations

import random
import threading
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import anyio

from seekrflow_sandbox.drift import VARIANTS, DriftVariant

FaultKind = Literal["status", "drop", "malformed_json", "html", "stall", "connect_error", "oversize", "drift", "reset"]
KINDS: tuple[str, ...] = get_args(FaultKind)
MIB = 1024 * 1024


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour.

    - status: answer `status` (default 503) with `{"detail": detail}` (a string, or FastAPI's
      list of `{"loc", "msg", "type"}` objects), or with `body` as text/plain;
      `retry_after` becomes the Retry-After header.
    - drop: the request is processed (a write takes effect), then the connection is cut
      half-way through the response body.
    - reset: the same, but in process the cut is `httpx2.ReadError` ("Connection reset by
      peer") where `drop` is `RemoteProtocolError`. Over real HTTP, where an ASGI app cannot
      reset its socket, it is a `drop`.
    - malformed_json: the request is processed; a 200 with its JSON body cut in half.
    - html: a gateway's HTML error page (default 502), content-type text/html.
    - stall: the request is processed; headers and half the body are sent, then nothing
      for `seconds`, then the rest. A read timeout shorter than that fires: over HTTP the
      client's own; in process the transport waits the request's read timeout (on `sleep`)
      and raises `httpx2.ReadTimeout`.
    - connect_error: the in-process transport raises httpx2.ConnectError and the app never
      sees the request. Over real HTTP, where a server cannot refuse a connection it has
      already accepted, it degrades to `drop`.
    - oversize: the request is processed; a 200 whose body is the JSON answer padded with
      spaces to `size` bytes, sent in chunks without a Content-Length.
    - drift: the request is processed; its JSON answer changed as `variant` says (`drift.py`);
      an answer that is not JSON passes unchanged.
    """

    kind: FaultKind
    status: int | None = None
    retry_after: str | None = None
    detail: str | list[dict[str, Any]] | None = None
    body: str | None = None
    seconds: float = 5.0
    route: str | None = None
    size: int = 2 * MIB
    variant: DriftVariant | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(KINDS)}")
        if self.kind == "drift" and self.variant not in VARIANTS:
            raise ValueError(f"unknown drift variant {self.variant!r}; one of {', '.join(VARIANTS)}")


@dataclass(frozen=True)
class Chaos:
    """Each API request no queued fault or error rate hits fails with probability `rate`,
    with a fault drawn uniformly from `faults`; a template with a `route` is drawn only for
    requests of that route."""

    rate: float
    faults: Sequence[Fault]

    def __post_init__(self) -> None:
        if not 0 <= self.rate <= 1:
            raise ValueError(f"chaos rate {self.rate} is not a probability")
        if not self.faults:
            raise ValueError("chaos needs at least one fault to draw from")
        object.__setattr__(self, "faults", tuple(self.faults))


class Faults:
    def __init__(self, seed: int, routes: frozenset[str]) -> None:
        self._seed = seed
        self._routes = routes
        self.latency = 0.0
        self.error_rates: dict[str, float] = {}
        self.sleep: Callable[[float], Awaitable[None]] = anyio.sleep
        self.injected: Counter[str] = Counter()
        # The app may run on the test's event loop and in a uvicorn thread at once.
        self._lock = threading.Lock()
        self._queue: deque[Fault] = deque()
        self._rng = random.Random(seed)
        self._chaos: Chaos | None = None
        self._chaos_rng = random.Random(f"chaos:{seed}")

    def push(self, fault: Fault) -> None:
        self._check_route(fault)
        with self._lock:
            self._queue.append(fault)

    @property
    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._queue)

    @property
    def chaos(self) -> Chaos | None:
        return self._chaos

    @chaos.setter
    def chaos(self, chaos: Chaos | None) -> None:
        """Each assignment starts the draws afresh from the seed, so a soak test repeats."""
        for template in chaos.faults if chaos is not None else ():
            self._check_route(template)
        with self._lock:
            self._chaos = chaos
            self._chaos_rng = random.Random(f"chaos:{self._seed}")

    def next_fault(self, route: str | None) -> Fault | None:
        """The fault this request of `route` suffers, if any: the first queued one meant for
        it, else a 503 by `error_rates`, else one drawn by `chaos`. Counted in `injected`."""
        with self._lock:
            fault = self._queued(route) or self._rolled(route) or self._drawn(route)
            if fault is not None:
                self.injected[fault.kind] += 1
            return fault

    def reset(self) -> None:
        with self._lock:
            self.latency = 0.0
            self.error_rates = {}
            self.injected.clear()
            self._queue.clear()
            self._rng = random.Random(self._seed)
            self._chaos = None
            self._chaos_rng = random.Random(f"chaos:{self._seed}")

    def _queued(self, route: str | None) -> Fault | None:
        for fault in self._queue:
            if fault.route is None or fault.route == route:
                self._queue.remove(fault)
                return fault
        return None

    def _rolled(self, route: str | None) -> Fault | None:
        rate = self.error_rates.get(route or "", 0.0)
        if rate > 0 and self._rng.random() < rate:
            return Fault(kind="status", status=503, detail="Service temporarily unavailable.")
        return None

    def _drawn(self, route: str | None) -> Fault | None:
        chaos = self._chaos
        if chaos is None or self._chaos_rng.random() >= chaos.rate:
            return None
        templates = [t for t in chaos.faults if t.route is None or t.route == route]
        return self._chaos_rng.choice(templates) if templates else None

    def _check_route(self, fault: Fault) -> None:
        if fault.route is not None and fault.route not in self._routes:
            raise ValueError(f"unknown route {fault.route!r}; one of {', '.join(sorted(self._routes))}")
