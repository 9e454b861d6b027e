"""Text that came from SeekrFlow, made safe to show.

File names, error messages, job names and timeline messages are written by whoever uploaded
the file or by a service we do not control: they are data, never instructions. Before any of
it enters a view it is flattened to one line (so it cannot fake a heading, a list item or a
new paragraph of the rendered text), stripped of invisible characters (which could hide or
reorder what a person reads) and of backticks (the renderer quotes names in backticks, and a
backtick inside would close the quote), and capped.
"""

from __future__ import annotations

import unicodedata

NAME_LIMIT = 80
MESSAGE_LIMIT = 200
FIX_LIMIT = 200
WORD_LIMIT = 40  # statuses, job and file types, event types: identifiers, not prose
ID_LIMIT = 128  # the longest id `RESOURCE_ID_PATTERN` accepts

# Cc: controls; Cf: format characters (zero-width, bidirectional overrides); Cs: lone
# surrogates, which cannot even be encoded as UTF-8.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def clean(text: str | None, limit: int) -> str:
    """One line of at most `limit` characters, ending with "…" when it was cut."""
    if not text:
        return ""
    kept = []
    for char in text:
        if char.isspace():
            kept.append(" ")
        elif char != "`" and unicodedata.category(char) not in _DROPPED_CATEGORIES:
            kept.append(char)
    flat = " ".join("".join(kept).split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rstrip() + "…"
