"""What SeekrFlow's error answers and failed exchanges become: a `SeekrFlowError` that says
what happened and what to do, and `Retry-After` read as seconds to wait.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime

import httpx2
from pydantic import ValidationError

from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.seekrflow.models import ErrorBody
from seekrflow_mcp.seekrflow.outage import Outage
from seekrflow_mcp.seekrflow.parsing import Body
from seekrflow_mcp.text.sanitize import MESSAGE_LIMIT, clean
from seekrflow_mcp.text.words import plural, when

# Failures after which the request certainly never reached the server.
NEVER_SENT = (httpx2.ConnectError, httpx2.ConnectTimeout, httpx2.PoolTimeout)
_LONGEST_WAIT = 86_400.0  # a Retry-After of a thousand digits is still just "a day"


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """`Retry-After` as seconds from `now`: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), _LONGEST_WAIT)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - now).total_seconds())


def looks_like_html(headers: httpx2.Headers, body: Body) -> bool:
    return "html" in headers.get("content-type", "") or body.lstrip()[:1] == b"<"


def too_large(what: str, cap: int, response: httpx2.Response) -> errors.TooLarge:
    return errors.TooLarge(
        f"SeekrFlow's answer to {what} is larger than {cap // (1024 * 1024)} MiB; refused. "
        "Raise SEEKRFLOW_MCP_MAX_RESPONSE_MB if this job is really that large.",
        status=response.status_code,
        request_id=response.headers.get("cf-ray"),
    )


def transport_error(exc: httpx2.TransportError, what: str, attempts: int, idempotent: bool) -> errors.Unavailable:
    if isinstance(exc, httpx2.TimeoutException):
        reason = "timed out"
    elif isinstance(exc, NEVER_SENT):
        reason = "could not be reached"
    else:
        reason = "dropped the connection"
    if not idempotent and not isinstance(exc, NEVER_SENT):
        return errors.Unavailable(
            f"SeekrFlow {reason} during {what}; the change may or may not have been applied, so it was not sent again.",
            maybe_applied=True,
        )
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    return errors.Unavailable(
        f"SeekrFlow {reason} for {what}{tries}. It may be down or unreachable from here "
        "(if it persists, check SEEKR_BASE_URL)."
    )


def still_failing(error: errors.SeekrFlowError, outage: Outage, now: datetime) -> errors.Unavailable:
    """`error` from the one quick try made while SeekrFlow is failing, with how long it has been."""
    return errors.Unavailable(
        f"{error.message} SeekrFlow has been failing since {when(outage.since, now)}, "
        f"{plural(outage.attempts, 'failed attempt')} in all, so this call tried once instead of retrying.",
        status=error.status,
        request_id=error.request_id,
        maybe_applied=error.maybe_applied,
    )


def _detail(body: Body) -> str | None:
    """The human part of an error body: FastAPI's `detail`, a 422 list, or short plain text."""
    try:
        parsed = ErrorBody.model_validate_json(body)
    except ValidationError:
        text = body.decode("utf-8", "replace").strip()
        return clean(text, MESSAGE_LIMIT) if text and not text.startswith("<") else None
    detail = parsed.detail
    if isinstance(detail, list):
        parts = []
        for issue in detail[:3]:
            where = ".".join(str(p) for p in issue.loc if p != "body") or "request"
            parts.append(f"{where}: {issue.msg}")
        more = f" (and {len(detail) - 3} more)" if len(detail) > 3 else ""
        return clean("; ".join(parts) + more, errors.DETAIL_LIMIT)
    return clean(detail, errors.DETAIL_LIMIT) if detail else None


def no_endpoint(exc: errors.NotFound, what: str) -> errors.NotFound:
    return errors.NotFound(
        f"SeekrFlow answered 404 (not found) for {what}, an address that always exists, so the base URL is "
        "likely wrong: check SEEKR_BASE_URL; it should be the API's root, like https://flow.seekr.com.",
        status=exc.status,
        request_id=exc.request_id,
    )


def status_error(
    status: int, headers: Mapping[str, str], body: Body, what: str, wait: float | None, idempotent: bool
) -> errors.SeekrFlowError:
    rid = headers.get("cf-ray")
    said = _detail(body)
    quoted = f' SeekrFlow said: "{said}".' if said else ""
    if status == 401:
        return errors.Unauthorized(
            "SeekrFlow rejected the API key (401). Check SEEKR_API_KEY: it is sent as is, with no 'Bearer' prefix.",
            status=status,
            request_id=rid,
        )
    if status == 403:
        return errors.Forbidden(
            f"SeekrFlow denied this API key access for {what} (403).{quoted} If you work in a team, set SEEKR_TEAM_ID.",
            status=status,
            request_id=rid,
        )
    if status == 404:
        return errors.NotFound(f"SeekrFlow found nothing for {what} (404).{quoted}", status=status, request_id=rid)
    if status == 409:
        return errors.Conflict(
            f"SeekrFlow refused {what} in the job's current state (409).{quoted}", status=status, request_id=rid
        )
    if status in (400, 422):
        return errors.InvalidRequest(
            f"SeekrFlow rejected {what} as invalid ({status}).{quoted}", status=status, request_id=rid
        )
    if status == 429:
        after = (
            f" Wait {wait:.0f} s before trying again." if wait is not None else " Wait a minute before trying again."
        )
        return errors.RateLimited(
            f"SeekrFlow is rate limiting this API key (429).{after}", retry_after=wait, status=status, request_id=rid
        )
    if status >= 500:
        # A gateway error on a change does not prove the change was not made.
        advice = "It is likely temporary." if idempotent else "The change may or may not have been applied."
        return errors.Unavailable(
            f"SeekrFlow failed to answer for {what} (HTTP {status}).{quoted} {advice}",
            status=status,
            request_id=rid,
            maybe_applied=not idempotent,
        )
    return errors.UnexpectedResponse(
        f"SeekrFlow sent HTTP {status} for {what}, which this server does not expect.{quoted}",
        status=status,
        request_id=rid,
    )
