"""One error type per outcome a caller handles differently.

Each carries a message a person can act on, the HTTP status when there was one, and
SeekrFlow's request id (`cf-ray`) to quote to support. None of them ever holds the API
key: messages are built here from the status and the body, never from the request.
"""

from __future__ import annotations

import re
from typing import ClassVar

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def clip(text: str, limit: int = 300) -> str:
    """Upstream text goes into messages the model reads: one line, bounded."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SeekrFlowError(Exception):
    """Anything that went wrong talking to SeekrFlow."""

    kind: ClassVar[str] = "error"

    def __init__(self, message: str, *, status: int | None = None, request_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.request_id = request_id

    def __str__(self) -> str:
        return f"{self.message} (request id {self.request_id})" if self.request_id else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r}, request_id={self.request_id!r})"


class Unauthorized(SeekrFlowError):
    kind = "unauthorized"


class Forbidden(SeekrFlowError):
    kind = "forbidden"


class NotFound(SeekrFlowError):
    kind = "not_found"


class Conflict(SeekrFlowError):
    kind = "conflict"


class InvalidRequest(SeekrFlowError):
    """400 or 422: the request itself is wrong; sending it again will not help."""

    kind = "invalid_request"


class InvalidId(InvalidRequest):
    """An id that could change the URL path; refused before any request is made."""

    kind = "invalid_id"


class RateLimited(SeekrFlowError):
    kind = "rate_limited"

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class Unavailable(SeekrFlowError):
    """5xx, timeouts and connection failures, once the retries are spent."""

    kind = "unavailable"


class UnexpectedResponse(SeekrFlowError):
    """Not JSON, an HTML page, a body too large, or a shape the models reject."""

    kind = "unexpected_response"
