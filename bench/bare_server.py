"""The floor the cold-start and per-call benchmarks divide by: a bare `MCPServer` with one
trivial tool, served over stdio. Nothing of seekrflow-mcp is imported.

    python bench/bare_server.py
"""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

server: MCPServer = MCPServer("bare")


@server.tool()
def ping() -> str:
    """Answer at once."""
    return "pong"


if __name__ == "__main__":
    server.run("stdio")
