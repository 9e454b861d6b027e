"""Traces: each attempt at a SeekrFlow request is a span under the MCP SDK's tool-call span,
named by its route template, with its status, attempt and the wait before it."""

import subprocess
import sys
from collections.abc import Iterator

import mcp.shared._otel
import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from seekrflow_mcp import tracing
from seekrflow_sandbox import Fault, Sandbox, world
from tests.helpers import call, connect, server_for

pytestmark = pytest.mark.anyio


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemorySpanExporter]:
    """The SDK's tracer and ours on a provider of the test's own: the process's global provider
    (which can be set once only) is left alone."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(mcp.shared._otel, "_tracer", provider.get_tracer("mcp-python-sdk"))
    monkeypatch.setattr(tracing, "_tracer", provider.get_tracer("seekrflow_mcp"))
    yield exporter
    provider.shutdown()


def children(parent: ReadableSpan, spans: tuple[ReadableSpan, ...]) -> list[ReadableSpan]:
    assert parent.context is not None
    return [s for s in spans if s.parent is not None and s.parent.span_id == parent.context.span_id]


async def test_a_tool_call_that_retried_once(sandbox: Sandbox, spans: InMemorySpanExporter) -> None:
    sandbox.faults.push(Fault("status", status=503, retry_after="2"))
    async with connect(server_for(sandbox)) as client:
        result = await call(client, "get_data_job", job_id=world.NEEDS_REVIEW_JOB)
    assert not result.is_error
    finished = spans.get_finished_spans()
    (tool,) = [s for s in finished if s.kind == SpanKind.SERVER and s.name == "tools/call get_data_job"]
    assert tool.attributes is not None
    assert tool.attributes["gen_ai.tool.name"] == "get_data_job"
    first, second = sorted(children(tool, finished), key=lambda s: s.start_time or 0)
    route = "/v1/flow/data-jobs/{job_id}"
    for span in (first, second):
        assert span.name == f"GET {route}"
        assert span.kind == SpanKind.CLIENT
        assert span.attributes is not None
        assert span.attributes["url.template"] == route
        assert span.attributes["http.request.method"] == "GET"
        assert world.NEEDS_REVIEW_JOB not in str(dict(span.attributes)), "the concrete id stays out of traces"
        assert children(span, finished) == []
    assert dict(first.attributes or {}) == {
        "http.request.method": "GET",
        "url.template": route,
        tracing.ATTEMPT: 1,
        "http.response.status_code": 503,
        "error.type": "503",
    }
    assert first.status.status_code == StatusCode.ERROR
    assert dict(second.attributes or {}) == {
        "http.request.method": "GET",
        "url.template": route,
        tracing.ATTEMPT: 2,
        "http.request.resend_count": 1,
        tracing.RETRY_WAIT: 2.0,  # the Retry-After SeekrFlow sent
        "http.response.status_code": 200,
    }
    assert second.status.status_code == StatusCode.UNSET
    # The wait is between the attempts, inside the tool call.
    assert (first.end_time or 0) <= (second.start_time or 0) <= (tool.end_time or 0)


async def test_a_request_that_never_got_an_answer(sandbox: Sandbox, spans: InMemorySpanExporter) -> None:
    for _ in range(4):
        sandbox.faults.push(Fault("connect_error"))
    async with connect(server_for(sandbox, retries=0)) as client:
        result = await call(client, "list_files")
    assert result.is_error
    (request,) = [s for s in spans.get_finished_spans() if s.kind == SpanKind.CLIENT and s.name.startswith("GET ")]
    assert request.name == "GET /v1/flow/files"
    assert request.attributes is not None
    assert request.attributes["error.type"] == "ConnectError"
    assert "http.response.status_code" not in request.attributes
    assert request.status.status_code == StatusCode.ERROR


@pytest.mark.parametrize(
    ("environ", "configured"),
    [
        ({}, None),
        ({"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9"}, None),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9"}, None),
        ({"OTEL_TRACES_EXPORTER": "zipkin"}, None),
    ],
)
def test_tracing_stays_off_unless_an_exporter_is_asked_for(environ: dict[str, str], configured: str | None) -> None:
    assert tracing.configure(environ) == configured


CONFIGURE = """
import sys
from seekrflow_mcp import tracing
exporter = tracing.configure({environ!r})
print(exporter)
if exporter == "console":  # an OTLP span would be retried against the closed port at exit
    with tracing.request_span("GET", "/v1/flow/files", 1, None) as span:
        tracing.answered(span, 200)
"""


@pytest.mark.parametrize(
    ("environ", "exporter"),
    [
        ({"OTEL_TRACES_EXPORTER": "console"}, "console"),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9", "OTEL_SERVICE_NAME": "svc"}, "otlp"),
    ],
)
def test_an_exporter_asked_for_is_set_up_and_stdout_stays_the_protocols(environ: dict[str, str], exporter: str) -> None:
    code = CONFIGURE.format(environ=environ)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout == f"{exporter}\n"
    if exporter == "console":  # the span, flushed at exit, on stderr
        assert '"name": "GET /v1/flow/files"' in done.stderr
        assert '"service.name": "seekrflow-mcp"' in done.stderr
