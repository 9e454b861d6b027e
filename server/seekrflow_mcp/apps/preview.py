"""`seekrflow-mcp preview`: the dashboard in a browser, for a person without a chat host that
renders MCP Apps. A page on loopback frames the dashboard as a host would, and a JSON endpoint
beside it sends the page's tool calls to the MCP server, in process, through the MCP client.

The endpoint can call every tool, writes included, on the configured SeekrFlow: it answers only
on loopback, to requests naming a loopback host (no DNS rebinding) and carrying the token printed
with the URL in a header (which no other site's page can send without a CORS preflight, refused)."""

from __future__ import annotations

import hmac
import json
import secrets
import socket
from importlib.resources import files
from typing import Any, TextIO

import uvicorn
from mcp import Client
from mcp.client import advertise
from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from seekrflow_mcp.apps import DASHBOARD_URI
from seekrflow_mcp.loopback import is_loopback

MAX_BODY = 64 * 1024  # a tool call from the page: ids and a few flags


def _names_loopback(request: Request) -> bool:
    """The Host header names this computer: a page from another site whose name now resolves
    to 127.0.0.1 (DNS rebinding) sends its own name."""
    host = request.headers.get("host", "")
    name = host if host.endswith("]") else host.rsplit(":", 1)[0]
    return is_loopback(name.strip("[]"))


def apps_client(server: MCPServer[Any]) -> Client:
    """A client that says it renders MCP Apps, as the hosts that show the dashboard do."""
    return Client(server, extensions=[advertise(EXTENSION_ID, {"mimeTypes": [APP_MIME_TYPE]})])


def preview_app(client: Client, token: str) -> Starlette:
    """The preview's routes, calling the server through `client` (connected by the caller)."""

    def dump(model: Any) -> Any:
        return model.model_dump(mode="json", by_alias=True, exclude_none=True)

    def allowed(request: Request) -> bool:
        return _names_loopback(request) and hmac.compare_digest(request.headers.get("x-preview-token", ""), token)

    async def page(request: Request) -> Response:
        if not _names_loopback(request):
            return Response("Open the preview at the loopback address it printed.", status_code=403)
        return HTMLResponse(files("seekrflow_mcp.apps").joinpath("preview.html").read_text(encoding="utf-8"))

    async def tools(request: Request) -> Response:
        if not allowed(request):
            return JSONResponse({"error": "Open the URL the preview printed."}, status_code=403)
        return JSONResponse([dump(tool) for tool in (await client.list_tools()).tools])

    async def resource(request: Request) -> Response:
        if not allowed(request):
            return JSONResponse({"error": "Open the URL the preview printed."}, status_code=403)
        content = dump((await client.read_resource(DASHBOARD_URI)).contents[0])
        return JSONResponse({"html": content["text"], "uiMeta": content.get("_meta", {}).get("ui", {})})

    async def call(request: Request) -> Response:
        if not allowed(request):
            return JSONResponse({"error": "Open the URL the preview printed."}, status_code=403)
        body = await request.body()
        try:
            asked = json.loads(body) if len(body) <= MAX_BODY else None
        except ValueError:
            asked = None
        if not isinstance(asked, dict) or not isinstance(asked.get("name"), str):
            return JSONResponse({"error": "Send {name, arguments}."}, status_code=400)
        arguments = asked.get("arguments", {})
        if not isinstance(arguments, dict):
            return JSONResponse({"error": "arguments must be an object."}, status_code=400)
        return JSONResponse(dump(await client.call_tool(asked["name"], arguments)))

    return Starlette(
        routes=[
            Route("/", page),
            Route("/tools", tools),
            Route("/resource", resource),
            Route("/call", call, methods=["POST"]),
        ],
    )


async def run_preview(server: MCPServer[Any], host: str, port: int, out: TextIO) -> None:
    """Serve the preview on `host` (loopback only: `is_loopback`) until interrupted; the URL
    goes to `out` once the port is bound."""
    if not is_loopback(host):
        raise ValueError(f"{host} is not a loopback address; the preview serves only this computer")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    token = secrets.token_urlsafe(16)
    async with apps_client(server) as client:
        config = uvicorn.Config(preview_app(client, token), log_level="warning", lifespan="off")
        bound = listener.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        out.write(f"Dashboard preview: http://{shown}:{bound}/?token={token}\n")
        out.flush()
        await uvicorn.Server(config).serve(sockets=[listener])
