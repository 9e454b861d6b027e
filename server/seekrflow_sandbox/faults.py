"""Faults the sandbox can inject, for reliability tests.

- `latency`: seconds added to every API request (real time, not the sandbox clock).
- `error_rates`: route name -> probability of a 503, rolled from the seed (repeatable).
- a FIFO queue of scripted `Fault`s; each is spent on the next request of its route
  (`route=None`: of any route).

Latency and stalls are waited out with `sleep` (`anyio.sleep`: real seconds); a test may
put in its own to see what is waited, or to hold a stall until it lets go.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal, get_args

import anyio

FaultKind = Literal["status", "drop", "malformed_json", "html", "stall", "connect_error"]
KINDS: tuple[str, ...] = get_args(FaultKind)


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour.

    - status: answer `status` (default 503) with `{"detail": detail}`, or with `body` as
      text/plain; `retry_after` becomes the Retry-After header.
    - drop: the request is processed (a write takes effect), then the connection is cut
      half-way through the response body.
    - malformed_json: the request is processed; a 200 with its JSON body cut in half.
    - html: a gateway's HTML error page (default 502), content-type text/html.
    - stall: the request is processed; headers and half the body are sent, then nothing
      for `seconds`, then the rest (a read timeout shorter than that fires).
    - connect_error: the in-process transport raises httpx2.ConnectError and the app never
      sees the request. Over real HTTP, where a server cannot refuse a connection it has
      already accepted, it degrades to `drop`.
    """

    kind: FaultKind
    status: int | None = None
    retry_after: str | None = None
    detail: str | None = None
    body: str | None = None
    seconds: float = 5.0
    route: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(KINDS)}")


class Faults:
    def __init__(self, seed: int, routes: frozenset[str]) -> None:
        self._seed = seed
        self._routes = routes
        self.latency = 0.0
        self.error_rates: dict[str, float] = {}
        self.sleep: Callable[[float], Awaitable[None]] = anyio.sleep
        self._queue: deque[Fault] = deque()
        self._rng = random.Random(seed)

    def push(self, fault: Fault) -> None:
        if fault.route is not None and fault.route not in self._routes:
            raise ValueError(f"unknown route {fault.route!r}; one of {', '.join(sorted(self._routes))}")
        self._queue.append(fault)

    @property
    def pending(self) -> list[Fault]:
        return list(self._queue)

    def take(self, route: str | None, only: FaultKind | None = None) -> Fault | None:
        """Spend the first queued fault meant for `route`; with `only`, just when it is of that kind."""
        for fault in self._queue:
            if fault.route is None or fault.route == route:
                if only is not None and fault.kind != only:
                    return None
                self._queue.remove(fault)
                return fault
        return None

    def roll(self, route: str | None) -> bool:
        """Whether this request of `route` fails by `error_rates`."""
        rate = self.error_rates.get(route or "", 0.0)
        return rate > 0 and self._rng.random() < rate

    def reset(self) -> None:
        self.latency = 0.0
        self.error_rates = {}
        self._queue.clear()
        self._rng = random.Random(self._seed)
