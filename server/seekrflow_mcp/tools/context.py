"""What every tool shares: the server's state, the shape of a result, and how failures read."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ParamSpec

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult, TextContent

from seekrflow_mcp.config import Settings
from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.seekrflow.client import SeekrFlowClient
from seekrflow_mcp.triage.suggest import Suggester
from seekrflow_mcp.triage.views import View

log = logging.getLogger("seekrflow_mcp.tools")


@dataclass(frozen=True)
class AppState:
    client: SeekrFlowClient
    settings: Settings
    now: Callable[[], datetime]
    suggest: Suggester  # knows the tools this server registered


def app_state(ctx: Context[AppState]) -> AppState:
    return ctx.request_context.lifespan_context


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
    """A SeekrFlow failure is an answer the model can act on, not a crash."""

    @functools.wraps(tool)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> CallToolResult:
        try:
            return await tool(*args, **kwargs)
        except Refusal as refusal:
            return error(str(refusal))
        except errors.SeekrFlowError as exc:
            log.info("%s failed: %r", tool.__name__, exc)
            return error(_explain(exc))

    return wrapper


def _explain(exc: errors.SeekrFlowError) -> str:
    if isinstance(exc, errors.Unauthorized):
        return (
            f"{exc} No tool call can fix this: the user must set a valid SEEKR_API_KEY in this MCP "
            "server's configuration and restart it."
        )
    if isinstance(exc, errors.RateLimited):
        return f"{exc} Nothing was changed by this call."
    return str(exc)
