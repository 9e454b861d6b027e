"""Settings: defaults < TOML file < environment < command line.

The SDK's own variables (`SEEKR_API_KEY`, `SEEKR_BASE_URL`, `SEEKR_TEAM_ID`) are read as
they are, so a user of the SDK has nothing to set twice; the server's own settings are
`SEEKRFLOW_MCP_*`. Each source is validated on its own first, so a bad value is reported
with the place it came from, in one line.
"""

from __future__ import annotations

import os
import re
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


# A path the MCP endpoint may take: plain segments only, nothing a URL would need to escape.
_PATH = re.compile(r"(/[A-Za-z0-9._~-]+)+")
MIN_TOKEN_LENGTH = 16


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
    # Read once, at start, into api_key (`_key_from_file`): a rotated file counts from the next start.
    api_key_file: Path | None = Field(default=None, validation_alias="SEEKR_API_KEY_FILE")
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
    # Serving over HTTP (`serve --transport http`, `seekrflow_mcp.asgi:app`); remote/ reads these.
    http_host: str = Field(default="127.0.0.1", min_length=1, max_length=255, description="Address served on")
    http_port: int = Field(default=8000, ge=1, le=65535, description="Port served on")
    http_path: str = Field(default="/mcp", description="Path of the MCP endpoint")
    http_token: SecretStr | None = Field(default=None, description="Shared bearer tokens, comma-separated")
    http_token_file: Path | None = Field(default=None, description="File of shared bearer tokens, one a line")
    oauth_issuer: str | None = Field(default=None, description="The identity provider's issuer")
    oauth_jwks_url: str | None = Field(default=None, description="The identity provider's JWKS URL")
    resource_url: str | None = Field(default=None, description="This server's URL: the tokens' audience")
    allowed_hosts: list[str] = Field(default=[], description="Host headers accepted besides loopback")
    allowed_origins: list[str] = Field(default=[], description="Origin headers accepted besides loopback")
    insecure_no_auth: bool = Field(default=False, description="Serve over HTTP with no authentication")
    key_source: Literal["settings", "request", "subject"] = Field(
        default="settings",
        description="Whose SeekrFlow key a call uses: this server's, the request's, or the key map's",
    )
    key_map: SecretStr | None = Field(default=None, description="JSON of signed-in subjects and their SeekrFlow keys")
    key_map_file: Path | None = Field(default=None, description="A file holding that JSON, read again when it changes")
    # Several replicas must seal and open each other's request state (a confirmation's round trip
    # may reach another one); without it each process makes up a key of its own.
    request_state_key: SecretStr | None = Field(
        default=None, description="Secret(s) sealing request state, shared by every replica; comma-separated to rotate"
    )
    log_format: Literal["text", "json"] = "text"

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL such as https://flow.seekr.com")
        if parts.query or parts.fragment:
            raise ValueError("must not have a query or fragment")
        return normalize_base_url(value)

    @field_validator("oauth_issuer", "oauth_jwks_url", "resource_url")
    @classmethod
    def _absolute_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
            raise ValueError("must be an http(s) URL with no fragment, such as https://id.example.com")
        return value.strip()

    @field_validator("http_path")
    @classmethod
    def _path(cls, value: str) -> str:
        if not _PATH.fullmatch(value) or value in ("/health", "/ready") or value.startswith("/.well-known"):
            raise ValueError("must be a path like /mcp: letters, digits, '.', '_', '~', '-' between slashes")
        return value

    @field_validator("allowed_hosts", "allowed_origins", mode="before")
    @classmethod
    def _split_commas(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("http_token", mode="before")
    @classmethod
    def _tokens(cls, value: Any) -> Any:
        """Several tokens, comma-separated, each sent by callers as a header; named by number
        and position only, never shown."""
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if not isinstance(value, str):
            return value
        for number, token in enumerate(split_tokens(value), start=1):
            problem = token_problem(token)
            if problem:
                raise ValueError(f"token {number} {problem}")
        return value

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

    @field_validator("key_map_file")
    @classmethod
    def _existing_file(cls, path: Path | None) -> Path | None:
        if path is not None and not path.expanduser().is_file():
            raise ValueError(f"{path} is not an existing file")
        return None if path is None else path.expanduser()

    @field_validator("request_state_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and any(len(key.strip()) < 32 for key in value.get_secret_value().split(",")):
            raise ValueError("each key must be at least 32 characters; make one with `openssl rand -base64 32`")
        return value

    def request_state_keys(self) -> list[str]:
        """The ring: the first seals, every one opens (rotate by putting the new key first)."""
        if self.request_state_key is None:
            return []
        return [key.strip() for key in self.request_state_key.get_secret_value().split(",")]

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("api_key_file")
    @classmethod
    def _absolute(cls, path: Path | None) -> Path | None:
        # A host starts the server in a folder of its choosing: a relative path would name a
        # different file from one host to the next.
        if path is not None and not path.expanduser().is_absolute():
            raise ValueError(f"{path} is not an absolute path; give the key file's full path")
        return None if path is None else path.expanduser()

    def client_options(self) -> ClientOptions:
        if self.key_source != "settings":
            if self.api_key is not None:
                # Refused rather than ignored: an operator who set both may believe that a caller
                # without a key of their own is served with this one.
                raise ConfigError(
                    f"key_source is '{self.key_source}', so each call uses its caller's own SeekrFlow key and this "
                    "server must hold none: unset SEEKR_API_KEY (or api_key in the config file)."
                )
            return self._options(None)
        if self.api_key is None or not self.api_key.get_secret_value():
            raise ConfigError(
                "No SeekrFlow API key: set SEEKR_API_KEY or SEEKR_API_KEY_FILE (or api_key in the config file), "
                "or run `seekrflow-mcp serve --demo` to try the server against the built-in sandbox."
            )
        return self._options(self.api_key)

    def _options(self, api_key: SecretStr | None) -> ClientOptions:
        return ClientOptions(
            base_url=self.base_url,
            api_key=api_key,
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


def split_tokens(value: str) -> list[str]:
    return [token.strip(_SURROUNDING) for token in value.split(",") if token.strip(_SURROUNDING)]


def token_problem(token: str) -> str | None:
    """Why `token` cannot be a shared bearer token: a header must carry it, and a guessable one
    protects nothing."""
    problem = header_problem(token)
    if problem:
        return problem
    if len(token.strip(_SURROUNDING)) < MIN_TOKEN_LENGTH:
        return (
            f"is shorter than {MIN_TOKEN_LENGTH} characters; make one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    return None


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
        values = _key_from_file(values, source)
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
    import tomllib  # only with a config file: 7 ms of start-up otherwise (bench/cold_start.py)

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


def _key_from_file(values: dict[str, Any], source: str) -> dict[str, Any]:
    """A source that names a key file gives the key it holds, as if it had given the key: a key
    from a later source still wins. Naming both in one source is an error."""
    named = values.get("api_key_file") or values.get(_alias("api_key_file"))
    if not named:
        return values
    if values.get("api_key") or values.get(_alias("api_key")):
        raise ConfigError(
            f"Both the API key and a key file (SEEKR_API_KEY, SEEKR_API_KEY_FILE) are set in {source}; set one."
        )
    return {**values, _alias("api_key"): read_key_file(Path(named).expanduser())}


# A key is tens of characters; a larger file is not a key file (or is the wrong file).
KEY_FILE_LIMIT = 4096


def read_key_file(path: Path) -> str:
    """The key in `path`, the whitespace around it dropped. Every failure is one line naming the
    path, never what the file holds."""
    label = f"SEEKR_API_KEY_FILE {path}"
    try:
        with path.open("rb") as file:
            raw = file.read(KEY_FILE_LIMIT + 1)
    except FileNotFoundError:
        raise ConfigError(f"{label} does not exist; give the file that holds the API key.") from None
    except IsADirectoryError:
        raise ConfigError(f"{label} is a directory; give the file that holds the API key.") from None
    except OSError as exc:
        raise ConfigError(f"{label} cannot be read: {(exc.strerror or type(exc).__name__).lower()}.") from None
    if len(raw) > KEY_FILE_LIMIT:
        raise ConfigError(f"{label} is larger than {KEY_FILE_LIMIT} bytes; it must hold the API key alone.")
    try:
        key = raw.decode("utf-8").strip(_SURROUNDING)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{label} is not UTF-8 text (byte {exc.start + 1}).") from None
    if not key:
        raise ConfigError(f"{label} is empty; write the API key in it.")
    problem = header_problem(key)
    if problem:
        raise ConfigError(f"The API key in {label} {problem}.")
    return key


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
