"""The fitter sizes a block without writing it out after every drop; this holds it to the
first fitter, which joined the whole text each time: the same text, block for block."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from seekrflow_mcp.render import budget
from seekrflow_mcp.render.budget import MIN_BUDGET, Block, Keep, Listing, fit, more
from seekrflow_mcp.triage.views import SuggestedAction

# -- the first fitter, as it was --------------------------------------------------------------


def _listings(block: Block) -> Iterator[Listing]:
    for part in block:
        if isinstance(part, Listing):
            yield part
            for entry in part.entries[: part.shown]:
                yield from _listings(entry)


def _size(block: Sequence[str | Listing], bare_up_to: int = 0) -> int:
    return sum(len(line) + 1 for line in budget._lines(block, bare_up_to))


def _pretrim(body: Block, limit: int) -> None:
    for listing in _listings(body):
        if any(isinstance(part, Listing) for entry in listing.entries for part in entry):
            continue
        used = 0
        for index, entry in enumerate(listing.entries):
            used += _size(entry)
            if used > limit:
                listing.shown = index
                break


def _next_to_trim(body: Block) -> Listing | None:
    candidates = [listing for listing in _listings(body) if listing.shown > 0]
    if not candidates:
        return None
    tier = min(listing.tier for listing in candidates)
    return max((listing for listing in candidates if listing.tier == tier), key=lambda listing: _size([listing]))


def first_fit(body: Block, actions: list[SuggestedAction], limit: int) -> str:
    steps = actions[: budget.MAX_NEXT_STEPS]
    shortened = 0
    while (
        shortened < len(steps)
        and _size(body, budget.GIVES_WAY_NEXT) + _size(budget._next_steps(steps, shortened)) > limit
    ):
        shortened += 1
    footer = budget._next_steps(steps, shortened)
    _pretrim(body, limit)
    dropped: list[Listing] = []
    while len(budget._join(body, footer)) > limit:
        victim = _next_to_trim(body)
        if victim is None:
            return budget._cut(list(budget._lines(body)), footer, limit)
        victim.shown -= 1
        dropped.append(victim)
    full: set[Listing] = set()
    for listing in reversed(dropped):
        if listing in full:
            continue
        listing.shown += 1
        if len(budget._join(body, footer)) > limit:
            listing.shown -= 1
            full.add(listing)
    return budget._join(body, footer)


# -- random blocks ----------------------------------------------------------------------------

_LINE = st.builds(lambda n, keep: ("K" if keep else "-") * n, st.integers(0, 120), st.booleans())
# A block is a list of lines and listings; a listing is (tier, entries, says what it left out).
_BLOCK = st.recursive(
    st.lists(_LINE, max_size=4),
    lambda inner: st.lists(
        st.one_of(_LINE, st.tuples(st.integers(1, 3), st.lists(inner, max_size=40), st.booleans())), max_size=6
    ),
    max_leaves=60,
)


def build(spec: list[Any], name: str = "l") -> Block:
    """A fresh block from its spec: each fitter changes the listings it is given."""
    block: Block = []
    for index, part in enumerate(spec):
        if isinstance(part, str):
            block.append(Keep(part) if part.startswith("K") else part)
            continue
        tier, entries, says = part
        label = f"{name}.{index}"
        total = len(entries)

        def tail(shown: int, label: str = label, total: int = total, says: bool = says) -> list[str]:
            return more(total - shown, f"more {label}", f"fetch {label} from {shown}") if says else []

        block.append(Listing([build(entry, f"{label}.{i}") for i, entry in enumerate(entries)], tail, tier))
    return block


def step(n_ids: int) -> SuggestedAction:
    ids = [f"file-{i:04}" for i in range(n_ids)]
    return SuggestedAction(tool="remove_files", arguments={"job_id": "dj-1", "file_ids": ids}, reason="Why.")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(_LINE, st.tuples(st.integers(1, 3), st.lists(_BLOCK, max_size=60), st.booleans()))),
    st.lists(st.integers(0, 60), max_size=4),
    st.integers(MIN_BUDGET, 4000),
)
def test_the_fitter_gives_the_text_the_first_one_gave(spec: list[Any], steps: list[int], limit: int) -> None:
    actions = [step(n) for n in steps]
    first = first_fit(build([Keep("## Heading"), *spec]), actions, limit)
    # A budget of exactly a text's length, and one less, is where an off-by-one would show.
    for each in (limit, len(first), len(first) - 1, len(first) + 1):
        if each >= MIN_BUDGET:
            expected = first_fit(build([Keep("## Heading"), *spec]), actions, each)
            assert fit(build([Keep("## Heading"), *spec]), actions, each) == expected
