"""The text of `summarize_failures`, for one job or for every job needing review."""

from __future__ import annotations

from seekrflow_mcp.render.budget import (
    BUDGET,
    GIVES_WAY_FIRST,
    GIVES_WAY_LAST,
    GIVES_WAY_NEXT,
    MAX_NEXT_STEPS,
    Block,
    Keep,
    Listing,
    bullets,
    fit,
    more,
)
from seekrflow_mcp.render.calls import hint, written
from seekrflow_mcp.render.jobs import USER_MUST_ACT
from seekrflow_mcp.render.phrases import (
    cause_line,
    file_ref,
    remedy,
    scan_sentence,
)
from seekrflow_mcp.text.words import code, plural, quote
from seekrflow_mcp.triage.views import (
    FailedFile,
    FailureGroup,
    FailureSummaryView,
    JobFailures,
    JobRef,
    SharedCause,
)


def render_failures(view: FailureSummaryView, budget: int = BUDGET) -> str:
    body = _job_failures(view, view.job) if view.job is not None else _overview(view)
    if view.blockers:
        body += ["", Keep("Blocking alignment:"), *(Keep(f"- {b.message}") for b in view.blockers)]
    if view.waiting_on_user:
        body += ["", Keep(USER_MUST_ACT)]
    body += _plan(view)
    return fit(body, view.suggested_actions, budget)


NAMED_PER_CAUSE = 3


def _tally(open_failures: int, spread: str, resolved: int) -> str:
    resolved_part = f"; {resolved} resolved by a later retry" if resolved else ""
    if not open_failures:
        return f"No open failures{resolved_part}."
    return f"{plural(open_failures, 'open failure')} in {spread}{resolved_part}."


def _job_failures(view: FailureSummaryView, job: JobRef) -> Block:
    failed_files = hint("get_data_job", detail="files", state="failed")

    def tail(shown: int) -> list[str]:
        dropped = view.groups[shown:]
        files = sum(g.count for g in dropped)
        what = f"more {'cause' if len(dropped) == 1 else 'causes'} covering {plural(files, 'file')}"
        return ["", *more(len(dropped), what, failed_files)] if dropped else []

    body: Block = [
        Keep(f"## Failures in {code(job.name)} ({job.id})"),
        Keep(f"Status: {job.status}."),
        Keep(_tally(view.open_failures, plural(len(view.groups), "cause"), view.resolved_failures)),
    ]
    if view.groups:
        body.append(Listing([_group(g, failed_files) for g in view.groups], tail, tier=GIVES_WAY_LAST))
    return body


def _group(group: FailureGroup, failed_files: str) -> Block:
    # SeekrFlow's own fix is its text: quoted, as data.
    fix = f"SeekrFlow's fix: {quote(group.fix)}" if group.fix_by_seekrflow else f"Fix: {group.fix}"
    named, rest = group.files[:NAMED_PER_CAUSE], group.files[NAMED_PER_CAUSE:]

    def tail(shown: int) -> list[str]:
        return more(group.more_files + len(rest) - shown, fetch=failed_files)

    def words_left_out(shown: int) -> list[str]:
        if shown == 2:
            return []
        what = "The fix is" if shown == 1 else "The reported message and the fix are"
        return [
            f"{what} left out to fit; {hint('summarize_failures', files_per_group=NAMED_PER_CAUSE)} has room for them."
        ]

    # Names before prose: the first files of each cause are said whatever else must go, the
    # rest after the plan's later steps and the words (the heading keeps what to do).
    return [
        "",
        f"### {group.title} — {plural(group.count, 'file')} ({remedy(group.cause, group.retryable, group.action)})",
        Listing([[f"Reported: {quote(group.message)}"], [fix]], words_left_out, tier=GIVES_WAY_FIRST),
        *(_failed_file(f) for f in named),
        bullets([_failed_file(f) for f in rest], tail, tier=GIVES_WAY_NEXT),
    ]


def _failed_file(file: FailedFile) -> str:
    attempts = f", {file.attempts} attempts" if file.attempts > 1 else ""
    return f"- {file_ref(file.name, file.file_id)}{attempts}"


def _overview(view: FailureSummaryView) -> Block:
    body: Block = [Keep("## Failures across data jobs that need review")]
    jobs = len(view.jobs) + view.more_jobs + len(view.unreadable_jobs)
    read = jobs - view.unread_jobs
    if jobs:
        where = plural(jobs, "job") + " needing review"
        if view.unread_jobs:
            where = f"{plural(read, 'job')} read of the {jobs} needing review"
        body.append(Keep(_tally(view.open_failures, where, view.resolved_failures)))
    else:
        body.append(Keep("No data job needs review."))

    def tail(shown: int) -> list[str]:
        rest = view.more_jobs + len(view.jobs) - shown
        what = "more " + ("job needs" if rest == 1 else "jobs need") + " review"
        fetch = hint("list_data_jobs", status=["needs_review"]) + " lists them"
        return more(rest, what, fetch)

    if view.jobs:
        body.append(Listing([_job_failures_entry(j) for j in view.jobs], tail))
    if view.unreadable_jobs:
        failed = [f"- {code(j.job.name)} ({j.job.id}): {quote(j.reason)}" for j in view.unreadable_jobs]
        body += ["", Keep(f"Could not read {plural(len(failed), 'job')} needing review:"), *map(Keep, failed)]
    if view.across_jobs:
        body += ["", "Across jobs:", *(_shared_line(cause) for cause in view.across_jobs)]
    if view.scanned is not None and view.complete is not None:
        body.append(scan_sentence(view.scanned, view.complete))
    return body


def _shared_line(cause: SharedCause) -> str:
    spread = f"{plural(cause.files, 'file')} in {plural(cause.jobs, 'job')}"
    if cause.incident:
        return f"- {cause.title}: {spread}, likely a platform incident; retry later, one call a job."
    return f"- {cause.title}: {spread}."


def _job_failures_entry(job: JobFailures) -> Block:
    resolved = f", {job.resolved_failures} resolved by a later retry" if job.resolved_failures else ""
    failures = plural(job.open_failures, "open failure")
    lines: Block = [f"- {code(job.job.name)} ({job.job.id}), {job.job.status}: {failures}{resolved}"]
    lines += [f"  {cause_line(c)}" for c in job.causes]
    lines += [f"  - Blocking: {b.message}" for b in job.blockers]
    return lines


def _plan(view: FailureSummaryView) -> Block:
    if not view.plan:
        return []
    # The plan's first calls are usually the Next steps too: they are named, not written twice.
    steps = view.suggested_actions[:MAX_NEXT_STEPS]
    same = 0
    while same < min(len(steps), len(view.plan)) and view.plan[same] == steps[same]:
        same += 1
    those = "the first Next step below" if same == 1 else f"the first {same} Next steps below"
    rest = view.plan[same:]
    if not rest and not view.more_plan_calls:
        return ["", f"Plan: {those}" + (", in order." if same > 1 else ".")]
    total = len(view.plan) + view.more_plan_calls
    head = f"Plan, {total} calls in order" + (f": {those}, then:" if same else ":")
    again = hint("summarize_failures") + (" for this job" if view.job else "")

    def tail(shown: int) -> list[str]:
        left = len(rest) - shown + view.more_plan_calls
        what = "more " + ("step" if left == 1 else "steps")
        return more(left, what, f"once these are done, {again} shows what remains")

    lines = [f"{i}. {written(a.tool, a.arguments)} — {a.reason}" for i, a in enumerate(rest, same + 1)]
    return ["", head, bullets(lines, tail, tier=GIVES_WAY_FIRST)]
