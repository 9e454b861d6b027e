"""The README stays true: its examples are what the demo prints, its test command is CI's."""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from seekrflow_mcp.demo import run_demo

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
# The README's examples were printed by `run_demo(out, start=README_START)`; if a tool's
# text changes, print them again that way and paste them in.
README_START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


async def test_every_example_is_what_the_tool_prints() -> None:
    transcript = io.StringIO()
    await run_demo(transcript, start=README_START)
    turns = transcript.getvalue().split("\nUser: ")[1:]
    assert len(turns) == 5
    for turn in turns:
        lines = turn.rstrip("\n").splitlines()
        call = lines[1].removeprefix("→ ")
        text = "\n".join(line[2:] for line in lines[2:]).rstrip()
        assert f"Example, `{call}`:\n\n```text\n{text}\n```" in README, call


def test_the_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    readme = re.findall(r"```sh\n(python3 -m venv .*)\n```", README)
    assert len(readme) == 2
    assert ci == readme[1].replace('pip install -e ".[test]"', 'pip install -q -e ".[test]"')
    assert readme[0].endswith("seekrflow-mcp demo")
