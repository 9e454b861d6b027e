"""What the user is asked before files are removed: shown by their client in a dialog, so plain
text, with SeekrFlow's names quoted as data."""

from __future__ import annotations

from seekrflow_mcp.text.sanitize import ID_LIMIT, NAME_LIMIT, clean, token
from seekrflow_mcp.text.words import plural, quote
from seekrflow_mcp.triage.facts import JobFacts
from seekrflow_mcp.triage.writes import RemovePlan

# Files a question names before it says how many more: a dialog is small.
QUESTION_FILES = 10


def removal_question(facts: JobFacts, plan: RemovePlan) -> str:
    """The question for a removal that will go ahead if the user agrees. It must read the same
    for the same job and files, since a client's answer holds only for the question it saw."""
    job = f"{quote(clean(facts.detail.name, NAME_LIMIT))} ({token(facts.detail.id, ID_LIMIT)})"
    lines = [f"Remove {plural(len(plan.to_remove), 'file')} from data job {job}?"]
    lines += [f"- {quote(facts.by_id[i].name)} ({i})" for i in plan.to_remove[:QUESTION_FILES]]
    if len(plan.to_remove) > QUESTION_FILES:
        lines.append(f"- and {len(plan.to_remove) - QUESTION_FILES} more")
    left = plan.remaining
    if left.total:
        lines.append(f"The job will keep {plural(left.total, 'file')}, {left.viable} of them usable by alignment.")
    else:
        lines.append("The job will keep no file.")
    if not left.viable:
        lines.append("Alignment cannot start until a file that ingests is attached.")
    lines.append("The files stay uploaded in SeekrFlow and can be attached again.")
    return "\n".join(lines)
