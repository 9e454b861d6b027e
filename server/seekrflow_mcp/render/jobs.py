"""The text of `list_data_jobs` and `get_data_job`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from seekrflow_mcp.render.budget import BUDGET, Block, Keep, Listing, bullets, fit, fit_page, more
from seekrflow_mcp.render.calls import hint
from seekrflow_mcp.render.estimates import estimate_line
from seekrflow_mcp.render.phrases import (
    cause_line,
    positions,
    scan_sentence,
)
from seekrflow_mcp.text.words import age, code, percent, plural, quote, when
from seekrflow_mcp.triage.views import (
    AlignmentView,
    EventView,
    FileCounts,
    FilePage,
    FileView,
    IngestionRunView,
    JobListView,
    JobRow,
    JobView,
    QueueView,
    TimelinePage,
)

USER_MUST_ACT = (
    "No call of this server can clear this: it needs you in SeekrFlow, as said above. Ask again once it is done."
)

# -- list_data_jobs ---------------------------------------------------------------------


def render_job_list(view: JobListView, now: datetime, budget: int = BUDGET) -> str:
    body, _ = _list_body(view, now)
    return fit(body, view.suggested_actions, budget)


def render_job_list_page(
    build: Callable[[int], JobListView], limit: int, now: datetime, budget: int = BUDGET
) -> tuple[JobListView, str]:
    """A page of at most `limit` jobs, as many as the text holds, and its text."""
    return fit_page(build, limit, lambda view: _list_body(view, now), budget)


def _list_body(view: JobListView, now: datetime) -> tuple[Block, list[Listing]]:
    start = view.offset
    body: Block = [Keep("## Data jobs")]
    if view.matched:
        by_status = sorted(view.counts_by_status.items(), key=lambda item: (-item[1], item[0]))
        body.append(f"{view.matched} matching: " + ", ".join(f"{n} {status}" for status, n in by_status) + ".")
    else:
        body.append("No data jobs match.")

    def tail(shown: int) -> list[str]:
        lines = [f"Showing {positions(start, shown)} of {view.matched} matching."] if shown else []
        fetch = f"{code('list_data_jobs')} with the same filters and offset={start + shown}"
        return lines + more(view.matched - start - shown, fetch=fetch)

    rows = bullets(_job_rows(view.jobs, now), tail)
    if view.jobs:
        body.append(rows)
    elif view.matched:
        body.append(f"No jobs on this page; {view.matched} match.")
    body.append(scan_sentence(view.scanned, view.complete))
    return body, [rows]


def _job_rows(jobs: list[JobRow], now: datetime) -> list[str]:
    explained: set[tuple[str, str]] = set()
    rows = []
    for job in jobs:
        # A status's meaning is said once, on its first row; later rows drop only from the end.
        status = job.status
        if (job.status, job.status_meaning) not in explained:
            explained.add((job.status, job.status_meaning))
            status = f"{job.status}: {job.status_meaning}"
        rows.append(
            f"- {code(job.name)} ({job.id}) — {status} · {job.job_type} · "
            f"created {age(job.created_at, now)}, updated {age(job.updated_at, now)}"
        )
    return rows


# -- get_data_job -----------------------------------------------------------------------


def render_job(view: JobView, now: datetime, budget: int = BUDGET) -> str:
    body, _ = _job_body(view, now)
    return fit(body, view.suggested_actions, budget)


def render_job_page(
    build: Callable[[int], JobView], limit: int, now: datetime, budget: int = BUDGET
) -> tuple[JobView, str]:
    """The view with pages (files, timeline) of at most `limit` items, as many as the text holds,
    and its text."""
    return fit_page(build, limit, lambda view: _job_body(view, now), budget)


def job_body(view: JobView, now: datetime) -> Block:
    """The text of a job's summary without its next steps, for results that include one."""
    return _job_body(view, now)[0]


def _job_body(view: JobView, now: datetime) -> tuple[Block, list[Listing]]:
    body: Block = [
        Keep(f"## {code(view.name)} ({view.id})"),
        Keep(f"Status: {view.status} — {view.status_meaning}"),
    ]
    if view.status_message:
        body.append(Keep(f"SeekrFlow says: {quote(view.status_message)}"))
    # Quoted: SeekrFlow's word never opens a line of the server's text.
    body.append(
        f"{code(view.job_type)} job · created {when(view.created_at, now)} · updated {when(view.updated_at, now)}"
    )
    body += _readiness(view)
    body.append(_file_counts(view.file_counts))
    if view.queue is not None:
        body.append(_queue(view.queue))
    if view.estimate is not None:
        body.append(estimate_line(view.estimate))
    if view.alignment is not None:
        body += _alignment(view.alignment)
    body += _failures_brief(view)
    body += _runs(view.ingestion_runs, view.more_ingestion_runs, now)
    if view.timeline is None:  # a timeline page says them again
        body += _recent_events(view, now)
    pages: Block = []
    if view.files is not None:
        pages += _file_page(view.files, now)
    if view.timeline is not None:
        pages += _timeline_page(view.timeline, now)
    return body + pages, [part for part in pages if isinstance(part, Listing)]


def _readiness(view: JobView) -> Block:
    if view.ready:
        head = "Ready to start alignment."
    elif view.alignment_state == "in_progress":
        head = "Alignment has already started, so the job's files can no longer change."
    elif view.alignment_state == "finished":
        head = "Alignment has already finished, so the job's files can no longer change."
    else:
        head = "Not ready to start alignment:" if view.blockers else "Alignment cannot start now."
    return [Keep(head), *(Keep(f"- {b.message}") for b in view.blockers), *_user_must_act(view.waiting_on_user)]


def _user_must_act(waiting: bool) -> list[str]:
    return [Keep(USER_MUST_ACT)] if waiting else []


def _file_counts(counts: FileCounts) -> str:
    parts = [
        f"{n} {label}"
        for n, label in (
            (counts.queued, "queued"),
            (counts.running, "running"),
            (counts.completed, "completed"),
            (counts.failed, "failed"),
            (counts.ready_without_ingestion, "ready without ingestion (Markdown)"),
        )
        if n
    ]
    return f"Files: {counts.total} attached" + (" — " + ", ".join(parts) if parts else "") + "."


def _queue(queue: QueueView) -> str:
    line = f"Queue: {queue.queued} of this job's files queued"
    if queue.next_position is not None:
        if queue.last_position is None or queue.last_position == queue.next_position:
            line += f" (at position {queue.next_position})"
        else:
            line += f" (positions {queue.next_position}–{queue.last_position})"
    return line + f", {queue.running} running."


def _alignment(alignment: AlignmentView) -> Block:
    facts = [
        fact
        for fact in (
            alignment.status,
            alignment.current_step and f"step {code(alignment.current_step)}",
            alignment.progress is not None and f"{percent(alignment.progress)} done",
            alignment.eta_minutes is not None and f"about {alignment.eta_minutes} min left",
        )
        if fact
    ]
    lines: Block = []
    if facts or alignment.id:
        job = f" ({alignment.id})" if alignment.id else ""
        lines.append(f"Alignment{job}: " + (", ".join(facts) if facts else "no progress reported yet") + ".")
    if alignment.status_message:
        lines.append(f"Alignment says: {quote(alignment.status_message)}")
    return lines


def _failures_brief(view: JobView) -> Block:
    resolved = f"; {view.resolved_failures} resolved by a later retry" if view.resolved_failures else ""
    if not view.open_failures:
        return [f"No open failures{resolved}."] if resolved else []
    head = f"Open failures: {view.open_failures} in {plural(len(view.failures), 'cause')}{resolved}:"

    def tail(shown: int) -> list[str]:
        rest = len(view.failures) - shown
        what = "more " + ("cause" if rest == 1 else "causes")
        return more(rest, what, hint("summarize_failures") + " for this job")

    return ["", head, bullets([cause_line(c) for c in view.failures], tail)]


def _runs(runs: list[IngestionRunView], older: int, now: datetime) -> Block:
    if not runs:
        return []

    def tail(shown: int) -> list[str]:
        rest = older + len(runs) - shown
        return more(rest, "older " + ("run" if rest == 1 else "runs"))

    return ["", "Ingestion runs, newest first:", bullets([_run_line(r, now) for r in runs], tail)]


def _run_line(run: IngestionRunView, now: datetime) -> str:
    states = [
        f"{n} {label}"
        for n, label in (
            (run.completed, "completed"),
            (run.failed, "failed"),
            (run.queued, "queued"),
            (run.running, "running"),
        )
        if n
    ]
    outcome = f"{plural(run.files, 'file')}" + (": " + ", ".join(states) if states else "")
    since = "queued since" if run.status == "queued" else "started"
    return f"- {run.id} — {run.status}, {since} {when(run.created_at, now)} — {outcome}"


def _event_line(event: EventView, now: datetime) -> str:
    return f"- {when(event.timestamp, now)} {code(event.event_type)}: {quote(event.message)}"


def _recent_events(view: JobView, now: datetime) -> Block:
    if not view.recent_events:
        return []

    def tail(shown: int) -> list[str]:
        fetch = hint("get_data_job", detail="timeline") + " has the whole timeline"
        return more(len(view.recent_events) - shown, fetch=fetch)

    return ["", "Recent events, newest first:", bullets([_event_line(e, now) for e in view.recent_events], tail)]


def _page_tail(matched: int, offset: int, fetch: Callable[[int], str]) -> Callable[[int], list[str]]:
    # Said after the list, once the budget has decided how much of the page is shown.
    def tail(shown: int) -> list[str]:
        lines = [f"Showing {positions(offset, shown)} of {matched}."] if shown else []
        return lines + more(matched - offset - shown, fetch=fetch(offset + shown))

    return tail


def _file_page(page: FilePage, now: datetime) -> Block:
    which = f"{page.state} files" if page.state else "files"
    if not page.items:
        none = f"No {which} at offset {page.offset}; {page.matched} in all." if page.offset else f"No {which}."
        return ["", none]
    head = f"{which.capitalize()}:"

    def fetch(offset: int) -> str:
        state = {"state": page.state} if page.state else {}
        return hint("get_data_job", detail="files", **state, offset=offset)

    return ["", head, bullets([_file_line(f, now) for f in page.items], _page_tail(page.matched, page.offset, fetch))]


def _file_line(file: FileView, now: datetime) -> str:
    state = file.state.replace("_", " ")
    facts = [state if file.queue_position is None else f"{state} at position {file.queue_position}"]
    if file.attempts > 1:
        facts.append(f"{file.attempts} attempts")
    if file.cause is not None:
        facts.append(f"cause {file.cause}")
    # A known cause says it all (summarize_failures has its message and fix); an unknown one
    # is only its message.
    if file.error_message and file.cause in (None, "other"):
        facts.append(f"reported {quote(file.error_message)}")
    if file.updated_at is not None:
        facts.append(f"updated {when(file.updated_at, now)}")
    kind = f", {file.type}" if file.type else ""
    return f"- {code(file.name)} ({file.file_id}{kind}) — " + ", ".join(facts)


def _timeline_page(page: TimelinePage, now: datetime) -> Block:
    if not page.items:
        none = (
            f"No timeline events at offset {page.offset}; {page.total} in all."
            if page.offset
            else "No timeline events."
        )
        return ["", none]
    head = "Timeline, newest first:"

    def fetch(offset: int) -> str:
        return hint("get_data_job", detail="timeline", offset=offset)

    return ["", head, bullets([_event_line(e, now) for e in page.items], _page_tail(page.total, page.offset, fetch))]
