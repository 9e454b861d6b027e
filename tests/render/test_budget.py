"""The size budget on synthetic blocks: what gives way first, what is said about it, what never goes."""

from __future__ import annotations

import pytest
from inline_snapshot import snapshot

from seekrflow_mcp.render.budget import (
    GIVES_WAY_FIRST,
    GIVES_WAY_LAST,
    GIVES_WAY_NEXT,
    MIN_BUDGET,
    Block,
    Keep,
    Listing,
    bullets,
    fit,
    more,
)
from seekrflow_mcp.triage.views import SuggestedAction


def numbered(prefix: str, n: int, width: int = 20) -> list[str]:
    return [f"- {prefix}{i}".ljust(width, ".") for i in range(1, n + 1)]


def listing(prefix: str, n: int, tier: int = GIVES_WAY_FIRST, width: int = 20) -> Listing:
    lines = numbered(prefix, n, width)
    return bullets(
        lines, lambda shown: more(len(lines) - shown, f"more {prefix}", f"fetch {prefix} from {shown}"), tier
    )


def step(n_ids: int) -> SuggestedAction:
    ids = [f"file-{i:04}" for i in range(n_ids)]
    return SuggestedAction(tool="remove_files", arguments={"job_id": "dj-1", "file_ids": ids}, reason="Why.")


def test_a_block_that_fits_is_left_whole() -> None:
    body: Block = [Keep("## Heading"), "A line.", listing("a", 3)]
    assert fit(body, [], 1000) == snapshot("""\
## Heading
A line.
- a1................
- a2................
- a3................\
""")


def test_the_lowest_tier_gives_way_first_and_its_tail_says_how_many_and_where() -> None:
    body: Block = [Keep("## Heading"), listing("cause", 5, GIVES_WAY_LAST), listing("page", 30, GIVES_WAY_FIRST)]
    text = fit(body, [], MIN_BUDGET)
    assert len(text) <= MIN_BUDGET
    assert text == snapshot("""\
## Heading
- cause1............
- cause2............
- cause3............
- cause4............
- cause5............
- page1.............
- page2.............
- page3.............
- page4.............
- page5.............
- page6.............
- page7.............
- page8.............
- page9.............
- page10............
- page11............
… and 19 more page (fetch page from 11)\
""")


def test_within_a_tier_the_longest_listing_shortens_first() -> None:
    body: Block = [Keep("## Heading"), listing("short", 4), listing("long", 40)]
    text = fit(body, [], 500)
    assert all(f"short{i}" in text for i in range(1, 5))
    assert "… and" in text
    assert "more long" in text
    assert "more short" not in text


def test_plan_steps_give_way_after_pages_and_before_causes() -> None:
    def body(width: int) -> Block:
        return [
            Keep("## H"),
            listing("cause", 8, GIVES_WAY_LAST, width),
            listing("step", 8, GIVES_WAY_NEXT, width),
            listing("page", 8, GIVES_WAY_FIRST, width),
        ]

    pages_cut = fit(body(20), [], MIN_BUDGET)
    assert "step8" in pages_cut
    assert "… and 7 more page (fetch page from 1)" in pages_cut
    steps_cut = fit(body(30), [], MIN_BUDGET)
    assert "cause8" in steps_cut
    assert "page1" not in steps_cut
    assert "… and 8 more page" in steps_cut
    assert "step1" in steps_cut
    assert "more step (fetch step from" in steps_cut


def test_room_freed_by_a_large_drop_is_given_back() -> None:
    # The last entry is huge: dropping it makes room for the small ones dropped before it.
    lines = [*numbered("x", 6), "- " + "y" * 300]
    body: Block = [Keep("## H"), bullets(lines, lambda shown: more(len(lines) - shown))]
    text = fit(body, [], MIN_BUDGET)
    assert [f"x{i}" in text for i in range(1, 7)] == [True] * 6
    assert text.endswith("… and 1 more")


def test_lists_inside_a_higher_tier_list_shorten_before_any_of_its_entries_goes() -> None:
    inner: list[Block] = [[f"### Group {g}", listing(f"g{g}f", 20)] for g in range(1, 4)]
    body: Block = [Keep("## H"), Listing(inner, lambda shown: more(3 - shown, "more groups"), GIVES_WAY_LAST)]
    text = fit(body, [], 700)
    assert len(text) <= 700
    assert "more groups" not in text
    assert [f"### Group {g}" in text for g in (1, 2, 3)] == [True, True, True]
    assert "… and 12 more g1f (fetch g1f from 8)" in text
    assert "… and 11 more g3f (fetch g3f from 9)" in text


def test_next_steps_stay_callable_unless_the_causes_cannot_fit_beside_them() -> None:
    body: Block = [Keep("## H"), listing("cause", 3, GIVES_WAY_LAST)]
    whole = fit(body, [step(5)], 1000)
    assert '"file-0004"]' in whole
    assert "shortened" not in whole
    body = [Keep("## H"), listing("cause", 3, GIVES_WAY_LAST)]
    short = fit(body, [step(100)], 600)
    assert len(short) <= 600
    assert '["file-0000", "file-0001", "file-0002", … 97 more]' in short
    assert "(call shortened to fit the size limit; the structured content has it whole)" in short


def test_fixed_lines_go_only_when_nothing_else_can_and_the_heading_never() -> None:
    body: Block = [
        Keep("## The heading"),
        *[f"Plain line {i} " + "." * 40 for i in range(12)],
        Keep("Kept " + "k" * 60),
    ]
    text = fit(body, [], MIN_BUDGET)
    assert len(text) <= MIN_BUDGET
    assert text.startswith("## The heading\n")
    assert "Kept kkk" in text
    assert "left out to fit the size limit (the structured content has them all)" in text


def test_a_budget_too_small_for_any_result_is_refused() -> None:
    with pytest.raises(ValueError, match="under 400"):
        fit([Keep("## H")], [], MIN_BUDGET - 1)
