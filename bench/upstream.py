"""The upstream the benchmarks measure against: a SeekrFlow stand-in in its own process.

Serves prebuilt bodies, so that what is measured is the MCP server, not the simulator:

- `GET /v1/flow/data-jobs/dj-scale-{n}`: a `needs_review` job of `n` files, each with one
  ingestion record (a third completed, two thirds failed with the documented messages, in the
  shape of `tests/contract/`), for n in `SIZES`;
- `GET /v1/flow/data-jobs` (offset/limit honoured): 200 jobs, 50 of them `needs_review`
  (`dj-review-{i}`, 1,000 files each) and 150 others;
- `GET /v1/flow/data-jobs/dj-review-{i}`: those 50 jobs;

each after `--latency` seconds. Started by the bench scripts (`start()`), or by hand:

    python bench/upstream.py --port 8766 --latency 0.05
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SIZES = (100, 200, 1_000, 10_000, 100_000)
REVIEW_JOBS = 50
OTHER_JOBS = 150
REVIEW_FILES = 1_000
KEY = "sk-bench"
CONTRACT = Path(__file__).resolve().parents[1] / "tests" / "contract" / "data_job_needs_review.json"
MESSAGES = (
    ("The file appears to be empty.", "Upload a file with content."),
    ("The PDF may be corrupted, password-protected, or in an unsupported format.", "Upload a valid PDF."),
    ("The PDF contains pages that exceed the maximum supported size.", "Re-export with smaller pages."),
    ("File not found or not owned by the current user.", "Re-upload the file or verify the file_id."),
    ("Service temporarily unavailable.", "Retry the job after a brief wait."),
    ("Internal processing failure.", "If the issue persists, contact support."),
)


def job(job_id: str, files: int, status: str = "needs_review") -> dict[str, Any]:
    """A job of `files` files shaped like the contract job: its fields, one run, a record each."""
    base: dict[str, Any] = json.loads(CONTRACT.read_text())
    run = dict(base["ingestion_jobs"][0])
    template = run["records"][0]
    attached: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    for i in range(files):
        file_id = f"file-{job_id[-8:]:0>8}-0000-4000-8000-{i:012x}"
        name = f"document-{i:06d}.{('pdf', 'docx', 'pptx')[i % 3]}"
        failed = i % 3 != 0
        message, fix = MESSAGES[i % len(MESSAGES)] if failed else (None, None)
        state = "failed" if failed else "completed"
        record_id = f"rec-{i:08x}"
        attached.append(
            {
                "file_id": file_id,
                "record_id": record_id,
                "name": name,
                "type": name.rsplit(".", 1)[1],
                "created_at": "2025-11-14T07:30:00.000439Z",
                "status": state,
                "suggested_fix": fix,
            }
        )
        records.append(
            template
            | {
                "record_id": record_id,
                "alignment_file_id": file_id,
                "filename": name,
                "metaflow_job_id": f"mf-{i:08x}",
                "status": state,
                "error_message": message,
                "suggested_fix": fix,
                "completed_at": None if failed else template["completed_at"],
                "failed_at": template["completed_at"] if failed else None,
            }
        )
    run |= {"records": records, "file_ids": [f["file_id"] for f in attached]}
    return base | {
        "id": job_id,
        "name": f"Bench job {job_id}",
        "status": status,
        "files": attached,
        "ingestion_jobs": [run],
    }


def bodies() -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """Every job body by id, and the rows of the job list."""
    details: dict[str, bytes] = {}
    rows: list[dict[str, Any]] = []
    for n in SIZES:
        details[f"dj-scale-{n}"] = json.dumps(job(f"dj-scale-{n}", n)).encode()
    for i in range(REVIEW_JOBS + OTHER_JOBS):
        reviewing = i % 4 == 0
        job_id = f"dj-review-{i:04d}" if reviewing else f"dj-other-{i:04d}"
        detail = job(job_id, REVIEW_FILES if reviewing else 1, "needs_review" if reviewing else "completed")
        if reviewing:
            details[job_id] = json.dumps(detail).encode()
        rows.append(
            {k: v for k, v in detail.items() if k not in ("files", "ingestion_jobs", "timeline", "alignment_job")}
        )
    return details, rows


def app(latency: float) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    details, rows = bodies()

    async def listing(request: Request) -> Response:
        await asyncio.sleep(latency)
        offset = int(request.query_params.get("offset", 0))
        limit = int(request.query_params.get("limit", 25))
        return JSONResponse({"object": "list", "data": rows[offset : offset + limit]})

    async def detail(request: Request) -> Response:
        await asyncio.sleep(latency)
        body = details.get(request.path_params["job_id"])
        if body is None:
            return JSONResponse({"detail": "Data job not found."}, status_code=404)
        return Response(body, media_type="application/json")

    return Starlette(routes=[Route("/v1/flow/data-jobs", listing), Route("/v1/flow/data-jobs/{job_id}", detail)])


@contextmanager
def start(latency: float = 0.0) -> Iterator[str]:
    """Run the upstream in another process; yield its base URL once it answers."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--port", "0", "--latency", str(latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        if not url.startswith("http://"):
            raise SystemExit("the upstream did not start")
        yield url
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def body_size(n: int) -> int:
    return len(json.dumps(job(f"dj-scale-{n}", n)).encode())


def main() -> None:
    import socket

    import uvicorn

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    served = app(args.latency)
    sock = socket.socket()
    sock.bind(("127.0.0.1", args.port))
    print(f"http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    uvicorn.Server(uvicorn.Config(served, log_level="error", lifespan="off")).run(sockets=[sock])


if __name__ == "__main__":
    main()
