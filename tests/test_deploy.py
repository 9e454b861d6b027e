"""deploy/: the Dockerfile and the Kubernetes manifest say what the server accepts.

Neither is run here (no container runtime or cluster on this machine): these tests hold them
to the server's own command line and settings, and to the shape the README promises.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from seekrflow_mcp.cli import _parser
from seekrflow_mcp.config import Settings, env_name

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
KNOWN = {env_name(field) for field in Settings.model_fields}


def manifest() -> dict[str, dict[str, Any]]:
    documents = [d for d in yaml.safe_load_all((DEPLOY / "kubernetes.yaml").read_text()) if d]
    return {d["kind"]: d for d in documents}


def dockerfile() -> dict[str, list[str]]:
    """Each instruction's arguments, continuation lines joined, by instruction."""
    lines = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
    instructions: dict[str, list[str]] = {}
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            word, _, rest = line.strip().partition(" ")
            instructions.setdefault(word.upper(), []).append(rest.strip())
    return instructions


def test_the_manifest_runs_two_replicas_probed_on_ready_and_health_with_keys_from_a_secret() -> None:
    kinds = manifest()
    assert set(kinds) == {"Deployment", "Service", "HorizontalPodAutoscaler"}
    deployment = kinds["Deployment"]
    assert deployment["spec"]["replicas"] == 2
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    (container,) = pod["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    # Secrets come from a Secret, never from a value in the manifest.
    assert container["envFrom"] == [{"secretRef": {"name": "seekrflow-mcp"}}]
    for variable in container["env"]:
        assert variable["name"] in KNOWN
        assert "KEY" not in variable["name"]
        assert "TOKEN" not in variable["name"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"] == labels
    assert kinds["Service"]["spec"]["selector"] == labels
    port = container["ports"][0]["name"]
    assert kinds["Service"]["spec"]["ports"][0]["targetPort"] == port
    scaler = kinds["HorizontalPodAutoscaler"]["spec"]
    assert scaler["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert scaler["minReplicas"] >= 2


def test_the_manifest_and_the_dockerfile_start_the_server_the_cli_accepts() -> None:
    (container,) = manifest()["Deployment"]["spec"]["template"]["spec"]["containers"]
    docker = dockerfile()
    (cmd,) = docker["CMD"]
    for command in (container["command"] + container["args"], json.loads(cmd)):
        assert command[0] == "seekrflow-mcp"
        args = _parser().parse_args(command[1:])
        assert (args.command, args.transport, args.http_host) == ("serve", "http", "0.0.0.0")
    assert str(args.http_port) == str(container["ports"][0]["containerPort"])


def test_the_image_runs_as_a_user_with_a_health_check_and_the_manifest_names_known_settings() -> None:
    docker = dockerfile()
    (user,) = docker["USER"]
    assert user not in ("root", "0")
    (check,) = docker["HEALTHCHECK"]
    assert "/health" in check
    # The secret-creation recipe in the manifest names only settings the server knows.
    recipe = (DEPLOY / "kubernetes.yaml").read_text()
    named = set(re.findall(r"\b(SEEKR[A-Z_]+)\b", recipe))
    assert named <= KNOWN
    assert "SEEKRFLOW_MCP_REQUEST_STATE_KEY" in named
