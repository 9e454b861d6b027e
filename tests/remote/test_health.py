"""/ready: SeekrFlow answers (with the server's key, or at all when it holds none), checked at
most every few seconds, and a one-line reason when it does not."""

from __future__ import annotations

import httpx2
import pytest

from seekrflow_mcp.config import Settings
from seekrflow_mcp.remote.app import Upstream, build_app
from seekrflow_mcp.remote.health import UpstreamProbe
from seekrflow_sandbox import Fault, Sandbox
from tests.helpers import KEY, advancing, loopback_socket, serve_asgi

pytestmark = pytest.mark.anyio


async def test_ready_says_why_not_and_asks_seekrflow_at_most_every_five_seconds(sandbox: Sandbox) -> None:
    seconds = [100.0]
    settings = Settings(api_key=sandbox.api_key, base_url="http://sandbox.invalid")
    upstream = Upstream(
        transport=sandbox.transport(), now=sandbox.clock.now, sleep=advancing(sandbox), monotonic=lambda: seconds[0]
    )
    sock = loopback_socket()
    ready = f"http://127.0.0.1:{sock.getsockname()[1]}/ready"
    async with serve_asgi(build_app(settings, upstream), sock), httpx2.AsyncClient() as http:
        assert ((await http.get(ready)).status_code, len(sandbox.requests)) == (200, 1)
        sandbox.faults.push(Fault(kind="status", status=500))
        seconds[0] += 4.9
        assert ((await http.get(ready)).status_code, len(sandbox.requests)) == (200, 1)  # the answer kept
        seconds[0] += 0.1
        answer = await http.get(ready)
        assert (answer.status_code, len(sandbox.requests)) == (503, 2)
        assert answer.text.startswith("not ready: ")
        assert "500" in answer.text
        assert "\n" not in answer.text
        assert KEY not in answer.text
        seconds[0] += 5
        assert (await http.get(ready)).status_code == 200


async def test_a_probe_with_a_rejected_key_is_not_ready(sandbox: Sandbox) -> None:
    settings = Settings(api_key="sk-wrong-key", base_url="http://sandbox.invalid")
    async with UpstreamProbe(settings, sandbox.transport()) as probe:
        reason = await probe()
    assert reason is not None
    assert "401" in reason
    assert "sk-wrong-key" not in reason


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (httpx2.Response(404), None),
        (httpx2.Response(401), None),
        (httpx2.Response(503), "SeekrFlow answered HTTP 503"),
        (httpx2.ConnectError("refused"), "SeekrFlow could not be reached (ConnectError)"),
    ],
)
async def test_with_no_key_any_answer_below_500_is_ready(
    answer: httpx2.Response | Exception, reason: str | None
) -> None:
    asked: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        asked.append(str(request.url))
        if isinstance(answer, Exception):
            raise answer
        return answer

    async with UpstreamProbe(Settings(base_url="https://flow.example.test"), httpx2.MockTransport(handler)) as probe:
        assert await probe() == reason
    assert asked == ["https://flow.example.test/"]
