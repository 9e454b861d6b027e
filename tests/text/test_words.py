"""Counts, times and quoting, as every result writes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from seekrflow_mcp.text.words import age, code, plural, quote, when

NOW = datetime(2025, 11, 14, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "just now"),
        (9, "just now"),
        (45, "45s ago"),
        (60, "1m ago"),
        (12 * 60 + 59, "12m ago"),
        (2 * 3600 + 5, "2h ago"),
        (23 * 3600 + 3599, "23h ago"),
        (3 * 86400 + 7200, "3d ago"),
        (-300, "in 5m"),
    ],
)
def test_age(seconds: int, expected: str) -> None:
    assert age(NOW - timedelta(seconds=seconds), NOW) == expected


def test_when_is_utc_to_the_minute_with_its_age() -> None:
    paris = timezone(timedelta(hours=1))
    assert when(datetime(2025, 11, 14, 10, 37, 59, tzinfo=paris), NOW) == "2025-11-14T09:37Z (2h ago)"
    # Naive times can only have come from SeekrFlow's UTC.
    assert when(datetime(2025, 11, 11, 12, 0), NOW) == "2025-11-11T12:00Z (3d ago)"


def test_plural_says_no_for_none_and_takes_an_irregular_plural() -> None:
    assert [plural(n, "file") for n in (0, 1, 2)] == ["no files", "1 file", "2 files"]
    assert plural(3, "job needs", "jobs need") == "3 jobs need"


def test_a_name_with_backticks_cannot_close_its_code_span() -> None:
    assert code("a`b``c") == "``` a`b``c ```"
    assert code("") == "(unnamed)"


def test_a_quoted_message_cannot_close_its_quotes() -> None:
    assert quote('say "hi"\n') == '"say \\"hi\\"\\n"'
