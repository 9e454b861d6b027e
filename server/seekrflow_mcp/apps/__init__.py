"""The job dashboard, an MCP App (`io.modelcontextprotocol/ui`): one HTML resource that hosts
supporting the extension render next to `get_data_job` and `summarize_failures`.

Those tools' results stay what they are for every host: the dashboard reads their structured
content, then asks `refresh_data_job` (visible to the app only) for the rest. The HTML is a
package file with no external resources, so the host's default CSP serves it as it is.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from mcp.server.apps import Apps

DASHBOARD_URI = "ui://seekrflow/data-job.html"
# The tools a host renders the dashboard next to, and the one only the app calls.
SHOWN_WITH = frozenset({"get_data_job", "summarize_failures"})
APP_ONLY = frozenset({"refresh_data_job"})


def dashboard_html() -> str:
    return files("seekrflow_mcp.apps").joinpath("data_job.html").read_text(encoding="utf-8")


def dashboard() -> Apps:
    """The extension, with the dashboard's resource; its tools are registered with the others."""
    apps = Apps()
    apps.add_html_resource(
        DASHBOARD_URI,
        dashboard_html(),
        name="data-job-dashboard",
        title="Data job dashboard",
        description="A data job's status, readiness, file states, failures and runs, with its fixes as buttons.",
        prefers_border=True,
    )
    return apps


def tool_meta(name: str) -> dict[str, Any] | None:
    """A tool's `_meta`, binding it to the dashboard (as `Apps.tool` would), or None when unbound."""
    if name in APP_ONLY:
        return {"ui": {"resourceUri": DASHBOARD_URI, "visibility": ["app"]}}
    if name in SHOWN_WITH:
        return {"ui": {"resourceUri": DASHBOARD_URI}}
    return None
