"""Identifiers derived from the seed and a counter: no uuid4, so runs repeat exactly."""

from __future__ import annotations

import hashlib
import uuid


class IdFactory:
    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._count = 0
        self._metaflow = 10_000  # above the seeded world's mf-000NN

    def new(self, prefix: str) -> str:
        """`prefix-<uuid-shaped hex>`, like SeekrFlow's `dj-…`, `ij-…`, `file-…`."""
        self._count += 1
        digest = hashlib.sha256(f"{self._seed}:{prefix}:{self._count}".encode()).digest()
        return f"{prefix}-{uuid.UUID(bytes=digest[:16])}"

    def metaflow(self) -> str:
        self._metaflow += 1
        return f"mf-{self._metaflow:05d}"
