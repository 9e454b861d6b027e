"""The seeded world: data jobs in every status, built relative to the clock's now.

The jobs of `tests/contract/` are in `world_contract.py`, the others in `world_coverage.py`,
their ids in `world_ids.py`. The world does not depend on the seed.
"""

from __future__ import annotations

from datetime import datetime

from seekrflow_sandbox import world_contract, world_coverage
from seekrflow_sandbox.clock import CONTRACT_NOW
from seekrflow_sandbox.store import Store
from seekrflow_sandbox.timestamps import parse
from seekrflow_sandbox.world_ids import (
    ALIGNING_JOB,
    CANCELLED_JOB,
    COMPLETED_JOB,
    FAILED_JOB,
    FILLED_NOTES_FILE,
    LARGE_JOB,
    LARGE_JOB_FILES,
    LARGE_JOB_OPEN_FAILURES,
    MISSING_PROMPT_JOB,
    NEEDS_REVIEW_JOB,
    NO_FILES_JOB,
    PENDING_JOB,
    PROCESSING_JOB,
    QUEUED_JOB,
    READY_JOB,
    REFUND_RULES_V2_FILE,
    RESIZED_POSTER_FILE,
    REUPLOADED_MISSING_FILE,
    STOPPED_JOB,
    UNLOCKED_CONTRACT_FILE,
    VECTOR_DB_JOB,
)

__all__ = [
    "ALIGNING_JOB",
    "CANCELLED_JOB",
    "COMPLETED_JOB",
    "FAILED_JOB",
    "FILLED_NOTES_FILE",
    "LARGE_JOB",
    "LARGE_JOB_FILES",
    "LARGE_JOB_OPEN_FAILURES",
    "MISSING_PROMPT_JOB",
    "NEEDS_REVIEW_JOB",
    "NO_FILES_JOB",
    "PENDING_JOB",
    "PROCESSING_JOB",
    "QUEUED_JOB",
    "READY_JOB",
    "REFUND_RULES_V2_FILE",
    "RESIZED_POSTER_FILE",
    "REUPLOADED_MISSING_FILE",
    "STOPPED_JOB",
    "UNLOCKED_CONTRACT_FILE",
    "VECTOR_DB_JOB",
    "populate",
]


def populate(store: Store) -> None:
    now = store.clock.now()

    def at(contract_time: str) -> datetime:
        return now + (parse(contract_time) - CONTRACT_NOW)

    # The store lists jobs and files in the order they were created: keep this one.
    world_contract.needs_review(store, at)
    world_contract.processing(store, now)
    world_contract.missing_prompt(store, at)
    world_contract.aligning(store, at, now)
    world_contract.ready(store, at)
    world_coverage.large(store, now)
    world_coverage.no_files(store, now)
    world_coverage.vector_db(store, now)
    world_coverage.alignment_outcomes(store, now)
    world_contract.corrections(store, at)
