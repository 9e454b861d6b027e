"""What every tool shares: the server's state, the shape of a result, and how failures read."""

from __future__ import annotations

import functools
import logging
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import ParamSpec

import anyio
from mcp.server.mcpserver import Context
from mcp.types import CallToolResult, TextContent

from seekrflow_mcp import logs
from seekrflow_mcp.config import Settings
from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.seekrflow.client import SeekrFlowClient
from seekrflow_mcp.startup import made
from seekrflow_mcp.tools.keys import KeySource
from seekrflow_mcp.tools.recovery import Attempt, explain
from seekrflow_mcp.triage.suggest import Suggester
from seekrflow_mcp.triage.views import View

log = logging.getLogger("seekrflow_mcp.tools")


class JobLocks:
    """One lock per data job: writes to a job from this process take turns, so that each reads
    what the one before it did ("already queued") instead of both reporting "Added"."""

    def __init__(self) -> None:
        # A job's lock lives while some call holds or waits for it.
        self._locks: weakref.WeakValueDictionary[str, anyio.Lock] = weakref.WeakValueDictionary()

    @asynccontextmanager
    async def hold(self, job_id: str) -> AsyncIterator[None]:
        lock = self._locks.get(job_id)
        if lock is None:
            lock = self._locks[job_id] = anyio.Lock()
        async with lock:
            yield


@dataclass(frozen=True)
class AppState:
    client: SeekrFlowClient
    settings: Settings
    now: Callable[[], datetime]
    suggest: Suggester  # knows the tools this server registered
    keys: KeySource  # whose SeekrFlow key each call uses
    writes: JobLocks = field(default_factory=JobLocks)
    # How a tool waits between polls: tests on a fake clock advance it instead.
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep


def app_state(ctx: Context[AppState]) -> AppState:
    # The server's lifespan yields the state unmade, so that start-up need not import the tools.
    return made(ctx.request_context.lifespan_context)


def result(view: View, text: str) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=view.model_dump(mode="json")
    )


def error(text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], is_error=True)


class Refusal(Exception):
    """Stops a tool with a sentence for the model: what happened and what to call instead."""


P = ParamSpec("P")


def reports_errors(tool: Callable[P, Awaitable[CallToolResult]]) -> Callable[P, Awaitable[CallToolResult]]:
    """A SeekrFlow failure is an answer the model can act on, not a crash; the call's requests
    share one budget for retrying."""

    @functools.wraps(tool)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> CallToolResult:
        ctx = kwargs["ctx"]
        assert isinstance(ctx, Context)
        try:
            with app_state(ctx).client.budget():
                return await tool(*args, **kwargs)
        except Refusal as refusal:
            logs.refused()
            return error(str(refusal))
        except errors.InvalidId as exc:  # refused before any request
            logs.refused()
            return error(explain(exc, Attempt.of(tool, kwargs), app_state(ctx).keys))
        except errors.SeekrFlowError as exc:
            log.info("%s failed: %r", tool.__name__, exc)
            return error(explain(exc, Attempt.of(tool, kwargs), app_state(ctx).keys))

    return wrapper
