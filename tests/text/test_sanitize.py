"""`clean`'s shortcut for plain ASCII gives what the character-by-character pass gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from seekrflow_mcp.text.sanitize import _clean_chars, clean

# Mostly what the shortcut takes (printable ASCII, spaces), with what it must refuse mixed in.
_TEXT = st.text(alphabet=st.sampled_from([*"ab Z09-_./`~!", "\t", "\n", "\x00", "\u200b", "é", "…"]), max_size=30)


@given(_TEXT, st.integers(min_value=1, max_value=25))
def test_the_plain_ascii_shortcut_agrees_with_the_full_pass(text: str, limit: int) -> None:
    assert clean(text, limit) == _clean_chars(text, limit)


def test_plain_text_within_the_limit_comes_back_as_it_is() -> None:
    assert clean("file-0001 report.pdf", 80) == "file-0001 report.pdf"
    assert clean("a  b", 80) == "a b"
    assert clean(" a", 80) == "a"
    assert clean("a`b", 80) == "ab"
    assert clean("abcdef", 4) == "abc…"
