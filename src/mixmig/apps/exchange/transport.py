"""Outbound HTTP for the exchange: allowlisted hosts only, no private addresses, no redirects (no SSRF).

``check_url`` resolves the host once and returns the addresses; ``post_json`` connects to exactly those
addresses (no second lookup, so DNS rebinding cannot swap them), with TLS verification against the host name.

Allowlist entries (``MIXMIG_EXCHANGE_ALLOWED_HOSTS``) are exact host names or IP literals; an entry written
``private:HOST`` also lets that one host resolve to a loopback, private or reserved address (a partner on
the same private network, or tests on 127.0.0.1). Link-local (169.254.x, fe80::), multicast and unspecified
addresses are refused always. Plain ``http`` is allowed only when ``MIXMIG_EXCHANGE_ALLOW_INSECURE_LOOPBACK``
is on and every address is loopback.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


class UnsafeURL(Exception):
    """The URL may not be contacted (not allowlisted, private address, wrong scheme, redirect)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def _allowlist() -> dict[str, bool]:
    entries: dict[str, bool] = {}
    for entry in getattr(settings, "EXCHANGE_ALLOWED_HOSTS", []) or []:
        entry = entry.strip().lower()
        private = entry.startswith("private:")
        host = entry.removeprefix("private:").strip("[]")
        if host:
            entries[host] = entries.get(host, False) or private
    return entries


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(f"cannot resolve {host}: {exc}") from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_url(url: str, resolve=_resolve) -> Target:
    """Refuse a URL that is not allowlisted or reaches a non-public address; else the pinned target."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise UnsafeURL(f"scheme {scheme or '(none)'} refused; use https")
    if parts.username or parts.password:
        raise UnsafeURL("credentials in the URL are refused")
    host = (parts.hostname or "").lower()
    if not host:
        raise UnsafeURL("the URL has no host")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURL("bad port") from exc
    allow = _allowlist()
    if host not in allow:
        raise UnsafeURL(f"host {host} is not on the exchange allowlist (MIXMIG_EXCHANGE_ALLOWED_HOSTS)")
    permits_private = allow[host]
    addresses = resolve(host, port)
    if not addresses:
        raise UnsafeURL(f"{host} resolves to no address")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if getattr(ip, "ipv4_mapped", None):
            ip = ip.ipv4_mapped
        if ip.is_link_local or ip.is_multicast or ip.is_unspecified:
            raise UnsafeURL(f"{host} resolves to {ip}, a link-local, multicast or unspecified address")
        if not ip.is_global and not permits_private:
            raise UnsafeURL(
                f"{host} resolves to {ip}, a private, loopback or reserved address; only an allowlist "
                "entry written private:HOST permits that"
            )
    if scheme == "http":
        loopback = all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)
        if not (getattr(settings, "EXCHANGE_ALLOW_INSECURE_LOOPBACK", False) and loopback):
            raise UnsafeURL(
                "plain http is refused (only to loopback with MIXMIG_EXCHANGE_ALLOW_INSECURE_LOOPBACK)"
            )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme, host, port, path, tuple(addresses))


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, address: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, address: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post_json(url: str, body: bytes, timeout: float = 10.0) -> tuple[int, bytes]:
    """POST ``body`` to ``url`` after ``check_url``; a redirect is an error, never followed."""
    target = check_url(url)
    last_error: Exception | None = None
    for address in target.addresses:
        if target.scheme == "https":
            context = ssl.create_default_context()
            conn = _PinnedHTTPS(address, target.host, target.port, timeout=timeout, context=context)
        else:
            conn = _PinnedHTTP(address, target.host, target.port, timeout=timeout)
        try:
            conn.request(
                "POST", target.path, body=body,
                headers={"Content-Type": "application/json", "User-Agent": "mixmig-exchange/1"},
            )  # fmt: skip
            response = conn.getresponse()
            data = response.read(1_000_000)
        except OSError as exc:
            last_error = exc
            continue
        finally:
            conn.close()
        if 300 <= response.status < 400:
            raise UnsafeURL(f"{url} answered with a redirect ({response.status}); redirects are refused")
        return response.status, data
    raise ConnectionError(f"cannot reach {target.host}:{target.port}: {last_error}")
