"""Text that came from SeekrFlow, made safe to show: one sanitizer, and the types that apply it.

File names, error messages, job names and timeline messages are written by whoever uploaded
the file or by a service we do not control: they are data, never instructions. Before any of
it enters a view or an error it is flattened to one line (so it cannot fake a heading, a list
item or a new paragraph of the rendered text), stripped of invisible characters (which could
hide or reorder what a person reads) and of backticks (the renderer quotes names in backticks,
and a backtick inside would close the quote), and capped.

A view field that holds SeekrFlow text is declared with one of the types below, so cleaning is
a property of the contract: builders hand over raw strings.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator

NAME_LIMIT = 80
MESSAGE_LIMIT = 200
FIX_LIMIT = 200
WORD_LIMIT = 40  # statuses, job and file types, event types: identifiers, not prose
ID_LIMIT = 128  # the longest id `RESOURCE_ID_PATTERN` accepts

# Cc: controls; Cf: format characters (zero-width, bidirectional overrides); Cs: lone
# surrogates, which cannot even be encoded as UTF-8.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


# Printable ASCII words but the backtick, single spaces between them: what `clean` keeps as it
# is. Ids, statuses, types and most names are this, and need no character-by-character pass.
_PLAIN = re.compile(r"[!-_a-~]+(?: [!-_a-~]+)*")


def clean(text: str | None, limit: int) -> str:
    """One line of at most `limit` characters, ending with "…" when it was cut. Cleaning what is
    already clean changes nothing."""
    if not text:
        return ""
    if len(text) <= limit and _PLAIN.fullmatch(text) is not None:
        return text
    return _clean_chars(text, limit)


def _clean_chars(text: str, limit: int) -> str:
    kept: list[str] = []
    space = False  # a run of whitespace is waiting to be written as one space
    for char in text:
        if char.isspace():
            space = bool(kept)
        elif char != "`" and unicodedata.category(char) not in _DROPPED_CATEGORIES:
            if space:
                kept.append(" ")
                space = False
            kept.append(char)
            if len(kept) > limit:
                break  # enough to know it is cut: a 100 KB message costs no more than a short one
    flat = "".join(kept)
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rstrip() + "…"


# What is not part of an identifier: a space, punctuation that could open markup or a sentence.
_NOT_TOKEN = re.compile(r"[^\w.+/-]+")


def token(text: str | None, limit: int) -> str:
    """An identifier (an id, a status, a type) cleaned and made one unbroken word: each run of
    anything but letters, digits, '_', '-', '.', '/' and '+' becomes '_'. The renderer shows
    identifiers bare, so one that is not could otherwise pass as the server's words; no real id,
    status or type changes."""
    return _NOT_TOKEN.sub("_", clean(text, limit)).strip("_")


def _cleaner(limit: int, *, optional: bool = False, tokens: bool = False) -> BeforeValidator:
    def validate(value: Any) -> Any:
        if value is None or not isinstance(value, str):
            return value  # not text: the field's own type accepts or refuses it
        cleaned = token(value, limit) if tokens else clean(value, limit)
        return (cleaned or None) if optional else cleaned

    return BeforeValidator(validate)


Name = Annotated[str, _cleaner(NAME_LIMIT)]
Word = Annotated[str, _cleaner(WORD_LIMIT)]  # shown quoted: an event type ("File Processing Started")
Message = Annotated[str, _cleaner(MESSAGE_LIMIT)]
# Identifiers, shown bare: made tokens.
Id = Annotated[str, _cleaner(ID_LIMIT, tokens=True)]
Token = Annotated[str, _cleaner(WORD_LIMIT, tokens=True)]
# Optional text: empty once cleaned is absent.
MaybeId = Annotated[str | None, _cleaner(ID_LIMIT, optional=True, tokens=True)]
MaybeToken = Annotated[str | None, _cleaner(WORD_LIMIT, optional=True, tokens=True)]
MaybeMessage = Annotated[str | None, _cleaner(MESSAGE_LIMIT, optional=True)]


def clean_strings(value: Any) -> Any:
    """Every string inside `value` (a suggested call's arguments: ids, filters) cleaned as an id."""
    if isinstance(value, str):
        return clean(value, ID_LIMIT)
    if isinstance(value, list):
        return [clean_strings(item) for item in value]
    if isinstance(value, dict):
        return {key: clean_strings(item) for key, item in value.items()}
    return value
