"""The bundle's entry point: Claude Desktop runs it with uv in an environment built from the
bundle's pyproject.toml, with the settings the user gave mapped onto the environment."""

import sys

from seekrflow_mcp.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve"]))
