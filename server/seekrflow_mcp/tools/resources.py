"""The resources: a data job's summary and the guide to ingestion errors, as markdown.

A read fails the way a tool call does, with one sentence that says what happened and what to
do; the SDK sends a `ResourceNotFoundError` as JSON-RPC error -32602 and any other
`ResourceError` as -32603, each with that sentence as its message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError

from seekrflow_mcp import render
from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.tools import fetch
from seekrflow_mcp.tools.context import AppState, Refusal, app_state, log
from seekrflow_mcp.tools.reads import SUMMARY, job_page
from seekrflow_mcp.tools.recovery import Attempt, explain
from seekrflow_mcp.triage.causes import CATALOG
from seekrflow_mcp.triage.facts import job_facts


@dataclass(frozen=True)
class Resource:
    uri: str  # a template when it holds {names}
    fn: Callable[..., object]
    name: str
    title: str
    description: str
    mime_type: str = "text/markdown"


async def data_job(job_id: str, ctx: Context[AppState]) -> str:
    app = app_state(ctx)
    try:
        with app.client.budget():
            facts = job_facts(await fetch.job(app, job_id))
    except (Refusal, errors.InvalidId) as unknown:
        raise ResourceNotFoundError(str(unknown)) from None
    except errors.SeekrFlowError as exc:
        log.info("data job resource %s failed: %r", job_id, exc)
        raise ResourceError(explain(exc, Attempt("get_data_job", {"job_id": job_id}), app.keys)) from None
    return job_page(app, facts, SUMMARY)[1]


def ingestion_errors() -> str:
    return render.render_catalog(CATALOG)


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "seekrflow://data-jobs/{job_id}",
        data_job,
        "data_job",
        "Data job summary",
        "One data job as get_data_job summarizes it: status and meaning, readiness and every blocker, "
        "file counts, queue, ingestion runs, recent events, failures in brief.",
    ),
    Resource(
        "seekrflow://guide/ingestion-errors",
        ingestion_errors,
        "ingestion_errors",
        "Ingestion error guide",
        "Every cause a failed file is put down to: its fix, whether a retry helps, and how many retries.",
    ),
)
