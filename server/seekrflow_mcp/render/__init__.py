"""Views -> the compact markdown text the model reads.

The structured content is the truth; this text says the same thing in words, within a size
budget (`budget`). Text that came from SeekrFlow (names, messages, event types) arrives
cleaned by the view's types; here it is only quoted: names as code spans, messages as JSON
string literals, so that nothing inside them can pass for our own words.
"""

from seekrflow_mcp.render.alignment import render_start
from seekrflow_mcp.render.budget import BUDGET
from seekrflow_mcp.render.catalog import render_catalog
from seekrflow_mcp.render.changes import render_file_change
from seekrflow_mcp.render.failures import render_failures
from seekrflow_mcp.render.files import render_file_list_page, render_upload
from seekrflow_mcp.render.jobs import render_job, render_job_list, render_job_list_page, render_job_page
from seekrflow_mcp.render.questions import removal_question
from seekrflow_mcp.render.waits import render_wait

__all__ = [
    "BUDGET",
    "removal_question",
    "render_catalog",
    "render_failures",
    "render_file_change",
    "render_file_list_page",
    "render_job",
    "render_job_list",
    "render_job_list_page",
    "render_job_page",
    "render_start",
    "render_upload",
    "render_wait",
]
