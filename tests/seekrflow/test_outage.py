"""Giving up within the call's budget, and failing fast while SeekrFlow is down: the client on
the sandbox's fake clock, whose sleeps move it."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.seekrflow.client import ClientOptions, SeekrFlowClient
from seekrflow_mcp.seekrflow.outage import Outages, key_id
from seekrflow_sandbox import FakeClock, Fault, Sandbox, world

pytestmark = pytest.mark.anyio

KEY = "sk-test-0utage"
START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
JOB = world.NEEDS_REVIEW_JOB
READ = ("GET", f"/v1/flow/data-jobs/{JOB}")


class Clock:
    """The sandbox's fake clock as the client sees it: its sleeps advance it, and are noted."""

    def __init__(self, sandbox: Sandbox) -> None:
        assert isinstance(sandbox.clock, FakeClock)
        self.fake = sandbox.clock
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.fake.advance(seconds)

    def monotonic(self) -> float:
        return self.fake.now().timestamp()

    def elapsed(self) -> float:
        return (self.fake.now() - START).total_seconds()


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(api_key=KEY, clock=FakeClock(START))


@pytest.fixture
def clock(sandbox: Sandbox) -> Clock:
    return Clock(sandbox)


def client_for(sandbox: Sandbox, clock: Clock, **overrides: object) -> SeekrFlowClient:
    options = ClientOptions(base_url="http://sandbox.test", api_key=SecretStr(KEY), **overrides)  # type: ignore[arg-type]
    return SeekrFlowClient(
        options,
        transport=sandbox.transport(),
        sleep=clock.sleep,
        jitter=lambda: 1.0,
        now=sandbox.clock.now,
        monotonic=clock.monotonic,
    )


@pytest.fixture
async def client(sandbox: Sandbox, clock: Clock) -> AsyncIterator[SeekrFlowClient]:
    async with client_for(sandbox, clock) as c:
        yield c


def down(sandbox: Sandbox, times: int, kind: str = "connect_error") -> None:
    for _ in range(times):
        sandbox.faults.push(Fault(kind=kind, status=503) if kind == "status" else Fault(kind=kind))  # type: ignore[arg-type]


async def test_retrying_stops_when_the_budget_is_spent(sandbox: Sandbox, clock: Clock) -> None:
    """Ten retries allowed, backoff doubling to 8 s: the budget of 20 s ends them first."""
    sandbox.faults.error_rates = {"get_data_job": 1.0}
    async with client_for(sandbox, clock, retries=10, call_budget=20.0) as client:
        with pytest.raises(errors.Unavailable):
            await client.get_data_job(JOB)
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0]
    assert clock.elapsed() == 15.5  # the next pause (8 s) would have ended past the budget
    assert sandbox.requests == [READ] * 6


async def test_a_call_shares_one_budget_between_its_requests(sandbox: Sandbox, clock: Clock) -> None:
    sandbox.faults.error_rates = {"get_data_job": 1.0}
    async with client_for(sandbox, clock, retries=10, call_budget=20.0, fail_fast_window=0.0) as client:
        with client.budget():
            with pytest.raises(errors.Unavailable):
                await client.get_data_job(JOB)
            with pytest.raises(errors.Unavailable):
                await client.get_data_job(JOB)
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 0.5, 1.0, 2.0]
    assert clock.elapsed() == 19.0


async def test_a_retry_after_longer_than_the_budget_left_is_reported_not_waited(sandbox: Sandbox, clock: Clock) -> None:
    sandbox.faults.push(Fault(kind="status", status=429, retry_after="25"))
    async with client_for(sandbox, clock, call_budget=20.0) as client:
        with pytest.raises(errors.RateLimited) as caught:
            await client.get_data_job(JOB)
    assert caught.value.retry_after == 25
    assert clock.sleeps == []
    assert sandbox.requests == [READ]


async def test_after_giving_up_the_next_calls_try_once_and_say_since_when(
    sandbox: Sandbox, clock: Clock, client: SeekrFlowClient
) -> None:
    down(sandbox, 4)
    with pytest.raises(errors.Unavailable) as first:
        await client.get_data_job(JOB)
    assert str(first.value) == (
        f"SeekrFlow could not be reached for data job {JOB} after 4 attempts. It may be down or unreachable "
        "from here (if it persists, check SEEKR_BASE_URL)."
    )
    slept = len(clock.sleeps)
    clock.fake.advance(5)
    down(sandbox, 1, "status")
    with pytest.raises(errors.Unavailable) as second:
        await client.get_data_job(JOB)
    assert str(second.value) == (
        f'SeekrFlow failed to answer for data job {JOB} (HTTP 503). SeekrFlow said: "Service Unavailable". '
        "It is likely temporary. SeekrFlow has been failing since 2026-11-28T12:00Z (just now), 5 failed "
        "attempts in all, so this call tried once instead of retrying."
    )
    assert len(clock.sleeps) == slept  # no backoff: one attempt, at once
    assert sandbox.requests == [READ]  # the connection errors never reached it; the 503 did, once


async def test_a_success_clears_the_mark_at_once(sandbox: Sandbox, clock: Clock, client: SeekrFlowClient) -> None:
    down(sandbox, 4)
    with pytest.raises(errors.Unavailable):
        await client.get_data_job(JOB)
    assert (await client.get_data_job(JOB)).id == JOB  # inside the window: one quick try, and it worked
    down(sandbox, 1)
    assert (await client.get_data_job(JOB)).id == JOB  # the mark is gone: retried as usual
    assert clock.sleeps[-1] == 0.5


async def test_the_window_ends(sandbox: Sandbox, clock: Clock, client: SeekrFlowClient) -> None:
    down(sandbox, 4)
    with pytest.raises(errors.Unavailable):
        await client.get_data_job(JOB)
    clock.fake.advance(15)
    down(sandbox, 1)
    assert (await client.get_data_job(JOB)).id == JOB
    assert clock.sleeps[-1] == 0.5  # retried: the window had passed


@pytest.mark.parametrize("status", [401, 403, 404, 409, 422, 429])
async def test_an_answer_below_500_never_marks_seekrflow_as_failing(
    sandbox: Sandbox, clock: Clock, status: int
) -> None:
    sandbox.faults.push(Fault(kind="status", status=status))
    async with client_for(sandbox, clock, retries=0) as client:
        with pytest.raises(errors.SeekrFlowError):
            await client.get_data_job(JOB)
        down(sandbox, 1)
        with pytest.raises(errors.Unavailable) as caught:
            await client.get_data_job(JOB)
    assert "tried once" not in str(caught.value)


async def test_a_write_that_may_have_been_applied_marks_seekrflow_but_is_never_resent(
    sandbox: Sandbox, clock: Clock, client: SeekrFlowClient
) -> None:
    sandbox.faults.push(Fault(kind="status", status=502, route="start_data_job"))
    with pytest.raises(errors.Unavailable) as caught:
        await client.start_data_job(world.READY_JOB)
    assert caught.value.maybe_applied is True
    assert [r for r in sandbox.requests if r[0] == "POST"] == [("POST", f"/v1/flow/data-jobs/{world.READY_JOB}/start")]
    down(sandbox, 1)
    with pytest.raises(errors.Unavailable) as next_read:
        await client.get_data_job(JOB)
    assert "tried once" in str(next_read.value)


def test_marks_are_per_key() -> None:
    now = [0.0]
    outages = Outages(15.0, lambda: now[0], lambda: START)
    mine, theirs = key_id(SecretStr("sk-mine")), key_id(SecretStr("sk-theirs"))
    assert mine != theirs
    assert "sk-mine" not in mine
    outages.failed(mine, 4)
    assert outages.current(mine) is not None
    assert outages.current(theirs) is None
    now[0] = 14.9
    assert outages.failed(mine, 1).attempts == 5
    now[0] = 14.9 + 15.0
    assert outages.current(mine) is None
    # A failure long after the streak's window is a new streak.
    now[0] = 100.0
    fresh = outages.failed(mine, 2)
    assert (fresh.attempts, fresh.since) == (2, START)
