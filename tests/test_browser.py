"""The site in a real browser, in every language: switcher, search, copy, mailto, 404, fonts,
accessibility (axe-core, every page) and no request leaving 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import CHROMIUM_ARGS, LocalServer, chromium_path

from letters.catalog import letters
from letters.data import default_language, language_codes

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
# A word from each language's guide that occurs nowhere else (see test_search.py).
SEARCH_WORDS = {
    "en": "patronage",
    "hi": "परिलक्षित",
    "cs": "rozhořčenou",
    "bn": "পৃষ্ঠপোষকতা",
    "is": "boðskiptaaðganganna",
}


def prefix(code: str) -> str:
    return "" if code == default_language() else f"{code}/"


@pytest.fixture(scope="module")
def server(site):
    with LocalServer(site.root) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def site_urls(site, server) -> list[str]:
    return [
        server.url + p.relative_to(site.root).as_posix().removesuffix("index.html")
        for p in site.pages()
    ]


def test_every_page_is_accessible_and_local(site, server, browser):
    """axe-core finds no violation of any impact, and every request stays on 127.0.0.1."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests, failures = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failures.append(response.url))
    problems = []
    for url in site_urls(site, server):
        requests.clear()
        failures.clear()
        page.goto(url, wait_until="networkidle")
        for request in requests:
            host = urlsplit(request).hostname
            if urlsplit(request).scheme in ("http", "https") and host != "127.0.0.1":
                problems.append(f"{url}: request to {request}")
        if not url.endswith("404.html"):
            problems += [f"{url}: {failed} answered an error" for failed in failures]
        for violation in axe.run(page).response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{url}: {violation['id']} ({violation['impact']}) at {targets}")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", language_codes())
def test_language_switcher_keeps_the_page(server, page, code):
    page.goto(f"{server.url}{prefix(code)}guides/reminder/")
    for other in language_codes():
        page.hover(".md-header__option .md-select")
        link = page.locator(f".md-select__link:has-text('{_name(other)}')")
        link.click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == f"/{prefix(other)}guides/reminder/"
        written_in = other if other in ("en", "hi", "cs") else "en"  # an honest fallback
        assert page.evaluate("document.documentElement.lang") == written_in
        page.goto(f"{server.url}{prefix(code)}guides/reminder/")


def _name(code: str) -> str:
    from letters.data import language

    return language(code).name


@pytest.mark.parametrize("code", language_codes())
def test_search_finds_the_languages_word_in_its_pages_only(server, page, code):
    page.goto(f"{server.url}{prefix(code)}")
    page.click("label.md-search__icon, .md-search__input")
    page.fill("input.md-search__input", SEARCH_WORDS[code])
    page.press("input.md-search__input", "End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
    assert hrefs
    for href in hrefs:
        path = urlsplit(href).path
        first = path.strip("/").split("/")[0]
        in_language = first == code if code != default_language() else first not in language_codes()
        assert in_language, href


@pytest.mark.parametrize("code", language_codes())
def test_copy_button_copies_exactly_the_letter(server, browser, code):
    letter = next(item for item in letters().values() if code in item.languages)
    expected = subprocess.run(
        [sys.executable, "-m", "letters", "render", letter.id, "--lang", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{server.url}{prefix(code)}guides/{letter.id}/")
    block = page.locator("h2#letter ~ div.lw-letter").first
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied.rstrip("\n") == expected.rstrip("\n")


@pytest.mark.parametrize("code", language_codes())
def test_mailto_link_is_well_formed(server, page, code):
    letter = next(item for item in letters().values() if code in item.languages)
    page.goto(f"{server.url}{prefix(code)}guides/{letter.id}/")
    links = page.locator("a.lw-mailto")
    if links.count() == 0:
        assert page.locator(".lw-mailto-too-long").count() == 1
        return
    parsed = page.evaluate(
        """href => { const url = new URL(href), query = url.searchParams;
             return {protocol: url.protocol, to: decodeURIComponent(url.pathname),
                     subject: query.get('subject'), body: query.get('body')}; }""",
        links.first.get_attribute("href"),
    )
    assert parsed["protocol"] == "mailto:" and "@" in parsed["to"]
    shown = page.locator("h2#letter ~ div.lw-letter").first.inner_text()
    subject, _, body = shown.partition("\n\n")
    assert parsed["subject"] == subject.removeprefix("Subject: ")
    assert parsed["body"].replace("\r\n", "\n") == body.rstrip("\n")
    query = parse_qs(urlsplit(links.first.get_attribute("href")).query)
    assert query["subject"] == [parsed["subject"]]


@pytest.mark.parametrize("code", language_codes())
def test_404_speaks_the_readers_language(server, page, code):
    response = page.goto(f"{server.url}{prefix(code)}no/such/page/")
    assert response.status == 404
    assert page.evaluate("document.documentElement.lang") == code
    visible = page.locator(".lw-not-found:visible")
    assert visible.count() == 1 and visible.get_attribute("lang") == code


@pytest.mark.parametrize(
    ("code", "url", "conjunct"),
    [("hi", "hi/guides/reminder/", "क्ष"), ("bn", "bn/guides/bad-news/", "ক্ষ")],
)
def test_indic_text_is_drawn_with_a_real_font(server, page, code, url, conjunct):
    """A shaping font joins consonant, virama and consonant into one conjunct, narrower than the
    three drawn apart; boxes for missing glyphs would make both the same width."""
    page.goto(server.url + url)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{code}-guide.png"), full_page=False)
    widths = page.evaluate(
        """conjunct => {
             const measure = text => { const s = document.createElement('span');
               s.textContent = text; s.style.whiteSpace = 'pre';
               document.querySelector('article').appendChild(s);
               const w = s.getBoundingClientRect().width; s.remove(); return w; };
             const parts = [...conjunct].map(measure).reduce((a, b) => a + b, 0);
             return {joined: measure(conjunct), apart: parts}; }""",
        conjunct,
    )
    assert widths["joined"] < widths["apart"] * 0.8, widths
