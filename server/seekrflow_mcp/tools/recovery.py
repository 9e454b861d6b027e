"""What a SeekrFlow failure tells the model: what happened, then the exact call to make next.

The call is the one that failed, repeated as the model made it (when repeating it can work),
or the read that shows what happened to a change whose outcome is unknown, or the listing
that finds a right id. Where no call can help (a key refused, a team missing), it says so.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from seekrflow_mcp.render.calls import written
from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.triage.suggest import call


@dataclass(frozen=True)
class Attempt:
    """A tool call as the model made it: the tool and the arguments it gave."""

    tool: str
    arguments: Mapping[str, Any]

    @classmethod
    def of(cls, tool: Callable[..., object], given: Mapping[str, Any]) -> Attempt:
        """The arguments the model gave that differ from the defaults (the SDK passes every one).
        The context and what the SDK resolves itself (keyword-only: a confirmation) are not the model's."""
        parameters = inspect.signature(tool).parameters
        arguments = {
            name: value
            for name, value in given.items()
            if name in parameters
            and name != "ctx"
            and parameters[name].kind is not inspect.Parameter.KEYWORD_ONLY
            and value != parameters[name].default
        }
        return cls(tool.__name__, arguments)

    @property
    def job_id(self) -> str | None:
        job_id = self.arguments.get("job_id")
        return job_id if isinstance(job_id, str) else None

    def again(self) -> str:
        return _written(self.tool, dict(self.arguments))


def _written(tool: str, arguments: dict[str, Any]) -> str:
    action = call(tool, "", **arguments)  # cleans what came from the model, like any suggested call
    return written(action.tool, action.arguments, shorten=True)


def _read(job_id: str) -> str:
    return _written("get_data_job", {"job_id": job_id})


NO_CALL = "No tool call can fix this: "


class KeyRemedies(Protocol):
    """Where the key came from knows what the user must change when SeekrFlow refuses it."""

    @property
    def refused(self) -> str: ...

    @property
    def forbidden(self) -> str: ...


def explain(exc: errors.SeekrFlowError, attempt: Attempt, keys: KeyRemedies) -> str:
    """`exc` as the sentence the model reads, ending with what to do about it."""
    job_id = attempt.job_id
    if isinstance(exc, errors.Unauthorized):
        return f"{exc} {NO_CALL}{keys.refused}"
    if isinstance(exc, errors.Forbidden):
        return f"{exc} {NO_CALL}{keys.forbidden}"
    if isinstance(exc, errors.InvalidId):
        return str(exc)
    if isinstance(exc, errors.TooLarge):
        return f"{exc} {NO_CALL}the user must raise that setting and restart this server."
    if exc.maybe_applied:
        check = _read(job_id) if job_id else _written("list_files", {})
        return f"{exc} Check with {check} before repeating it."
    if isinstance(exc, errors.RateLimited):
        wait = f"{exc.retry_after:.0f} s" if exc.retry_after is not None else "a minute"
        return f"{exc} Nothing was changed by this call. Call {attempt.again()} again in {wait}."
    if isinstance(exc, errors.NotFound):
        finder = _written("list_data_jobs", {}) if job_id else _written("list_files", {})
        return f"{exc} {finder} lists the ids this API key can see."
    if isinstance(exc, errors.Conflict) and job_id:
        return f"{exc} Nothing was changed. {_read(job_id)} shows the job's state and what it allows."
    if isinstance(exc, errors.InvalidRequest):
        if "file_ids" in attempt.arguments:
            return f"{exc} Nothing was changed. {_written('list_files', {})} lists the uploaded files and their ids."
        return f"{exc} Nothing was changed: correct what SeekrFlow named in {attempt.again()} and call it again."
    return f"{exc} Call {attempt.again()} again in a minute."
