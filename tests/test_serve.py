"""`make serve` serves the site on 127.0.0.1 (port 8000 unless PORT says otherwise)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_defaults_to_127_0_0_1_port_8000():
    plan = subprocess.run(["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True)
    assert "--dev-addr 127.0.0.1:8000" in plan.stdout, plan.stdout


def test_make_serve_serves_the_site():
    port = free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        pages = {}
        deadline = time.monotonic() + 120  # a wait for the first build, not a speed check
        while time.monotonic() < deadline and len(pages) < 2:
            try:
                for path in ("/", "/cs/guides/reminder/"):
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}{path}", timeout=5
                    ) as reply:
                        pages[path] = reply.read().decode("utf-8")
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        log = server.stderr.read1().decode() if server.poll() is not None else ""
        assert len(pages) == 2, f"no site on port {port}: {log}"
        assert '<html lang="en"' in pages["/"]
        assert '<html lang="cs"' in pages["/cs/guides/reminder/"]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
