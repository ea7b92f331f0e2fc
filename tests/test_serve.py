"""`make serve` serves the site on 127.0.0.1 (port 8000 unless PORT says otherwise), and every
rebuild shows the data files as they are now (the stale-preview bug: an edited rule title once
never reached the page)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_project

ROOT = Path(__file__).resolve().parent.parent
# Generous limits that catch a server that never starts or a page that never updates; speed is
# measured by `make bench`, not asserted here.
START_LIMIT = 120
UPDATE_LIMIT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_defaults_to_127_0_0_1_port_8000_and_every_language():
    plan = subprocess.run(["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True)
    assert "--dev-addr 127.0.0.1:8000" in plan.stdout, plan.stdout
    assert 'LETTERWISE_ONLY=""' in plan.stdout, plan.stdout
    plan = subprocess.run(
        ["make", "-n", "serve", "ONLY=cs"], cwd=ROOT, capture_output=True, text=True
    )
    assert 'LETTERWISE_ONLY="cs"' in plan.stdout, plan.stdout


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.read().decode("utf-8")
    except OSError:
        return None


def poll(server: subprocess.Popen, url: str, wanted: str, limit: float) -> str | None:
    """The page once it contains `wanted`, or None after `limit` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and server.poll() is None:
        page = fetch(url)
        if page is not None and wanted in page:
            return page
        time.sleep(0.25)
    return None


@pytest.mark.site  # it builds the site, twice
def test_make_serve_serves_the_site_and_shows_an_edited_rule_title(tmp_path):
    """On a copy of the project: `make serve ONLY=en`, then edit a rule title in a rule file; the
    page must show the new title (the old hooks kept every data file cached for the server's
    life). English alone, as the site's root: the same plugin and the same fresh start of every
    build as with all five languages, in a fifth of the time (the five languages' pages are
    tested on the site built for the other tests)."""
    copy = copy_project(tmp_path)
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy2(ROOT / name, copy / name)
    (copy / ".venv").symlink_to(ROOT / ".venv")  # the venv's .ready is newer than the lock
    port = free_port()
    server = subprocess.Popen(
        # -o: the venv is the real one, linked; never rebuild it here.
        ["make", "--no-print-directory", "-o", ".venv/.ready", "serve", f"PORT={port}", "ONLY=en"],
        cwd=copy,
        # The copy's letters package and data; no .pyc written into the watched letters/.
        env={**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        home = poll(server, f"{base}/", '<html lang="en"', START_LIMIT)
        log = "" if server.poll() is None else server.stderr.read().decode()
        assert home is not None, f"no site on port {port}: {log}"
        guide = fetch(f"{base}/guides/reminder/")
        assert guide is not None and "Give accurate details" in guide

        old, new = "title: Give accurate details", "title: Give accurate details, edited"
        rules = copy / "letters/rules/reminder/en.yml"
        text = rules.read_text(encoding="utf-8")
        assert old in text
        rules.write_text(text.replace(old, new), encoding="utf-8")
        page = poll(
            server, f"{base}/guides/reminder/", "Give accurate details, edited", UPDATE_LIMIT
        )
        assert page is not None, f"the edited rule title never reached the page in {UPDATE_LIMIT} s"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
