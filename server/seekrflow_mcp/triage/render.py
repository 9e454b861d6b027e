"""Views -> the compact markdown text the model reads (DESIGN.md, "Tool results").

The structured content is the truth; this text says the same thing in words, within a size
budget. Text that came from SeekrFlow (names, messages, event types) arrives cleaned by the
view builder; here it is only quoted: names as code spans, messages as JSON string literals,
so that nothing inside them can pass for our own words.

Budget: a rendering is a tree of fixed lines and `Listing`s, followed by the Next steps. When
the text is too long, entries are dropped one at a time from the end of the longest listing of
the lowest tier (lists another call pages through, then the plan's later steps, then whole
causes), and each listing's tail says exactly how many it left out and which call fetches them;
entries a late, large drop made room for are then given back. Fixed lines are never dropped by
this; only if they alone exceed the budget are whole lines left out (unprotected ones first,
`Keep` lines last), with a line saying how many.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from seekrflow_mcp.triage.views import (
    Action,
    AlignmentView,
    Blocker,
    CauseCount,
    EventView,
    FailedFile,
    FailureGroup,
    FailureSummaryView,
    FileChange,
    FileChangeView,
    FileCounts,
    FilePage,
    FileView,
    IngestionRunView,
    JobFailures,
    JobListView,
    JobRef,
    JobRow,
    JobView,
    QueueView,
    Skipped,
    SuggestedAction,
    TimelinePage,
)

BUDGET = 6000
# Below this even the heading, the cut notice and one next step may not fit.
MIN_BUDGET = 400
MAX_NEXT_STEPS = 3
# Items kept of a list argument when a next step must be shortened to fit the budget.
SHORT_LIST = 3

# -- times ------------------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    # SeekrFlow sends UTC `Z` times; a naive datetime can only have come from UTC too.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _span(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def age(then: datetime, now: datetime) -> str:
    """"just now", "45s ago", "12m ago", "2h ago", "3d ago"; "in 5m" for a time still ahead."""
    seconds = int((_utc(now) - _utc(then)).total_seconds())
    if abs(seconds) < 10:
        return "just now"
    return f"{_span(seconds)} ago" if seconds > 0 else f"in {_span(-seconds)}"


def when(then: datetime, now: datetime) -> str:
    """ISO-8601 UTC to the minute, plus the age: "2025-11-14T07:37Z (2h ago)"."""
    return f"{_utc(then):%Y-%m-%dT%H:%MZ} ({age(then, now)})"


# -- words ------------------------------------------------------------------------------


def _code(text: str) -> str:
    """A code span that no backtick inside `text` can close early (CommonMark's rule)."""
    if not text:
        return "(unnamed)"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _quote(message: str) -> str:
    # A JSON string literal: the quotes cannot be closed from inside the message.
    return json.dumps(message, ensure_ascii=False)


def _count(n: int, noun: str) -> str:
    return f"{n or 'no'} {noun if n == 1 else noun + 's'}"


def _percent(value: float) -> str:
    return f"{round(value, 1):g}%"


def _json(value: Any, shorten: bool) -> str:
    if shorten and isinstance(value, list) and len(value) > SHORT_LIST:
        head = ", ".join(json.dumps(item, ensure_ascii=False) for item in value[:SHORT_LIST])
        return f"[{head}, … {len(value) - SHORT_LIST} more]"
    return json.dumps(value, ensure_ascii=False)


def _call(tool: str, arguments: Mapping[str, Any], shorten: bool = False) -> str:
    """A call as the model would write it: Python keyword arguments with JSON values."""
    args = ", ".join(f"{name}={_json(value, shorten)}" for name, value in arguments.items())
    return _code(f"{tool}({args})")


def _hint(tool: str, **arguments: Any) -> str:
    """The call that fetches what a list left out, as `get_data_job` with detail="files", offset=20:
    the job is the one the text is about, its id is in the heading."""
    args = ", ".join(f"{name}={json.dumps(value, ensure_ascii=False)}" for name, value in arguments.items())
    return _code(tool) + (f" with {args}" if args else "")


def _shortens(arguments: Mapping[str, Any]) -> bool:
    return any(isinstance(value, list) and len(value) > SHORT_LIST for value in arguments.values())


def _remedy(retryable: bool, action: Action) -> str:
    if action == "retry" and retryable:
        return "retry can fix it"
    then = {
        "retry": "retry it",
        "replace": "upload a corrected file",
        "remove": "remove it",
        "contact_support": "contact support",
    }[action]
    return f"retry can fix it; if not, {then}" if retryable else f"a retry won't fix it; {then}"


def _file(name: str | None, file_id: str) -> str:
    return f"{_code(name)} ({file_id})" if name is not None else file_id


def _range(offset: int, count: int) -> str:
    """Positions counted from 1: "11–20", or "11" for one."""
    return f"{offset + 1}" if count == 1 else f"{offset + 1}–{offset + count}"


def _scan_sentence(scanned: int, complete: bool) -> str:
    if complete:
        return f"Looked at {_count(scanned, 'job')}, the whole list."
    return f"Looked at the first {_count(scanned, 'job')}; there may be more."


# -- the budget -------------------------------------------------------------------------


class Keep(str):
    """A line the budget never drops while anything else can go: heading, status, readiness, blockers."""


Block = list["str | Listing"]

# The order in which listings give way, lowest first: lists another call pages through, then
# the plan's later steps (summarize_failures gives them again), then whole causes.
PAGEABLE = 1
PLAN = 2
CAUSES = 3


@dataclass(eq=False)
class Listing:
    """A list the budget may shorten from the end; `tail(shown)` says exactly what was left out."""

    entries: list[Block]
    tail: Callable[[int], list[str]]
    tier: int = PAGEABLE
    shown: int = field(init=False)

    def __post_init__(self) -> None:
        self.shown = len(self.entries)


def _lines(block: Block, bare_up_to: int = 0) -> Iterator[str]:
    """The lines as the listings now stand, with listings of tier `bare_up_to` or lower emptied."""
    for part in block:
        if isinstance(part, str):
            yield part
        else:
            shown = 0 if part.tier <= bare_up_to else part.shown
            for entry in part.entries[:shown]:
                yield from _lines(entry, bare_up_to)
            yield from part.tail(shown)


def _listings(block: Block) -> Iterator[Listing]:
    for part in block:
        if isinstance(part, Listing):
            yield part
            for entry in part.entries[: part.shown]:
                yield from _listings(entry)


def _size(block: Block, bare_up_to: int = 0) -> int:
    return sum(len(line) + 1 for line in _lines(block, bare_up_to))


def _pretrim(body: Block, budget: int) -> None:
    # Entries past the point where a flat list alone fills the budget would be dropped anyway;
    # dropping them at once keeps a view with thousands of entries from being re-joined thousands of times.
    for listing in _listings(body):
        if any(isinstance(part, Listing) for entry in listing.entries for part in entry):
            continue
        used = 0
        for index, entry in enumerate(listing.entries):
            used += _size(entry)
            if used > budget:
                listing.shown = index
                break


def _next_to_trim(body: Block) -> Listing | None:
    candidates = [listing for listing in _listings(body) if listing.shown > 0]
    if not candidates:
        return None
    tier = min(listing.tier for listing in candidates)
    return max((listing for listing in candidates if listing.tier == tier), key=lambda listing: _size([listing]))


def _fit(body: Block, actions: list[SuggestedAction], budget: int) -> str:
    if budget < MIN_BUDGET:
        raise ValueError(f"a text budget under {MIN_BUDGET} characters cannot hold a result")
    # A next step carrying a hundred file ids can outgrow the budget on its own. It stays callable
    # as written unless, with every pageable list and later plan step left out, the causes still
    # would not fit beside it; then steps are shortened, the last first.
    steps = actions[:MAX_NEXT_STEPS]
    shortened = 0
    while shortened < len(steps) and _size(body, PLAN) + _size(_next_steps(steps, shortened)) > budget:
        shortened += 1
    footer = _next_steps(steps, shortened)
    _pretrim(body, budget)
    dropped: list[Listing] = []
    while len(_join(body, footer)) > budget:
        victim = _next_to_trim(body)
        if victim is None:
            return _cut(list(_lines(body)), footer, budget)
        victim.shown -= 1
        dropped.append(victim)
    # A late, large drop (a plan step of a hundred ids) can free more room than it needed:
    # give back what fits, the latest drops first, each list in its own order.
    full: set[Listing] = set()
    for listing in reversed(dropped):
        if listing in full:
            continue
        listing.shown += 1
        if len(_join(body, footer)) > budget:
            listing.shown -= 1
            full.add(listing)
    return _join(body, footer)


def _join(body: Block, footer: list[str]) -> str:
    return "\n".join([*_lines(body), *footer])


def _cut(lines: list[str], footer: list[str], budget: int) -> str:
    """Only when the lines no list can shorten exceed the budget: leave out whole lines, first the
    unprotected ones from the bottom, then Next steps, then `Keep` lines (never the heading), and
    say how many."""
    removed: set[int] = set()
    steps = list(footer)

    def text() -> str:
        left_out = sum(1 for i in removed if lines[i]) + sum(1 for line in footer[len(steps):] if line)
        notice = f"… {_count(left_out, 'line')} left out to fit the size limit (the structured content has them all)"
        return "\n".join([*(line for i, line in enumerate(lines) if i not in removed), notice, *steps])

    for index in reversed(range(1, len(lines))):
        if not isinstance(lines[index], Keep) and len(text()) > budget:
            removed.add(index)
    while steps and len(text()) > budget:
        # A lone "Next steps:" label says nothing: it goes with its last step.
        steps = steps[:-1] if len(steps) > 3 else []
    for index in reversed(range(1, len(lines))):
        if len(text()) > budget:
            removed.add(index)
    return text()


def _more(n: int, what: str = "more", fetch: str | None = None) -> list[str]:
    if n <= 0:
        return []
    return [f"… and {n} {what}" + (f" ({fetch})" if fetch else "")]


def _next_steps(steps: list[SuggestedAction], shortened: int) -> list[str]:
    """The Next steps section; the last `shortened` steps have their long lists cut short, and say so."""
    if not steps:
        return []
    lines = []
    for index, step in enumerate(steps):
        shorten = index >= len(steps) - shortened and _shortens(step.arguments)
        note = " (call shortened to fit the size limit; the structured content has it whole)" if shorten else ""
        lines.append(f"- {_call(step.tool, step.arguments, shorten)} — {step.reason}{note}")
    return ["", "Next steps:", *lines]


def _bullets(lines: list[str], tail: Callable[[int], list[str]], tier: int = PAGEABLE) -> Listing:
    return Listing([[line] for line in lines], tail, tier)


# -- list_data_jobs ---------------------------------------------------------------------


def render_job_list(view: JobListView, now: datetime, budget: int = BUDGET) -> str:
    start = view.offset
    body: Block = [Keep("## Data jobs")]
    if view.matched:
        by_status = sorted(view.counts_by_status.items(), key=lambda item: (-item[1], item[0]))
        body.append(f"{view.matched} matching: " + ", ".join(f"{n} {status}" for status, n in by_status) + ".")
    else:
        body.append("No data jobs match.")

    def tail(shown: int) -> list[str]:
        lines = [f"Showing {_range(start, shown)} of {view.matched} matching."] if shown else []
        fetch = f"{_code('list_data_jobs')} with the same filters and offset={start + shown}"
        return lines + _more(view.matched - start - shown, fetch=fetch)

    if view.jobs:
        body.append(_bullets(_job_rows(view.jobs, now), tail))
    elif view.matched:
        body.append(f"No jobs on this page; {view.matched} match.")
    body.append(_scan_sentence(view.scanned, view.complete))
    return _fit(body, view.suggested_actions, budget)


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
            f"- {_code(job.name)} ({job.id}) — {status} · {job.job_type} · "
            f"created {age(job.created_at, now)}, updated {age(job.updated_at, now)}"
        )
    return rows


# -- get_data_job -----------------------------------------------------------------------


def render_job(view: JobView, now: datetime, budget: int = BUDGET) -> str:
    body, _ = _job_body(view, now)
    return _fit(body, view.suggested_actions, budget)


def page_room(view: JobView, now: datetime, budget: int = BUDGET) -> int | None:
    """How many items of its pages (files, timeline) the text can hold, when fewer than the
    pages have; None when they fit. A tool asks for a page that size, so that the page in
    the structured content, the text and the next-page call all agree."""
    body, pages = _job_body(view, now)
    _fit(body, view.suggested_actions, budget)
    short = [page.shown for page in pages if page.shown < len(page.entries)]
    return min(short) if short else None


def _job_body(view: JobView, now: datetime) -> tuple[Block, list[Listing]]:
    body: Block = [
        Keep(f"## {_code(view.name)} ({view.id})"),
        Keep(f"Status: {view.status} — {view.status_meaning}"),
    ]
    if view.status_message:
        body.append(Keep(f"SeekrFlow says: {_quote(view.status_message)}"))
    body.append(f"{view.job_type} job · created {when(view.created_at, now)} · updated {when(view.updated_at, now)}")
    body += _readiness(view.ready, view.blockers)
    body.append(_file_counts(view.file_counts))
    if view.queue is not None:
        body.append(_queue(view.queue))
    if view.alignment is not None:
        body += _alignment(view.alignment)
    body += _failures_brief(view)
    body += _runs(view.ingestion_runs, view.more_ingestion_runs, now)
    body += _recent_events(view, now)
    pages: Block = []
    if view.files is not None:
        pages += _file_page(view.files, now)
    if view.timeline is not None:
        pages += _timeline_page(view.timeline, now)
    return body + pages, [part for part in pages if isinstance(part, Listing)]


def _readiness(ready: bool, blockers: list[Blocker]) -> Block:
    if ready:
        head = "Ready to start alignment."
    else:
        head = "Not ready to start alignment:" if blockers else "Alignment cannot start now."
    return [Keep(head), *(Keep(f"- {b.message}") for b in blockers)]


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
            alignment.current_step and f"step {_code(alignment.current_step)}",
            alignment.progress is not None and f"{_percent(alignment.progress)} done",
            alignment.eta_minutes is not None and f"about {alignment.eta_minutes} min left",
        )
        if fact
    ]
    lines: Block = []
    if facts or alignment.id:
        job = f" ({alignment.id})" if alignment.id else ""
        lines.append(f"Alignment{job}: " + (", ".join(facts) if facts else "no progress reported yet") + ".")
    if alignment.status_message:
        lines.append(f"Alignment says: {_quote(alignment.status_message)}")
    return lines


def _failures_brief(view: JobView) -> Block:
    resolved = f"; {view.resolved_failures} resolved by a later retry" if view.resolved_failures else ""
    if not view.open_failures:
        return [f"No open failures{resolved}."] if resolved else []
    head = f"Open failures: {view.open_failures} in {_count(len(view.failures), 'cause')}{resolved}:"

    def tail(shown: int) -> list[str]:
        rest = len(view.failures) - shown
        what = "more " + ("cause" if rest == 1 else "causes")
        return _more(rest, what, _hint("summarize_failures") + " for this job")

    return ["", head, _bullets([_cause_line(c) for c in view.failures], tail)]


def _cause_line(cause: CauseCount) -> str:
    return f"- {cause.title} × {cause.count} ({_remedy(cause.retryable, cause.action)})"


def _runs(runs: list[IngestionRunView], more: int, now: datetime) -> Block:
    if not runs:
        return []

    def tail(shown: int) -> list[str]:
        rest = more + len(runs) - shown
        return _more(rest, "older " + ("run" if rest == 1 else "runs"))

    return ["", "Ingestion runs, newest first:", _bullets([_run_line(r, now) for r in runs], tail)]


def _run_line(run: IngestionRunView, now: datetime) -> str:
    states = [
        f"{n} {label}"
        for n, label in (
            (run.completed, "completed"), (run.failed, "failed"), (run.queued, "queued"), (run.running, "running")
        )
        if n
    ]
    outcome = f"{_count(run.files, 'file')}" + (": " + ", ".join(states) if states else "")
    return f"- {run.id} — {run.status}, started {when(run.created_at, now)} — {outcome}"


def _event_line(event: EventView, now: datetime) -> str:
    return f"- {when(event.timestamp, now)} {_code(event.event_type)}: {_quote(event.message)}"


def _recent_events(view: JobView, now: datetime) -> Block:
    if not view.recent_events:
        return []

    def tail(shown: int) -> list[str]:
        fetch = _hint("get_data_job", detail="timeline") + " has the whole timeline"
        return _more(len(view.recent_events) - shown, fetch=fetch)

    return ["", "Recent events, newest first:", _bullets([_event_line(e, now) for e in view.recent_events], tail)]


def _page_tail(matched: int, offset: int, fetch: Callable[[int], str]) -> Callable[[int], list[str]]:
    # Said after the list, once the budget has decided how much of the page is shown.
    def tail(shown: int) -> list[str]:
        lines = [f"Showing {_range(offset, shown)} of {matched}."] if shown else []
        return lines + _more(matched - offset - shown, fetch=fetch(offset + shown))

    return tail


def _file_page(page: FilePage, now: datetime) -> Block:
    which = f"{page.state} files" if page.state else "files"
    if not page.items:
        none = f"No {which} at offset {page.offset}; {page.matched} in all." if page.offset else f"No {which}."
        return ["", none]
    head = f"{which.capitalize()}:"

    def fetch(offset: int) -> str:
        state = {"state": page.state} if page.state else {}
        return _hint("get_data_job", detail="files", **state, offset=offset)

    return ["", head, _bullets([_file_line(f, now) for f in page.items], _page_tail(page.matched, page.offset, fetch))]


def _skipped_line(skipped: Skipped) -> str:
    named = f"{_code(skipped.name)} ({skipped.file_id})" if skipped.name else skipped.file_id
    return f"{named} — {skipped.reason}"


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
        facts.append(f"reported {_quote(file.error_message)}")
    if file.updated_at is not None:
        facts.append(f"updated {when(file.updated_at, now)}")
    kind = f", {file.type}" if file.type else ""
    return f"- {_code(file.name)} ({file.file_id}{kind}) — " + ", ".join(facts)


def _timeline_page(page: TimelinePage, now: datetime) -> Block:
    if not page.items:
        none = f"No timeline events at offset {page.offset}; {page.total} in all." if page.offset else "No timeline events."
        return ["", none]
    head = "Timeline, newest first:"

    def fetch(offset: int) -> str:
        return _hint("get_data_job", detail="timeline", offset=offset)

    return ["", head, _bullets([_event_line(e, now) for e in page.items], _page_tail(page.total, page.offset, fetch))]


# -- summarize_failures -----------------------------------------------------------------


def render_failures(view: FailureSummaryView, now: datetime, budget: int = BUDGET) -> str:
    del now  # a failure summary holds no times; the signature matches the other renderers
    body = _job_failures(view, view.job) if view.job is not None else _overview(view)
    if view.blockers:
        body += ["", Keep("Blocking alignment:"), *(Keep(f"- {b.message}") for b in view.blockers)]
    body += _plan(view)
    return _fit(body, view.suggested_actions, budget)


def _tally(open_failures: int, spread: str, resolved: int) -> str:
    resolved_part = f"; {resolved} resolved by a later retry" if resolved else ""
    if not open_failures:
        return f"No open failures{resolved_part}."
    return f"{_count(open_failures, 'open failure')} in {spread}{resolved_part}."


def _job_failures(view: FailureSummaryView, job: JobRef) -> Block:
    failed_files = _hint("get_data_job", detail="files", state="failed")

    def tail(shown: int) -> list[str]:
        dropped = view.groups[shown:]
        files = sum(g.count for g in dropped)
        what = f"more {'cause' if len(dropped) == 1 else 'causes'} covering {_count(files, 'file')}"
        return ["", *_more(len(dropped), what, failed_files)] if dropped else []

    body: Block = [
        Keep(f"## Failures in {_code(job.name)} ({job.id})"),
        Keep(f"Status: {job.status}."),
        Keep(_tally(view.open_failures, _count(len(view.groups), "cause"), view.resolved_failures)),
    ]
    if view.groups:
        body.append(Listing([_group(g, failed_files) for g in view.groups], tail, tier=CAUSES))
    return body


def _group(group: FailureGroup, failed_files: str) -> Block:
    # For `other`, the fix may be SeekrFlow's own suggestion (DESIGN.md, "Failure triage"): quoted as data.
    fix = _quote(group.fix) if group.cause == "other" else group.fix

    def tail(shown: int) -> list[str]:
        return _more(group.more_files + len(group.files) - shown, fetch=failed_files)

    return [
        "",
        f"### {group.title} — {_count(group.count, 'file')} ({_remedy(group.retryable, group.action)})",
        f"Reported: {_quote(group.message)}",
        f"Fix: {fix}",
        _bullets([_failed_file(f) for f in group.files], tail),
    ]


def _failed_file(file: FailedFile) -> str:
    attempts = f", {file.attempts} attempts" if file.attempts > 1 else ""
    return f"- {_file(file.name, file.file_id)}{attempts}"


def _overview(view: FailureSummaryView) -> Block:
    body: Block = [Keep("## Failures across data jobs that need review")]
    jobs = len(view.jobs) + view.more_jobs
    read = jobs - view.unread_jobs
    if jobs:
        where = _count(jobs, "job") + " needing review"
        if view.unread_jobs:
            where = f"{_count(read, 'job')} read of the {jobs} needing review"
        body.append(Keep(_tally(view.open_failures, where, view.resolved_failures)))
    else:
        body.append(Keep("No data job needs review."))

    def tail(shown: int) -> list[str]:
        rest = view.more_jobs + len(view.jobs) - shown
        what = "more " + ("job needs" if rest == 1 else "jobs need") + " review"
        fetch = _hint("list_data_jobs", status=["needs_review"]) + " lists them"
        return _more(rest, what, fetch)

    if view.jobs:
        body.append(Listing([_job_failures_entry(j) for j in view.jobs], tail))
    if view.scanned is not None and view.complete is not None:
        body.append(_scan_sentence(view.scanned, view.complete))
    return body


def _job_failures_entry(job: JobFailures) -> Block:
    resolved = f", {job.resolved_failures} resolved by a later retry" if job.resolved_failures else ""
    failures = _count(job.open_failures, "open failure")
    lines = [f"- {_code(job.job.name)} ({job.job.id}), {job.job.status}: {failures}{resolved}"]
    lines += [f"  {_cause_line(c)}" for c in job.causes]
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
    again = _hint("summarize_failures") + (" for this job" if view.job else "")

    def tail(shown: int) -> list[str]:
        left = len(rest) - shown + view.more_plan_calls
        what = "more " + ("step" if left == 1 else "steps")
        return _more(left, what, f"once these are done, {again} shows what remains")

    lines = [f"{i}. {_call(a.tool, a.arguments)} — {a.reason}" for i, a in enumerate(rest, same + 1)]
    return ["", head, _bullets(lines, tail, tier=PLAN)]


# -- add_files, remove_files, retry_failed_files -----------------------------------------


def render_file_change(
    view: FileChangeView, verb: Literal["add", "remove"], now: datetime, budget: int = BUDGET
) -> str:
    del now  # a file change holds no times; the signature matches the other renderers
    done = {"add": "added", "remove": "removed"}[verb]
    files = _count(len(view.changed), "file")
    if view.refused:
        outcome = f"Nothing was {done}. {view.refused}"
    elif view.dry_run:
        outcome = f"Dry run, nothing changed: this would {verb} {files}" + (":" if view.changed else ".")
    elif view.applied and view.changed:
        outcome = f"{done.capitalize()} {files}:"
    else:
        outcome = f"Nothing was {done}."
    body: Block = [Keep(f"## Data job {view.job_id} — {verb} files"), Keep(outcome)]

    # On a refusal nothing changed, so the files it would have changed count among the ones sent but not changed.
    changed = [] if view.refused else view.changed
    if changed:
        # Files added are on the job and page through get_data_job; removed ones are gone.
        fetch = _hint("get_data_job", detail="files") if view.applied and verb == "add" else None
        lines = [_change_line(c) for c in changed]
        body.append(_bullets(lines, lambda shown: _more(len(lines) - shown, fetch=fetch)))
    if view.skipped:
        body += [f"Skipped {len(view.skipped)}:", _id_list([_skipped_line(s) for s in view.skipped])]
    if view.unknown_file_ids:
        label = "Not attached to this job:" if verb == "remove" else "Not found:"
        body += [label, _id_list(view.unknown_file_ids)]
    listed = {c.file_id for c in changed} | {s.file_id for s in view.skipped} | set(view.unknown_file_ids)
    others = [f for f in view.file_ids if f not in listed]
    if others:
        body += [f"Sent, not {done}:", _id_list(others)]
    if view.remaining is not None:
        if view.applied:
            label = "Files left"
        elif view.dry_run and not view.refused:
            label = "Files that would be left"
        else:
            label = "Files attached"
        body.append(
            f"{label}: {view.remaining.total}, {view.remaining.viable} of them viable "
            "(completed, in progress, or Markdown)."
        )
    when = "after" if view.applied else "now"
    body.append(Keep(f"Status {when}: {view.status_after} — {view.status_meaning_after}"))
    return _fit(body, view.suggested_actions, budget)


def _change_line(change: FileChange) -> str:
    position = f" — queued at position {change.queue_position}" if change.queue_position is not None else ""
    return f"- {_file(change.name, change.file_id)}{position}"


def _id_list(lines: list[str]) -> Listing:
    return _bullets([f"- {line}" for line in lines], lambda shown: _more(len(lines) - shown))
