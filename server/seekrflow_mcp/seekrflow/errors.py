"""One error type per outcome a caller handles differently.

Each carries a message a person can act on, the HTTP status when there was one, and
SeekrFlow's request id (`cf-ray`) to quote to support. None of them ever holds the API
key: the client builds messages from the status and the body, never from the request.
"""

from __future__ import annotations

from seekrflow_mcp.text.sanitize import clean

# Upstream text quoted in an error (a detail, a request id) is cleaned like any SeekrFlow text.
DETAIL_LIMIT = 300


class SeekrFlowError(Exception):
    """Anything that went wrong talking to SeekrFlow."""

    def __init__(
        self, message: str, *, status: int | None = None, request_id: str | None = None, maybe_applied: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        # A change that may have reached SeekrFlow: whoever knows the job names the read that checks it.
        self.maybe_applied = maybe_applied
        # A response header: SeekrFlow's (or any proxy's) text, shown to the model.
        self.request_id = clean(request_id, 100) or None

    def __str__(self) -> str:
        return f"{self.message} (request id {self.request_id})" if self.request_id else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r}, request_id={self.request_id!r})"


class Unauthorized(SeekrFlowError):
    """401: the API key was refused."""


class Forbidden(SeekrFlowError):
    """403: the key is valid but may not see this (a team id may be missing)."""


class NotFound(SeekrFlowError):
    """404: no such job or file for this key."""


class Conflict(SeekrFlowError):
    """409: the job's state does not allow the change."""


class InvalidRequest(SeekrFlowError):
    """400 or 422: the request itself is wrong; sending it again will not help."""


class InvalidId(InvalidRequest):
    """An id that could change the URL path; refused before any request is made."""


class RateLimited(SeekrFlowError):
    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class Unavailable(SeekrFlowError):
    """5xx, timeouts and connection failures, once the retries are spent."""


class UnexpectedResponse(SeekrFlowError):
    """Not JSON, an HTML page, a body too large, or a shape the models reject."""


class TooLarge(UnexpectedResponse):
    """An answer over the size this server accepts."""
