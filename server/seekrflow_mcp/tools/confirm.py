"""Asking the user before files are removed, where their client can ask.

The SDK runs resolvers before the tool body (mcp-sdk-v2.md §4), so the question is built from a
read of its own; the body reads the job again under the job's lock and acts on that read, as
every write does. An agreement holds only for the question that read would put: on the
2026-07-28 protocol the resolvers run again when the answer comes back and the SDK asks again
if the question changed; on 2025-11-25 the question is put once, mid-call, and a job that
changed while the user read it is refused here.

A client that cannot ask (no form elicitation) is not asked: `remove_files` is annotated
destructive, so the host's own approval of the call is the confirmation there.
"""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import (
    AcceptedElicitation,
    CancelledElicitation,
    Context,
    Elicit,
    ElicitationResult,
    Resolve,
)
from pydantic import BaseModel, Field

from seekrflow_mcp import render
from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.tools import fetch
from seekrflow_mcp.tools.context import AppState, Refusal, app_state
from seekrflow_mcp.triage.facts import job_facts
from seekrflow_mcp.triage.views import Confirmation
from seekrflow_mcp.triage.writes import plan_remove


# The form the user answers; no docstring, since a client may show the schema's description.
class Confirm(BaseModel):
    remove: bool = Field(default=True, description="Remove the files listed")


def can_ask(ctx: Context[AppState]) -> bool:
    # The SDK's own test: a bare `elicitation: {}` predates modes and means form.
    capabilities = ctx.client_capabilities
    elicitation = capabilities.elicitation if capabilities is not None else None
    return elicitation is not None and (elicitation.form is not None or elicitation.url is None)


async def removal_question(
    ctx: Context[AppState], job_id: str, file_ids: list[str], dry_run: bool, allow_no_viable_files: bool
) -> str | None:
    """The question to put to the user, or None when none is due: a dry run, a client that
    cannot ask, or a removal the tool will refuse (nobody is asked to agree to nothing)."""
    if dry_run or not can_ask(ctx):
        return None
    try:
        facts = job_facts(await fetch.job(app_state(ctx), job_id))
    except (Refusal, errors.SeekrFlowError):
        return None  # the body reads the job again and says what went wrong
    plan = plan_remove(facts, file_ids, allow_no_viable_files)
    return None if plan.refused is not None else render.removal_question(facts, plan)


Question = Annotated[str | None, Resolve(removal_question)]


async def ask(question: Question) -> Confirm | Elicit[Confirm]:
    # With no question the tool reads `question`, never this answer.
    return Confirm(remove=False) if question is None else Elicit(question, Confirm)


Answer = Annotated[ElicitationResult[Confirm], Resolve(ask)]


def confirmation(
    ctx: Context[AppState], job_id: str, question: str | None, answer: ElicitationResult[Confirm], current: str
) -> Confirmation | None:
    """How the user answered, for a removal the body is about to make whose question would now
    read `current`; None when the client cannot ask. An agreement holds only for the question
    the user saw: a job that changed since, or a question never put (its read failed, or found
    a removal that would be refused, and the body's did not), removes nothing."""
    if not can_ask(ctx):
        return None
    if isinstance(answer, AcceptedElicitation) and answer.data.remove:
        if question != current:
            raise Refusal(
                f"Nothing was removed: data job {job_id} changed while the user was asked to confirm, so their "
                "answer was not about the removal as it now stands; call `remove_files` again with the same "
                "arguments to ask them again."
            )
        return "accepted"
    if question is None:
        raise Refusal(
            f"Nothing was removed: the user was not asked to confirm, because data job {job_id} could not be "
            "read or was in another state when the question was prepared; call `remove_files` again with the "
            "same arguments."
        )
    return "cancelled" if isinstance(answer, CancelledElicitation) else "declined"
