"""OpenTelemetry: a span around each attempt at a SeekrFlow request, and the SDK set up from
the standard OTEL_* variables when the `[otel]` extra is installed.

Only the API is imported here, which the MCP SDK loads anyway; without a configured SDK
every span is a no-op. A request's span is a child of whatever span is current: in a tool
call, the MCP SDK's own `tools/call` span. Spans carry the route template, never the
concrete path (ids), the query or a header.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, StatusCode

log = logging.getLogger(__name__)

_tracer = trace.get_tracer("seekrflow_mcp")

ATTEMPT = "seekrflow.attempt"
# The seconds waited, after the attempt before, until this one was sent.
RETRY_WAIT = "seekrflow.retry_wait_s"
SERVICE = "seekrflow-mcp"


@contextmanager
def request_span(method: str, route: str, attempt: int, waited: float | None) -> Iterator[Span]:
    """One attempt at `method route`; an exception leaving it marks the span failed with its
    type only (its message may quote what SeekrFlow sent)."""
    attributes: dict[str, str | int | float] = {"http.request.method": method, "url.template": route, ATTEMPT: attempt}
    if attempt > 1:
        attributes["http.request.resend_count"] = attempt - 1
    if waited is not None:
        attributes[RETRY_WAIT] = round(waited, 3)
    with _tracer.start_as_current_span(
        f"{method} {route}",
        kind=SpanKind.CLIENT,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            yield span
        except BaseException as exc:
            span.set_attribute("error.type", type(exc).__qualname__)
            span.set_status(StatusCode.ERROR)
            raise


def answered(span: Span, status: int) -> None:
    span.set_attribute("http.response.status_code", status)
    if status >= 400:  # a client span's error, by the HTTP conventions
        span.set_attribute("error.type", str(status))
        span.set_status(StatusCode.ERROR)


def configure(environ: Mapping[str, str] = os.environ) -> str | None:
    """Install the SDK's tracer provider when an exporter is asked for: `OTEL_TRACES_EXPORTER`
    (`otlp`, `console`), or an OTLP endpoint. Returns the exporter set up, or None (tracing
    stays a no-op). The SDK is imported only then, so a start without OTEL_* pays nothing."""
    exporter = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    endpoint = environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true" or exporter == "none":
        return None
    exporter = exporter or ("otlp" if endpoint else "")
    if not exporter:
        return None
    if exporter not in ("otlp", "console"):
        log.warning("OTEL_TRACES_EXPORTER=%s is not supported (otlp, console, none); traces are off.", exporter[:40])
        return None
    try:
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
    except ImportError:
        log.warning("OTEL_* asks for traces but the OpenTelemetry SDK is missing: install seekrflow-mcp[otel].")
        return None
    span_exporter: SpanExporter
    if exporter == "console":
        span_exporter = ConsoleSpanExporter(out=sys.stderr)  # stdout is the MCP protocol
    else:
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        except ImportError:
            log.warning("OTEL_* asks for OTLP but its exporter is missing: install seekrflow-mcp[otel].")
            return None
        span_exporter = OTLPSpanExporter()  # reads OTEL_EXPORTER_OTLP_* itself
    # OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES still win: Resource.create merges them over this.
    named = {"service.name": SERVICE}
    if environ.get("OTEL_SERVICE_NAME") or "service.name=" in environ.get("OTEL_RESOURCE_ATTRIBUTES", ""):
        named = {}
    provider = TracerProvider(resource=Resource.create(named))
    provider.add_span_processor(BatchSpanProcessor(span_exporter))
    trace.set_tracer_provider(provider)
    return exporter
