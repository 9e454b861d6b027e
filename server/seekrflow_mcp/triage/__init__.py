"""Pure functions, no I/O: SeekrFlow API models in, views out."""

from seekrflow_mcp.triage.causes import CATALOG, Cause, classify
from seekrflow_mcp.triage.jobs import (
    STATUS_MEANINGS,
    RemovePlan,
    add_result_view,
    failure_view,
    job_view,
    list_view,
    overview_failure_view,
    plan_add,
    plan_remove,
    readiness,
    remove_result_view,
    status_meaning,
)
from seekrflow_mcp.triage.text import clean

__all__ = [
    "CATALOG",
    "STATUS_MEANINGS",
    "Cause",
    "RemovePlan",
    "add_result_view",
    "classify",
    "clean",
    "failure_view",
    "job_view",
    "list_view",
    "overview_failure_view",
    "plan_add",
    "plan_remove",
    "readiness",
    "remove_result_view",
    "status_meaning",
]
