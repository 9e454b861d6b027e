"""How the client is set up, apart from the client: the settings make these at start-up,
before anything imports the client, its models or httpx2's transports."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr


@dataclass(frozen=True)
class ClientOptions:
    base_url: str
    # None when each caller brings their own key (`acting_for`): then the client has none to fall back on.
    api_key: SecretStr | None
    team_id: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_wait: float = 30.0
    max_response_bytes: int = 256 * 1024 * 1024
    call_budget: float = 30.0
    fail_fast_window: float = 15.0


def normalize_base_url(url: str) -> str:
    """The SDK accepts a base URL with a trailing `/v1`; so do we."""
    url = url.strip().rstrip("/")
    return url[: -len("/v1")] if url.endswith("/v1") else url
