"""A real HTTP server on 127.0.0.1 (port 0) in a thread, serving canned routes: web-page tests never touch
the internet. A route is (status, headers, body); a callable route may stream or stall itself."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Handler = Callable[[BaseHTTPRequestHandler], None]
Route = tuple[int, dict[str, str], bytes] | Handler


@dataclass
class WebServer:
    routes: dict[str, Route] = field(default_factory=dict)
    #: The headers of the requests received, in order (to check the User-Agent).
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""
    #: Set when the test ends: stalled handlers stop waiting.
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8") -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = (200, {"Content-Type": content_type}, data)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = (status, {"Location": to}, b"")
        return self.url(path)

    def stalling(self, path: str) -> str:
        """A page that sends its headers and its first bytes, then never the rest (until the test ends)."""

        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.send_header("Content-Length", "100000")
            request.end_headers()
            request.wfile.write(b"<html><body><p>The start of it")
            request.wfile.flush()
            self.stop.wait(30)

        self.routes[path] = handler
        return self.url(path)


def _handler(server: WebServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers.items())))
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            if callable(route):
                route(self)
                return
            status, headers, body = route
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that stopped reading (too big, cancelled, timed out) is what those tests do.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@pytest.fixture
def web_server() -> Iterator[WebServer]:
    server = WebServer()
    httpd = _Server(("127.0.0.1", 0), _handler(server))
    with serving(server, httpd, "http"):
        yield server


@contextmanager
def serving(server: WebServer, httpd: _Server, scheme: str) -> Iterator[None]:
    """httpd answering for server on a thread (its address in server.base) until the block ends."""
    server.base = f"{scheme}://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()
