"""What start-up leaves for later: the server answers `initialize` and tools/list without
importing a tool.

Importing the tools (and with them triage, render and the API models) and building their
schemas is most of the time this server adds to the SDK's own start-up (bench/cold_start.py).
So tools/list is answered from `tool_list.py`, pinned, and the tools, resources and prompts are
registered, and the state the tools share is made, at the first request that needs them.
tests/test_tool_list.py proves the pin equal to what the tools generate, and rewrites it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from mcp.types import Tool as MCPTool

from seekrflow_mcp.apps import tool_meta
from seekrflow_mcp.config import Settings
from seekrflow_mcp.tool_list import TOOL_LIST, WHEN

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

    from seekrflow_mcp.tools.context import AppState


# Whether these settings offer a tool at all (each tool's `when` in `tools.TOOLS`), by name, so
# that it is known without importing the tools.
def always(settings: Settings) -> bool:
    return True


def local(settings: Settings) -> bool:
    # Local mode: stdio with upload folders set. The HTTP transport must answer False here: a remote
    # caller must never read this computer's files.
    return bool(settings.upload_roots)


PREDICATES: dict[str, Callable[[Settings], bool]] = {when.__name__: when for when in (always, local)}
# The tools whose presence lets the server change a job's files (`Suggester.can_change_files`).
CHANGE_FILES = frozenset({"add_files", "remove_files", "retry_failed_files"})


def offered(settings: Settings) -> tuple[str, ...]:
    """The names of the tools these settings offer, in `tools.TOOLS`' order: a read-only server
    keeps those whose annotations say they only read."""
    return tuple(
        tool["name"]
        for tool in TOOL_LIST
        if (tool["annotations"].get("readOnlyHint") is True or not settings.read_only)
        and PREDICATES[WHEN[tool["name"]]](settings)
    )


def listed(names: Collection[str]) -> tuple[MCPTool, ...]:
    """tools/list's tools for these names, as the SDK would build them from the functions."""
    return tuple(MCPTool.model_validate(tool) for tool in TOOL_LIST if tool["name"] in names)


def register(server: MCPServer[AppState], names: Collection[str]) -> None:
    """Register the tools called `names`, every resource and every prompt (they only read, so a
    read-only server keeps them all)."""
    from seekrflow_mcp.tools import TOOLS
    from seekrflow_mcp.tools.prompts import PROMPTS
    from seekrflow_mcp.tools.resources import RESOURCES

    for tool in TOOLS:
        if tool.name in names:
            server.add_tool(
                tool.fn,
                title=tool.title,
                description=tool.description,
                annotations=tool.annotations,
                meta=tool_meta(tool.name),
            )
    for resource in RESOURCES:
        server.resource(
            resource.uri,
            name=resource.name,
            title=resource.title,
            description=resource.description,
            mime_type=resource.mime_type,
        )(resource.fn)
    for prompt in PROMPTS:
        server.prompt(name=prompt.name, title=prompt.title)(prompt.fn)


class LazyState:
    """The state the tools share, made at its first use: making it imports the client and the
    tools. What the server's lifespan yields; `made` unwraps it."""

    def __init__(self, make: Callable[[], AppState]) -> None:
        self._make = make
        self._state: AppState | None = None

    def get(self) -> AppState:
        if self._state is None:
            self._state = self._make()
        return self._state

    async def aclose(self) -> None:
        if self._state is not None:
            await self._state.client.aclose()


def made(state: AppState | LazyState) -> AppState:
    """The state a request's lifespan context holds, made if it was not yet."""
    return state.get() if isinstance(state, LazyState) else state
