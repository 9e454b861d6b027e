"""Calls as the model would write them, for Next steps, plans and "N more" hints."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from seekrflow_mcp.text.words import code

# Items kept of a list argument when a next step must be shortened to fit the budget.
SHORT_LIST = 3


def _json(value: Any, shorten: bool) -> str:
    if shorten and isinstance(value, list) and len(value) > SHORT_LIST:
        head = ", ".join(json.dumps(item, ensure_ascii=False) for item in value[:SHORT_LIST])
        return f"[{head}, … {len(value) - SHORT_LIST} more]"
    return json.dumps(value, ensure_ascii=False)


def written(tool: str, arguments: Mapping[str, Any], shorten: bool = False) -> str:
    """A call as the model would write it: Python keyword arguments with JSON values."""
    args = ", ".join(f"{name}={_json(value, shorten)}" for name, value in arguments.items())
    return code(f"{tool}({args})")


def hint(tool: str, **arguments: Any) -> str:
    """The call that fetches what a list left out, as `get_data_job` with detail="files", offset=20:
    the job is the one the text is about, its id is in the heading."""
    args = ", ".join(f"{name}={json.dumps(value, ensure_ascii=False)}" for name, value in arguments.items())
    return code(tool) + (f" with {args}" if args else "")


def shortens(arguments: Mapping[str, Any]) -> bool:
    return any(isinstance(value, list) and len(value) > SHORT_LIST for value in arguments.values())
