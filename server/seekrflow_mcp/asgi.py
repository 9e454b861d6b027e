"""`uvicorn seekrflow_mcp.asgi:app --workers N`: the HTTP app for any ASGI server, with the
settings from the environment and the config file. It cannot see the address it is served on,
so it needs authentication (or SEEKRFLOW_MCP_INSECURE_NO_AUTH=true) wherever it runs."""

from __future__ import annotations

import logging
import sys

from seekrflow_mcp.config import ConfigError, load_settings
from seekrflow_mcp.remote.app import build_app, check_exposure

try:
    _settings = load_settings()
    logging.basicConfig(level=_settings.log_level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    check_exposure(_settings, None)
    app = build_app(_settings)
except ConfigError as exc:
    # One line, not a traceback through the ASGI server's import machinery.
    print(f"seekrflow-mcp: {exc}", file=sys.stderr)
    raise SystemExit(2) from None
