"""The command line as a newcomer meets it: real subprocesses, real output."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import anyio
import pytest

from seekrflow_sandbox import FakeClock, Sandbox
from tests.helpers import serve_http

pytestmark = pytest.mark.anyio

COMMAND = shutil.which("seekrflow-mcp", path=str(Path(sys.executable).parent)) or "seekrflow-mcp"


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEEKR_", "SEEKRFLOW_MCP_"))}
    env.update(XDG_CONFIG_HOME=str(tmp_path), **extra)
    return env


async def test_check_says_the_key_works(tmp_path: Path) -> None:
    sandbox = Sandbox(api_key="sk-check", clock=FakeClock())
    async with serve_http(sandbox.app) as url:
        ok = await anyio.run_process(
            [COMMAND, "check"], env=clean_env(tmp_path, SEEKR_API_KEY="sk-check", SEEKR_BASE_URL=url), check=False
        )
        bad = await anyio.run_process(
            [COMMAND, "check"], env=clean_env(tmp_path, SEEKR_API_KEY="sk-nope", SEEKR_BASE_URL=url), check=False
        )
    assert (ok.returncode, ok.stdout.decode()) == (0, f"OK {url}: the API key works (at least one data job visible).\n")
    assert bad.returncode == 1
    assert bad.stdout.decode() == (
        f"FAIL {url}: SeekrFlow rejected the API key (401). "
        "Check SEEKR_API_KEY: it is sent as is, with no 'Bearer' prefix.\n"
    )
    assert "sk-nope" not in bad.stdout.decode() + bad.stderr.decode()


async def test_check_says_when_nothing_answers(tmp_path: Path) -> None:
    env = clean_env(tmp_path, SEEKR_API_KEY="sk-x", SEEKR_BASE_URL="http://127.0.0.1:9", SEEKRFLOW_MCP_RETRIES="0")
    done = await anyio.run_process([COMMAND, "check"], env=env, check=False)
    assert done.returncode == 1
    assert done.stdout.decode().startswith(
        "FAIL http://127.0.0.1:9: SeekrFlow could not be reached for the list of data jobs."
    )


def test_serve_without_a_key_says_what_to_do(tmp_path: Path) -> None:
    done = subprocess.run(
        [COMMAND, "serve"],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "seekrflow-mcp: No SeekrFlow API key: set SEEKR_API_KEY (or api_key in the config file), "
        "or run `seekrflow-mcp serve --demo` to try the server against the built-in sandbox.\n"
    )


def test_demo_plays_the_conversation(tmp_path: Path) -> None:
    done = subprocess.run([COMMAND, "demo"], env=clean_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    calls = [line for line in done.stdout.splitlines() if line.startswith("→ ")]
    assert [c.split("(")[0] for c in calls] == [
        "→ list_data_jobs",
        "→ summarize_failures",
        "→ remove_files",
        "→ add_files",
        "→ get_data_job",
    ]
    assert "7 open failures in 6 causes; 1 resolved by a later retry." in done.stdout
    assert "Dry run, nothing changed" in done.stdout
    assert "[error]" not in done.stdout
    assert done.stderr == ""


def test_sandbox_prints_what_a_client_needs(tmp_path: Path) -> None:
    with subprocess.Popen(
        [COMMAND, "sandbox", "--port", "0", "--api-key", "sk-local"],
        env=clean_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            first, second = proc.stdout.readline(), proc.stdout.readline()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    assert first.startswith("SEEKR_BASE_URL=http://127.0.0.1:")
    assert second == "SEEKR_API_KEY=sk-local\n"


def test_sandbox_refuses_to_leave_loopback(tmp_path: Path) -> None:
    done = subprocess.run(
        [COMMAND, "sandbox", "--host", "0.0.0.0"], env=clean_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr == (
        "seekrflow-mcp: The sandbox cannot serve on 0.0.0.0:8765: the sandbox serves on loopback only, not on '0.0.0.0'\n"
    )
