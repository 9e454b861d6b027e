"""Open failures grouped by cause: what the failure summary lists and the plan acts on."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from seekrflow_mcp.text.sanitize import MESSAGE_LIMIT, clean
from seekrflow_mcp.triage.causes import CATALOG, OTHER, Cause
from seekrflow_mcp.triage.views import CauseCount

if TYPE_CHECKING:
    from seekrflow_mcp.triage.facts import FileFacts

# Messages the catalog does not know each get a group, up to this many.
OTHER_GROUPS = 5
_VARIOUS = replace(
    OTHER,
    fix=(
        "Each of these files failed with its own message, one this server does not know; "
        '`get_data_job` with detail="files", state="failed" shows each. Follow the fix SeekrFlow '
        "gives with a message; where it gives none, contact SeekrFlow support with the job id and "
        "the file ids."
    ),
)
_CAUSE_ORDER = {cause.code: index for index, cause in enumerate(CATALOG)}
_TITLE_MESSAGE = 60  # characters of an unknown message quoted in its group's title


@dataclass(frozen=True)
class Group:
    cause: Cause  # the first file's: for `other`, that file's own suggested fix
    files: list[FileFacts]
    messages: int = 1  # distinct unknown messages merged into this group

    @property
    def title(self) -> str:
        if self.cause.code != "other":
            return self.cause.title
        if self.messages > 1:
            return f"Other errors ({self.messages} different messages)"
        message = message_of(self.files[0], _TITLE_MESSAGE)
        return f'{self.cause.title}: "{message}"' if message else self.cause.title


def raw_message(f: FileFacts) -> str | None:
    """The message of the file's latest attempt, as SeekrFlow sent it."""
    return f.latest.error_message if f.latest is not None else None


def message_of(f: FileFacts, limit: int = MESSAGE_LIMIT) -> str:
    return clean(raw_message(f), limit)


def _order(group: Group) -> tuple[int, int]:
    return -len(group.files), _CAUSE_ORDER[group.cause.code]


def group_failures(files: list[FileFacts]) -> list[Group]:
    """Open failures by cause: largest group first, ties in catalog order. Messages the catalog
    does not know each get their own group, since each comes with its own fix; past
    OTHER_GROUPS of them (messages that carry a page number or a file name would make one
    group per file) the smallest share one group with a general fix."""
    groups: dict[tuple[str, str, str], Group] = {}
    unknown: dict[str | None, str] = {}  # each raw message of an unknown cause, as grouped
    for f in files:
        cause = f.cause
        if cause is None:  # only failed files have one
            continue
        message = ""
        if cause.code == "other":
            raw = raw_message(f)
            if raw not in unknown:
                unknown[raw] = clean(raw, MESSAGE_LIMIT).casefold()
            message = unknown[raw]
        key = (cause.code, cause.action, message)
        group = groups.get(key)
        if group is None:
            groups[key] = Group(cause=cause, files=[f])
        else:
            group.files.append(f)
    ordered = sorted(groups.values(), key=_order)
    others = [group for group in ordered if group.cause.code == "other"]
    if len(others) <= OTHER_GROUPS:
        return ordered
    rest = others[OTHER_GROUPS - 1 :]
    merged_ids = {id(group) for group in rest}
    merged = Group(cause=_VARIOUS, files=[f for group in rest for f in group.files], messages=len(rest))
    kept = [group for group in ordered if id(group) not in merged_ids] + [merged]
    return sorted(kept, key=_order)


def cause_count(group: Group) -> CauseCount:
    cause = group.cause
    return CauseCount(
        cause=cause.code, title=group.title, count=len(group.files), retryable=cause.retryable, action=cause.action
    )
