"""`seekrflow-mcp preview`: loopback only, and its endpoint answers only the page it printed.
(The page itself, with the dashboard in it, runs in the browser in test_dashboard.py.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx2
import pytest

from seekrflow_mcp.apps.preview import apps_client, preview_app
from seekrflow_sandbox import Sandbox, world
from tests.helpers import serve_http, server_for
from tests.test_cli import COMMAND, clean_env

pytestmark = pytest.mark.anyio

TOKEN = "preview-token"


def test_preview_refuses_to_leave_loopback(tmp_path: Path) -> None:
    done = subprocess.run(
        [COMMAND, "preview", "--demo", "--host", "0.0.0.0"],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "seekrflow-mcp: The preview serves only this computer: --host 0.0.0.0 is not a loopback address.\n"
    )


def test_preview_prints_its_url(tmp_path: Path) -> None:
    with subprocess.Popen(
        [COMMAND, "preview", "--demo", "--port", "0"],
        env=clean_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    assert line.startswith("Dashboard preview: http://127.0.0.1:")
    assert "/?token=" in line


async def test_the_endpoint_answers_only_with_the_token_and_a_loopback_host(sandbox: Sandbox) -> None:
    call = {"name": "get_data_job", "arguments": {"job_id": world.READY_JOB}}
    async with (
        apps_client(server_for(sandbox)) as client,
        serve_http(preview_app(client, TOKEN)) as url,
        httpx2.AsyncClient(base_url=url) as http,
    ):
        good = {"X-Preview-Token": TOKEN}
        answered = await http.post("/call", json=call, headers=good)
        assert answered.status_code == 200
        assert answered.json()["structuredContent"]["status"] == "ready_to_start"
        assert (await http.post("/call", json=call)).status_code == 403
        assert (await http.post("/call", json=call, headers={"X-Preview-Token": "guess"})).status_code == 403
        rebound = {**good, "Host": "attacker.example"}
        assert (await http.post("/call", json=call, headers=rebound)).status_code == 403
        assert (await http.get("/", headers={"Host": "attacker.example"})).status_code == 403
        assert (await http.post("/call", content=b"[1]", headers=good)).status_code == 400
        assert (await http.post("/call", json={"name": "x", "arguments": []}, headers=good)).status_code == 400
        resource = (await http.get("/resource", headers=good)).json()
        assert resource["uiMeta"] == {"prefersBorder": True}
        assert resource["html"].startswith("<!doctype html>")
    assert [path for method, path in sandbox.requests if method == "POST"] == []
