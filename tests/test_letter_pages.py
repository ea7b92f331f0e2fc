"""The letter pages show exactly what the templates render and what the checker says."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import BuiltSite, run_cli

from letters.builder import MAILTO_LIMIT
from letters.catalog import letters
from letters.check import check_draft
from letters.data import default_language, language_codes, strings
from letters.render import subject_prefix
from letters.rules import guides

LETTER_PAGES = [(item, code) for item in letters().values() for code in item.languages]


def prefix(code: str) -> str:
    return "" if code == default_language() else f"{code}/"


def page_path(site: BuiltSite, letter_id: str, code: str) -> Path:
    return site.root / prefix(code) / "guides" / letter_id / "index.html"


@pytest.fixture(scope="module")
def cli_output() -> dict[tuple[str, str, str], bytes]:
    """What `letters render` prints for every letter, language and format."""
    outputs = {}
    for item, code in LETTER_PAGES:
        for fmt in ("txt", "eml"):
            result = run_cli("render", item.id, "--lang", code, "--format", fmt)
            assert result.returncode == 0, result.stderr
            outputs[(item.id, code, fmt)] = result.stdout
    return outputs


def shown_letter(site: BuiltSite, path: Path) -> str:
    heading = site.soup(path).find(id="letter")
    return heading.find_next("pre").get_text()


@pytest.mark.parametrize(("item", "code"), LETTER_PAGES, ids=lambda v: getattr(v, "id", v))
def test_page_shows_exactly_what_the_cli_renders(site, cli_output, item, code):
    path = page_path(site, item.id, code)
    assert path.exists(), f"no {code} page for {item.id}"
    expected = cli_output[(item.id, code, "txt")].decode("utf-8")
    assert shown_letter(site, path).rstrip("\n") == expected.rstrip("\n")


def test_download_names_say_what_they_are_and_are_unique(site):
    """The download attribute's value: an ASCII slug and the language code, one per letter and
    language across the site (an empty attribute saved every Czech letter as cs.txt)."""
    import re

    seen = {}
    for item, code in LETTER_PAGES:
        soup = site.soup(page_path(site, item.id, code))
        names = [a.get("download") for a in soup.select("article ul a[download]")]
        assert len(names) == 3, (item.id, code, names)
        for name in names:
            assert re.fullmatch(rf"[a-z0-9]+(-[a-z0-9]+)*\.{code}\.(txt|eml|j2)", name or ""), (
                f"{item.id} ({code}): download name {name!r}"
            )
            assert name not in seen, f"{name} is both {seen[name]} and {item.id} ({code})"
            seen[name] = f"{item.id} ({code})"
    assert seen["faktura-po-splatnosti.cs.txt"] == "reminder/overdue-invoice (cs)"
    assert seen["taekniadstod.is.txt"] == "customer-service/technical-support (is)"  # æ, ð
    assert seen["reminder-overdue-invoice.hi.txt"] == "reminder/overdue-invoice (hi)"


@pytest.mark.parametrize(("item", "code"), LETTER_PAGES, ids=lambda v: getattr(v, "id", v))
def test_downloads_exist_and_match(site, cli_output, item, code):
    soup = site.soup(page_path(site, item.id, code))
    links = {
        Path(urlsplit(a["href"]).path).suffix: a["href"] for a in soup.select("article a[download]")
    }
    assert set(links) == {".txt", ".eml", ".j2"}
    folder = page_path(site, item.id, code).parent

    def download(suffix: str) -> bytes:
        return (folder / links[suffix]).resolve().read_bytes()

    assert download(".txt") == cli_output[(item.id, code, "txt")]
    assert download(".eml") == cli_output[(item.id, code, "eml")]
    assert download(".j2") == item.template_path(code).read_bytes()
    message = email.message_from_bytes(download(".eml"), policy=policy.default)
    assert message["Subject"] and message.get_content().strip()
    assert message["X-Unsent"] == "1", "the .eml opens as received mail, not as a draft"


@pytest.mark.parametrize(("item", "code"), LETTER_PAGES, ids=lambda v: getattr(v, "id", v))
def test_mailto_link_decodes_to_the_letter(site, cli_output, item, code):
    soup = site.soup(page_path(site, item.id, code))
    subject_line, _, body = cli_output[(item.id, code, "txt")].decode("utf-8").partition("\n\n")
    link = soup.select_one("a.lw-mailto")
    if link is None:
        notice = soup.select_one(".lw-mailto-too-long")
        assert notice is not None, "neither a mailto link nor the notice"
        assert soup.select_one("article a[download][href$='.eml']")
        return
    href = link["href"]
    assert len(href) <= MAILTO_LIMIT
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    assert all(ord(ch) < 128 and ch not in " \n\r" for ch in href), "not percent-encoded"
    query = parse_qs(parts.query, keep_blank_values=True)
    recipient = email.message_from_bytes(cli_output[(item.id, code, "eml")], policy=policy.default)[
        "To"
    ]
    assert unquote(parts.path) == recipient.addresses[0].addr_spec
    assert query["subject"] == [subject_line.removeprefix(subject_prefix(code))]
    assert query["body"][0].replace("\r\n", "\n") == body.rstrip("\n")


def test_every_letter_whose_link_fits_offers_it(site):
    """The limit counts the link as written, percent-encoding included (letters.builder cites
    its sources); every example letter, Hindi and Bengali too, fits under it."""
    for item in letters().values():
        for code in item.languages:
            soup = site.soup(page_path(site, item.id, code))
            link = soup.select_one("a.lw-mailto")
            assert link is not None, f"{item.id} ({code}): no mailto link"
            assert len(link["href"]) <= MAILTO_LIMIT
            assert soup.select_one(".lw-mailto-too-long") is None


def test_a_letter_too_long_for_a_link_says_so_with_the_draft_beside_it(
    monkeypatch, rendered_examples
):
    from letters.site import pages

    monkeypatch.setattr(pages, "MAILTO_LIMIT", 100)
    example = next(e for e in rendered_examples if e.lang == "hi")
    generated = pages.letter_page(example)
    assert 'lw-mailto"' not in generated
    notice = BeautifulSoup(
        next(line for line in generated.splitlines() if "lw-mailto-too-long" in line), "html.parser"
    )
    words = strings("hi")["letter_page"]
    assert notice.get_text().startswith(words["mailto_too_long"])
    assert notice.select_one("a[download]")["href"].endswith(".eml")


@pytest.mark.parametrize(("item", "code"), LETTER_PAGES, ids=lambda v: getattr(v, "id", v))
def test_checklist_shows_the_checkers_verdict(site, cli_output, item, code):
    soup = site.soup(page_path(site, item.id, code))
    shown = {
        mark["data-rule"]: mark["data-verdict"] for mark in soup.select("article [data-verdict]")
    }
    guide = guides()[item.guide]
    report = check_draft(
        cli_output[(item.id, code, "txt")].decode("utf-8"), guide, code, item.scenarios
    )
    failed = {finding.rule for finding in report.findings}
    expected = {
        rule.id: ("manual" if not rule.automated else "fail" if rule.id in failed else "pass")
        for rule in guide.rules
        if rule.applies_to(item.scenarios)
    }
    assert shown == expected


def test_every_letter_is_in_every_catalogue(site):
    for code in language_codes():
        soup = site.soup(site.root / prefix(code) / "templates" / "index.html")
        hrefs = {a["href"] for a in soup.select("article table a")}
        for item in letters().values():
            assert any(href.rstrip("/").endswith(item.id) for href in hrefs), (code, item.id)


def test_every_guide_page_links_to_all_its_letters(site):
    for guide in guides().values():
        for code in language_codes():
            page = site.root / prefix(code) / "guides" / guide.id / "index.html"
            if site.source_of(page) is None:
                continue  # a fallback shows the English page, checked as English
            hrefs = {a["href"].rstrip("/") for a in site.soup(page).select("article a")}
            for item in (i for i in letters().values() if i.guide == guide.id):
                assert item.id.split("/")[1] in {h.split("/")[-1] for h in hrefs}, (code, item.id)


@pytest.mark.parametrize("code", ["bn", "en"])
def test_bad_news_quotes_link_to_the_letters_that_produce_them(site, cli_output, code):
    soup = site.soup(site.root / prefix(code) / "guides" / "bad-news" / "index.html")
    quotes = [q for q in soup.select("article blockquote") if not q.select_one(".lw-quote-fix")]
    assert len(quotes) == 5
    for quote in quotes:
        # A garbled source quote is followed by the corrected wording its letter really uses.
        fix = quote.find_next(class_="lw-quote-fix")
        shown = (
            fix
            if fix is not None and fix.find_previous("blockquote") in (quote, fix.parent)
            else quote
        )
        text = " ".join(shown.get_text(" ").split()).strip('"“” ')
        link = quote.find_next("a")
        letter_id = "bad-news/" + link["href"].rstrip("/").split("/")[-1]
        rendered = " ".join(cli_output[(letter_id, code, "txt")].decode("utf-8").split())
        assert text in rendered, (letter_id, text)


def test_an_edited_template_shows_its_new_wording(changed_site):
    path = page_path(changed_site, "reminder/overdue-invoice", "en")
    assert "Many thanks for choosing" in shown_letter(changed_site, path)
    assert "Thank you for choosing" not in shown_letter(changed_site, path)
    download = (path.parent / "../../../downloads/reminder/overdue-invoice/en.txt").resolve()
    assert "Many thanks for choosing" in download.read_text(encoding="utf-8")


def test_a_rule_broken_in_the_template_shows_as_failed(changed_site):
    soup = changed_site.soup(page_path(changed_site, "reminder/overdue-invoice", "en"))
    verdicts = {m["data-rule"]: m["data-verdict"] for m in soup.select("article [data-verdict]")}
    assert verdicts["reminder.acknowledge-payment"] == "fail"
    assert verdicts["reminder.polite-tone"] == "pass"


def test_nav_lists_each_letter_once_under_its_guide(site):
    for code in language_codes():
        nav = site.soup(site.root / prefix(code) / "index.html").select_one("nav.md-nav--primary")
        hrefs = [a["href"].rstrip("/") for a in nav.select("a.md-nav__link[href]")]
        for item in letters().values():
            found = [h for h in hrefs if h.endswith(item.id)]
            assert len(found) == 1, (code, item.id, found)
