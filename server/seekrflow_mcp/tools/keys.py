"""Whose SeekrFlow key a call is made with (`key_source`): the server's own, the one the request
carries in `X-Seekr-Api-Key`, or the one the operator mapped to the caller's signed-in identity.

A caller's key is used for that call only: it is never kept, logged or quoted, and a call that
has none is refused before anything reaches SeekrFlow. Each source also says what the user must
change when SeekrFlow refuses the key, since only the source knows where the key came from.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.mcpserver import Context
from pydantic import SecretStr

from seekrflow_mcp.config import ConfigError, Settings, header_problem
from seekrflow_mcp.seekrflow.exchange import Credentials
from seekrflow_mcp.tools.recovery import NO_CALL, KeyRemedies

log = logging.getLogger(__name__)

KEY_HEADER = "X-Seekr-Api-Key"
TEAM_HEADER = "X-Seekr-Team-Id"
# Far longer than any SeekrFlow key or team id; a longer header is not one.
_KEY_LIMIT = 1024
_TEAM_LIMIT = 128


class KeyRefused(Exception):
    """The call has no usable key: one sentence for the model, which ends with what the user must do."""


class KeySource(KeyRemedies, Protocol):
    def credentials(self, ctx: Context[Any, Any]) -> Credentials | None:
        """The caller's credentials; None for the client's own. Raises `KeyRefused`."""
        ...


class ServerKey:
    """The key in the server's settings, for every call."""

    refused = "the user must set a valid SEEKR_API_KEY in this MCP server's configuration and restart it."
    forbidden = "the user must give this server a key (or SEEKR_TEAM_ID) that may see it."

    def credentials(self, ctx: Context[Any, Any]) -> Credentials | None:
        return None


class RequestKey:
    """The key each HTTP request carries, with its team when it names one."""

    refused = (
        f"the user must send a valid SeekrFlow API key in the {KEY_HEADER} header, set in this server's entry "
        "in their MCP client."
    )
    forbidden = f"the user must send a key (or a {TEAM_HEADER} header) that may see it."

    def credentials(self, ctx: Context[Any, Any]) -> Credentials | None:
        headers = ctx.headers or {}
        key = headers.get(KEY_HEADER.lower())
        if not key:
            raise KeyRefused(
                f"This server calls SeekrFlow with each caller's own API key, and this request carried none. "
                f"{NO_CALL}the user must add the header {KEY_HEADER} with their SeekrFlow API key to this server's "
                "entry in their MCP client."
            )
        team = headers.get(TEAM_HEADER.lower()) or None
        return Credentials(
            SecretStr(_header(key, KEY_HEADER, _KEY_LIMIT)),
            None if team is None else _header(team, TEAM_HEADER, _TEAM_LIMIT),
        )


def _header(value: str, name: str, limit: int) -> str:
    """The value, checked as SeekrFlow would need it; the refusal names the position, never the value."""
    problem = header_problem(value) or (f"is longer than {limit} characters" if len(value) > limit else None)
    if problem:
        raise KeyRefused(
            f"The {name} header of this request {problem}. {NO_CALL}the user must correct it in this server's "
            "entry in their MCP client."
        )
    return value.strip()


class SubjectKey:
    """The key the operator's key map gives the caller's signed-in identity (the token's subject)."""

    refused = "the server's operator must update the SeekrFlow API key mapped to this user's account."
    forbidden = "the server's operator must map this user's account to a key (or team) that may see it."

    def __init__(self, keys: KeyMap) -> None:
        self._keys = keys

    def credentials(self, ctx: Context[Any, Any]) -> Credentials | None:
        token = get_access_token()
        subject = token.subject if token is not None else None
        if not subject:
            raise KeyRefused(
                "This server finds each caller's SeekrFlow key by who they signed in as, and this request was not "
                f"signed in. {NO_CALL}the server's operator must require sign-in (OAuth) for this server."
            )
        credentials = self._keys.get(subject)
        if credentials is None:
            raise KeyRefused(
                "No SeekrFlow API key is set up on this server for the account this request signed in as. "
                f"{NO_CALL}the server's operator must add the account to the key map."
            )
        return credentials


@dataclass(frozen=True)
class _Loaded:
    stamp: tuple[float, int] | None
    keys: dict[str, Credentials]


class KeyMap:
    """Subjects to credentials, from JSON: `{"subject": "key"}` or `{"subject": {"api_key": "key",
    "team_id": "team"}}`. A file is read again when it changes, so an operator adds a person
    without a restart; a change that does not parse keeps the map as it was, with a warning."""

    def __init__(self, *, text: str | None = None, path: Path | None = None) -> None:
        self._path = path
        if path is None:
            self._loaded = _Loaded(None, parse_key_map(text or "", "SEEKRFLOW_MCP_KEY_MAP"))
        else:
            self._loaded = _Loaded(_stamp(path), parse_key_map(_read(path), str(path)))

    def get(self, subject: str) -> Credentials | None:
        if self._path is not None:
            self._reload(self._path)
        return self._loaded.keys.get(subject)

    def _reload(self, path: Path) -> None:
        try:
            stamp = _stamp(path)
            if stamp != self._loaded.stamp:
                self._loaded = _Loaded(stamp, parse_key_map(_read(path), str(path)))
        except (OSError, ConfigError) as exc:
            log.warning("The key map was not reloaded, the previous one stays: %s", exc)


def _stamp(path: Path) -> tuple[float, int]:
    status = os.stat(path)
    return status.st_mtime, status.st_size


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The key map {path} cannot be read: {type(exc).__name__}.") from None


def parse_key_map(text: str, source: str) -> dict[str, Credentials]:
    """The map's entries; a problem is named by subject and field, never by value."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"The key map in {source} is not valid JSON (line {exc.lineno}).") from None
    if not isinstance(raw, dict) or not raw:
        raise ConfigError(f'The key map in {source} must be a JSON object of subjects, like {{"alice": "sk-…"}}.')
    keys: dict[str, Credentials] = {}
    for subject, entry in raw.items():
        fields = {"api_key": entry} if isinstance(entry, str) else entry
        if not isinstance(fields, dict) or not isinstance(fields.get("api_key"), str):
            raise ConfigError(f"The key map in {source}: the entry for {subject!r} has no api_key string.")
        team = fields.get("team_id")
        for name, value in (("api_key", fields["api_key"]), ("team_id", team)):
            problem = header_problem(value) if isinstance(value, str) else None
            if problem or (value is not None and not isinstance(value, str)) or value == "":
                raise ConfigError(f"The key map in {source}: the {name} of {subject!r} {problem or 'is not text'}.")
        keys[subject] = Credentials(SecretStr(fields["api_key"].strip()), team.strip() if team else None)
    return keys


def key_source(settings: Settings) -> KeySource:
    if settings.key_source == "request":
        return RequestKey()
    if settings.key_source == "subject":
        if settings.oauth_issuer is None:
            raise ConfigError(
                "key_source is 'subject', which finds each caller's key by who they signed in as: set the OAuth "
                "settings (SEEKRFLOW_MCP_OAUTH_ISSUER, SEEKRFLOW_MCP_OAUTH_JWKS_URL, SEEKRFLOW_MCP_RESOURCE_URL)."
            )
        if settings.key_map_file is not None:
            return SubjectKey(KeyMap(path=settings.key_map_file))
        if settings.key_map is not None:
            return SubjectKey(KeyMap(text=settings.key_map.get_secret_value()))
        raise ConfigError(
            "key_source is 'subject' but no key map is set: set SEEKRFLOW_MCP_KEY_MAP_FILE (a JSON file of "
            "subjects and their SeekrFlow keys) or SEEKRFLOW_MCP_KEY_MAP."
        )
    return ServerKey()
