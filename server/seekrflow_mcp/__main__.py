"""`python -m seekrflow_mcp`: the same commands as `seekrflow-mcp`."""

import sys

from seekrflow_mcp.cli import main

if __name__ == "__main__":
    sys.exit(main())
