"""Whether alignment can start now and, if not, every reason."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from seekrflow_mcp.seekrflow.models import DataJobDetail
from seekrflow_mcp.seekrflow.vocabulary import IN_PROGRESS
from seekrflow_mcp.text.words import plural
from seekrflow_mcp.triage.views import Blocker, FileState

# What alignment can use, now or once ingestion finishes.
VIABLE: frozenset[FileState] = frozenset({"completed", "queued", "running", "ready_without_ingestion"})

_VECTOR_DATABASE = re.compile(r"vector[\s_-]*(database|db)", re.IGNORECASE)
_SYSTEM_PROMPT = re.compile(r"(system[\s_-]*)?prompt", re.IGNORECASE)


class Readiness(NamedTuple):
    ready: bool
    blockers: list[Blocker]


def readiness(detail: DataJobDetail, states: Mapping[FileState, int], *, started: bool) -> Readiness:
    """`states`: how many attached files are in each state."""
    # A job whose alignment has started is past this stage: not ready, and nothing blocks it.
    if started:
        return Readiness(False, [])
    blockers = _blockers(detail, states)
    # Only SeekrFlow's own verdict lets `/start` through: with no blocker found, a job still
    # in `needs_review` is waiting for a reason SeekrFlow has not told us.
    return Readiness(detail.status == "ready_to_start" and not blockers, blockers)


def _blockers(detail: DataJobDetail, states: Mapping[FileState, int]) -> list[Blocker]:
    blockers: list[Blocker] = []
    queued, running = states.get("queued", 0), states.get("running", 0)
    if queued or running:
        blockers.append(
            Blocker(
                code="still_processing",
                message=(
                    f"{plural(queued + running, 'file')} still being ingested ({running} running, "
                    f"{queued} queued); alignment can start only after they finish."
                ),
            )
        )
    elif any(run.status in IN_PROGRESS for run in detail.ingestion_jobs):
        blockers.append(
            Blocker(
                code="still_processing",
                message="An ingestion run is still queued or running; alignment can start only after it finishes.",
            )
        )
    failed = states.get("failed", 0)
    if failed:
        blockers.append(
            Blocker(
                code="open_failures",
                message=(
                    f"{plural(failed, 'attached file')} failed to ingest; each must be retried, replaced "
                    "or removed before alignment can start."
                ),
            )
        )
    if not any(states.get(state, 0) for state in VIABLE):
        blockers.append(Blocker(code="no_viable_files", message=_no_viable_files(sum(states.values()))))
    # A prerequisite read from a field the payload may leave out: stated only when SeekrFlow
    # agrees, by naming it or by holding the job for review with nothing else to explain why.
    if (
        detail.job_type == "principle_files"
        and not (detail.system_prompt or "").strip()
        and _agrees(detail, _SYSTEM_PROMPT, blockers)
    ):
        blockers.append(
            Blocker(
                code="missing_system_prompt",
                message=(
                    "The job has no system prompt, which principle-files jobs need before alignment can "
                    "start: set one on the job in SeekrFlow."
                ),
            )
        )
    if (
        detail.job_type == "context_grounded_vector_db"
        and not detail.vector_database_id
        and _agrees(detail, _VECTOR_DATABASE, blockers)
    ):
        blockers.append(
            Blocker(
                code="missing_vector_database",
                message=(
                    "SeekrFlow reports no vector database for this job, which vector-database jobs need "
                    "before alignment can start: set one on the job in SeekrFlow."
                ),
            )
        )
    return blockers


def _agrees(detail: DataJobDetail, named: re.Pattern[str], blockers: list[Blocker]) -> bool:
    if detail.status == "ready_to_start":
        return False
    return bool(named.search(detail.status_message or "")) or (detail.status == "needs_review" and not blockers)


def _no_viable_files(attached: int) -> str:
    if not attached:
        return "No files are attached; attach at least one file before alignment can start."
    if attached == 1:
        unusable = "The only attached file cannot be used: it did not ingest successfully"
    else:
        unusable = f"None of the {attached} attached files can be used: none ingested successfully"
    return (
        f"{unusable}, nothing is being ingested, and there is no Markdown file. Attach a file that "
        "ingests before alignment can start."
    )
