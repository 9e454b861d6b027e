"""`seekrflow-mcp sandbox`: serve the sandbox over HTTP on loopback, on the system clock."""

from __future__ import annotations

import copy
import ipaddress
import logging
import socket
import sys

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from seekrflow_sandbox import Sandbox
from seekrflow_sandbox.gateway import ConnectionDropped


class _HideDroppedConnections(logging.Filter):
    """A `drop` fault is wanted, not an error worth a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], ConnectionDropped))


def run_sandbox(host: str = "127.0.0.1", port: int = 8765, api_key: str = "sk-sandbox", seed: int = 0) -> None:
    """Serve until interrupted. Prints the two settings a client needs to stdout first;
    everything else (uvicorn's logs included) goes to stderr."""
    if not _is_loopback(host):
        raise ValueError(f"the sandbox serves on loopback only, not on {host!r}")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound = sock.getsockname()[1]
    shown_host = f"[{host}]" if family == socket.AF_INET6 else host

    print(f"SEEKR_BASE_URL=http://{shown_host}:{bound}")
    print(f"SEEKR_API_KEY={api_key}")
    print("# a simulated SeekrFlow API: export these two lines in another shell, then run a client; Ctrl-C stops it")
    sys.stdout.flush()

    log_config = copy.deepcopy(LOGGING_CONFIG)
    log_config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    config = uvicorn.Config(Sandbox(api_key=api_key, seed=seed).app, log_config=log_config, lifespan="off")
    logging.getLogger("uvicorn.error").addFilter(_HideDroppedConnections())
    uvicorn.Server(config).run(sockets=[sock])


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
