"""Every helper the tests share. Test modules import from here, never from one another;
conftest.py holds fixtures only."""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp

from seekrflow_mcp.config import Settings
from seekrflow_mcp.remote.auth import SigningKeys, jwks_client
from seekrflow_mcp.seekrflow.models import DataJob, DataJobDetail, DataJobList
from seekrflow_mcp.server import sandbox_server
from seekrflow_mcp.triage import reads, writes
from seekrflow_mcp.triage.facts import job_facts
from seekrflow_mcp.triage.queries import JobFilter, JobPage, Scan, Unread
from seekrflow_mcp.triage.readiness import Readiness
from seekrflow_mcp.triage.suggest import Suggester
from seekrflow_mcp.triage.views import (
    Detail,
    FailureSummaryView,
    FileChangeView,
    FileState,
    JobListView,
    JobView,
    Skipped,
    SuggestedAction,
)
from seekrflow_sandbox import FakeClock, Fault, Sandbox, world
from seekrflow_sandbox.failures import Failure
from seekrflow_sandbox.world_builders import add_file, add_job, add_run

# Real-shaped API payloads, each checked against the official SDK's models. Kept here so the
# tests run from a clone alone; test_models.py checks they still equal the shared originals.
CONTRACT = Path(__file__).resolve().parent / "contract"
SHARED_CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "contract"

# How long to wait for something that happens at once unless the machine is broken (uvicorn
# binding a loopback port, a stalled sandbox request reaching its stall). Only a hang ever
# reaches it: no passing test waits for it.
HANG = 30.0


# -- uvicorn on loopback --------------------------------------------------------------------


class _Server(uvicorn.Server):
    """A uvicorn server that calls `on_startup` once its start-up is over, however it ended
    (`started` says whether it is listening)."""

    def __init__(self, app: ASGIApp, log_level: str, on_startup: Callable[[], object], lifespan: str = "off") -> None:
        super().__init__(uvicorn.Config(app, host="127.0.0.1", port=0, log_level=log_level, lifespan=lifespan))
        self._on_startup = on_startup
        self.stopping = anyio.Event()  # set when the graceful shutdown begins

    async def startup(self, sockets: Any = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self._on_startup()

    async def shutdown(self, sockets: Any = None) -> None:
        self.stopping.set()
        await super().shutdown(sockets=sockets)

    @property
    def url(self) -> str:
        assert self.started, "uvicorn did not start"
        return f"http://127.0.0.1:{self.servers[0].sockets[0].getsockname()[1]}"


@asynccontextmanager
async def serve_http(app: ASGIApp) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on a free loopback port; yield its base URL."""
    started = anyio.Event()
    server = _Server(app, "warning", started.set)
    async with anyio.create_task_group() as group:
        group.start_soon(server.serve)
        with anyio.fail_after(HANG):
            await started.wait()
        try:
            yield server.url
        finally:
            server.should_exit = True


@asynccontextmanager
async def serve_asgi(app: ASGIApp, sock: socket.socket) -> AsyncIterator[_Server]:
    """Serve `app` with uvicorn, its lifespan on, on the loopback socket `sock` (bound first, so
    that the app may know its own URL); yield the server, which stops when the block ends."""
    started = anyio.Event()
    server = _Server(app, "warning", started.set, lifespan="on")
    with sock:
        async with anyio.create_task_group() as group:
            group.start_soon(lambda: server.serve(sockets=[sock]))
            with anyio.fail_after(HANG):
                await started.wait()
            assert server.started, "uvicorn did not start"
            try:
                yield server
            finally:
                server.should_exit = True


def loopback_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serve_http_in_thread(app: ASGIApp) -> Iterator[str]:
    """The same for synchronous callers (the SDK) and fixtures wider than one test."""
    started = threading.Event()
    server = _Server(app, "critical", started.set)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert started.wait(HANG), "uvicorn did not start"
    try:
        yield server.url
    finally:
        server.should_exit = True
        thread.join(HANG)


# -- a real browser: Debian's Chromium, driven by Playwright (tests/apps) ---------------------

CHROMIUM = "/usr/bin/chromium"  # Debian's, not Playwright's download: `.ci/run` installs it
BROWSER_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Folders the browser tests wrote screenshots to, named in the terminal summary.
SCREENSHOTS: list[Path] = []


# -- the MCP server against the sandbox, through the official Client -------------------------

START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # the sandbox clock's start in the tool tests
KEY = "sk-sandbox"  # the sandbox's default key: no result may ever show it


Sleep = Callable[[float], Awaitable[None]]


def advancing(sandbox: Sandbox) -> Sleep:
    """A sleep on the sandbox's fake clock: it moves the clock instead of waiting."""

    async def sleep(seconds: float) -> None:
        assert isinstance(sandbox.clock, FakeClock)
        sandbox.clock.advance(seconds)
        await anyio.lowlevel.checkpoint()  # like a real sleep, a point where the call can be cancelled

    return sleep


def server_for(sandbox: Sandbox, sleep: Sleep | None = None, **settings: Any) -> MCPServer[Any]:
    """The MCP server against `sandbox`, on its clock, built as the product builds it; `settings`
    are Settings fields (the key and base URL are the sandbox's). Its tools sleep on the clock
    (`advancing`) unless given another `sleep`."""
    if sleep is None:
        sleep = advancing(sandbox) if isinstance(sandbox.clock, FakeClock) else anyio.sleep
    return sandbox_server(Settings(**settings), sandbox, sleep)


@asynccontextmanager
async def connect(server: MCPServer[Any]) -> AsyncIterator[Client]:
    async with Client(server, raise_exceptions=True) as c:
        yield c


def text(result: CallToolResult) -> str:
    assert len(result.content) == 1
    return result.content[0].text  # type: ignore[union-attr]


def assert_clean(result: CallToolResult, *secrets: str) -> None:
    """What no result may ever be: a traceback, a secret, or the SDK's bare crash message."""
    said = text(result) + json.dumps(result.structured_content)
    assert "Traceback" not in said
    for secret in (KEY, *secrets):
        assert secret not in said
    assert not re.fullmatch(r"Error executing tool \w+", text(result).strip())


async def call(client: Client, tool: str, **arguments: Any) -> CallToolResult:
    result = await client.call_tool(tool, arguments)
    result.meta = None  # the server's name and version, not the tool's answer
    assert_clean(result)
    return result


def posts(sandbox: Sandbox) -> list[str]:
    return [path for method, path in sandbox.requests if method == "POST"]


# -- triage: the contract payloads, variations of them, and triage's calls as the tools make them


READ_TOOLS = {"list_data_jobs", "get_data_job", "summarize_failures", "wait_for_ingestion"}
WRITE_TOOLS = {"add_files", "remove_files", "retry_failed_files", "start_alignment"}

FAILED_IDS = [
    "file-00000000-0000-0000-0000-000000abc004",  # empty-notes.docx
    "file-00000000-0000-0000-0000-000000abc005",  # scanned-contract.pdf
    "file-00000000-0000-0000-0000-000000abc006",  # poster-a0.pdf
    "file-00000000-0000-0000-0000-000000abc007",  # missing-upload.pdf
    "file-00000000-0000-0000-0000-000000abc008",  # fare-classes.pptx
    "file-00000000-0000-0000-0000-000000abc00a",  # lounge-access.pdf
    "file-00000000-0000-0000-0000-000000abc00b",  # pets-policy.pdf
]
IROPS = "file-00000000-0000-0000-0000-000000abc009"  # failed, then completed on retry
FAQ_MD = "file-00000000-0000-0000-0000-000000004d01"
BAGGAGE = "file-00000000-0000-0000-0000-000000abc001"


def payload(name: str) -> dict[str, Any]:
    return json.loads((CONTRACT / f"data_job_{name}.json").read_text())


def load(name: str) -> DataJobDetail:
    return DataJobDetail.model_validate_json((CONTRACT / f"data_job_{name}.json").read_text())


def job_list() -> list[DataJob]:
    return DataJobList.model_validate_json((CONTRACT / "data_job_list.json").read_text()).data


def record(file_id: str, status: str, created_at: str, **fields: Any) -> dict[str, Any]:
    return {
        "record_id": f"rec-{file_id[-4:]}-{created_at[11:19]}",
        "alignment_file_id": file_id,
        "filename": f"{file_id}.pdf",
        "status": status,
        "created_at": created_at,
        **fields,
    }


def attached(file_id: str, **fields: Any) -> dict[str, Any]:
    return {"file_id": file_id, "record_id": f"rec-{file_id}", "name": f"{file_id}.pdf", "type": "pdf", **fields}


def synthetic(files: list[dict[str, Any]], records: list[dict[str, Any]], **fields: Any) -> DataJobDetail:
    """The needs-review job with its files and records replaced."""
    data = payload("needs_review")
    run = data["ingestion_jobs"][0] | {"records": records, "file_ids": [r["alignment_file_id"] for r in records]}
    data |= {"files": files, "ingestion_jobs": [run], **fields}
    return DataJobDetail.model_validate(data)


def without_files(detail: DataJobDetail, file_ids: list[str], **fields: Any) -> DataJobDetail:
    data = detail.model_dump(mode="json")
    data["files"] = [f for f in data["files"] if f["file_id"] not in file_ids]
    return DataJobDetail.model_validate(data | fields)


def assert_callable(actions: list[SuggestedAction], can_write: bool) -> None:
    allowed = READ_TOOLS | (WRITE_TOOLS if can_write else set())
    assert len(actions) <= 3
    for action in actions:
        assert action.tool in allowed
        assert action.reason
        if action.tool != "list_data_jobs" and action.arguments:
            assert action.arguments["job_id"].startswith("dj-")


def codes(blockers: list[Any]) -> list[str]:
    return [b.code for b in blockers]


# -- triage's calls, as the tools make them: facts once, then a view --------------------------


def suggester(can_write: bool) -> Suggester:
    return Suggester(frozenset(READ_TOOLS | (WRITE_TOOLS if can_write else set())))


def readiness(detail: DataJobDetail) -> Readiness:
    return job_facts(detail).readiness


def job_view(
    detail: DataJobDetail,
    *,
    can_write: bool,
    detail_level: Detail = "summary",
    state: FileState | None = None,
    offset: int = 0,
    limit: int = 50,
) -> JobView:
    return reads.job_view(job_facts(detail), JobPage(detail_level, state, offset, limit), suggester(can_write))


def failure_view(detail: DataJobDetail, *, can_write: bool, files_per_group: int | None = None) -> FailureSummaryView:
    return reads.failure_view(job_facts(detail), files_per_group, suggester(can_write))


def list_view(
    jobs: list[DataJob],
    *,
    statuses: list[str] | None,
    name_contains: str | None,
    offset: int,
    limit: int,
    complete: bool,
) -> JobListView:
    return reads.list_view(Scan(jobs, complete), JobFilter(statuses, name_contains, offset, limit), suggester(False))


def overview_failure_view(
    details: list[DataJobDetail], *, scanned: int, complete: bool, limit: int = 10, skipped: int = 0
) -> FailureSummaryView:
    scan = Scan([job_list()[0]] * scanned, complete)
    suggest = suggester(True)
    jobs = [reads.overview_job(job_facts(d), suggest) for d in details]
    return reads.overview_of(jobs, scan, Unread(past_cap=skipped), suggest, limit)


def plan_add(detail: DataJobDetail, file_ids: list[str]) -> tuple[list[str], list[Skipped]]:
    plan = writes.plan_add(job_facts(detail), file_ids)
    return plan.send, plan.skipped


def add_result_view(
    before: DataJobDetail, after: DataJobDetail | None, sent: list[str], skipped: list[Skipped]
) -> FileChangeView:
    plan = writes.AddPlan(sent, skipped)
    return writes.add_result_view(job_facts(before), after and job_facts(after), plan, suggester(True))


def plan_remove(detail: DataJobDetail, file_ids: list[str], allow_no_viable_files: bool) -> writes.RemovePlan:
    return writes.plan_remove(job_facts(detail), file_ids, allow_no_viable_files)


def remove_result_view(
    before: DataJobDetail, after: DataJobDetail | None, plan: writes.RemovePlan, *, dry_run: bool
) -> FileChangeView:
    return writes.remove_result_view(
        job_facts(before), after and job_facts(after), plan, dry_run=dry_run, suggest=suggester(True)
    )


# -- a data job of our own in the sandbox, its files failing as we say ----------------------


def seed_job(
    sandbox: Sandbox, failures: dict[str, list[tuple[str, str | None]]], **job: Any
) -> tuple[str, dict[str, str]]:
    """A job with one completed file and, for each name in `failures`, a file whose attempts
    failed with those (message, suggested fix) pairs, oldest first. Returns the job id and
    each failing file's id by name."""
    store, now = sandbox.store, sandbox.clock.now()
    index = len(store.jobs)
    job_id = f"dj-test-{index:04}"
    created = now - timedelta(hours=2)
    target = add_job(
        store, job_id, job.pop("name", f"Test job {index}"), job.pop("job_type", "context_grounded_files"), created
    )
    for key, value in job.items():
        setattr(target, key, value)
    fine = add_file(store, f"file-test-{index:04}-ok", "fine.pdf", created, 1000)
    add_run(
        store,
        target,
        f"ij-test-{index:04}-0",
        created,
        [(fine, f"rec-{index}-ok", "mf-ok", created, created + timedelta(minutes=1), None)],
    )
    ids: dict[str, str] = {}
    for number, (name, attempts) in enumerate(failures.items(), start=1):
        stored = add_file(store, f"file-test-{index:04}-{number:03}", name, created, 1000)
        ids[name] = stored.id
        for attempt, (message, fix) in enumerate(attempts):
            start = created + timedelta(minutes=5 * (attempt + 1))
            record = (
                stored,
                f"rec-{index}-{number}-{attempt}",
                f"mf-{number}-{attempt}",
                start,
                start + timedelta(minutes=1),
                Failure(message, fix or ""),
            )
            add_run(store, target, f"ij-test-{index:04}-{number}-{attempt}", start, [record])
    return job_id, ids


# -- the fault matrix: every tool and every way SeekrFlow misbehaves ---------------------------

# Each tool (by a label: one tool may be called two ways) with arguments that succeed on the seeded world.
TOOL_CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "list_data_jobs": ("list_data_jobs", {}),
    "get_data_job": ("get_data_job", {"job_id": world.NEEDS_REVIEW_JOB}),
    "summarize_failures": ("summarize_failures", {"job_id": world.NEEDS_REVIEW_JOB}),
    "summarize_failures()": ("summarize_failures", {}),
    "wait_for_ingestion": ("wait_for_ingestion", {"job_id": world.NEEDS_REVIEW_JOB}),
    "list_files": ("list_files", {"name_contains": "refund"}),
    "add_files": ("add_files", {"job_id": world.NEEDS_REVIEW_JOB, "file_ids": [world.REFUND_RULES_V2_FILE]}),
    "remove_files": ("remove_files", {"job_id": world.NEEDS_REVIEW_JOB, "file_ids": [FAILED_IDS[0]]}),
    "retry_failed_files": ("retry_failed_files", {"job_id": world.NEEDS_REVIEW_JOB}),
    "start_alignment": ("start_alignment", {"job_id": world.READY_JOB}),
    "upload_file": ("upload_file", {"path": "refund-rules-v3.pdf"}),
}

FIELD_DETAIL = [{"loc": ["body", "file_ids", 0], "msg": "Input should be a valid file id", "type": "value_error"}]

# case -> (the faults, a pattern the error must contain; None: the call must still answer)
FAULT_CASES: dict[str, tuple[list[Fault], str | None]] = {
    "401": ([Fault(kind="status", status=401, detail="Invalid API key.")], r"rejected the API key \(401\)"),
    "403": ([Fault(kind="status", status=403, detail="Not a member of this team.")], r"\(403\)"),
    "404": ([Fault(kind="status", status=404, detail="Not Found")], r"not found|\(404\)"),
    "409": ([Fault(kind="status", status=409, detail="Job is busy.")], r"\(409\)"),
    "422 with field detail": ([Fault(kind="status", status=422, detail=FIELD_DETAIL)], r"\(422\).*file_ids"),
    "429 with Retry-After": ([Fault(kind="status", status=429, retry_after="7")], r"\(429\).*7 s"),
    "500": ([Fault(kind="status", status=500)], r"HTTP 500"),
    "502": ([Fault(kind="status", status=502)], r"HTTP 502"),
    "503": ([Fault(kind="status", status=503)], r"HTTP 503"),
    "504": ([Fault(kind="status", status=504)], r"HTTP 504"),
    "read timeout": ([Fault(kind="stall", seconds=600)], r"timed out"),
    "connection refused": ([Fault(kind="connect_error")], r"could not be reached"),
    "reset mid-body": ([Fault(kind="reset")], r"dropped the connection"),
    "dropped mid-body": ([Fault(kind="drop")], r"dropped the connection"),
    "malformed JSON": ([Fault(kind="malformed_json")], r"not valid JSON"),
    "HTML error page": ([Fault(kind="html", status=502)], r"HTTP 502"),
    "HTML page as 200": ([Fault(kind="html", status=200)], r"HTML page"),
    "body over the cap": ([Fault(kind="oversize")], r"larger than 1 MiB"),
    "unknown status": ([Fault(kind="drift", variant="unknown_status")], None),
    "new fields": ([Fault(kind="drift", variant="new_fields")], None),
    "missing optional fields": ([Fault(kind="drift", variant="missing_optional")], None),
    "null lists": ([Fault(kind="drift", variant="null_lists")], None),
}

# (case, tool) -> outcome, filled by tests/test_faults.py and printed at the end of the run.
MATRIX: dict[tuple[str, str], str] = {}
# The chaos soak's counts (tests/test_soak.py), printed at the end of the run.
SOAK: dict[str, object] = {}


def in_order(names: set[str], order: Iterable[str]) -> list[str]:
    """`names` in the order of `order`, the others after it by name: under xdist the rows
    come from every worker, in no set order."""
    rank = {name: i for i, name in enumerate(order)}
    return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))


def matrix_table() -> list[str]:
    """The fault matrix as text: a row per case, a column per tool, and the count that passed."""
    if not MATRIX:
        return []
    cases = in_order({case for case, _ in MATRIX}, FAULT_CASES)
    tools = in_order({tool for _, tool in MATRIX}, TOOL_CALLS)
    mark = {"answered": "ok", "error, next call named": "err+next"}
    width = max(len(case) for case in cases)
    lines = [" " * width + " | " + " | ".join(tools)]
    for case in cases:
        cells = [mark.get(MATRIX.get((case, tool), "-"), "FAIL").ljust(len(tool)) for tool in tools]
        lines.append(case.ljust(width) + " | " + " | ".join(cells))
    good = sum(outcome in mark for outcome in MATRIX.values())
    lines.append(f"fault matrix: {good} of {len(MATRIX)} cases passed")
    return lines


# -- a local identity provider (OAuth): RSA keys, their JWKS, tokens ------------------------

ISSUER = "https://id.example.test"


class IdP:
    """Signs JWTs with RSA keys by key id; `app` serves their JWKS and counts the fetches (the
    `idp` fixture serves it and sets `jwks_url`)."""

    def __init__(self) -> None:
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.fetches = 0
        self.jwks_url = ""
        self.add_key("k1")

    def oauth(self, resource_url: str) -> dict[str, str]:
        """The settings under which a server takes this provider's tokens for `resource_url`."""
        return {"oauth_issuer": ISSUER, "oauth_jwks_url": self.jwks_url, "resource_url": resource_url}

    def signing_keys(self) -> SigningKeys:
        """The server's client of this provider's keys, fetching again at once (a test may rotate them)."""
        return jwks_client(self.jwks_url, cooldown=0)

    def add_key(self, kid: str) -> None:
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def app(self) -> Starlette:
        async def jwks(request: Request) -> JSONResponse:
            self.fetches += 1
            return JSONResponse({"keys": [self._jwk(kid, key) for kid, key in self.keys.items()]})

        return Starlette(routes=[Route("/jwks.json", jwks)])

    @staticmethod
    def _jwk(kid: str, key: rsa.RSAPrivateKey) -> dict[str, Any]:
        jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
        return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}

    def token(
        self, audience: str, *, kid: str = "k1", scope: str = "seekrflow:read seekrflow:write", **claims: Any
    ) -> str:
        """A token for `audience`, valid for 5 minutes from now (the SDK checks expiry on the
        real clock); `claims` override or add any claim."""
        now = int(datetime.now(UTC).timestamp())
        payload = {"iss": ISSUER, "aud": audience, "sub": "alice", "iat": now, "exp": now + 300, "scope": scope}
        return jwt.encode({**payload, **claims}, self.keys[kid], algorithm="RS256", headers={"kid": kid})
