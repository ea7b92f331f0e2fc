"""The site's chrome as a reader meets it, checked in the built HTML: Material's words that a
language's strings file corrects."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup
from conftest import CHANGED_SITE_URL, ROOT

from letters.data import default_language, language_codes, languages, strings


def test_material_words_corrected_by_a_strings_file_reach_every_page(site):
    """bn.yml corrects Material's misspelt "ভাষা নির্বাচন করুণ" (the language menu's label)."""
    checked = 0
    for code in language_codes():
        fixes = strings(code).get("theme") or {}
        if not fixes:
            continue
        folder = site.root if code == default_language() else site.root / code
        pages = [p for p in folder.rglob("*.html") if site.language_of(p) == code]
        for page in pages:
            button = site.soup(page).select_one(".md-header__option .md-header__button")
            if "select.language" in fixes and button is not None:
                assert button["aria-label"] == fixes["select.language"], page
                checked += 1
            assert "করুণ" not in page.read_text(encoding="utf-8"), page
    assert checked, "no page has a corrected language-menu label"


def test_permalinks_speak_the_page_language_and_are_not_tab_stops(site):
    for code in language_codes():
        folder = site.root if code == default_language() else site.root / code
        page = folder / "templates" / "index.html"
        soup = site.soup(page)
        links = soup.select("a.headerlink")
        assert links, page
        content_language = soup.html["lang"]  # English on a page not translated yet
        for link in links:
            assert link.get("title") == strings(content_language)["permalink_title"], (page, link)
            assert link.get("tabindex") == "-1", (page, link)


def test_variable_names_break_only_after_an_underscore(site):
    page = site.root / "guides" / "reminder" / "overdue-invoice" / "index.html"
    names = site.soup(page).select("#variables ~ table code.lw-var, .md-typeset__table code.lw-var")
    assert names
    for name in names:
        assert "lw-var" in name["class"]
        parts = name.decode_contents().split("<wbr/>")
        assert all(part.endswith("_") for part in parts[:-1]), name


def test_language_menu_says_which_languages_lack_this_page(site):
    """Choosing a language whose version of this page is the English text: the menu says so
    first, in the link's text (its accessible name)."""
    names = {item.code: item.name for item in languages()}
    marked = unmarked = 0
    for page in site.pages():
        code = site.language_of(page)
        note = f"({strings(code)['switcher_in_english']})"
        for link in site.soup(page).select("a.md-select__link"):
            text = " ".join(link.get_text().split())
            target = next(c for c, n in names.items() if text.startswith(n))
            in_english = link["hreflang"] != target
            assert text.endswith(note) == in_english, (page, text, link["hreflang"])
            marked += in_english
            unmarked += not in_english
    assert marked and unmarked


MATERIAL_STRING = re.compile(r'^\s*"([\w.]+)": "(.*)",?$', re.M)


def material_strings(code: str) -> dict[str, str]:
    """Material's UI words for a language, from its language partial."""
    import material

    path = Path(material.__file__).parent / "templates/partials/languages" / f"{code}.html"
    if not path.exists():
        return {}
    return dict(MATERIAL_STRING.findall(path.read_text(encoding="utf-8")))


def _leaves(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, f"{prefix}{key}.")
    elif isinstance(data, str):
        yield prefix.rstrip("."), data


def english_ui_strings(code: str) -> set[str]:
    """The English UI strings this language has translated: from letters/strings/en.yml and
    Material's English partial, less those left the same and the allowed words (in data)."""
    allowed = set(yaml.safe_load((ROOT / "tests" / "english_allowed.yml").read_text("utf-8")))
    ours = dict(_leaves(strings(code)))
    found = {
        text
        for key, text in _leaves(strings(default_language()))
        if key != "meta" and ours.get(key) not in (None, text)
    }
    material_en, material_own = material_strings("en"), material_strings(code)
    found |= {
        text for key, text in material_en.items() if material_own.get(key) not in (None, text)
    }
    return {
        text
        for text in found
        if len(text) > 3 and "{" not in text and "<" not in text and text not in allowed
    }


def test_no_translated_english_ui_string_on_a_translated_page(site):
    problems = []
    for code in language_codes():
        if code == default_language():
            continue
        english = english_ui_strings(code)
        for page in (site.root / code).rglob("*.html"):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            # English content that exists only in English is marked lang="en" (a page not
            # translated yet is English as a whole, its header, nav and footer marked as ours).
            english_content = (
                ".md-content, .md-sidebar--secondary, .md-nav--secondary"
                if soup.html.get("lang") == "en"
                else 'body [lang="en"]'
            )
            for hidden in soup.select(f"script, style, pre, code, {english_content}"):
                hidden.decompose()
            texts = [soup.get_text(" ")]
            texts += [
                str(e.get(a))
                for e in soup.find_all(True)
                for a in ("title", "aria-label")
                if e.get(a)
            ]
            shown = " ".join(" ".join(texts).split())
            for text in english:
                if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", shown):
                    problems.append(f"{page.relative_to(site.root)}: {text!r}")
    assert not problems, "\n".join(sorted(problems)[:60]) + f"\n({len(problems)} in all)"


def test_404_without_javascript_says_it_in_every_language(site):
    """A static host serves the root /404.html for every path; without JavaScript it cannot
    know the missing URL's language, so every language's short notice shows."""
    blocks = site.soup(site.root / "404.html").select(".lw-not-found")
    assert sorted(block["lang"] for block in blocks) == sorted(language_codes())
    assert not [block["lang"] for block in blocks if block.has_attr("hidden")]


def test_404_pages_follow_site_urls_path(changed_site):
    """The changed copy is built as a project site (conftest.py): every URL of its 404 pages,
    which a host serves at any depth, starts with site_url's path."""
    path = urlsplit(CHANGED_SITE_URL).path
    for page in (changed_site.root / "404.html", changed_site.root / "de" / "404.html"):
        text = page.read_text(encoding="utf-8")
        soup = changed_site.soup(page)
        urls = [
            element.get(attribute)
            for element in soup.find_all(["a", "link", "script", "img"])
            for attribute in ("href", "src")
            if element.get(attribute) and not urlsplit(element.get(attribute)).scheme
        ]
        assert urls, page
        assert [url for url in urls if not url.startswith(path)] == [], page
        assert f'"base": "{path}' in text, page
