"""Logs on stderr, as text lines (the default) or one JSON object a line, and one record per
tool call: the tool, the job id it names, the outcome and the duration.

A record carries names and ids only, never an argument's free text, a key or a header. The
tool name and the job id come from the client, so each is logged only when it has the
form of one; anything else is logged as "invalid".
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from seekrflow_mcp.seekrflow.ids import RESOURCE_ID_PATTERN

LogFormat = Literal["text", "json"]
TEXT_FORMAT = "%(levelname)s %(name)s: %(message)s"
# The fields of a tool call's record, as the JSON format writes them.
CALL_FIELDS = ("tool", "job_id", "outcome", "duration_ms")

calls = logging.getLogger("seekrflow_mcp.calls")

_TOOL_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_JOB_ID = re.compile(RESOURCE_ID_PATTERN)


def setup(level: str, log_format: LogFormat) -> None:
    handler = logging.StreamHandler(sys.stderr)  # stdout is the MCP protocol
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=level, handlers=[handler])


class JsonFormatter(logging.Formatter):
    """One JSON object a line. ASCII only: a U+2028 inside a message is a line break to some
    readers, so it is escaped like every other non-ASCII character."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({name: getattr(record, name) for name in CALL_FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


Outcome = Literal["ok", "error", "refused"]


@dataclass
class ToolCall:
    outcome: Outcome = "ok"

    def answered(self, is_error: bool) -> None:
        if is_error and self.outcome == "ok":
            self.outcome = "error"


_current: ContextVar[ToolCall | None] = ContextVar("seekrflow_tool_call", default=None)


@contextmanager
def tool_call(name: str, arguments: Mapping[str, Any]) -> Iterator[ToolCall]:
    """Logs the call at INFO when it ends, however it ends. `error`: SeekrFlow failed or the
    server did; `refused`: the server declined the arguments or the change (`refused()`)."""
    call = ToolCall()
    token = _current.set(call)
    started = time.perf_counter()
    try:
        yield call
    except BaseException:
        call.answered(is_error=True)
        raise
    finally:
        _current.reset(token)
        duration = round((time.perf_counter() - started) * 1000, 1)
        tool = name if _TOOL_NAME.fullmatch(name) else "invalid"
        job = arguments.get("job_id")
        job_id = (job if _JOB_ID.fullmatch(job) else "invalid") if isinstance(job, str) else None
        about = f" (job {job_id})" if job_id else ""
        fields = {"tool": tool, "job_id": job_id, "outcome": call.outcome, "duration_ms": duration}
        calls.info("%s %s in %.0f ms%s", tool, call.outcome, duration, about, extra=fields)


def refused() -> None:
    """Marks the current tool call as refused: nothing was asked of SeekrFlow that the
    arguments or the job's state did not allow."""
    call = _current.get()
    if call is not None:
        call.outcome = "refused"
