"""The site in a real browser, one Chromium for the whole run: in every language, one page of
every kind (home, guide, letter, catalogue, status, article, fallback, 404) is loaded once and
checked for everything that applies to it: axe-core, no request leaving 127.0.0.1, no asset
answering an error, and search (home), copy button and mailto link (letter page), Indic shaping
(guide), the 404's language. The switcher's links are checked on every page in the built HTML
(test_i18n_fallbacks.py); here one real click. axe on every page: `make audit` (test_audit.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from browser import LocalServer, axe_problems
from conftest import ROOT, run_cli

from letters.catalog import letters
from letters.data import default_language, language, language_codes, strings

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "tests" / "artifacts"
# A word from each language's guide that occurs nowhere else (see test_search.py).
SEARCH_WORDS = {
    "en": "patronage",
    "hi": "परिलक्षित",
    "cs": "rozhořčenou",
    "bn": "পৃষ্ঠপোষকতা",
    "is": "boðskiptaaðganganna",
}
# A conjunct drawn by a shaping font as one glyph, and the guide page written in that script.
CONJUNCTS = {"hi": ("guides/reminder/", "क्ष"), "bn": ("guides/bad-news/", "ক্ষ")}


def prefix(code: str) -> str:
    return "" if code == default_language() else f"{code}/"


@pytest.fixture(scope="module")
def server(site):
    with LocalServer(site.root) as running:
        yield running


def kinds(code: str) -> dict[str, str]:
    """One page of every kind in a language, by the path below the site's root."""
    letter = next(item for item in letters().values() if code in item.languages)
    guide = CONJUNCTS.get(code, ("guides/reminder/", ""))[0]
    found = {
        "home": "",
        "guide": guide,
        "letter": f"guides/{letter.id}/",
        "catalogue": "templates/",
        "status": "status/",
        "article": "contributing/",
        "fallback": "conventions/",  # written in English only: a fallback in other languages
        "404": "no/such/page/",
    }
    return {kind: prefix(code) + path for kind, path in found.items()}


@pytest.mark.parametrize("code", language_codes())
def test_every_kind_of_page(site, server, browser, axe, code):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    requests, failures, problems = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failures.append(response.url))
    try:
        for kind, path in kinds(code).items():
            url = server.url + path
            requests.clear()
            failures.clear()
            response = page.goto(url, wait_until="load")
            problems += [
                f"{url}: request to {request}"
                for request in requests
                if urlsplit(request).scheme in ("http", "https")
                and urlsplit(request).hostname != "127.0.0.1"
            ]
            if kind == "404":
                problems += check_404(site, page, response, code)
            else:
                problems += [f"{url}: {failed} answered an error" for failed in failures]
            problems += axe_problems(axe, page, url)
            if kind == "home":
                problems += [
                    f"{url}: the first visit loaded {request} before search was opened"
                    for request in requests
                    if "search_index" in request or "/workers/" in request
                ]
                problems += check_search(page, code)
            elif kind == "letter":
                problems += check_copy_and_mailto(page, code)
            elif kind == "guide" and code in CONJUNCTS:
                problems += check_shaping(page, code)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def check_search(page, code: str) -> list[str]:
    """The language's own word finds its pages, and only pages of that language."""
    page.click("label.md-search__icon, .md-search__input")
    page.fill("input.md-search__input", SEARCH_WORDS[code])
    page.press("input.md-search__input", "End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
    problems = [] if hrefs else [f"{code}: search for {SEARCH_WORDS[code]!r} found nothing"]
    for href in hrefs:
        first = urlsplit(href).path.strip("/").split("/")[0]
        in_language = first == code if code != default_language() else first not in language_codes()
        if not in_language:
            problems.append(f"{code}: search found {href}, a page in another language")
    return problems


def check_copy_and_mailto(page, code: str) -> list[str]:
    """The copy button copies exactly what `letters render` prints; the mailto link (or the
    notice that replaces it) carries the same subject and body."""
    letter = next(item for item in letters().values() if code in item.languages)
    expected = run_cli("render", letter.id, "--lang", code).stdout.decode("utf-8")
    problems = []
    block = page.locator("h2#letter ~ div.lw-letter").first
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    if copied.rstrip("\n") != expected.rstrip("\n"):
        problems.append(f"{code}: the copy button copied {copied[:80]!r}…, not the letter")
    links = page.locator("a.lw-mailto")
    if links.count() == 0:
        if page.locator(".lw-mailto-too-long").count() != 1:
            problems.append(f"{code}: neither a mailto link nor the notice replacing it")
        return problems
    href = links.first.get_attribute("href")
    parsed = page.evaluate(
        """href => { const url = new URL(href), query = url.searchParams;
             return {protocol: url.protocol, to: decodeURIComponent(url.pathname),
                     subject: query.get('subject'), body: query.get('body')}; }""",
        href,
    )
    shown = block.inner_text()
    subject, _, body = shown.partition("\n\n")
    if parsed["protocol"] != "mailto:" or "@" not in parsed["to"]:
        problems.append(f"{code}: mailto link addressed wrongly: {parsed['to']!r}")
    label = strings(code)["subject_label"]
    if not subject.startswith(f"{label}: "):
        problems.append(f"{code}: the letter's subject line does not start with {label!r}")
    if parsed["subject"] != subject.removeprefix(f"{label}: "):
        problems.append(f"{code}: mailto subject {parsed['subject']!r} is not the letter's")
    if parsed["body"].replace("\r\n", "\n") != body.rstrip("\n"):
        problems.append(f"{code}: mailto body is not the letter's")
    if parse_qs(urlsplit(href).query)["subject"] != [parsed["subject"]]:
        problems.append(f"{code}: mailto subject decodes differently outside the browser")
    return problems


def check_404(site, page, response, code: str) -> list[str]:
    """The one /404.html a static host serves for every path becomes, with JavaScript, the
    missing URL's language's own 404 page: its notice and its chrome (the sidebar's words)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    problems = []
    if response.status != 404:
        problems.append(f"{code}: a missing page answered {response.status}, not 404")
    own = site.soup(site.root / prefix(code) / "404.html").select_one("nav.md-nav--primary")
    chrome = " ".join(own.get_text(" ").split())
    try:
        page.wait_for_function(
            """([code, chrome]) => { const nav = document.querySelector('nav.md-nav--primary');
                 return document.documentElement.lang === code && nav !== null
                   && nav.textContent.split(/\\s+/).join(' ').trim() === chrome; }""",
            arg=[code, chrome],
            timeout=10000,
        )
    except PlaywrightTimeout:
        problems.append(f"{code}: the 404 page's language or chrome is not the reader's")
    visible = page.locator(".lw-not-found:visible")
    if visible.count() != 1 or visible.get_attribute("lang") != code:
        problems.append(f"{code}: the 404 page does not show exactly its language's notice")
    return problems


def check_shaping(page, code: str) -> list[str]:
    """A shaping font joins consonant, virama and consonant into one conjunct, narrower than the
    three drawn apart; boxes for missing glyphs would make both the same width."""
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
        CONJUNCTS[code][1],
    )
    if widths["joined"] >= widths["apart"] * 0.8:
        return [f"{code}: {CONJUNCTS[code][1]} is not drawn as a conjunct: {widths}"]
    return []


def test_language_switcher_click_keeps_the_page(server, browser):
    """One real click (every switcher link of every page is checked in the built HTML)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{server.url}cs/guides/reminder/")
        page.hover(".md-header__option .md-select")
        page.locator(f".md-select__link:has-text('{language('is').name}')").click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == "/is/guides/reminder/"
        assert page.evaluate("document.documentElement.lang") == "en"  # an honest fallback
        page.hover(".md-header__option .md-select")
        page.locator(f".md-select__link:has-text('{language('hi').name}')").click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == "/hi/guides/reminder/"
        assert page.evaluate("document.documentElement.lang") == "hi"
    finally:
        context.close()
