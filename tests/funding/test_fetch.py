"""The SSRF-safe fetcher: every forbidden scheme and address refused with no request made
(a listening socket on loopback proves nothing connected), redirects re-checked, caps, retries.

The servers here run on 127.0.0.2, opened *explicitly* through the policy's allow-list, the way
an operator opens a local mirror; everything else on loopback stays forbidden.
"""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from maillage.funding.fetch import FetchFailed, FetchPolicy, FetchRefused, fetch, forbidden_reason

ALLOWED = FetchPolicy(
    timeout=5, retries=2, backoff=0.01, allow=(ipaddress.ip_network("127.0.0.2/32"),)
)


@pytest.fixture
def trap() -> Iterator[socket.socket]:
    """A socket listening on 127.0.0.1: any connection attempt would be queued on it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def _nothing_connected(sock: socket.socket) -> bool:
    try:
        conn, _ = sock.accept()
    except BlockingIOError:
        return True
    conn.close()
    return False


def test_loopback_target_refused_and_nothing_connects(trap: socket.socket) -> None:
    port = trap.getsockname()[1]
    for url in (
        f"http://127.0.0.1:{port}/",
        f"http://localhost:{port}/",
        f"http://[::ffff:127.0.0.1]:{port}/",
    ):
        with pytest.raises(FetchRefused):
            fetch(url)
    assert _nothing_connected(trap)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "gopher://example.org/",
        "data:text/plain,hello",
        "http:///nohost",
        "http://user:pw@example.org/",
    ],
)
def test_forbidden_addresses_and_schemes_refused_before_any_resolution(url: str) -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise AssertionError("no name should be resolved for this URL")

    with pytest.raises(FetchRefused):
        fetch(url, resolve=resolver)


def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    with pytest.raises(FetchRefused, match="lien-local"):
        fetch("http://metadata.example/", resolve=lambda h, p: ["169.254.169.254"])
    # one bad address among good ones is enough to refuse
    with pytest.raises(FetchRefused):
        fetch("http://mixed.example/", resolve=lambda h, p: ["93.184.216.34", "10.1.2.3"])


def test_address_classification() -> None:
    assert forbidden_reason(ipaddress.ip_address("93.184.216.34")) is None
    assert forbidden_reason(ipaddress.ip_address("100.100.1.1")) == "adresse CGNAT"


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
    hits: list[str] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        status, headers, body = self.routes.get(self.path, (404, {}, b""))
        if callable(body):
            status, headers, body = body()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("H", (_Handler,), {"routes": {}, "hits": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.2", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.2:{httpd.server_address[1]}", handler
    httpd.shutdown()
    httpd.server_close()


def test_allowed_fetch_sends_host_header_and_follows_redirects(server: Any) -> None:
    base, handler = server
    handler.routes["/a"] = (302, {"Location": "/b"}, b"")
    handler.routes["/b"] = (200, {"Content-Type": "application/rss+xml"}, b"<rss/>")
    result = fetch(base + "/a", policy=ALLOWED)
    assert (result.status, result.body, result.url) == (200, b"<rss/>", base + "/b")
    assert handler.hits == ["/a", "/b"]


def test_redirect_to_a_private_address_is_refused(server: Any, trap: socket.socket) -> None:
    base, handler = server
    port = trap.getsockname()[1]
    handler.routes["/go"] = (302, {"Location": f"http://127.0.0.1:{port}/secret"}, b"")
    with pytest.raises(FetchRefused):
        fetch(base + "/go", policy=ALLOWED)
    assert _nothing_connected(trap)
    handler.routes["/meta"] = (301, {"Location": "http://169.254.169.254/latest/"}, b"")
    with pytest.raises(FetchRefused):
        fetch(base + "/meta", policy=ALLOWED)


def test_more_than_three_redirects_refused(server: Any) -> None:
    base, handler = server
    for i in range(5):
        handler.routes[f"/r{i}"] = (302, {"Location": f"/r{i + 1}"}, b"")
    with pytest.raises(FetchRefused, match="redirections"):
        fetch(base + "/r0", policy=ALLOWED)
    assert handler.hits == ["/r0", "/r1", "/r2", "/r3"]


def test_size_cap(server: Any) -> None:
    base, handler = server
    handler.routes["/big"] = (200, {}, b"x" * 300_000)
    small = FetchPolicy(max_bytes=100_000, allow=ALLOWED.allow)
    with pytest.raises(FetchRefused, match="volumineuse"):
        fetch(base + "/big", policy=small)


def test_retries_with_backoff_on_5xx(server: Any) -> None:
    base, handler = server
    answers: Iterator[tuple[int, dict[str, str], bytes]] = iter(
        [(503, {}, b""), (502, {}, b""), (200, {}, b"ok")]
    )
    handler.routes["/flaky"] = (0, {}, lambda: next(answers))
    slept: list[float] = []
    result = fetch(base + "/flaky", policy=ALLOWED, sleep=slept.append)
    assert result.body == b"ok"
    assert slept == [0.01, 0.02]
    handler.routes["/down"] = (500, {}, b"")
    with pytest.raises(FetchFailed):
        fetch(base + "/down", policy=ALLOWED, sleep=lambda s: None)
    assert handler.hits.count("/down") == 3
