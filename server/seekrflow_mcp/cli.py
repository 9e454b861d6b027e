"""`seekrflow-mcp [serve|demo|sandbox|check|preview]`.

stdout belongs to the MCP protocol when serving over stdio, so everything this module
says about itself goes to stderr; only `demo`, `check`, `sandbox` and `preview` print to stdout.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import anyio

from seekrflow_mcp import logs, tracing
from seekrflow_mcp.config import (
    DEFAULT_BASE_URL,
    ConfigError,
    Settings,
    header_problem,
    load_settings,
    setting_source,
)

log = logging.getLogger("seekrflow_mcp")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    command = args.command or "serve"
    try:
        if command in ("serve", "check", "preview"):
            settings = load_settings(getattr(args, "config", None), _overrides(args))
            logs.setup(settings.log_level, settings.log_format)
        if command == "serve":
            _serve(settings, demo=getattr(args, "demo", False), transport=getattr(args, "transport", "stdio"))
        elif command == "demo":
            from seekrflow_mcp.demo import run_demo

            transcript = io.StringIO()  # printed once the conversation is over, so `| head` cannot break it
            anyio.run(run_demo, transcript)
            _print(transcript.getvalue())
        elif command == "sandbox":
            from seekrflow_sandbox.serve import run_sandbox

            problem = header_problem(args.api_key)
            if problem:
                raise ConfigError(f"The sandbox's --api-key {problem}.")
            try:
                run_sandbox(host=args.host, port=args.port, api_key=args.api_key, seed=args.seed)
            except (ValueError, OSError) as exc:  # a host off loopback, a port in use
                raise ConfigError(f"The sandbox cannot serve on {args.host}:{args.port}: {exc}") from None
        elif command == "preview":
            _preview(settings, args)
        elif command == "check":
            return anyio.run(_check, settings, setting_source("base_url", args.config, _overrides(args)))
    except ConfigError as exc:
        print(f"seekrflow-mcp: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


def _print(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left early (`| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seekrflow-mcp",
        description="An MCP server for SeekrFlow data jobs. With no command it serves MCP over stdio.",
    )
    commands = parser.add_subparsers(dest="command", metavar="{serve,demo,sandbox,check,preview}")

    def with_settings(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--config", type=Path, help="TOML settings file (default: $XDG_CONFIG_HOME/seekrflow-mcp/config.toml)"
        )
        p.add_argument("--base-url", dest="base_url", help="SeekrFlow base URL (SEEKR_BASE_URL)")
        p.add_argument("--team-id", dest="team_id", help="team id sent as x-team-id (SEEKR_TEAM_ID)")
        p.add_argument("--log-level", dest="log_level", choices=["DEBUG", "INFO", "WARNING", "ERROR"], type=str.upper)
        return p

    serve = with_settings(commands.add_parser("serve", help="serve MCP over stdio (the default)"))
    serve.add_argument("--demo", action="store_true", help="run against the built-in sandbox; no API key needed")
    serve.add_argument(
        "--read-only",
        dest="read_only",
        action="store_true",
        default=None,
        help="leave out the tools that change a data job",
    )
    serve.add_argument("--transport", choices=["stdio", "http"], default="stdio", help="stdio (default) or http")
    serve.add_argument("--host", "--http-host", dest="http_host", help="address to serve HTTP on (127.0.0.1)")
    serve.add_argument("--port", "--http-port", dest="http_port", type=int, help="port to serve HTTP on (8000)")
    serve.add_argument(
        "--insecure-no-auth",
        dest="insecure_no_auth",
        action="store_true",
        default=None,
        help="serve HTTP off loopback with no authentication (only behind a gateway that authenticates)",
    )
    commands.add_parser("demo", help="play a troubleshooting conversation against the sandbox and print it")
    sandbox = commands.add_parser("sandbox", help="serve a simulated SeekrFlow API on loopback")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument("--api-key", dest="api_key", default="sk-sandbox", help="the key clients must send")
    sandbox.add_argument("--seed", type=int, default=0, help="seed of the simulated world")
    with_settings(commands.add_parser("check", help="validate the settings and try the API key once"))
    preview = with_settings(commands.add_parser("preview", help="show the job dashboard in a browser, on loopback"))
    preview.add_argument("--demo", action="store_true", help="against the built-in sandbox; no API key needed")
    preview.add_argument(
        "--read-only", dest="read_only", action="store_true", default=None, help="no buttons that change a job"
    )
    preview.add_argument("--host", default="127.0.0.1", help="a loopback address")
    preview.add_argument("--port", type=int, default=8766)
    return parser


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    names = ("base_url", "team_id", "log_level", "read_only", "http_host", "http_port", "insecure_no_auth")
    return {k: getattr(args, k, None) for k in names}


def _serve(settings: Settings, *, demo: bool, transport: str) -> None:
    if transport == "http":
        if demo:
            raise ConfigError("--demo serves over stdio only; try the HTTP server against `seekrflow-mcp sandbox`.")
        from seekrflow_mcp.remote.app import serve

        serve(settings)
        return
    if settings.key_source != "settings":
        raise ConfigError(
            f"key_source is '{settings.key_source}', which takes each caller's key from their HTTP request; over "
            "stdio there is one caller: set SEEKR_API_KEY instead, or serve with --transport http."
        )
    from seekrflow_mcp.server import build_server, sandbox_server

    tracing.configure()
    server = sandbox_server(settings) if demo else build_server(settings)
    server.run("stdio")


def _preview(settings: Settings, args: argparse.Namespace) -> None:
    from seekrflow_mcp.apps.preview import run_preview
    from seekrflow_mcp.loopback import is_loopback
    from seekrflow_mcp.server import build_server, sandbox_server

    if not is_loopback(args.host):
        raise ConfigError(f"The preview serves only this computer: --host {args.host} is not a loopback address.")
    server = sandbox_server(settings) if args.demo else build_server(settings)
    try:
        anyio.run(run_preview, server, args.host, args.port, sys.stdout)
    except OSError as exc:  # a port in use
        raise ConfigError(f"The preview cannot serve on {args.host}:{args.port}: {exc}") from None


async def _check(settings: Settings, base_url_source: str) -> int:
    from seekrflow_mcp.seekrflow.client import SeekrFlowClient
    from seekrflow_mcp.seekrflow.errors import NotFound, SeekrFlowError

    url = _without_credentials(settings.base_url)
    async with SeekrFlowClient(settings.client_options()) as client:
        try:
            jobs = await client.list_data_jobs(limit=1)
        except NotFound:
            # The list of jobs is always there, so the base URL points somewhere else.
            print(
                f"FAIL {url}: SeekrFlow answered 404 (not found) for the list of data jobs, so the base URL is "
                f"likely wrong: it is {url}, from {base_url_source}. Set SEEKR_BASE_URL to the API's root, "
                f"like {DEFAULT_BASE_URL}."
            )
            return 1
        except SeekrFlowError as exc:
            print(f"FAIL {url}: {exc}")
            return 1
    print(f"OK {url}: the API key works ({'at least one' if jobs else 'no'} data job visible).")
    return 0


def _without_credentials(url: str) -> str:
    # A base URL may carry user:password@; what check prints is often pasted into a ticket.
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname or ""
    netloc = f"***@{host}:{parts.port}" if parts.port else f"***@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


if __name__ == "__main__":
    sys.exit(main())
