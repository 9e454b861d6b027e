"""The README's picture of the dashboard: `python scripts/dashboard_screenshot.py [--theme dark]`.

Renders the sandbox's failing job in `seekrflow-mcp preview`'s page with Debian's Chromium (as
the tests in tests/apps do) and writes the dashboard's frame to docs/dashboard.png."""

from __future__ import annotations

import argparse
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import anyio
import uvicorn
from playwright.async_api import async_playwright

from seekrflow_mcp.apps.preview import apps_client, preview_app
from seekrflow_mcp.config import Settings
from seekrflow_mcp.server import sandbox_server
from seekrflow_sandbox import FakeClock, Sandbox, world

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # the tests' and the README's moment
TOKEN = "screenshot"


async def shoot(out: Path, theme: Literal["light", "dark"], width: int) -> None:
    sandbox = Sandbox(clock=FakeClock(START))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    async with apps_client(sandbox_server(Settings(), sandbox)) as client, anyio.create_task_group() as group:
        server = uvicorn.Server(uvicorn.Config(preview_app(client, TOKEN), log_level="warning", lifespan="off"))
        group.start_soon(server.serve, [listener])
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = await browser.new_page(viewport={"width": width, "height": 2400}, color_scheme=theme)
            await page.goto(f"http://127.0.0.1:{port}/?token={TOKEN}")
            await page.frame_locator("#app").locator("#status").wait_for()
            await page.select_option("#job", world.NEEDS_REVIEW_JOB)
            await page.select_option("#tool", "summarize_failures")
            await page.select_option("#theme", theme)
            await page.click("#show")
            await page.frame_locator("#app").locator("#refresh").wait_for()
            await page.wait_for_timeout(300)  # the frame has reported its height
            await page.locator("#app").screenshot(path=str(out))
            await browser.close()
        server.should_exit = True
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "dashboard.png")
    parser.add_argument("--theme", choices=["light", "dark"], default="light")
    parser.add_argument("--width", type=int, default=760)
    args = parser.parse_args()
    anyio.run(shoot, args.out, args.theme, args.width)


if __name__ == "__main__":
    main()
