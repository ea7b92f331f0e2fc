"""The site in a real browser, one Chromium for the whole run: in every language, one page of
every kind (home, guide, letter, catalogue, status, article, fallback, 404) is loaded once and
checked for everything that applies to it: axe-core, no request leaving 127.0.0.1, no asset
answering an error, and search (home), copy button and mailto link (letter page), Indic shaping
(guide), the 404's language. The switcher's links are checked on every page in the built HTML
(test_i18n_fallbacks.py); here one real click. axe on every page: `make audit` (test_audit.py)."""

from __future__ import annotations

import unicodedata
from urllib.parse import parse_qs, urlsplit

import pytest
import regex
from browser import (
    CONTRAST,
    FOCUS_STEP,
    FOCUS_VERDICTS,
    GAP_TO_FIRST_LINE,
    NAME_BREAKS,
    NO_TRANSITIONS,
    UNREACHABLE,
    LocalServer,
    axe_problems,
)
from conftest import ROOT, run_cli
from test_search import words_of

from letters.catalog import letters
from letters.data import default_language, language, language_codes, strings

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "tests" / "artifacts"


def needs_shaping(code: str) -> bool:
    """Does the language's script join letters into conjuncts? Read from the script of the name
    languages.yml gives it: a script with a virama (Devanagari, Bengali, …) needs a shaping font."""
    script = unicodedata.name(language(code).name[0]).split()[0]
    try:
        unicodedata.lookup(f"{script} SIGN VIRAMA")
    except KeyError:
        return False
    return True


CONJUNCT = regex.compile(r"\p{L}\p{ccc=Virama}\p{L}")


NO_GUIDE = "no guide written in this language yet: nothing to measure"


@pytest.fixture(scope="module")
def probes(site) -> dict[str, dict]:
    """What each language's pages are checked with, taken from the built site: a search word only
    its own index holds (as test_search.py finds it), and, for a script that needs shaping, one of
    its guides written in that language with a conjunct that guide contains."""
    found: dict[str, dict] = {}
    for code in language_codes():
        own = words_of(site, code)
        elsewhere = set().union(*(words_of(site, o) for o in language_codes() if o != code))
        unique = sorted((w for w in own if w not in elsewhere), key=lambda w: (-len(own[w]), w))
        found[code] = {"word": unique[0] if unique else None, "guide": "guides/reminder/"}
        if not needs_shaping(code):
            continue
        own = [p for p in sorted(site.root.glob(f"{code}/guides/*/index.html"))]
        own = [p for p in own if site.soup(p).html["lang"] == code]
        found[code]["conjunct"] = None if own else NO_GUIDE
        for guide in own:
            match = CONJUNCT.search(site.soup(guide).find("article").get_text())
            if match:
                found[code].update(guide=f"guides/{guide.parent.name}/", conjunct=match.group())
                break
    return found


def prefix(code: str) -> str:
    return "" if code == default_language() else f"{code}/"


@pytest.fixture(scope="module")
def server(site):
    with LocalServer(site.root) as running:
        yield running


def letter_of(code: str):
    """A letter written in the language, or, for a language without letters yet, an English one
    (its page there is the English fallback): the letter and the language its page shows."""
    for item in letters().values():
        if code in item.languages:
            return item, code
    return next(iter(letters().values())), default_language()


def kinds(code: str, guide: str) -> dict[str, str]:
    """One page of every kind in a language, by the path below the site's root."""
    letter, _ = letter_of(code)
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
def test_every_kind_of_page(site, server, browser, axe, probes, code):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    requests, failures, problems = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failures.append(response.url))
    try:
        for kind, path in kinds(code, probes[code]["guide"]).items():
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
                if page.workers:
                    problems.append(f"{url}: a worker started before search was opened")
                if probes[code]["word"]:  # else its index is empty (test_search)
                    problems += check_search(page, code, probes[code]["word"])
                    if not any("search_index" in request for request in requests):
                        problems.append(f"{url}: opening search did not load the search index")
                    if not any("/workers/search" in worker.url for worker in page.workers):
                        problems.append(f"{url}: opening search did not start the search worker")
            elif kind == "letter":
                problems += check_copy_and_mailto(page, code)
                problems += check_letter_page_layout(page, code)
            elif kind == "guide" and needs_shaping(code) and probes[code]["conjunct"] != NO_GUIDE:
                problems += check_shaping(page, code, probes[code].get("conjunct"))
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def check_search(page, code: str, word: str) -> list[str]:
    """The language's own word finds its pages, and only pages of that language."""
    page.click("label.md-search__icon, .md-search__input")
    page.fill("input.md-search__input", word)
    page.press("input.md-search__input", "End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
    problems = [] if hrefs else [f"{code}: search for {word!r} found nothing"]
    for href in hrefs:
        first = urlsplit(href).path.strip("/").split("/")[0]
        in_language = first == code if code != default_language() else first not in language_codes()
        if not in_language:
            problems.append(f"{code}: search found {href}, a page in another language")
    return problems


def check_copy_and_mailto(page, code: str) -> list[str]:
    """The copy button copies exactly what `letters render` prints; the mailto link (or the
    notice that replaces it) carries the same subject and body."""
    letter, shown_in = letter_of(code)
    expected = run_cli("render", letter.id, "--lang", shown_in).stdout.decode("utf-8")
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
    label = strings(shown_in)["subject_label"]
    if not subject.startswith(f"{label}: "):
        problems.append(f"{code}: the letter's subject line does not start with {label!r}")
    if parsed["subject"] != subject.removeprefix(f"{label}: "):
        problems.append(f"{code}: mailto subject {parsed['subject']!r} is not the letter's")
    if parsed["body"].replace("\r\n", "\n") != body.rstrip("\n"):
        problems.append(f"{code}: mailto body is not the letter's")
    if parse_qs(urlsplit(href).query)["subject"] != [parsed["subject"]]:
        problems.append(f"{code}: mailto subject decodes differently outside the browser")
    return problems


# Material's two palettes: the site offers the light one; the copy button must hold in the dark
# one too should a palette toggle be added.
SCHEMES = ("default", "slate")
PHONES = (390, 320)


def copy_button_contrast(page, button, code: str, state: str) -> list[str]:
    """The letter's copy button against what is drawn under it, in each palette: at least 3:1
    (WCAG 1.4.11, non-text contrast)."""
    problems = []
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    for scheme in SCHEMES:
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        measured = button.evaluate(CONTRAST)
        if measured["ratio"] < 3:
            problems.append(
                f"{code}: the copy button ({state}, {scheme} palette) has contrast "
                f"{measured['ratio']:.2f}:1 against its background, under 3:1: {measured}"
            )
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", before)
    return problems


def check_letter_page_layout(page, code: str) -> list[str]:
    """Issue 13's findings 7 and 8 on the letter page already loaded (1280 px): every control
    shows focus when the keyboard reaches it and no ¶ link is a tab stop; the copy button is
    visible (3:1 in both palettes, focused or not) and leaves the letter's first line room; at
    390 and 320 px variable names break only after "_", and the variables table and the example
    data lose nothing past the screen's edge; printed, the actions are gone."""
    problems = []
    page.add_style_tag(content=NO_TRANSITIONS)  # looks measured at once, not mid-transition
    page.mouse.move(0, 0)
    letter = page.locator("h2#letter ~ div.lw-letter").first
    button = letter.locator("button.md-code__button[data-md-type=copy]")
    problems += copy_button_contrast(page, button, code, "at rest")
    if code == default_language():
        problems += _keyboard_walk(page, button, code)
    problems += _narrow_and_print(page, letter, button, code)
    return problems


def _keyboard_walk(page, button, code: str) -> list[str]:
    """Tab through the page: every stop shows focus, none is a ¶ link, the copy button and the
    checklist's box are reached. The controls and their styles are the same in every language,
    so one language's page is walked (the walk is the slowest part of the browser tests)."""
    problems = []
    for _ in range(300):
        page.keyboard.press("Tab")
        step = page.evaluate(FOCUS_STEP)
        if step is None:
            break
        if step["copy"]:
            problems += copy_button_contrast(page, button, code, "focused")
    stops = page.evaluate(FOCUS_VERDICTS)
    if not any("md-code__button" in stop["name"] for stop in stops):
        problems.append(f"{code}: the keyboard never reached the copy button")
    problems += [
        f"{code}: the ¶ link {s['name']!r} is a tab stop" for s in stops if s["headerlink"]
    ]
    problems += [
        f"{code}: no visible focus indicator on {s['name']!r}" for s in stops if not s["visible"]
    ]
    checkbox = page.locator(".lw-manual input[type=checkbox]")
    if checkbox.count() and not any(stop["checkbox"] for stop in stops):
        problems.append(f"{code}: the checklist checkbox is not a tab stop")
    return problems


def _narrow_and_print(page, letter, button, code: str) -> list[str]:
    """At 390 and 320 px and in print (see check_letter_page_layout)."""
    problems = []
    for width in PHONES:
        page.set_viewport_size({"width": width, "height": 800})
        gap = page.evaluate(GAP_TO_FIRST_LINE, [letter.element_handle(), button.element_handle()])
        if gap < 4:
            problems.append(
                f"{code} at {width} px: the copy button is {gap:.1f} px from the letter's first "
                "line (it must leave at least 4 px)"
            )
        problems += copy_button_contrast(page, button, f"{code} at {width} px", "at rest")
        names = page.locator("code.lw-var").element_handles()
        problems += [
            f"{code} at {width} px: a variable name breaks inside a word: {broken}"
            for broken in page.evaluate(NAME_BREAKS, names)
        ]
        for region in (
            "h2#variables ~ .md-typeset__scrollwrap, h2#variables ~ table",
            "h2#example-data + div.highlight",
        ):
            found = page.locator(region).first
            if found.count() == 0:
                problems.append(f"{code}: no {region} on the letter page")
                continue
            problems += [
                f"{code} at {width} px, {region}: {lost}" for lost in found.evaluate(UNREACHABLE)
            ]
    page.emulate_media(media="print")
    for actions in (
        "a.lw-mailto",
        ".lw-mailto-too-long",
        "a[download]",
        "h2#downloads",
        ".md-code__button",
        ".lw-builder__form",
        ".lw-builder__actions",
    ):
        printed = page.locator(actions).evaluate_all(
            "found => found.filter(e => e.getClientRects().length > 0).length"
        )
        if printed:
            problems.append(f"{code}: {printed} of {actions} still printed")
    if not letter.is_visible():
        problems.append(f"{code}: the letter itself is not printed")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})
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


def check_shaping(page, code: str, conjunct: str | None) -> list[str]:
    """A shaping font joins consonant, virama and consonant into one conjunct, narrower than the
    three drawn apart; boxes for missing glyphs would make both the same width."""
    if conjunct is None:
        return [
            f"{code}: its script needs shaping, but no guide in {code} has a conjunct to measure"
        ]
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
    if widths["joined"] >= widths["apart"] * 0.8:
        return [f"{code}: {conjunct} is not drawn as a conjunct: {widths}"]
    return []


def switcher_route(site) -> tuple[str, str, str]:
    """A guide some languages translate and another shows as the English fallback, from the
    built site: the guide's path, a language that has it, one that falls back."""
    others = [code for code in language_codes() if code != default_language()]
    for guide in sorted(site.root.glob("guides/*/index.html")):
        path = f"guides/{guide.parent.name}/"
        lang = {c: site.soup(site.root / c / path / "index.html").html["lang"] for c in others}
        translated = [c for c in others if lang[c] == c]
        fallback = [c for c in others if lang[c] != c]
        if translated and fallback:
            return path, translated[0], fallback[0]
    raise AssertionError("no guide is translated into one language and missing in another")


def test_language_switcher_click_keeps_the_page(server, browser, site):
    """One real click (every switcher link of every page is checked in the built HTML): to a
    language that shows the page as the English fallback, then to one that has it translated."""
    path, translated, fallback = switcher_route(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(server.url + path)  # the original, at the site's root
        page.hover(".md-header__option .md-select")
        page.locator(f".md-select__link:has-text('{language(fallback).name}')").click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == f"/{fallback}/{path}"
        assert page.evaluate("document.documentElement.lang") == default_language()  # honest
        page.hover(".md-header__option .md-select")
        page.locator(f".md-select__link:has-text('{language(translated).name}')").click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == f"/{translated}/{path}"
        assert page.evaluate("document.documentElement.lang") == translated
    finally:
        context.close()
