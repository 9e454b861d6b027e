"""Every suggested call: the Next steps of each result and the plan of a failure summary.

A suggestion must be a call the model can make as written, so the `Suggester` knows which
tools the server registered and names no other (a read-only server has no writing tools).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from seekrflow_mcp.seekrflow.models import DataJob
from seekrflow_mcp.seekrflow.vocabulary import ALIGNING
from seekrflow_mcp.text.words import plural
from seekrflow_mcp.triage.facts import JobFacts
from seekrflow_mcp.triage.groups import Group
from seekrflow_mcp.triage.queries import JobPage
from seekrflow_mcp.triage.views import (
    FilePage,
    JobFailures,
    SuggestedAction,
    TimelinePage,
)

MAX_ACTIONS = 3
# A suggested call is written out whole in the text the model reads, so it carries few ids:
# ten ids are about 500 characters, a hundred (what the API takes) would fill the budget.
IDS_PER_CALL = 10


def call(tool: str, reason: str, **arguments: Any) -> SuggestedAction:
    return SuggestedAction(tool=tool, arguments=arguments, reason=reason)


def _get_job(job_id: str, reason: str) -> SuggestedAction:
    return call("get_data_job", reason, job_id=job_id)


def _summarize(job_id: str, reason: str) -> SuggestedAction:
    return call("summarize_failures", reason, job_id=job_id)


# (files in all, the call's share such as "3 files" or "10 of the 25 files", the causes'
# titles, " (part 2 of 3)" when there is more than one call) -> why
Reason = Callable[[int, str, str, str], str]


def _batched(tool: str, job_id: str, groups: list[Group], reason: Reason) -> list[SuggestedAction]:
    """`tool` on every file of `groups`, IDS_PER_CALL files a call."""
    ids = [f.file_id for group in groups for f in group.files]
    causes = "; ".join(dict.fromkeys(group.cause.title.lower() for group in groups))
    chunks = [ids[i : i + IDS_PER_CALL] for i in range(0, len(ids), IDS_PER_CALL)]
    calls = []
    for index, chunk in enumerate(chunks, start=1):
        files = plural(len(chunk), "file") if len(chunk) == len(ids) else f"{len(chunk)} of the {len(ids)} files"
        part = f" (part {index} of {len(chunks)})" if len(chunks) > 1 else ""
        calls.append(call(tool, reason(len(ids), files, causes, part), job_id=job_id, file_ids=chunk))
    return calls


@dataclass(frozen=True)
class Suggester:
    tools: frozenset[str]

    @property
    def can_change_files(self) -> bool:
        return bool({"add_files", "remove_files"} & self.tools)

    # -- list_data_jobs: every suggestion is a read; listing never calls for a change

    def for_list(self, page: Sequence[DataJob]) -> list[SuggestedAction]:
        stuck = [job for job in page if job.status == "needs_review"]
        actions: list[SuggestedAction] = []
        if len(stuck) > 1:
            actions.append(
                call(
                    "summarize_failures",
                    f"{len(stuck)} jobs on this page need review: see why, job by job, and what fixes each.",
                )
            )
        elif stuck:
            actions.append(
                _summarize(stuck[0].id, "This job needs review: see what blocks it and what fixes each problem.")
            )
        actions += [
            _get_job(job.id, "This job is ingesting files: follow its progress.")
            for job in page
            if job.status == "file_processing"
        ]
        return actions[:MAX_ACTIONS]

    # -- get_data_job

    def for_job(
        self, facts: JobFacts, page: JobPage, pages: tuple[FilePage | None, TimelinePage | None]
    ) -> list[SuggestedAction]:
        job_id = facts.detail.id
        failed = facts.open_failures
        blockers = facts.readiness.blockers
        actions: list[SuggestedAction] = []
        if failed:
            actions.append(
                _summarize(
                    job_id,
                    f"{plural(len(failed), 'file')} failed to ingest: see each cause, its fix, and the calls "
                    "that clear them.",
                )
            )
            # Retrying a temporary failure changes nothing else, so it can be offered straight away.
            actions += self._retries(facts)[:1]
        elif any(b.code != "still_processing" for b in blockers):
            actions.append(_summarize(job_id, "See what blocks alignment and how to clear it."))
        if any(b.code == "still_processing" for b in blockers):
            actions.append(_get_job(job_id, "Ingestion is still in progress: read the job again to follow it."))
        elif facts.detail.status in ALIGNING:
            actions.append(_get_job(job_id, "Alignment is in progress: read the job again later to follow it."))
        # Both pages share `offset` and `limit`, so one call turns both.
        file_page, timeline = pages
        named = (("files", file_page), ("timeline events", timeline))
        more = [what for what, shown in named if shown is not None and shown.next_offset is not None]
        if more:
            arguments: dict[str, Any] = {"job_id": job_id, "detail": page.detail}
            if page.state is not None and file_page is not None:
                arguments["state"] = page.state
            arguments |= {"offset": page.offset + page.limit, "limit": page.limit}
            actions.append(call("get_data_job", f"The next page of {' and '.join(more)}.", **arguments))
        return actions[:MAX_ACTIONS]

    # -- summarize_failures

    def _retries(self, facts: JobFacts) -> list[SuggestedAction]:
        if "add_files" not in self.tools:
            return []
        return _batched(
            "add_files",
            facts.detail.id,
            [group for group in facts.groups if group.cause.action == "retry"],
            lambda _, files, causes, part: (
                f"Retry {files} that failed on SeekrFlow's side, not because of the file ({causes}): adding a "
                f"failed file again queues a new attempt{part}."
            ),
        )

    def plan(self, facts: JobFacts) -> list[SuggestedAction]:
        """Every call that clears the open failures: retries first, then removals. Nothing once
        alignment has started, since the files can no longer change what it runs on. Removing is
        left out when nothing usable would remain, since `remove_files` would refuse it; the
        `no_viable_files` blocker already says what must come first."""
        if facts.alignment_started:
            return []
        retries = self._retries(facts)
        # A file this server cannot diagnose is never planned away: SeekrFlow's fix says what to do.
        keep = [group for group in facts.groups if group.cause.action == "replace" and group.cause.code != "other"]
        if "remove_files" not in self.tools or not keep:
            return retries
        if not retries and not any(f.viable for f in facts.files):
            return retries
        return retries + _batched(
            "remove_files",
            facts.detail.id,
            keep,
            lambda total, files, causes, part: (
                f"Detach {files} that cannot ingest as {'it is' if total == 1 else 'they are'} ({causes}){part}. "
                "To keep their content, upload a corrected copy and attach it with add_files first."
            ),
        )

    def for_failures(self, facts: JobFacts, plan: list[SuggestedAction]) -> list[SuggestedAction]:
        job_id = facts.detail.id
        if plan:
            return plan[:MAX_ACTIONS]
        if not facts.groups:
            return [_get_job(job_id, "No open failure to clear: read the job's status and readiness.")]
        if facts.alignment_started:
            return [_get_job(job_id, "Alignment has started, so the job's files can no longer change: follow it.")]
        if not self.can_change_files:
            return [
                _get_job(job_id, "This server cannot change files: fix them in SeekrFlow, then read the job again.")
            ]
        # `plan` leaves out a removal that would leave nothing usable.
        return [
            _get_job(
                job_id,
                "Removing these files would leave nothing usable: upload a corrected copy in SeekrFlow, attach it "
                "with add_files, then read the job again.",
            )
        ]

    def for_overview(self, shown: Sequence[JobFailures]) -> list[SuggestedAction]:
        return [
            _summarize(
                summary.job.id,
                f"{plural(summary.open_failures, 'open failure')} in this job: "
                "see the causes and the calls that fix them."
                if summary.open_failures
                else "See what blocks this job's alignment and how to clear it.",
            )
            for summary in shown[:MAX_ACTIONS]
        ]

    # -- add_files, remove_files: what to do next depends on how ingestion goes, so reads

    def after_add(self, after: JobFacts, sent: Sequence[str]) -> list[SuggestedAction]:
        job_id = after.detail.id
        sent_ids = set(sent)
        actions = []
        if sent:
            actions.append(_get_job(job_id, f"Follow the ingestion of the {plural(len(sent), 'file')} just added."))
        if any(f.file_id not in sent_ids for f in after.open_failures):
            actions.append(_summarize(job_id, "Other files of this job failed to ingest: see why and what fixes them."))
        if not actions:
            actions.append(_get_job(job_id, "Nothing was sent: read the job's status and readiness."))
        return actions[:MAX_ACTIONS]

    def after_frozen(self, job: JobFacts) -> list[SuggestedAction]:
        if job.alignment_state == "in_progress":
            return [_get_job(job.detail.id, "Alignment is in progress: read the job again later to follow it.")]
        return [_get_job(job.detail.id, "Alignment has finished: read the job for its outcome.")]

    def after_remove_refused(self, job_id: str) -> list[SuggestedAction]:
        return [
            call("get_data_job", "See which files are attached and which are usable.", job_id=job_id, detail="files")
        ]

    def after_remove_unconfirmed(self, job_id: str) -> list[SuggestedAction]:
        """The user declined, or closed the question unanswered: only they can say what comes next."""
        return [
            call(
                "get_data_job",
                "The user did not confirm the removal: ask them which files to remove, if any; this lists "
                "the attached ones.",
                job_id=job_id,
                detail="files",
            )
        ]

    def after_removal(self, after: JobFacts) -> list[SuggestedAction]:
        job_id = after.detail.id
        if after.open_failures:
            return [_summarize(job_id, "Files still fail to ingest: see why and what fixes them.")]
        if any(b.code == "still_processing" for b in after.readiness.blockers):
            return [_get_job(job_id, "Files are still being ingested: read the job again to follow them.")]
        return [_get_job(job_id, "See whether alignment can start now.")]

    def apply_removal(self, job_id: str, file_ids: list[str], *, leaves_nothing: bool) -> list[SuggestedAction]:
        """After a dry run: the same removal, for real."""
        arguments: dict[str, Any] = {"job_id": job_id, "file_ids": file_ids}
        if leaves_nothing:
            # Not refused with nothing viable left: the dry run was asked with the override.
            arguments["allow_no_viable_files"] = True
        return [call("remove_files", "Apply the removal shown here.", **arguments)]
