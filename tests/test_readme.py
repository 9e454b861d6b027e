"""The README stays true: its examples are whole turns of what the demo prints, its test
command is CI's."""

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from seekrflow_mcp.config import Settings, env_name
from seekrflow_mcp.demo import run_demo

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
# The README's examples are turns printed by `run_demo(out, start=README_START)`; if a tool's
# text changes, print them again that way and paste each turn in whole.
README_START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
INDENT = "  "  # the demo indents the text the model read


@dataclass(frozen=True)
class Turn:
    question: str  # after "User: "
    call: str  # after "→ "
    text: str  # the indented lines, unindented


def read_turns(printed: str) -> tuple[list[str], list[Turn], list[str]]:
    """Split what the demo prints into the lines before the first turn, the turns, and the
    lines after the last. A turn is a "User: " line, a "→ " line, then lines indented by
    INDENT or blank; the first other line ends it. Trailing spaces are not kept (the README
    cannot keep them), nor the blank lines that end a turn."""
    lines = [line.rstrip() for line in printed.rstrip("\n").split("\n")]
    first = next((i for i, line in enumerate(lines) if line.startswith("User: ")), len(lines))
    before, i, turns = lines[:first], first, []
    while i < len(lines) and lines[i].startswith("User: "):
        question = lines[i].removeprefix("User: ")
        assert i + 1 < len(lines), f"no call after {lines[i]!r}"
        assert lines[i + 1].startswith("→ "), f"no call after {lines[i]!r}"
        call = lines[i + 1].removeprefix("→ ")
        i += 2
        text = []
        while i < len(lines) and (lines[i] == "" or lines[i].startswith(INDENT)):
            text.append(lines[i].removeprefix(INDENT))
            i += 1
        assert text, f"{call} printed no text"
        assert text[0], f"{call} printed no text"
        turns.append(Turn(question, call, "\n".join(text).rstrip("\n")))
    return before, turns, lines[i:]


async def demo_transcript() -> str:
    out = io.StringIO()
    await run_demo(out, start=README_START)
    return out.getvalue()


def readme_examples() -> list[Turn]:
    """Each ```text block of the README that holds a demo turn, read as the demo's output is."""
    turns = []
    for block in re.findall(r"```text\n(.*?)\n```", README, flags=re.DOTALL):
        if block.startswith("User: "):
            before, (turn, *more), after = read_turns(block)
            assert (before, more, after) == ([], [], []), f"one whole turn per example: {block[:80]!r}"
            turns.append(turn)
    return turns


def test_read_turns_keeps_every_line_whole() -> None:
    before, turns, after = read_turns(
        "Intro.\n\nUser: Why?\n→ tool(a=1)\n  ## Head\n  \n  - line\n\nUser: And?\n→ other()\n  [error] No.\n\nBye.\n"
    )
    assert before == ["Intro.", ""]
    assert turns == [Turn("Why?", "tool(a=1)", "## Head\n\n- line"), Turn("And?", "other()", "[error] No.")]
    assert after == ["Bye."]
    with pytest.raises(AssertionError):
        read_turns("User: Why?\nno call\n")


async def test_every_example_is_a_whole_turn_the_demo_prints() -> None:
    before, turns, after = read_turns(await demo_transcript())
    assert len(turns) == 6
    assert [line for line in before if line] == [
        "seekrflow-mcp demo: an assistant troubleshooting a data job, through the real MCP protocol,",
        "against the built-in SeekrFlow sandbox. Each call is printed with the text the model reads.",
    ]
    examples = readme_examples()
    for turn in turns:
        assert turn in examples, f"the README has no example equal to the demo's turn {turn.call}"
    assert len(examples) == len(turns), "the README has an example the demo does not print"
    # The demo's last line, after its turns, is in the README whole, and says something true.
    (closing,) = after
    assert closing == (
        "Connect a real assistant: see the README (`seekrflow-mcp serve`, or `serve --demo` without a key)."
    )
    assert closing in README.splitlines()
    assistant = README.split("\n## Add it to your assistant\n")[1].split("\n## ")[0]
    assert '"args": ["serve"]' in assistant
    assert '`["serve", "--demo"]`' in assistant
    assert "without a key" in assistant


def test_the_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    readme = re.findall(r"```sh\n(python3 -m venv .*)\n```", README)
    assert len(readme) == 2
    assert ci == readme[1].replace('pip install -e ".[test]"', 'pip install -q -e ".[test]"')
    assert readme[0].endswith("seekrflow-mcp demo")


def test_the_settings_table_has_every_setting_once_with_its_variable() -> None:
    table = README.split("\n## Settings\n")[1].split("\n## ")[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert [row.split(" | ")[:2] for row in rows] == [
        [f"| `{field}`", f"`{env_name(field)}`"] for field in Settings.model_fields
    ]
