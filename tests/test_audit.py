"""`make audit`: axe-core on every page of the site, in every language, and every request each
page makes (none leaves 127.0.0.1). `make test` runs axe on one page of every kind in every
language (test_browser.py); this is the whole site, page by page, waiting for the network to
settle."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser import LocalServer, axe_problems

from letters.data import language_codes

pytestmark = [pytest.mark.browser, pytest.mark.audit]


@pytest.fixture(scope="module")
def server(site):
    with LocalServer(site.root) as running:
        yield running


@pytest.mark.parametrize("code", language_codes())
def test_every_page_is_accessible_and_local(site, server, browser, axe, code):
    """axe-core finds no violation of any impact, and every request stays on 127.0.0.1. One
    test per language, so that `make audit` shares them among its workers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests, failures = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failures.append(response.url))
    problems = []
    urls = [
        server.url + path.relative_to(site.root).as_posix().removesuffix("index.html")
        for path in site.pages()
        if site.language_of(path) == code
    ]
    for url in urls:
        requests.clear()
        failures.clear()
        page.goto(url, wait_until="networkidle")
        for request in requests:
            host = urlsplit(request).hostname
            if urlsplit(request).scheme in ("http", "https") and host != "127.0.0.1":
                problems.append(f"{url}: request to {request}")
        if not url.endswith("404.html"):
            problems += [f"{url}: {failed} answered an error" for failed in failures]
        problems += axe_problems(axe, page, url)
    context.close()
    assert len(urls) > 10
    assert not problems, "\n".join(problems)
