"""Opening a file on this computer for `upload_file`, only inside the configured upload folders.

A path is judged by where it really leads, links followed: `../`, an absolute path elsewhere
and a link pointing out are all outside. Whether a path outside exists is never said, and
where a link leads is never shown: a refusal names only the path the caller gave and the
folders that are allowed. The file opened is the one that was checked: it is opened without
following a final link and must still be the same file (device and inode) once open.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from seekrflow_mcp.text.sanitize import clean
from seekrflow_mcp.text.words import code
from seekrflow_mcp.tools.context import Refusal

PATH_LIMIT = 300  # of a path quoted back in a refusal
# Not following a final link, and not waiting on a FIFO swapped in after the check.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class LocalFile:
    name: str  # the name the caller gave it, which SeekrFlow will show
    path: Path  # its real path, inside a root
    size: int
    identity: tuple[int, int]  # (device, inode) when checked


def check(given: str, roots: Sequence[Path]) -> LocalFile:
    """The regular file `given` names inside `roots`, or a Refusal saying what is wrong with it."""
    shown = code(clean(given, PATH_LIMIT))
    allowed = ", ".join(str(root) for root in roots)
    if any(unicodedata.category(char) == "Cc" for char in given):
        # Shown cleaned, the path would name another file than the one given (NUL cuts it short).
        raise Refusal(
            f"{shown} holds a control character (a newline, NUL or escape), which no path to upload may "
            f"hold; give the path of a file inside {allowed}."
        )
    try:
        real = _resolve(Path(given).expanduser(), roots)
    except (OSError, RuntimeError, ValueError):  # a loop of links, a name the system refuses, no home
        real = None
    if real is None or not _inside(real, roots):
        raise Refusal(
            f"{shown} is outside the upload folders (links followed), so it cannot be uploaded; only files "
            f"inside {allowed} can be."
        )
    try:
        found = real.stat()
    except FileNotFoundError:
        raise Refusal(f"{shown} does not exist; give the path of a file inside {allowed}.") from None
    except OSError as exc:
        unreadable = f"{shown} cannot be read ({_reason(exc)})"
        raise Refusal(f"{unreadable}; give a file inside {allowed} that this server can read.") from None
    if stat.S_ISDIR(found.st_mode):
        raise Refusal(f"{shown} is a folder; give the path of one file inside it.")
    if not stat.S_ISREG(found.st_mode):
        raise Refusal(f"{shown} is not a regular file; only regular files inside {allowed} can be uploaded.")
    name = Path(given).name or real.name
    return LocalFile(name=name, path=real, size=found.st_size, identity=(found.st_dev, found.st_ino))


@contextmanager
def opened(local: LocalFile, given: str) -> Iterator[BinaryIO]:
    """`local` open for reading, refused if it changed since it was checked."""
    changed = Refusal(f"{code(clean(given, PATH_LIMIT))} changed while it was being checked; nothing was uploaded.")
    try:
        fd = os.open(local.path, _OPEN_FLAGS)
    except OSError as exc:
        raise changed from exc
    with os.fdopen(fd, "rb") as file:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != local.identity or not stat.S_ISREG(now.st_mode):
            raise changed
        yield file


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path.is_relative_to(root) for root in roots)


def _resolve(path: Path, roots: Sequence[Path]) -> Path:
    """A relative path is taken from the first root it exists under (the first root when none)."""
    if path.is_absolute():
        return path.resolve()
    candidates = [(root / path).resolve() for root in roots]
    return next((c for c in candidates if _inside(c, roots) and c.exists()), candidates[0])


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()
