"""The command line as a newcomer meets it: real subprocesses, real output."""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

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
        "seekrflow-mcp: No SeekrFlow API key: set SEEKR_API_KEY or SEEKR_API_KEY_FILE (or api_key in the config file), "
        "or run `seekrflow-mcp serve --demo` to try the server against the built-in sandbox.\n"
    )


def test_demo_plays_the_conversation(tmp_path: Path) -> None:
    done = subprocess.run([COMMAND, "demo"], env=clean_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    calls = [line for line in done.stdout.splitlines() if line.startswith("→ ")]
    assert [c.split("(")[0] for c in calls] == [
        "→ list_data_jobs",
        "→ summarize_failures",
        "→ retry_failed_files",
        "→ remove_files",
        "→ wait_for_ingestion",
        "→ start_alignment",
    ]
    assert "7 open failures in 6 causes; 1 resolved by a later retry." in done.stdout
    assert "Alignment requested. Status now: pending" in done.stdout
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


# -- settings HTTP headers cannot carry: one line, exit 2, before anything is sent -------------

PASTED = "sk-live-0123\u00a04567"  # a non-breaking space, as a web page's copy button leaves it


@pytest.mark.parametrize("command", ["serve", "check"])
@pytest.mark.parametrize(
    ("env", "flags", "line"),
    [
        (
            {"SEEKR_API_KEY": PASTED},
            [],
            (
                "Setting api_key from the environment (SEEKR_API_KEY): contains a non-breaking space (U+00A0) at "
                "position 13, which an HTTP header cannot carry; type or copy the value again."
            ),
        ),
        (
            {"SEEKR_API_KEY": "sk-x", "SEEKR_TEAM_ID": "team-7\r\nX-Injected: 1"},
            [],
            (
                "Setting team_id from the environment (SEEKR_TEAM_ID): contains a carriage return (U+000D) at "
                "position 7 (and 1 more like it), which an HTTP header cannot carry; type or copy the value again."
            ),
        ),
        (
            {"SEEKR_API_KEY": "sk-x"},
            ["--team-id", "team\u200b7"],
            (
                "Setting team_id from the command line (--team-id): contains a zero-width space (U+200B) at "
                "position 5, which an HTTP header cannot carry; type or copy the value again."
            ),
        ),
    ],
)
def test_a_header_setting_with_a_stray_character_stops_start_up_in_one_line(
    tmp_path: Path, command: str, env: dict[str, str], flags: list[str], line: str
) -> None:
    done = subprocess.run(
        [COMMAND, command, *flags],
        env=clean_env(tmp_path, SEEKR_BASE_URL="http://127.0.0.1:9", **env),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"seekrflow-mcp: {line}\n")
    assert PASTED[:8] not in done.stderr


async def test_check_drops_the_newline_a_key_file_leaves(tmp_path: Path) -> None:
    sandbox = Sandbox(api_key="sk-check", clock=FakeClock())
    async with serve_http(sandbox.app) as url:
        done = await anyio.run_process(
            [COMMAND, "check"], env=clean_env(tmp_path, SEEKR_API_KEY="sk-check\r\n", SEEKR_BASE_URL=url), check=False
        )
    assert (done.returncode, done.stdout.decode()) == (
        0,
        f"OK {url}: the API key works (at least one data job visible).\n",
    )


def test_the_sandbox_refuses_a_key_no_client_could_send(tmp_path: Path) -> None:
    done = subprocess.run(
        [COMMAND, "sandbox", "--port", "0", "--api-key", "sk\tlocal"],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "seekrflow-mcp: The sandbox's --api-key contains a tab (U+0009) at position 3, which an HTTP header "
        "cannot carry; type or copy the value again.\n"
    )


# -- a base URL that points somewhere else ----------------------------------------------------


async def answer_404(scope: Any, receive: Any, send: Any) -> None:
    """Any web server with nothing at SeekrFlow's paths."""
    assert scope["type"] == "http"
    await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"Not Found"})


@pytest.mark.parametrize("app", ["sandbox under another path", "a server with nothing there"])
async def test_check_says_a_base_url_answering_404_is_likely_wrong(tmp_path: Path, app: str) -> None:
    served = Sandbox(api_key="sk-check", clock=FakeClock()).app if app.startswith("sandbox") else answer_404
    async with serve_http(served) as url:
        wrong = f"{url}/api"
        from_env = await anyio.run_process(
            [COMMAND, "check"], env=clean_env(tmp_path, SEEKR_API_KEY="sk-check", SEEKR_BASE_URL=wrong), check=False
        )
        from_flag = await anyio.run_process(
            [COMMAND, "check", "--base-url", wrong], env=clean_env(tmp_path, SEEKR_API_KEY="sk-check"), check=False
        )
    assert from_env.returncode == from_flag.returncode == 1
    assert from_env.stdout.decode() == (
        f"FAIL {wrong}: SeekrFlow answered 404 (not found) for the list of data jobs, so the base URL is likely "
        f"wrong: it is {wrong}, from the environment (SEEKR_BASE_URL). Set SEEKR_BASE_URL to the API's root, "
        "like https://flow.seekr.com.\n"
    )
    assert f"it is {wrong}, from the command line (--base-url)." in from_flag.stdout.decode()


async def test_check_never_prints_credentials_in_the_base_url(tmp_path: Path) -> None:
    async with serve_http(answer_404) as url:
        with_password = url.replace("http://", "http://admin:hunter2@")
        done = await anyio.run_process(
            [COMMAND, "check"],
            env=clean_env(tmp_path, SEEKR_API_KEY="sk-check", SEEKR_BASE_URL=with_password),
            check=False,
        )
    said = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 1
    assert "hunter2" not in said
    assert "admin" not in said
    assert said.startswith(f"FAIL {url.replace('http://', 'http://***@')}: ")


@pytest.mark.parametrize("config", ["directory", "missing", "not toml"])
def test_a_config_that_is_no_file_is_one_line(tmp_path: Path, config: str) -> None:
    path = {"directory": tmp_path, "missing": tmp_path / "nope.toml", "not toml": tmp_path / "bad.toml"}[config]
    if config == "not toml":
        path.write_text("retries = [\n")
    done = subprocess.run(
        [COMMAND, "check", "--config", str(path)],
        env=clean_env(tmp_path, SEEKR_API_KEY="sk-x"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"seekrflow-mcp: Config file {path} ")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
