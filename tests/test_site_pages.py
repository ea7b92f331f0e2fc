"""Every page of every language in the built site: language, title, links, alternates, hosts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from letters.data import default_language, language_codes

SITE_HOST = "letterwise.example"  # mkdocs.yml's default site_url


def test_strict_build_has_no_warnings(site):
    assert "WARNING" not in site.log, site.log


def _is_page(path: Path) -> bool:
    return path.name != "404.html"


def _expected_lang(site, path: Path) -> str:
    """A page in its own language carries that language; a fallback is English."""
    return site.language_of(path) if site.source_of(path) else default_language()


def test_every_page_declares_its_language_and_has_a_title(site):
    problems = []
    for path in filter(_is_page, site.pages()):
        soup = site.soup(path)
        expected = _expected_lang(site, path)
        if soup.html.get("lang") != expected:
            problems.append(f"{path}: lang={soup.html.get('lang')!r}, expected {expected!r}")
        title = soup.title.get_text(strip=True) if soup.title else ""
        if not title:
            problems.append(f"{path}: no <title>")
    assert not problems, "\n".join(problems)


def _resolve(site, page: Path, href: str) -> tuple[Path | None, str]:
    """The built file and fragment a same-site link points at (None when it leaves the site)."""
    page_url = "http://site/" + page.relative_to(site.root).as_posix()
    target = urlsplit(urljoin(page_url, href))
    if target.scheme not in ("http", "https") or target.netloc != "site":
        return None, ""
    path = site.root / unquote(target.path).lstrip("/")
    if target.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(target.fragment)


def test_no_link_or_anchor_resolves_to_nothing(site):
    problems = []
    for path in site.pages():
        soup = site.soup(path)
        for element in soup.find_all(["a", "link", "script", "img", "source"]):
            href = element.get("href") or element.get("src")
            if not href or href.startswith(("mailto:", "tel:", "data:")):
                continue
            target, fragment = _resolve(site, path, href)
            if target is None:
                continue
            if path.name == "404.html" and href.startswith("/"):
                continue  # error pages use root-absolute links; checked in test_not_found
            if not target.exists():
                problems.append(f"{path.relative_to(site.root)}: {href} -> missing file")
            elif fragment and target.suffix == ".html" and fragment not in site.ids(target):
                problems.append(f"{path.relative_to(site.root)}: {href} -> missing anchor")
    assert not problems, "\n".join(problems)


def test_no_other_host_outside_plain_content_links(site):
    """Chrome, assets and metadata stay on the site: only links a reader clicks in the text may
    point elsewhere (and the canonical URL at site_url)."""
    problems = []
    for path in site.pages():
        soup = site.soup(path)
        for element in soup.find_all(True):
            for attribute in ("href", "src", "action", "srcset", "poster", "data"):
                value = element.get(attribute)
                if not value or not re.match(r"^(https?:)?//", value):
                    continue
                host = urlsplit(value if ":" in value else "https:" + value).netloc
                in_content = element.name == "a" and element.find_parent("article") is not None
                if host == SITE_HOST and element.get("rel") == ["canonical"]:
                    continue
                if not in_content:
                    problems.append(
                        f"{path.relative_to(site.root)}: <{element.name} {attribute}={value}>"
                    )
    assert not problems, "\n".join(problems)


def test_no_head_alternates_that_make_material_fetch_sitemaps(site):
    """Material fetches sitemap.xml next to every <link rel=alternate>; the hreflang alternates
    are in sitemap.xml instead."""
    for path in site.pages():
        assert not site.soup(path).find("link", rel="alternate"), path


def test_language_switcher_keeps_the_reader_on_the_same_page(site):
    problems = []
    for path in filter(_is_page, site.pages()):
        soup = site.soup(path)
        code = site.language_of(path)
        page_path = path.relative_to(site.root).as_posix()
        neutral = page_path.removeprefix(f"{code}/") if code != default_language() else page_path
        links = soup.select("a.md-select__link")
        if len(links) != len(language_codes()):
            problems.append(f"{page_path}: {len(links)} switcher links")
        for link in links:
            target, _ = _resolve(site, path, link["href"])
            target_path = target.relative_to(site.root).as_posix()
            target_code = site.language_of(target)
            if target_path != (
                neutral if target_code == default_language() else f"{target_code}/{neutral}"
            ):
                problems.append(f"{page_path}: switcher goes to {target_path}")
            # hreflang names the language the target is written in: a fallback is English.
            if link.get("hreflang") != site.soup(target).html["lang"]:
                problems.append(f"{page_path}: {link['href']} hreflang={link.get('hreflang')}")
    assert not problems, "\n".join(problems)


def test_each_page_loads_its_own_languages_search_index(site):
    """Material fetches search/search_index.json relative to its config's base."""
    problems = []
    for path in site.pages():
        config = json.loads(site.soup(path).find("script", id="__config").string)
        page_url = "http://site/" + path.relative_to(site.root).as_posix()
        index_url = urljoin(urljoin(page_url, config["base"]), "search/search_index.json")
        code = site.language_of(path)
        prefix = "" if code == default_language() else f"{code}/"
        if index_url != f"http://site/{prefix}search/search_index.json":
            problems.append(f"{path.relative_to(site.root)}: loads {index_url}")
    assert not problems, "\n".join(problems)
    for code in language_codes():
        prefix = "" if code == default_language() else f"{code}/"
        assert (site.root / prefix / "search" / "search_index.json").is_file()


@pytest.mark.parametrize("code", language_codes())
def test_home_page_exists_in_every_language(site, code):
    """In the language's own words once it has them; until then the English fallback."""
    prefix = "" if code == default_language() else f"{code}/"
    home = site.root / prefix / "index.html"
    assert site.soup(home).html["lang"] == _expected_lang(site, home)
