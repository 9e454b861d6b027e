"""The API key never shows in what the server's objects say of themselves."""

import pytest
from pydantic import SecretStr

from seekrflow_mcp.config import Settings
from seekrflow_mcp.seekrflow.client import SeekrFlowClient
from seekrflow_mcp.server import build_server

CANARY = "sk-canary-0d9e8f7a6b5c4d3e"

pytestmark = pytest.mark.anyio


async def test_settings_options_client_and_server_never_show_the_key() -> None:
    settings = Settings(api_key=SecretStr(CANARY), team_id="team-1")
    options = settings.client_options()
    shown = [repr(settings), str(settings), settings.model_dump_json(), repr(options), str(options)]
    async with SeekrFlowClient(options) as client:
        shown += [repr(client), str(client)]
    server = build_server(settings)
    shown += [repr(server), server.instructions or ""]
    for text in shown:
        assert CANARY not in text
    # The key is there, to be sent: the test would see it if it were shown.
    assert options.api_key.get_secret_value() == CANARY
