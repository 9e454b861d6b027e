"""Settings: defaults < TOML file < environment < command line.

The SDK's own variables (`SEEKR_API_KEY`, `SEEKR_BASE_URL`, `SEEKR_TEAM_ID`) are read as
they are, so a user of the SDK has nothing to set twice; the server's own settings are
`SEEKRFLOW_MCP_*`. Each source is validated on its own first, so a bad value is reported
with the place it came from, in one line.
"""

from __future__ import annotations

import os
import tomllib
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from seekrflow_mcp.seekrflow.options import ClientOptions, normalize_base_url

ENV_PREFIX = "SEEKRFLOW_MCP_"
DEFAULT_BASE_URL = "https://flow.seekr.com"

# What HTTP itself drops around a header value (RFC 9110 §5.5), plus the CR/LF a secret file
# or a Windows editor leaves at the end: never part of a key, so dropping it changes nothing
# SeekrFlow could accept.
_SURROUNDING = " \t\r\n"
# Names a person recognises for the characters that slip in when a value is pasted.
_CHARACTER_NAMES = {
    "\t": "tab",
    "\n": "line break",
    "\r": "carriage return",
    "\u00a0": "non-breaking space",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "byte-order mark",
}


class ConfigError(Exception):
    """A setting that stops start-up; its message is the one line the user sees."""


class Settings(BaseModel):
    # A plain model, not pydantic-settings' BaseSettings: `load_settings` layers the sources itself,
    # to know where each value came from, and importing pydantic-settings (dotenv, its CLI and
    # cloud sources) cost every start-up ~30 ms.
    model_config = ConfigDict(
        extra="forbid",
        validate_default=True,
        validate_by_name=True,
        validate_by_alias=True,
        hide_input_in_errors=True,  # the input may be the API key
        frozen=True,
    )

    api_key: SecretStr | None = Field(default=None, validation_alias="SEEKR_API_KEY")
    base_url: str = Field(default=DEFAULT_BASE_URL, validation_alias="SEEKR_BASE_URL")
    team_id: str | None = Field(default=None, validation_alias="SEEKR_TEAM_ID", max_length=128)
    connect_timeout: float = Field(default=5.0, gt=0, le=300, description="Seconds to open a connection")
    read_timeout: float = Field(default=30.0, gt=0, le=600, description="Seconds to wait for an answer")
    retries: int = Field(default=3, ge=0, le=10, description="Retries of a failed read")
    max_retry_wait: float = Field(default=30.0, gt=0, le=600, description="Longest Retry-After honoured, seconds")
    call_budget: float = Field(default=30.0, gt=0, le=600, description="Seconds a call may spend retrying SeekrFlow")
    fail_fast_window: float = Field(
        default=15.0, ge=0, le=600, description="Seconds after SeekrFlow failed during which calls try once"
    )
    # A 100,000-file job is ~90 MiB of JSON: 256 reads it with room, and a body is held at most
    # about 3x while parsed, so even the largest answer accepted stays well under 1 GiB.
    max_response_mb: int = Field(default=256, ge=1, le=1024, description="Largest answer accepted from SeekrFlow")
    scan_limit: int = Field(default=1000, ge=1, le=20000, description="Most jobs or files a list or overview looks at")
    read_only: bool = Field(default=False, description="Leave out the tools that change a data job")
    # The environment gives one string, split by `_split_roots`, not JSON.
    upload_roots: list[Path] = Field(default=[], description="Folders upload_file may read; none: no upload_file")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL such as https://flow.seekr.com")
        if parts.query or parts.fragment:
            raise ValueError("must not have a query or fragment")
        return normalize_base_url(value)

    @field_validator("api_key", "team_id", mode="before")
    @classmethod
    def _header_safe(cls, value: Any) -> Any:
        """Sent as HTTP headers, which carry printable ASCII only: refuse anything else here,
        naming it by position, rather than crash or fail "the network" at the first request."""
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if not isinstance(value, str):
            return value
        problem = header_problem(value)
        if problem:
            raise ValueError(problem)
        return value.strip(_SURROUNDING)

    @field_validator("upload_roots", mode="before")
    @classmethod
    def _split_roots(cls, value: Any) -> Any:
        # Separated like PATH, by os.pathsep (":", or ";" on Windows): a comma is common in folder
        # names, and on Windows ":" follows every drive letter.
        if isinstance(value, str):
            return [part.strip() for part in value.split(os.pathsep) if part.strip()]
        return value

    @field_validator("upload_roots")
    @classmethod
    def _existing_folders(cls, roots: list[Path]) -> list[Path]:
        """Each root as the real folder it names, links resolved, so that a file is inside a root
        exactly when its own real path is."""
        real: list[Path] = []
        for root in roots:
            path = root.expanduser()
            if not path.is_absolute():
                raise ValueError(f"{root} is not an absolute path; give each folder's full path")
            if not path.resolve().is_dir():
                raise ValueError(f"{root} is not an existing folder")
            real.append(path.resolve())
        return list(dict.fromkeys(real))

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    def client_options(self) -> ClientOptions:
        if self.api_key is None or not self.api_key.get_secret_value():
            raise ConfigError(
                "No SeekrFlow API key: set SEEKR_API_KEY (or api_key in the config file), "
                "or run `seekrflow-mcp serve --demo` to try the server against the built-in sandbox."
            )
        return ClientOptions(
            base_url=self.base_url,
            api_key=self.api_key,
            team_id=self.team_id,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            retries=self.retries,
            max_retry_wait=self.max_retry_wait,
            max_response_bytes=self.max_response_mb * 1024 * 1024,
            call_budget=self.call_budget,
            fail_fast_window=self.fail_fast_window,
        )


def header_problem(value: str) -> str | None:
    """Why `value` cannot be sent as an HTTP header, once the whitespace around it is dropped;
    as the position and the kind of character only, since the value may be the API key."""
    stripped = value.strip(_SURROUNDING)
    lead = len(value) - len(value.lstrip(_SURROUNDING))
    bad = [(i, c) for i, c in enumerate(stripped) if not " " <= c <= "~"]
    if not bad:
        return None
    index, char = bad[0]
    more = f" (and {len(bad) - 1} more like it)" if len(bad) > 1 else ""
    return (
        f"contains {_character(char)} at position {lead + index + 1}{more}, which an HTTP header cannot carry; "
        "type or copy the value again"
    )


def _character(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = _CHARACTER_NAMES.get(char) or unicodedata.name(char, "").lower() or "control character"
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name} ({code})"


def default_config_path(environ: Mapping[str, str] = os.environ) -> Path:
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "seekrflow-mcp" / "config.toml"


def env_name(field: str) -> str:
    alias = Settings.model_fields[field].validation_alias
    return alias if isinstance(alias, str) else ENV_PREFIX + field.upper()


def load_settings(config: Path | None = None, overrides: Mapping[str, Any] | None = None) -> Settings:
    """`config` is the `--config` path (must exist); without it the XDG file is read if present."""
    merged: dict[str, Any] = {}
    for source, values in _layers(config, overrides):
        _validate(values, source)
        # By field name: the environment names a field by its alias, and a later source must
        # replace an earlier one's value whichever name each used.
        merged.update({_field_of(k): v for k, v in values.items()})
    return _validate(merged, "the settings")


def _layers(config: Path | None, overrides: Mapping[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
    """Each source with its values, lowest precedence first."""
    layers: list[tuple[str, dict[str, Any]]] = []
    path = config if config is not None else default_config_path()
    if config is not None or path.is_file():
        layers.append((str(path), _read_toml(path)))
    layers.append(("the environment", _read_env()))
    layers.append(("the command line", {k: v for k, v in (overrides or {}).items() if v is not None}))
    return layers


def _read_toml(path: Path) -> dict[str, Any]:
    if path.is_dir():
        raise ConfigError(f"Config file {path} is a directory (given with --config); name the TOML file in it.")
    if not path.is_file():
        raise ConfigError(f"Config file {path} does not exist (given with --config).")
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        # strerror alone: str(exc) repeats the path and the errno.
        raise ConfigError(f"Config file {path} cannot be read: {(exc.strerror or str(exc)).lower()}.") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"Config file {path} cannot be read: it is not UTF-8 text (byte {exc.start + 1}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Config file {path} is not valid TOML: {exc}.") from None
    known = set(Settings.model_fields)
    for key in values:
        if key not in known:
            raise ConfigError(f"Unknown setting '{key}' in {path}; known settings: {', '.join(sorted(known))}.")
    return values


def _read_env() -> dict[str, Any]:
    known = {env_name(f) for f in Settings.model_fields} - {"SEEKR_API_KEY", "SEEKR_BASE_URL", "SEEKR_TEAM_ID"}
    for name in os.environ:
        if name.upper().startswith(ENV_PREFIX) and name.upper() not in known:
            raise ConfigError(f"Unknown setting {name} in the environment; known: {', '.join(sorted(known))}.")
    # Names are matched ignoring case, the last of two spellings winning, as pydantic-settings did.
    environ = {name.lower(): value for name, value in os.environ.items()}
    values: dict[str, Any] = {}
    for field in Settings.model_fields:
        value = environ.get(env_name(field).lower())
        # An empty variable means "not set", as it does for the SDK.
        if value:
            values[_alias(field)] = value
    return values


def _validate(values: Mapping[str, Any], source: str) -> Settings:
    try:
        return Settings(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = _field_of(str(error["loc"][0])) if error["loc"] else "settings"
        where = _where(field, source)
        message = error["msg"].removeprefix("Value error, ")
        raise ConfigError(f"Setting {field} from {where}: {message}.") from None


def _where(field: str, source: str) -> str:
    if source == "the environment":
        return f"the environment ({env_name(field)})"
    if source == "the command line":
        return f"the command line (--{field.replace('_', '-')})"
    return source


def setting_source(field: str, config: Path | None = None, overrides: Mapping[str, Any] | None = None) -> str:
    """Where `field`'s value came from, named as the errors name it; `load_settings` has
    already accepted these arguments."""
    where = "the default"
    for source, values in _layers(config, overrides):
        if field in values or _alias(field) in values:
            where = _where(field, source)
    return where


def _alias(field: str) -> str:
    alias = Settings.model_fields[field].validation_alias
    return alias if isinstance(alias, str) else field


def _field_of(name: str) -> str:
    for field, info in Settings.model_fields.items():
        if name in (field, info.validation_alias):
            return field
    return name
