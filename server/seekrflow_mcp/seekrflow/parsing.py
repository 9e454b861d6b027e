"""A body into models: parsed to Python values first, so the bytes can be dropped before the
models are built, with the collector paused while 100,000s of objects are made."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pydantic_core
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
# A response's body: a bytearray when it was read into one buffer (`exchange.Exchange._request`).
Body = bytes | bytearray


# What `values` gives for a body that is not JSON: validating the body itself then raises the
# error explained.
NOT_JSON = object()


def values(body: Body) -> Any:
    with collector_paused():
        try:
            # pydantic-core's process-wide cache of short strings (at most 16,384 of them, so
            # bounded) shares the values that repeat across 100,000s of records: statuses,
            # messages, times. Without it a large job's peak memory is a third higher.
            return pydantic_core.from_json(body, cache_strings=True)
        except ValueError:
            return NOT_JSON


def validated(model: type[M], values: Any, body: Body) -> M:
    with collector_paused():
        if values is NOT_JSON:
            return model.model_validate_json(body)
        try:
            return model.model_validate(values)
        except ValidationError:
            # Python values and JSON are validated alike, but a few messages are worded
            # differently: the error explained stays the one the JSON gives (and so does the
            # result, should it pass).
            return model.model_validate_json(pydantic_core.to_json(values))


@contextmanager
def collector_paused() -> Iterator[None]:
    """The values and models of a body hold no reference cycles, so collecting while 100,000s of
    them are made only costs time: a third of the parse of a large job."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
