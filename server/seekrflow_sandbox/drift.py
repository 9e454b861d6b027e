"""What a `drift` fault does to a JSON answer: the API's shape moved under the client.

- unknown_status: every string under a key named "status" becomes `UNKNOWN_STATUS`.
- new_fields: every object gains `"x_added_field": {"nested": [1, 2]}` and `"x_flag": true`.
- missing_optional: every key the official SDK does not require is left out: a data job
  (row or detail) keeps `JOB_REQUIRED`, a file `FILE_REQUIRED`, a list envelope its
  `object` and `data` (without them a list is no longer drifted but empty); any other
  object loses its null keys.
- null_lists: every list that is the value of a key becomes null.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal, get_args

DriftVariant = Literal["unknown_status", "new_fields", "missing_optional", "null_lists"]
VARIANTS: tuple[str, ...] = get_args(DriftVariant)

UNKNOWN_STATUS = "quarantined_v2"
ADDED_FIELDS: dict[str, Any] = {"x_added_field": {"nested": [1, 2]}, "x_flag": True}
# [sdk] seekrai 0.35.1: the fields DataJobResponse (and DataJobDetailResponse) and FileResponse
# declare without a default; every other field of theirs, nested objects included, has one.
JOB_REQUIRED = frozenset(
    {"id", "user_id", "name", "job_type", "alignment_job_id", "created_at", "updated_at", "status"}
)
FILE_REQUIRED = frozenset({"id", "object"})
_ENVELOPE = frozenset({"object", "data"})


def drifted(body: bytes, variant: DriftVariant) -> bytes | None:
    """`body` transformed as `variant` says, serialized as the app serializes; None when it is not JSON."""
    try:
        value = json.loads(body)
    except ValueError:
        return None
    changed = _TRANSFORMS[variant](value)
    return json.dumps(changed, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def _unknown_status(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: UNKNOWN_STATUS if key == "status" and isinstance(item, str) else _unknown_status(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_unknown_status(item) for item in value]
    return value


def _new_fields(value: Any) -> Any:
    if isinstance(value, dict):
        # Shared, not copied: the result is serialized at once and never changed.
        return {key: _new_fields(item) for key, item in value.items()} | ADDED_FIELDS
    if isinstance(value, list):
        return [_new_fields(item) for item in value]
    return value


def _missing_optional(value: Any) -> Any:
    if isinstance(value, list):
        return [_missing_optional(item) for item in value]
    if not isinstance(value, dict):
        return value
    kept = _required(value)
    return {
        key: _missing_optional(item)
        for key, item in value.items()
        if (key in kept if kept is not None else item is not None)
    }


def _required(value: dict[str, Any]) -> frozenset[str] | None:
    """The keys the SDK requires of this object, when it is one the SDK models (None if not)."""
    if "job_type" in value:
        return JOB_REQUIRED
    if value.get("object") == "file":
        return FILE_REQUIRED
    if value.get("object") == "list":
        return _ENVELOPE
    return None


def _null_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: None if isinstance(item, list) else _null_lists(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_null_lists(item) for item in value]
    return value


_TRANSFORMS: dict[str, Callable[[Any], Any]] = {
    "unknown_status": _unknown_status,
    "new_fields": _new_fields,
    "missing_optional": _missing_optional,
    "null_lists": _null_lists,
}
