"""An SSRF-safe HTTP GET for feeds registered by staff (QUALITY.md).

- only `http` and `https` URLs, with a host;
- the host is resolved *once* and **every** address it resolves to must be globally routable:
  loopback, private (RFC 1918, ULA), link-local (169.254.169.254, the cloud metadata address),
  CGNAT (100.64.0.0/10), multicast, reserved, unspecified and IPv4-mapped forms of these are
  refused before any connection;
- the connection is opened to the *vetted IP* (the `Host` header and TLS SNI/certificate carry
  the name), so a DNS answer that changes between the check and the connection (DNS
  rebinding) cannot redirect it;
- redirects (≤ 3) are followed by hand, each target vetted the same way;
- a total time cap and a size cap (the body is read in chunks and dropped past the cap);
- retries with exponential backoff on 5xx answers, timeouts and connection errors.

`allow` (settings `FUNDING_FETCH_ALLOW`, CIDR strings) lets an operator open a given network
explicitly (a local mirror); it is empty by default.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

MAX_REDIRECTS = 3
USER_AGENT = "maillage-veille/1.0 (+https://maillage.example/aides/)"
CGNAT = ipaddress.ip_network("100.64.0.0/10")
REDIRECTS = {301, 302, 303, 307, 308}


class FetchRefused(ValueError):
    """The URL or an address it leads to is not allowed; no request was made to it."""


class FetchFailed(OSError):
    """The request was allowed but did not succeed (after retries)."""


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 20.0  # seconds, for the whole fetch including redirects and retries
    max_bytes: int = 16 * 1024 * 1024
    retries: int = 2  # extra attempts after the first
    backoff: float = 1.0  # seconds, doubled at each retry
    allow: tuple[Network, ...] = field(default=())


@dataclass(frozen=True)
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    content_type: str
    body: bytes


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchFailed(f"nom d'hôte introuvable : {host}") from exc
    return sorted({str(info[4][0]) for info in infos})


def forbidden_reason(address: IPAddress) -> str | None:
    """Why an address may not be fetched, or None when it is globally routable."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return forbidden_reason(address.ipv4_mapped)
    checks = (
        (address.is_unspecified, "adresse non spécifiée"),
        (address.is_loopback, "adresse de bouclage"),
        (address.is_link_local, "adresse lien-local (métadonnées cloud)"),
        (address.is_multicast, "adresse multicast"),
        (isinstance(address, ipaddress.IPv4Address) and address in CGNAT, "adresse CGNAT"),
        (address.is_private, "adresse privée"),
        (address.is_reserved, "adresse réservée"),
        (not address.is_global, "adresse non routable publiquement"),
    )
    for hit, reason in checks:
        if hit:
            return reason
    return None


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str
    ip: str


def vet(url: str, *, policy: FetchPolicy, resolve: Resolver) -> _Target:
    """Check a URL and resolve it to one allowed address, or raise FetchRefused."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(f"schéma refusé : {parts.scheme or '(aucun)'} (http ou https seulement)")
    if not parts.hostname:
        raise FetchRefused("adresse sans nom d'hôte")
    if parts.username or parts.password:
        raise FetchRefused("identifiants dans l'adresse refusés")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefused("port invalide") from exc
    host = parts.hostname
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolve(host, port)]
    if not addresses:
        raise FetchFailed(f"nom d'hôte introuvable : {host}")
    for address in addresses:
        if any(address in net for net in policy.allow):
            continue
        reason = forbidden_reason(address)
        if reason is not None:
            raise FetchRefused(f"{host} → {address} : {reason}")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return _Target(parts.scheme, host, port, path, str(addresses[0]))


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a vetted IP, with SNI and certificate checked against the host name."""

    def __init__(self, ip: str, host: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]  # private in typeshed, public in CPython


def _connection(target: _Target, timeout: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPSConnection(target.ip, target.host, target.port, timeout)
    return http.client.HTTPConnection(target.ip, target.port, timeout=timeout)


def _host_header(target: _Target) -> str:
    default = 443 if target.scheme == "https" else 80
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == default else f"{host}:{target.port}"


def _once(target: _Target, policy: FetchPolicy, deadline: float) -> tuple[int, str, str, bytes]:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("délai dépassé")
    conn = _connection(target, remaining)
    try:
        conn.putrequest("GET", target.path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", _host_header(target))
        conn.putheader("User-Agent", USER_AGENT)
        conn.putheader("Accept", "*/*")
        conn.endheaders()
        response = conn.getresponse()
        location = response.getheader("Location") or ""
        content_type = response.getheader("Content-Type") or ""
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError("délai dépassé")
            chunk = response.read(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > policy.max_bytes:
                raise FetchRefused(f"réponse trop volumineuse (> {policy.max_bytes} octets)")
            chunks.append(chunk)
        return response.status, location, content_type, b"".join(chunks)
    finally:
        conn.close()


def fetch(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    resolve: Resolver = system_resolver,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """GET `url` under the rules of the module docstring."""
    policy = policy or FetchPolicy()
    deadline = time.monotonic() + policy.timeout
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        target = vet(current, policy=policy, resolve=resolve)
        status, location, content_type, body = _with_retries(target, policy, deadline, sleep)
        if status in REDIRECTS and location:
            current = urljoin(current, location)
            continue
        if status >= 400:
            raise FetchFailed(f"réponse HTTP {status} pour {current}")
        return FetchResult(current, status, content_type, body)
    raise FetchRefused(f"plus de {MAX_REDIRECTS} redirections")


def _with_retries(
    target: _Target, policy: FetchPolicy, deadline: float, sleep: Callable[[float], None]
) -> tuple[int, str, str, bytes]:
    delay = policy.backoff
    last: Exception | None = None
    for attempt in range(policy.retries + 1):
        if attempt:
            if time.monotonic() + delay > deadline:
                break
            sleep(delay)
            delay *= 2
        try:
            result = _once(target, policy, deadline)
        except FetchRefused:
            raise
        except (OSError, http.client.HTTPException) as exc:  # timeouts, resets, bad answers
            last = exc
            continue
        if result[0] >= 500:
            last = FetchFailed(f"réponse HTTP {result[0]}")
            continue
        return result
    raise FetchFailed(f"échec après {policy.retries + 1} tentative(s) : {last}")


def policy_from_settings(allow: Sequence[str] = ()) -> FetchPolicy:
    return FetchPolicy(allow=tuple(ipaddress.ip_network(a) for a in allow))
