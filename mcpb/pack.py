"""Pack the Claude Desktop bundle: `python mcpb/pack.py [--out dist/seekrflow-mcp.mcpb]`.

An .mcpb file is a zip. For the `uv` server type it holds the manifest, the entry point and
the project uv installs from (pyproject.toml and what it builds from); no dependencies, no
virtual environment. The manifest's version must be the project's: a mismatch stops here.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "mcpb"
# What pyproject.toml builds the package from: its readme and license file, and the packages.
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE")
PACKAGES = ("server/seekrflow_mcp", "server/seekrflow_sandbox")
# Fixed, so that packing the same tree twice gives the same bytes.
TIMESTAMP = (2026, 1, 1, 0, 0, 0)


def members() -> Iterator[tuple[str, Path]]:
    """Each file of the bundle: its name in the zip, and where it comes from."""
    yield "manifest.json", HERE / "manifest.json"
    yield "main.py", HERE / "main.py"
    for name in PROJECT_FILES:
        yield name, ROOT / name
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                yield path.relative_to(ROOT).as_posix(), path


def check_version() -> None:
    manifest = json.loads((HERE / "manifest.json").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    if manifest["version"] != project["version"]:
        raise SystemExit(f"mcpb/manifest.json has version {manifest['version']}, pyproject.toml {project['version']}")


def pack(out: Path) -> Path:
    check_version()
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, path in members():
            info = zipfile.ZipInfo(name, TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, path.read_bytes())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pack the Claude Desktop bundle (.mcpb).")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "seekrflow-mcp.mcpb")
    out = pack(parser.parse_args(argv).out)
    print(f"{out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
