"""Serving MCP over streamable HTTP: the ASGI app (app.py), who may call (auth.py), the write
scope checked before a writing tool runs (scopes.py), and the health and readiness routes
(health.py). Above the server: it imports server and config; nothing below imports it."""
