"""The API's routes by name: what error rates and faults are aimed at."""

from __future__ import annotations

from starlette.routing import compile_path

V1 = "/v1/flow"
JOB = V1 + "/data-jobs/{job_id}"

# (route name, method, path)
API_ROUTES = (
    ("list_data_jobs", "GET", V1 + "/data-jobs"),
    ("create_data_job", "POST", V1 + "/data-jobs"),
    ("get_data_job", "GET", JOB),
    ("update_data_job", "PATCH", JOB),
    ("delete_data_job", "DELETE", JOB),
    ("add_files", "POST", JOB + "/add-files"),
    ("remove_files", "POST", JOB + "/remove-files"),
    ("start_data_job", "POST", JOB + "/start"),
    ("cancel_data_job", "POST", JOB + "/cancel"),
    ("upload_file", "PUT", V1 + "/files"),
    ("list_files", "GET", V1 + "/files"),
    ("validate_file_metadata", "POST", V1 + "/files/validate_metadata"),
    ("get_file", "GET", V1 + "/files/{file_id}"),
)
ROUTE_NAMES = frozenset(name for name, _, _ in API_ROUTES)
_MATCHERS = [(name, method, compile_path(path)[0]) for name, method, path in API_ROUTES]


def route_name(method: str, path: str) -> str | None:
    """The API route a request is for (None for unknown paths and methods)."""
    for name, route_method, regex in _MATCHERS:
        if route_method == method and regex.match(path):
            return name
    return None
