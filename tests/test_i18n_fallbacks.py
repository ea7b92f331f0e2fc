"""Pages missing in a language, the 404 pages and the sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from letters.data import default_language, language_codes, strings

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SITE_URL = "https://letterwise.example/"


def fallback_pages(site):
    return [p for p in site.pages() if p.name != "404.html" and site.source_of(p) is None]


def test_there_are_fallback_pages_to_check(site):
    assert len(fallback_pages(site)) >= 8


def test_fallback_page_is_english_with_a_notice_in_the_readers_language(site):
    for path in fallback_pages(site):
        soup = site.soup(path)
        code = site.language_of(path)
        assert soup.html["lang"] == "en", path
        notice = soup.select_one("article .lw-fallback")
        assert notice is not None and notice["lang"] == code, path
        assert strings(code)["fallback_notice"] in notice.get_text(" "), path
        help_page = (path.parent / notice.find("a")["href"] / "index.html").resolve()
        assert help_page == (site.root / code / "contributing" / "index.html").resolve(), path
        # The reader's own chrome is marked as being in the reader's language.
        assert soup.find("header")["lang"] == code, path
        assert soup.find("footer")["lang"] == code, path


def test_fallback_page_points_canonical_at_the_english_page(site):
    for path in fallback_pages(site):
        code = site.language_of(path)
        canonical = site.soup(path).find("link", rel="canonical")["href"]
        english = path.relative_to(site.root / code).parent.as_posix()
        expected = SITE_URL + ("" if english == "." else english + "/")
        assert canonical == expected, path


def test_translated_page_is_its_own_canonical(site):
    page = site.root / "cs/guides/reminder/index.html"
    assert site.soup(page).find("link", rel="canonical")["href"] == SITE_URL + "cs/guides/reminder/"


def sitemap(site):
    return ET.parse(site.root / "sitemap.xml").getroot()


def test_sitemap_lists_real_pages_only(site):
    listed = {url.findtext("sm:loc", namespaces=NS) for url in sitemap(site).findall("sm:url", NS)}
    for path in site.pages():
        if path.name == "404.html":
            continue
        url = SITE_URL + path.relative_to(site.root).parent.as_posix() + "/"
        url = url.replace("/./", "/")
        if site.source_of(path) is None:
            assert url not in listed, f"fallback {url} is in the sitemap"
        else:
            assert url in listed, f"{url} is missing from the sitemap"


def test_sitemap_alternates_are_real_translations(site):
    for url in sitemap(site).findall("sm:url", NS):
        for link in url.findall("x:link", NS):
            code, href = link.get("hreflang"), link.get("href")
            relative = href.removeprefix(SITE_URL)
            page = site.root / relative / "index.html"
            assert page.exists(), href
            if code != "x-default":
                assert site.soup(page).html["lang"] == code, href
    bad_news = [
        u
        for u in sitemap(site).findall("sm:url", NS)
        if u.findtext("sm:loc", namespaces=NS).endswith("/bn/guides/bad-news/")
    ]
    codes = sorted(link.get("hreflang") for link in bad_news[0].findall("x:link", NS))
    # The languages whose built bad-news guide is written in that language, not a fallback.
    written = [
        code
        for code in language_codes()
        if site.soup(
            site.root / ("" if code == default_language() else code) / "guides/bad-news/index.html"
        ).html["lang"]
        == code
    ]
    assert len(written) > 1, "the bad-news guide has no translation to list"
    assert codes == sorted([*written, "x-default"])


@pytest.mark.parametrize("code", language_codes())
def test_each_language_has_a_404_in_its_language(site, code):
    prefix = "" if code == default_language() else f"{code}/"
    soup = site.soup(site.root / prefix / "404.html")
    assert soup.html["lang"] == code
    visible = [block for block in soup.select(".lw-not-found") if not block.has_attr("hidden")]
    if code == default_language():
        # The root 404 serves every missing path: without JavaScript it says it in every
        # language (test_reader_chrome checks that); with it, it shows the reader's own.
        assert [block["lang"] for block in visible] == language_codes()
    else:
        assert [block["lang"] for block in visible] == [code]
    assert strings(code)["not_found"]["title"] in visible[0].get_text()


def test_root_404_can_speak_every_language(site):
    """GitHub Pages serves only /404.html: it carries every language's message, and its script
    picks the one whose folder the missing URL is in."""
    soup = site.soup(site.root / "404.html")
    assert soup.html["lang"] == default_language()
    blocks = {block["lang"]: block for block in soup.select(".lw-not-found")}
    assert sorted(blocks) == sorted(language_codes())
    for code, block in blocks.items():
        prefix = "" if code == default_language() else f"{code}/"
        assert block.find("a")["href"] == "/" + prefix
    script = soup.select_one("article script").string
    assert "location.pathname" in script and "documentElement.lang" in script


def test_every_switcher_link_keeps_the_page_and_tells_its_language(site):
    """On every page, the switcher offers every language once, pointing at the same page in that
    language, and its hreflang is the language that page is really written in (English for a
    fallback). One real click is in test_browser.py."""
    from letters.data import language

    problems = []
    codes = language_codes()
    for path in site.pages():
        code = site.language_of(path)
        below = path.relative_to(site.root / ("" if code == default_language() else code))
        if path.name == "404.html":
            continue
        links = site.soup(path).select("a.md-select__link")
        # A language without this page in its own words carries a note (.lw-in-english).
        name_of = {id(a): a.find(string=True, recursive=False).strip() for a in links}
        names = sorted(name_of[id(a)] for a in links)
        if names != sorted(language(other).name for other in codes):
            problems.append(f"{path.relative_to(site.root)}: switcher offers {names}")
        for link in links:
            url = urljoin("http://site/" + path.relative_to(site.root).as_posix(), link["href"])
            target = (site.root / unquote(urlsplit(url).path).lstrip("/")).resolve() / "index.html"
            other = next(c for c in codes if language(c).name == name_of[id(link)])
            folder = site.root if other == default_language() else site.root / other
            if target != (folder / below).resolve():
                problems.append(f"{path.relative_to(site.root)}: {other} link goes to {target}")
            elif link["hreflang"] != site.soup(target).html["lang"]:
                problems.append(
                    f"{path.relative_to(site.root)}: {other} link says {link['hreflang']}, "
                    f"the page is {site.soup(target).html['lang']}"
                )
    assert not problems, "\n".join(problems[:20])
