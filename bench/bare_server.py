"""The floor the cold-start, per-call and load benchmarks divide by: a bare `MCPServer` with one
trivial tool, served over stdio, or over streamable HTTP as seekrflow-mcp serves it (stateless,
SSE). Nothing of seekrflow-mcp is imported.

    python bench/bare_server.py [--http PORT]
"""

from __future__ import annotations

import sys

from mcp.server.mcpserver import MCPServer
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

server: MCPServer = MCPServer("bare", log_level="ERROR")


@server.tool()
def ping() -> str:
    """Answer at once."""
    return "pong"


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")


server.custom_route("/health", methods=["GET"])(health)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--http"]:
        import uvicorn

        app = server.streamable_http_app(stateless_http=True)
        uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="error")
    else:
        server.run("stdio")
