"""Whether a host is this computer: what may serve without authentication, fetch keys in the
clear, or show the dashboard's preview."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """`localhost` or a loopback address, written as an address (an IPv6 one without brackets)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
