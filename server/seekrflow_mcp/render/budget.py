"""The size budget: a rendering is a tree of fixed lines and `Listing`s, followed by the Next
steps, and `fit` makes it fit.

When the text is too long, entries are dropped one at a time from the end of the longest
listing of the lowest tier (each renderer ranks its lists), and each listing's tail says
exactly how many it left out and which call fetches them; entries a late, large drop made room
for are then given back. Fixed lines are never dropped by this; only if they alone exceed the
budget are whole lines left out (unprotected ones first, `Keep` lines last), with a line saying
how many.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Protocol, TypeVar

from seekrflow_mcp.render.calls import shortens, written
from seekrflow_mcp.text.words import plural
from seekrflow_mcp.triage.views import SuggestedAction

BUDGET = 6000
# Below this even the heading, the cut notice and one next step may not fit.
MIN_BUDGET = 400
MAX_NEXT_STEPS = 3


class Keep(str):
    """A line the budget never drops while anything else can go: heading, status, readiness, blockers."""


Block = list["str | Listing"]

# The order in which listings give way, lowest first. A renderer ranks its lists: what another
# call gives again goes first (pages, the plan's later steps), the names the user asked about
# last (whole causes).
GIVES_WAY_FIRST = 1
GIVES_WAY_NEXT = 2
GIVES_WAY_LAST = 3


@dataclass(eq=False)
class Listing:
    """A list the budget may shorten from the end; `tail(shown)` says exactly what was left out."""

    entries: list[Block]
    tail: Callable[[int], list[str]]
    tier: int = GIVES_WAY_FIRST
    shown: int = field(init=False)

    def __post_init__(self) -> None:
        self.shown = len(self.entries)


def _lines(block: Sequence[str | Listing], bare_up_to: int = 0) -> Iterator[str]:
    """The lines as the listings now stand, with listings of tier `bare_up_to` or lower emptied."""
    for part in block:
        if isinstance(part, str):
            yield part
        else:
            shown = 0 if part.tier <= bare_up_to else part.shown
            for entry in part.entries[:shown]:
                yield from _lines(entry, bare_up_to)
            yield from part.tail(shown)


class _Sizes:
    """What a block's lines take in the text (each line and its newline) as its listings now
    stand, without writing them out: the fitter asks after every entry it drops. A listing's
    tail depends only on how many entries it shows, so each is written once per count."""

    def __init__(self) -> None:
        self._tails: dict[tuple[Listing, int], int] = {}
        # A flat listing's (entries of lines only) size of its first i entries; None when nested.
        self._prefixes: dict[Listing, list[int] | None] = {}

    def block(self, block: Sequence[str | Listing], bare_up_to: int = 0) -> int:
        total = 0
        for part in block:
            total += len(part) + 1 if isinstance(part, str) else self.listing(part, bare_up_to)
        return total

    def listing(self, listing: Listing, bare_up_to: int = 0) -> int:
        shown = 0 if listing.tier <= bare_up_to else listing.shown
        prefix = self.prefix(listing)
        if prefix is not None:
            entries = prefix[shown]
        else:
            entries = sum(self.block(entry, bare_up_to) for entry in listing.entries[:shown])
        key = (listing, shown)
        if key not in self._tails:
            self._tails[key] = sum(len(line) + 1 for line in listing.tail(shown))
        return entries + self._tails[key]

    def prefix(self, listing: Listing) -> list[int] | None:
        if listing not in self._prefixes:
            flat = not any(isinstance(part, Listing) for entry in listing.entries for part in entry)
            self._prefixes[listing] = (
                list(accumulate((_size(entry) for entry in listing.entries), initial=0)) if flat else None
            )
        return self._prefixes[listing]

    def text(self, body: Block, footer: list[str]) -> int:
        """len(_join(body, footer))."""
        return max(0, self.block(body) + self.block(footer) - 1)


def _listings(block: Block, sizes: _Sizes) -> Iterator[Listing]:
    for part in block:
        if isinstance(part, Listing):
            yield part
            if sizes.prefix(part) is None:  # a flat listing holds no other
                for entry in part.entries[: part.shown]:
                    yield from _listings(entry, sizes)


def _size(block: Sequence[str | Listing], bare_up_to: int = 0) -> int:
    return sum(len(line) + 1 for line in _lines(block, bare_up_to))


def _pretrim(body: Block, budget: int, sizes: _Sizes) -> None:
    # Entries past the point where a flat list alone fills the budget would be dropped anyway;
    # dropping them at once keeps a view with thousands of entries from being re-joined thousands of times.
    for listing in _listings(body, sizes):
        prefix = sizes.prefix(listing)
        if prefix is None:
            continue
        over = bisect_right(prefix, budget)  # the first i whose first i entries exceed it
        if over < len(prefix):
            listing.shown = over - 1


def _next_to_trim(body: Block, sizes: _Sizes) -> Listing | None:
    candidates = [listing for listing in _listings(body, sizes) if listing.shown > 0]
    if not candidates:
        return None
    tier = min(listing.tier for listing in candidates)
    return max((listing for listing in candidates if listing.tier == tier), key=sizes.listing)


def fit(body: Block, actions: list[SuggestedAction], budget: int) -> str:
    if budget < MIN_BUDGET:
        raise ValueError(f"a text budget under {MIN_BUDGET} characters cannot hold a result")
    sizes = _Sizes()
    # A next step carrying a hundred file ids can outgrow the budget on its own. It stays callable
    # as written unless, with every pageable list and later plan step left out, the causes still
    # would not fit beside it; then steps are shortened, the last first.
    steps = actions[:MAX_NEXT_STEPS]
    shortened = 0
    while shortened < len(steps) and sizes.block(body, GIVES_WAY_NEXT) + _size(_next_steps(steps, shortened)) > budget:
        shortened += 1
    footer = _next_steps(steps, shortened)
    _pretrim(body, budget, sizes)
    dropped: list[Listing] = []
    while sizes.text(body, footer) > budget:
        victim = _next_to_trim(body, sizes)
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
        if sizes.text(body, footer) > budget:
            listing.shown -= 1
            full.add(listing)
    return _join(body, footer)


class _Paged(Protocol):
    @property
    def suggested_actions(self) -> list[SuggestedAction]: ...


V = TypeVar("V", bound=_Paged)


def fit_page(
    build: Callable[[int], V], limit: int, body: Callable[[V], tuple[Block, list[Listing]]], budget: int
) -> tuple[V, str]:
    """The view with pages of `limit` items, and its text. While the text cannot hold every item
    of its pages, the view is built again with pages of as many as it held: a smaller page can
    bring a next-page call that takes room, so this repeats until the page in the structured
    content, the text, the "N more" count and the next-page call all agree."""
    size = limit
    while True:
        view = build(size)
        block, pages = body(view)
        text = fit(block, view.suggested_actions, budget)
        held = [page.shown for page in pages if page.shown < len(page.entries)]
        if not held or size == 1:
            return view, text
        size = max(1, min(held))


def _join(body: Block, footer: list[str]) -> str:
    return "\n".join([*_lines(body), *footer])


def _cut(lines: list[str], footer: list[str], budget: int) -> str:
    """Only when the lines no list can shorten exceed the budget: leave out whole lines, first the
    unprotected ones from the bottom, then Next steps, then `Keep` lines (never the heading), and
    say how many."""
    removed: set[int] = set()
    steps = list(footer)

    def text() -> str:
        left_out = sum(1 for i in removed if lines[i]) + sum(1 for line in footer[len(steps) :] if line)
        notice = f"… {plural(left_out, 'line')} left out to fit the size limit (the structured content has them all)"
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


def more(n: int, what: str = "more", fetch: str | None = None) -> list[str]:
    if n <= 0:
        return []
    return [f"… and {n} {what}" + (f" ({fetch})" if fetch else "")]


def _next_steps(steps: list[SuggestedAction], shortened: int) -> list[str]:
    """The Next steps section; the last `shortened` steps have their long lists cut short, and say so."""
    if not steps:
        return []
    lines = []
    for index, step in enumerate(steps):
        shorten = index >= len(steps) - shortened and shortens(step.arguments)
        note = " (call shortened to fit the size limit; the structured content has it whole)" if shorten else ""
        lines.append(f"- {written(step.tool, step.arguments, shorten)} — {step.reason}{note}")
    return ["", "Next steps:", *lines]


def bullets(lines: list[str], tail: Callable[[int], list[str]], tier: int = GIVES_WAY_FIRST) -> Listing:
    return Listing([[line] for line in lines], tail, tier)
