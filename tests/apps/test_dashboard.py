"""The job dashboard in a real browser: Debian's Chromium, driven by Playwright, frames the
resource as a host would (tests/apps/host.html: sandboxed iframe, the resource's CSP) and
forwards the app's tool calls to the real server through the MCP client, on the sandbox.

Time in the frame is Playwright's clock, so the live refresh runs without waiting."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.client import advertise
from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID
from playwright.async_api import Browser, FrameLocator, Page, async_playwright, expect

from seekrflow_mcp.apps import DASHBOARD_URI
from seekrflow_mcp.apps.preview import apps_client, preview_app
from seekrflow_mcp.triage.dashboard import REFRESH_SECONDS
from seekrflow_sandbox import Sandbox, world
from tests.helpers import BROWSER_ARGS, CHROMIUM, FAILED_IDS, SCREENSHOTS, posts, seed_job, serve_http, server_for

pytestmark = pytest.mark.anyio

HOST = Path(__file__).with_name("host.html").read_text(encoding="utf-8")
HOSTILE = '<img src=x onerror="window.pwned=1">.pdf'


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"  # module-wide: one browser serves every test here


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        await launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dashboard-screenshots")
    SCREENSHOTS.append(folder)
    return folder


@dataclass
class Dashboard:
    page: Page
    app: FrameLocator
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def called(self, name: str) -> list[dict[str, Any]]:
        return [arguments for tool, arguments in self.calls if tool == name]

    async def frame_eval(self, script: str) -> Any:
        frame = self.page.frame_locator("#app").owner
        handle = await frame.element_handle()
        assert handle is not None
        content = await handle.content_frame()
        assert content is not None
        return await content.evaluate(script)


@asynccontextmanager
async def dashboard(
    browser: Browser,
    sandbox: Sandbox,
    tool: str,
    arguments: dict[str, Any],
    *,
    theme: str = "light",
    width: int = 900,
    variables: dict[str, str] | None = None,
    **settings: Any,
) -> AsyncIterator[Dashboard]:
    """`tool` called as the model would, then its result shown in the dashboard by the test host."""
    apps = advertise(EXTENSION_ID, {"mimeTypes": [APP_MIME_TYPE]})
    async with Client(server_for(sandbox, **settings), raise_exceptions=True, extensions=[apps]) as client:
        result = await client.call_tool(tool, arguments)
        resource = (await client.read_resource(DASHBOARD_URI)).contents[0]
        tools = [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in (await client.list_tools()).tools]
        context = await browser.new_context(viewport={"width": width, "height": 800}, color_scheme=theme)
        page = await context.new_page()
        await page.clock.install()
        await page.clock.pause_at(1_800_000_000_000)
        board = Dashboard(page, page.frame_locator("#app"))

        async def forward(name: str, args: dict[str, Any]) -> dict[str, Any]:
            board.calls.append((name, args))
            answer = await client.call_tool(name, args)
            return answer.model_dump(mode="json", by_alias=True, exclude_none=True)

        await page.expose_function("mcpCall", forward)
        await page.set_content(HOST)
        await page.evaluate(
            "(spec) => loadApp(spec)",
            {
                "html": resource.text,  # type: ignore[union-attr]
                "uiMeta": (resource.meta or {}).get("ui", {}),
                "tool": next(t for t in tools if t["name"] == tool),
                "tools": tools,
                "toolInput": arguments,
                "toolResult": result.model_dump(mode="json", by_alias=True, exclude_none=True),
                "theme": theme,
                "variables": variables or {},
            },
        )
        try:
            yield board
        finally:
            await context.close()


async def loaded(board: Dashboard, refreshes: int = 1) -> None:
    """The app has shown the job and its first refresh's answer."""
    await expect(board.app.locator("#status")).to_be_visible()
    while len(board.called("refresh_data_job")) < refreshes:
        await board.page.wait_for_timeout(20)
    await expect(board.app.locator("#refresh")).to_be_visible()
    await board.page.wait_for_timeout(50)  # the answer rendered


async def shoot(board: Dashboard, path: Path) -> None:
    await board.page.wait_for_function("() => document.getElementById('app').offsetHeight > 200")
    # A frame paints only what the viewport shows: make room for all of it.
    height = await board.page.evaluate("document.getElementById('app').offsetHeight")
    await board.page.set_viewport_size({"width": board.page.viewport_size["width"], "height": height})
    await board.page.locator("#app").screenshot(path=str(path))


async def test_a_failing_job_shows_its_counts_groups_and_files(browser: Browser, sandbox: Sandbox, shots: Path) -> None:
    for theme in ("light", "dark"):
        async with dashboard(
            browser, sandbox, "summarize_failures", {"job_id": world.NEEDS_REVIEW_JOB}, theme=theme
        ) as b:
            await loaded(b)
            assert b.called("refresh_data_job")[0] == {"job_id": world.NEEDS_REVIEW_JOB}
            legend = b.app.locator("#legend li")
            states = await legend.evaluate_all(
                "items => items.map(i => [i.dataset.state, i.querySelector('.count').textContent])"
            )
            assert dict(states) == {
                "completed": "5",
                "failed": "7",
                "queued": "0",
                "running": "0",
                "ready_without_ingestion": "1",
            }
            groups = b.app.locator("article.group")
            titles = await groups.locator("h3").all_inner_texts()
            counts = await groups.locator(".badge.count").all_inner_texts()
            assert len(titles) == 6, titles
            assert sum(map(int, counts)) == 7, counts
            await shoot(b, shots / f"failing-{theme}.png")
            names = await b.app.locator(".files .name").all_inner_texts()
            assert len(names) == 7
            assert "scanned-contract.pdf" in names
            await b.app.get_by_label("Filter files by name").fill("SCANNED")
            assert await b.app.locator(".files li:visible .name").all_inner_texts() == ["scanned-contract.pdf"]
            await b.app.get_by_label("Filter files by name").fill("")
            background = await b.frame_eval("getComputedStyle(document.body).backgroundColor")
            assert background == ("rgb(22, 24, 28)" if theme == "dark" else "rgb(255, 255, 255)")
            assert "ui/notifications/size-changed" in await b.page.evaluate("hostLog")


async def test_a_healthy_job_starts_alignment_from_its_button(browser: Browser, sandbox: Sandbox, shots: Path) -> None:
    for theme in ("light", "dark"):
        async with dashboard(browser, sandbox, "get_data_job", {"job_id": world.READY_JOB}, theme=theme) as b:
            await loaded(b)
            await expect(b.app.locator("#blockers")).to_have_text("✓Ready: alignment can start.")
            await shoot(b, shots / f"healthy-{theme}.png")
    async with dashboard(browser, sandbox, "get_data_job", {"job_id": world.READY_JOB}) as b:
        await loaded(b)
        await b.app.get_by_role("button", name="Start alignment").click()
        await expect(b.app.locator("#notice")).to_have_text("Alignment started.")
        assert len(b.called("start_alignment")) == 1
        assert [path for path in posts(sandbox) if path.endswith("/start")] == [
            f"/v1/flow/data-jobs/{world.READY_JOB}/start"
        ]


async def test_a_hostile_file_name_shows_as_text_and_runs_nothing(browser: Browser, sandbox: Sandbox) -> None:
    job_id, _ = seed_job(sandbox, {HOSTILE: [("File is empty.", None)]}, name="<b>Bold</b> job")
    async with dashboard(browser, sandbox, "summarize_failures", {"job_id": job_id}) as b:
        await loaded(b)
        await expect(b.app.locator("#name")).to_have_text("<b>Bold</b> job")
        await expect(b.app.locator(".files .name")).to_have_text([HOSTILE])
        await b.page.wait_for_timeout(100)  # time for an error event, had an image been made
        assert await b.app.locator("img, b").count() == 0
        assert await b.frame_eval("window.pwned") is None


async def test_retry_sends_one_retry_for_the_files_a_retry_can_fix(browser: Browser, sandbox: Sandbox) -> None:
    async with dashboard(browser, sandbox, "get_data_job", {"job_id": world.NEEDS_REVIEW_JOB}) as b:
        await loaded(b)
        retry = b.app.get_by_role("button", name="Retry 3 files a retry can fix")
        await retry.focus()  # by keyboard
        await b.page.keyboard.press("Enter")
        await expect(b.app.locator("#notice")).to_contain_text("Retried 3 files")
        assert b.called("retry_failed_files") == [{"job_id": world.NEEDS_REVIEW_JOB}]
        adds = [path for path in posts(sandbox) if path.endswith("/add-files")]
        assert adds == [f"/v1/flow/data-jobs/{world.NEEDS_REVIEW_JOB}/add-files"]
        # fare-classes.pptx, pets-policy.pdf (service unavailable), lounge-access.pdf (internal error)
        retried = sandbox.store.jobs[world.NEEDS_REVIEW_JOB].runs[-1].file_ids
        assert sorted(retried) == [FAILED_IDS[4], FAILED_IDS[5], FAILED_IDS[6]]


async def test_remove_shows_the_dry_run_then_removes_on_confirm(browser: Browser, sandbox: Sandbox) -> None:
    async with dashboard(browser, sandbox, "summarize_failures", {"job_id": world.NEEDS_REVIEW_JOB}) as b:
        await loaded(b)
        await b.app.get_by_label("empty-notes.docx").check()
        await b.app.get_by_label("poster-a0.pdf").check()
        await b.app.get_by_role("button", name="Remove 2 selected files…").click()
        await expect(b.app.locator("#dry-run")).to_contain_text("Dry run: would remove 2 files: ")
        removals = [path for path in posts(sandbox) if path.endswith("/remove-files")]
        assert removals == []
        assert [args.get("dry_run") for args in b.called("remove_files")] == [True]
        await b.app.get_by_role("button", name="Confirm removal").click()
        await expect(b.app.locator("#notice")).to_have_text("Removed 2 files.")
        assert [args.get("dry_run") for args in b.called("remove_files")] == [True, None]
        removals = [path for path in posts(sandbox) if path.endswith("/remove-files")]
        assert len(removals) == 1
        await expect(b.app.get_by_label("empty-notes.docx")).to_have_count(0)


async def test_the_live_refresh_stops_when_the_job_settles(browser: Browser, sandbox: Sandbox) -> None:
    async with dashboard(browser, sandbox, "get_data_job", {"job_id": world.PROCESSING_JOB}) as b:
        await loaded(b)
        await expect(b.app.locator("#live")).to_contain_text("refreshing every 5 seconds")
        await b.page.clock.run_for(REFRESH_SECONDS * 1000)
        await loaded(b, refreshes=2)
        sandbox.clock.advance(6 * 3600)  # every file has finished ingesting
        await b.page.clock.run_for(REFRESH_SECONDS * 1000)
        await loaded(b, refreshes=3)
        await expect(b.app.locator("#live")).to_have_text("")
        assert await b.app.locator("#status").inner_text() != "file_processing"
        await b.page.clock.run_for(10 * REFRESH_SECONDS * 1000)
        await b.page.wait_for_timeout(100)
        assert len(b.called("refresh_data_job")) == 3


async def test_the_live_refresh_stops_when_the_host_tears_the_frame_down(browser: Browser, sandbox: Sandbox) -> None:
    async with dashboard(browser, sandbox, "get_data_job", {"job_id": world.PROCESSING_JOB}) as b:
        await loaded(b)
        await b.page.evaluate("teardown()")
        await b.page.clock.run_for(10 * REFRESH_SECONDS * 1000)
        await b.page.wait_for_timeout(100)
        assert len(b.called("refresh_data_job")) == 1


async def test_read_only_mode_shows_no_buttons(browser: Browser, sandbox: Sandbox) -> None:
    async with dashboard(
        browser, sandbox, "summarize_failures", {"job_id": world.NEEDS_REVIEW_JOB}, read_only=True
    ) as b:
        await loaded(b)
        await expect(b.app.locator(".files .name")).to_have_count(7)
        assert await b.app.locator("#actions button, input[type=checkbox]").count() == 0
        assert await b.app.locator("button:visible").all_inner_texts() == ["Refresh"]


async def test_at_360_px_nothing_scrolls_sideways(browser: Browser, sandbox: Sandbox) -> None:
    long = "quarterly-report-" + "x" * 120 + ".pdf"
    job_id, _ = seed_job(sandbox, {long: [("File is empty.", None)]}, name="A" * 150)
    async with dashboard(browser, sandbox, "get_data_job", {"job_id": job_id}, width=360) as b:
        await loaded(b)
        widths = await b.frame_eval("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1] <= 360, widths


async def test_the_preview_page_shows_the_dashboard(browser: Browser, sandbox: Sandbox) -> None:
    async with apps_client(server_for(sandbox)) as client, serve_http(preview_app(client, "t0ken")) as url:
        context = await browser.new_context()
        try:
            page = await context.new_page()
            await page.goto(f"{url}/?token=t0ken")
            app = page.frame_locator("#app")
            await expect(app.locator("#status")).to_have_text("needs_review")
            await expect(app.locator("#legend li")).to_have_count(5)
            await page.select_option("#theme", "dark")
            await expect(app.locator("html")).to_have_attribute("data-theme", "dark")
        finally:
            await context.close()


async def test_the_hosts_style_variables_win_over_the_defaults(browser: Browser, sandbox: Sandbox) -> None:
    variables = {"--color-text-primary": "rgb(1, 2, 3)", "--color-background-primary": "rgb(250, 240, 230)"}
    async with dashboard(browser, sandbox, "get_data_job", {"job_id": world.READY_JOB}, variables=variables) as b:
        await loaded(b)
        assert await b.frame_eval("getComputedStyle(document.getElementById('name')).color") == "rgb(1, 2, 3)"
        assert await b.frame_eval("getComputedStyle(document.body).backgroundColor") == "rgb(250, 240, 230)"


async def test_every_job_needing_review_opens_from_the_overview(browser: Browser, sandbox: Sandbox) -> None:
    async with dashboard(browser, sandbox, "summarize_failures", {}) as b:
        await expect(b.app.locator("#name")).to_have_text("Data jobs needing review")
        jobs = b.app.locator("#jobs li")
        assert await jobs.count() >= 2
        first = (await jobs.first.locator("strong").inner_text()).strip()
        await jobs.first.get_by_role("button", name="Open").click()
        await loaded(b)
        await expect(b.app.locator("#name")).to_have_text(first)
        await expect(b.app.locator("#overview")).to_be_hidden()
