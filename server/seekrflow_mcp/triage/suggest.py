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
from seekrflow_mcp.text.words import code, plural
from seekrflow_mcp.triage.facts import JobFacts
from seekrflow_mcp.triage.file_views import FileRow
from seekrflow_mcp.triage.groups import Group
from seekrflow_mcp.triage.lazy import Lazy, chain
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


def _batched(tool: str, job_id: str, groups: list[Group], reason: Reason) -> Lazy[SuggestedAction]:
    """`tool` on every file of `groups`, IDS_PER_CALL files a call; a call is made when read."""
    files = [f for group in groups for f in group.files]
    causes = "; ".join(dict.fromkeys(group.cause.title.lower() for group in groups))
    calls = -(-len(files) // IDS_PER_CALL)

    def batch(index: int) -> SuggestedAction:
        chunk = [f.file_id for f in files[index * IDS_PER_CALL : (index + 1) * IDS_PER_CALL]]
        share = plural(len(chunk), "file") if len(chunk) == len(files) else f"{len(chunk)} of the {len(files)} files"
        part = f" (part {index + 1} of {calls})" if calls > 1 else ""
        return call(tool, reason(len(files), share, causes, part), job_id=job_id, file_ids=chunk)

    return Lazy(calls, batch)


# What only the user can clear, in SeekrFlow: no call of this server changes it.
USER_ONLY = frozenset({"missing_system_prompt", "missing_vector_database", "no_viable_files"})


def only_user_can_unblock(facts: JobFacts) -> bool:
    """Nothing is failing or ingesting, and what blocks alignment only the user can clear:
    suggesting a read of the same unchanged job would only go round in circles."""
    blockers = {b.code for b in facts.readiness.blockers}
    return bool(blockers) and blockers <= USER_ONLY and not facts.open_failures


@dataclass(frozen=True)
class Suggester:
    tools: frozenset[str]

    @property
    def can_change_files(self) -> bool:
        return bool({"add_files", "remove_files", "retry_failed_files"} & self.tools)

    def _follow(self, job_id: str, reason: str) -> SuggestedAction:
        """Follow ingestion: wait for it where the server can, else read the job again."""
        if "wait_for_ingestion" in self.tools:
            return call("wait_for_ingestion", reason, job_id=job_id)
        return _get_job(job_id, reason)

    def _start(self, facts: JobFacts) -> list[SuggestedAction]:
        if "start_alignment" not in self.tools or not facts.readiness.ready:
            return []
        return [
            call(
                "start_alignment",
                "Every file is ingested and nothing blocks the job: start alignment.",
                job_id=facts.detail.id,
            )
        ]

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
            actions += self.retries(facts)
        elif any(b.code != "still_processing" for b in blockers) and not only_user_can_unblock(facts):
            actions.append(_summarize(job_id, "See what blocks alignment and how to clear it."))
        actions += self._start(facts)
        if facts.ingesting:
            actions.append(self._follow(job_id, "Ingestion is still in progress: follow it until it ends."))
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

    # -- wait_for_ingestion

    def keep_waiting(self, job_id: str, timeout_seconds: int) -> SuggestedAction:
        return call(
            "wait_for_ingestion",
            "Ingestion is still in progress: keep waiting for it.",
            job_id=job_id,
            timeout_seconds=timeout_seconds,
        )

    def for_wait(
        self, job_id: str, job_actions: list[SuggestedAction], keep_waiting: int | None
    ) -> list[SuggestedAction]:
        """After a wait: `keep_waiting` is the timeout of the next wait, None once ingestion is over.
        Waiting again replaces reading the job again to follow it."""
        if keep_waiting is None or "wait_for_ingestion" not in self.tools:
            return job_actions[:MAX_ACTIONS]
        following = {("get_data_job", (("job_id", job_id),)), ("wait_for_ingestion", (("job_id", job_id),))}
        others = [a for a in job_actions if (a.tool, tuple(a.arguments.items())) not in following]
        return [self.keep_waiting(job_id, keep_waiting), *others][:MAX_ACTIONS]

    # -- summarize_failures

    def retries(self, facts: JobFacts) -> list[SuggestedAction]:
        retry = [group for group in facts.groups if group.cause.action == "retry"]
        if "retry_failed_files" not in self.tools or not retry:
            return []
        files = sum(len(group.files) for group in retry)
        causes = "; ".join(dict.fromkeys(group.cause.title.lower() for group in retry))
        return [
            call(
                "retry_failed_files",
                f"Retry the {plural(files, 'file')} that failed on SeekrFlow's side, not because of the file "
                f"({causes}); one call re-sends them all.",
                job_id=facts.detail.id,
            )
        ]

    def plan(self, facts: JobFacts) -> Sequence[SuggestedAction]:
        """Every call that clears the open failures: retries first, then removals. Nothing once
        alignment has started, since the files can no longer change what it runs on. Removing is
        left out when nothing usable would remain, since `remove_files` would refuse it; the
        `no_viable_files` blocker already says what must come first."""
        if facts.alignment_started:
            return []
        retries = self.retries(facts)
        # A file this server cannot diagnose is never planned away: SeekrFlow's fix says what to do.
        keep = [group for group in facts.groups if group.cause.action == "replace" and group.cause.code != "other"]
        removals: Sequence[SuggestedAction] = []
        if "remove_files" in self.tools and keep and (retries or any(f.viable for f in facts.files)):
            removals = _batched(
                "remove_files",
                facts.detail.id,
                keep,
                lambda total, files, causes, part: (
                    f"Detach {files} that cannot ingest as {'it is' if total == 1 else 'they are'} ({causes}){part}. "
                    "To keep their content, upload a corrected copy and attach it with add_files first."
                ),
            )
        return chain(retries, removals, self._to_the_end(facts, retries, removals, keep))

    def _to_the_end(
        self, facts: JobFacts, retries: list[SuggestedAction], removals: Sequence[SuggestedAction], keep: list[Group]
    ) -> list[SuggestedAction]:
        """When the plan's calls clear every open failure, and nothing else needs the user: wait
        for the retries, then start alignment (which checks readiness itself first)."""
        cleared = sum(len(g.files) for g in facts.groups if g.cause.action == "retry" and retries)
        cleared += sum(len(g.files) for g in keep if removals)
        others = {b.code for b in facts.readiness.blockers} - {"open_failures", "still_processing"}
        if retries:
            others.discard("no_viable_files")  # retried files are in progress, so usable
        if cleared < len(facts.open_failures) or others or "start_alignment" not in self.tools:
            return []
        job_id = facts.detail.id
        wait = [self._follow(job_id, "Wait for the files to finish ingesting.")] if retries or facts.ingesting else []
        start = call("start_alignment", "Start alignment once every file has ingested.", job_id=job_id)
        return [*wait, start]

    def for_failures(self, facts: JobFacts, plan: Sequence[SuggestedAction]) -> list[SuggestedAction]:
        job_id = facts.detail.id
        if plan:
            return list(plan[:MAX_ACTIONS])
        if facts.alignment_started:
            return [_get_job(job_id, "Alignment has started, so the job's files can no longer change: follow it.")]
        if not facts.groups:
            if facts.ingesting:
                return [self._follow(job_id, "Ingestion is still in progress: follow it until it ends.")]
            if only_user_can_unblock(facts):
                return []
            return self._start(facts) or [_get_job(job_id, "No open failure to clear: read the job's status.")]
        if not self.can_change_files:
            return [
                _get_job(job_id, "This server cannot change files: fix them in SeekrFlow, then read the job again.")
            ]
        # Only what the user must do in SeekrFlow is left (a corrected upload, or support):
        # the text says it; a read of the same job would change nothing.
        return []

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
        rest = self.plan(after)
        if sent and rest:  # what the plan now holds: removals, then the wait and the start
            return list(rest[:MAX_ACTIONS])
        if sent:
            actions.append(self._follow(job_id, f"Follow the ingestion of the {plural(len(sent), 'file')} just added."))
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
        if after.ingesting:
            return [self._follow(job_id, "Files are still being ingested: follow them until they end.")]
        if only_user_can_unblock(after):
            return []
        return self._start(after) or [_get_job(job_id, "See whether alignment can start now.")]

    def after_retry(self, after: JobFacts, sent: Sequence[str], others: Sequence[Group]) -> list[SuggestedAction]:
        job_id = after.detail.id
        rest = self.plan(after)
        if rest:  # what the plan still holds: removals, then the wait and the start
            return list(rest[:MAX_ACTIONS])
        actions = []
        if sent:
            actions.append(self._follow(job_id, f"Follow the {plural(len(sent), 'file')} re-sent until they ingest."))
        if others:
            actions.append(_summarize(job_id, "Other failed files need something other than a retry: see what."))
        return actions or [_summarize(job_id, "Nothing was worth retrying: see what each failed file needs.")]

    def after_start(self, after: JobFacts, started: bool) -> list[SuggestedAction]:
        job_id = after.detail.id
        if started:
            return [_get_job(job_id, "Alignment was requested: read the job later to follow it.")]
        return self.for_failures(after, self.plan(after))

    def apply_removal(self, job_id: str, file_ids: list[str], *, leaves_nothing: bool) -> list[SuggestedAction]:
        """After a dry run: the same removal, for real."""
        arguments: dict[str, Any] = {"job_id": job_id, "file_ids": file_ids}
        if leaves_nothing:
            # Not refused with nothing viable left: the dry run was asked with the override.
            arguments["allow_no_viable_files"] = True
        return [call("remove_files", "Apply the removal shown here.", **arguments)]

    # -- list_files, upload_file: finding a file's id is for attaching it, so what comes next is a job

    def for_files(self, page: Sequence[FileRow], next_page: dict[str, Any] | None) -> list[SuggestedAction]:
        """For the one file a search found: where it stands, or how to attach it; then the next page."""
        actions: list[SuggestedAction] = []
        if len(page) == 1:
            found = page[0]
            name = code(found.name)
            failed = [a.job_id for a in found.attached_to if a.state == "failed"]
            if failed:
                actions.append(_summarize(failed[0], f"{name} failed to ingest in this job: see why and the fix."))
            elif found.attached_to:
                job_id = found.attached_to[0].job_id
                actions.append(_get_job(job_id, f"{name} is attached to this job: follow it there."))
            else:
                actions.append(self._find_job_for(found.id, found.name))
        if next_page is not None:
            actions.append(call("list_files", "The next page of matching files.", **next_page))
        return actions[:MAX_ACTIONS]

    def after_upload(self, file_id: str, name: str, job_id: str | None) -> list[SuggestedAction]:
        if job_id is not None and "add_files" in self.tools:
            reason = f"Attach {code(name)} to the data job; ingestion starts by itself."
            return [call("add_files", reason, job_id=job_id, file_ids=[file_id])]
        return [self._find_job_for(file_id, name)]

    def _find_job_for(self, file_id: str, name: str) -> SuggestedAction:
        attach = (
            f'then call add_files(job_id=..., file_ids=["{file_id}"])'
            if "add_files" in self.tools
            else "then attach it in SeekrFlow"
        )
        return call("list_data_jobs", f"Find the data job to attach {code(name)} to, {attach}.")
