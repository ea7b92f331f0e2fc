"""Each language searches its own index: its own pages only, no other language, no fallbacks."""

from __future__ import annotations

import json
import unicodedata

import pytest

from letters.data import default_language, language, language_codes

# A word that occurs in one language's guide and nowhere else on the site.
ONLY_IN = {
    "en": ("exaggerate", "guides/bad-news/"),
    "hi": ("परिलक्षित", "guides/reminder/"),
    "cs": ("rozhořčenou", "guides/reminder/"),
    "bn": ("পৃষ্ঠপোষকতা", "guides/bad-news/"),
    "is": ("boðskiptaaðganganna", "guides/customer-service/"),
}


def prefix(code: str) -> str:
    return "" if code == default_language() else f"{code}/"


def index(site, code: str) -> dict:
    return json.loads(
        (site.root / prefix(code) / "search" / "search_index.json").read_text("utf-8")
    )


def test_every_language_has_a_word_to_search_for():
    assert set(ONLY_IN) == set(language_codes())


@pytest.mark.parametrize("code", language_codes())
def test_a_word_from_the_languages_guide_finds_that_languages_page(site, code):
    word, page = ONLY_IN[code]
    hits = [doc["location"] for doc in index(site, code)["docs"] if word in doc["text"]]
    assert hits, f"{word!r} is not in the {code} index"
    assert all(hit.startswith(page) for hit in hits), hits
    for other in language_codes():
        if other != code:
            assert not any(word in doc["text"] for doc in index(site, other)["docs"]), other


@pytest.mark.parametrize("code", language_codes())
def test_index_holds_only_pages_written_in_its_language(site, code):
    """No other language's pages and no English fallback copies."""
    for doc in index(site, code)["docs"]:
        page = site.root / prefix(code) / doc["location"].split("#")[0] / "index.html"
        assert page.exists(), doc["location"]
        assert site.soup(page).html["lang"] == code, doc["location"]


@pytest.mark.parametrize("code", language_codes())
def test_index_uses_the_languages_lunr_settings(site, code):
    config = index(site, code)["config"]
    assert config["pipeline"] == language(code).search["pipeline"]
    assert config["separator"] == language(code).search["separator"]
    # lunr's Hindi support pulls in the 678 KB wordcut.js for every search: never ask for it.
    assert config["lang"] == ["en"]


@pytest.mark.parametrize("code", ["hi", "cs", "bn", "is"])
def test_no_lunr_pipeline_step_that_strips_non_ascii_letters(code):
    """lunr's trimmer removes \\W, which in JavaScript is every letter outside ASCII, and its
    English stemmer and stop words mangle other languages' words."""
    assert language(code).search["pipeline"] == []


def test_separator_splits_on_danda():
    import re

    separator = re.compile(language("hi").search["separator"])
    words = [w for w in separator.split(unicodedata.normalize("NFC", "भुगतान करें। धन्यवाद॥ ठीक")) if w]
    assert words == ["भुगतान", "करें", "धन्यवाद", "ठीक"]
