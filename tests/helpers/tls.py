"""A self-signed certificate made for the test (by the `openssl` command), and an HTTPS server with it.

The server is the local web server (tests/helpers/web_server.py) behind TLS: the same canned routes."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.web_server import WebServer, _handler, _Server, serving


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) for 127.0.0.1, valid for a day; skips the test when openssl is missing."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("no openssl command to make a test certificate (and no cryptography package)")
    cert, key = folder / "site.pem", folder / "site.key"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


@contextmanager
def https_server(cert: Path, key: Path) -> Iterator[WebServer]:
    """A WebServer on https://127.0.0.1:port presenting cert."""
    server = WebServer()
    httpd = _Server(("127.0.0.1", 0), _handler(server))
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    with serving(server, httpd, "https"):
        yield server
