"""Who may call over HTTP: shared bearer tokens, or JWTs from the organisation's identity
provider (an OAuth 2.1 protected resource). Both are SDK token verifiers, so the SDK answers
401 and 403 itself and a tool reads the caller's token with `get_access_token()`.

A verifier never raises: the SDK turns an exception into a 500 with no `WWW-Authenticate`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import anyio.to_thread
import jwt
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings

from seekrflow_mcp.config import ConfigError, Settings, env_name, split_tokens, token_problem
from seekrflow_mcp.loopback import is_loopback
from seekrflow_mcp.server import Remote

log = logging.getLogger("seekrflow_mcp.remote")

READ_SCOPE = "seekrflow:read"
WRITE_SCOPE = "seekrflow:write"
# Only signatures made with a private key: `none` proves nothing, and an HMAC key would have to
# be shared with every resource server.
ASYMMETRIC = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
# Clocks of the identity provider and of this server disagree a little.
LEEWAY = 30
# Shared tokens grant everything: there is no one to ask for less.
_SHARED_SCOPES = [READ_SCOPE, WRITE_SCOPE]
# AuthSettings needs an issuer even when none is published (shared tokens: no resource URL, so
# no metadata route names it).
_NO_ISSUER = "http://127.0.0.1"


class SharedTokens:
    """Bearer tokens the operator hands out; each caller's `client_id` says which one, by number."""

    def __init__(self, tokens: list[str]) -> None:
        # Compared as digests: equal lengths, so compare_digest takes the same time for every guess.
        self._digests = [_digest(token) for token in tokens]

    async def verify_token(self, token: str) -> AccessToken | None:
        given = _digest(token)
        match = 0
        for number, digest in enumerate(self._digests, start=1):
            # Every token is compared, with no early exit, so the time says nothing of which matched.
            if hmac.compare_digest(given, digest):
                match = number
        if not match:
            return None
        return AccessToken(token=token, client_id=f"shared-token-{match}", scopes=list(_SHARED_SCOPES))


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()


class SigningKeys(Protocol):
    """What the verifier needs of pyjwt's PyJWKClient (its cache refetches on an unknown key id)."""

    def get_signing_key_from_jwt(self, token: str) -> jwt.PyJWK: ...


class JWTVerifier:
    """Checks a JWT's signature against the identity provider's keys, its issuer, its audience
    (this server's URL), its expiry and start with a small leeway, on an injectable clock."""

    def __init__(
        self, keys: SigningKeys, *, issuer: str, audience: str, clock: Callable[[], float] = time.time
    ) -> None:
        self._keys, self._issuer, self._audience, self._clock = keys, issuer, audience, clock

    async def verify_token(self, token: str) -> AccessToken | None:
        try:
            return await self._verify(token)
        except Exception as exc:  # a bad token, the JWKS unreachable, anything: refused, never a 500
            # The class only: a message may quote the token's own claims.
            log.info("a bearer token was refused: %s", type(exc).__name__)
            return None

    async def _verify(self, token: str) -> AccessToken | None:
        if jwt.get_unverified_header(token).get("alg") not in ASYMMETRIC:
            log.info("a bearer token was refused: not signed with an asymmetric algorithm")
            return None
        # PyJWKClient fetches with urllib, which blocks.
        key = await anyio.to_thread.run_sync(self._keys.get_signing_key_from_jwt, token)
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=list(ASYMMETRIC),
            audience=self._audience,
            issuer=self._issuer,
            # Times are checked below, on the injectable clock.
            options={"require": ["exp", "iss", "aud", "sub"], "verify_exp": False, "verify_nbf": False},
        )
        now = self._clock()
        exp, nbf = claims["exp"], claims.get("nbf", now)
        if not isinstance(exp, int | float) or not isinstance(nbf, int | float):
            return None
        if exp + LEEWAY < now or nbf - LEEWAY > now:
            log.info("a bearer token was refused: expired or not yet valid")
            return None
        subject = str(claims["sub"])
        return AccessToken(
            token=token,
            client_id=str(claims.get("client_id") or claims.get("azp") or subject),
            scopes=_scopes(claims),
            # The SDK compares expires_at with its own clock, strictly: the leeway goes in here.
            expires_at=int(exp + LEEWAY),
            resource=self._audience,
            subject=subject,
            claims=claims,
        )


def _scopes(claims: dict[str, Any]) -> list[str]:
    # `scope` is a space-separated string (RFC 8693); some providers send `scp`, a list.
    value = claims.get("scope")
    if not isinstance(value, str):
        value = claims.get("scp")
    items = value.split() if isinstance(value, str) else value if isinstance(value, list) else []
    return [item for item in items if isinstance(item, str)]


def authentication(settings: Settings) -> str | None:
    """Which authentication the settings choose ("shared tokens", "OAuth"), None for none;
    a ConfigError when they are incomplete or choose two."""
    oauth = {name: getattr(settings, name) for name in ("oauth_issuer", "oauth_jwks_url", "resource_url")}
    tokens = settings.http_token is not None or settings.http_token_file is not None
    if any(oauth.values()) and not all(oauth.values()):
        missing = ", ".join(env_name(name) for name, value in oauth.items() if not value)
        raise ConfigError(f"OAuth needs its issuer, JWKS URL and resource URL together; missing: {missing}.")
    if all(oauth.values()) and tokens:
        raise ConfigError(
            "Both shared tokens and OAuth are set: choose one (unset SEEKRFLOW_MCP_HTTP_TOKEN and "
            "SEEKRFLOW_MCP_HTTP_TOKEN_FILE, or the SEEKRFLOW_MCP_OAUTH_* and RESOURCE_URL settings)."
        )
    if settings.http_token is not None and settings.http_token_file is not None:
        raise ConfigError("Set SEEKRFLOW_MCP_HTTP_TOKEN or SEEKRFLOW_MCP_HTTP_TOKEN_FILE, not both.")
    if tokens:
        return "shared tokens"
    return "OAuth" if all(oauth.values()) else None


def who_may_call(settings: Settings, *, keys: SigningKeys | None = None) -> Remote | None:
    """The SDK's auth for these settings; None when they name no authentication. `keys` replaces
    the JWKS client (tests)."""
    kind = authentication(settings)
    if kind == "shared tokens":
        return Remote(auth=_auth(_NO_ISSUER, None), token_verifier=SharedTokens(shared_tokens(settings)))
    if kind is None:
        return None
    issuer, jwks_url, resource = str(settings.oauth_issuer), str(settings.oauth_jwks_url), str(settings.resource_url)
    if keys is None:
        _check_jwks_url(jwks_url)
        keys = jwks_client(jwks_url)
    return Remote(auth=_auth(issuer, resource), token_verifier=JWTVerifier(keys, issuer=issuer, audience=resource))


def jwks_client(url: str, *, cooldown: float = 10.0) -> SigningKeys:
    """The provider's keys, cached 5 minutes and fetched again for an unknown key id, at most once
    every `cooldown` seconds (so a stream of made-up key ids cannot flood the provider)."""
    return jwt.PyJWKClient(url, lifespan=300, timeout=5, cooldown_duration=cooldown)


def _auth(issuer: str, resource: str | None) -> AuthSettings:
    # Plain strings: AnyHttpUrl would publish "http://idp" as "http://idp/", and issuers compare
    # exactly. The verifier checks the audience itself, so the SDK need not check `resource`.
    return AuthSettings(
        issuer_url=issuer,
        resource_server_url=resource,
        required_scopes=[READ_SCOPE],
        validate_token_resource=False,
    )


def shared_tokens(settings: Settings) -> list[str]:
    if settings.http_token is not None:
        return split_tokens(settings.http_token.get_secret_value())
    path = settings.http_token_file
    assert path is not None
    return _read_token_file(path)


def _read_token_file(path: Path) -> list[str]:
    where = f"The token file {path} (SEEKRFLOW_MCP_HTTP_TOKEN_FILE)"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where} cannot be read ({type(exc).__name__}).") from None
    tokens = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        problem = token_problem(line)
        if problem:
            raise ConfigError(f"{where}: the token on line {number} {problem}.")
        tokens.append(line.strip())
    if not tokens:
        raise ConfigError(f"{where} holds no token.")
    return tokens


def _check_jwks_url(url: str) -> None:
    # The keys decide who may call: fetched in the clear, anyone on the way could replace them.
    host = urlsplit(url).hostname or ""
    if urlsplit(url).scheme != "https" and not is_loopback(host):
        raise ConfigError("SEEKRFLOW_MCP_OAUTH_JWKS_URL must be https (http only on loopback).")
