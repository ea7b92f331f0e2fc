"""Helpers for the real-browser tests: Debian's Chromium driven by Playwright, and a local
server that answers like a static host (a missing URL gets /404.html with status 404)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    # As root in a container; no GPU; and no background connections to Google's hosts,
    # which this machine's closed network refuses.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def chromium_path() -> str:
    """Debian's Chromium; never a browser download. Skip locally without it, fail on CI."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        message = "no Chromium found (apt-get install chromium fonts-noto-core)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {message}")
        pytest.skip(f"browser tests skipped: {message}")
    return path


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.exists():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


class LocalServer:
    def __init__(self, root: Path):
        handler = functools.partial(StaticHostHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def axe_problems(axe, page, url: str) -> list[str]:
    """axe-core's violations on the loaded page, one line each."""
    problems = []
    for violation in axe.run(page).response["violations"]:
        targets = [node["target"] for node in violation["nodes"]][:3]
        problems.append(f"{url}: {violation['id']} ({violation['impact']}) at {targets}")
    return problems
