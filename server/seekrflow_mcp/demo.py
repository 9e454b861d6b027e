"""`seekrflow-mcp demo`: a troubleshooting conversation, played for real.

The server runs in this process against the sandbox; the official MCP `Client` makes
each call an assistant would make, and the demo prints the call and the exact text the
model would read. The sandbox's clock is advanced between turns so that ingestion
visibly moves on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TextIO

from mcp import Client

from seekrflow_mcp.config import Settings
from seekrflow_mcp.server import sandbox_server
from seekrflow_sandbox import FakeClock, Sandbox, world


def _turns(job: str) -> list[tuple[str, str, dict[str, Any], float]]:
    """(what the user says, tool, arguments, seconds that pass before the call): the user asks,
    then the assistant follows the Next steps the tools give, to alignment started."""
    return [
        ("Which of my data jobs are stuck?", "list_data_jobs", {"status": ["needs_review"]}, 0),
        ("Why did files fail in Customer support refresh, and what do I do?", "summarize_failures", {"job_id": job}, 0),
        ("Do what the plan says.", "retry_failed_files", {"job_id": job}, 0),
        (
            "(the plan's next step)",
            "remove_files",
            {
                "job_id": job,
                "file_ids": [
                    "file-00000000-0000-0000-0000-000000abc004",
                    "file-00000000-0000-0000-0000-000000abc005",
                    "file-00000000-0000-0000-0000-000000abc006",
                    "file-00000000-0000-0000-0000-000000abc007",
                ],
            },
            0,
        ),
        ("(the plan's next step)", "wait_for_ingestion", {"job_id": job}, 0),
        ("(the plan's next step)", "start_alignment", {"job_id": job}, 0),
    ]


async def run_demo(out: TextIO = sys.stdout, start: datetime | None = None) -> None:
    clock = FakeClock(start or datetime.now(UTC).replace(second=0, microsecond=0))

    async def sleep(seconds: float) -> None:  # waiting moves the sandbox's clock, not the reader's
        clock.advance(seconds)

    server = sandbox_server(Settings(), Sandbox(clock=clock), sleep=sleep)
    say: Callable[[str], object] = lambda line: print(line, file=out)  # noqa: E731

    say("seekrflow-mcp demo: an assistant troubleshooting a data job, through the real MCP protocol,")
    say("against the built-in SeekrFlow sandbox. Each call is printed with the text the model reads.\n")
    async with Client(server) as client:
        for question, tool, arguments, wait in _turns(world.NEEDS_REVIEW_JOB):
            clock.advance(wait)
            say(f"User: {question}")
            say(f"→ {tool}({', '.join(f'{k}={json.dumps(v)}' for k, v in arguments.items())})")
            result = await client.call_tool(tool, arguments)
            text = "".join(block.text for block in result.content if block.type == "text")
            say(("  [error] " if result.is_error else "  ") + text.replace("\n", "\n  "))
            say("")
    say("Connect a real assistant: see the README (`seekrflow-mcp serve`, or `serve --demo` without a key).")
