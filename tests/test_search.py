"""Each language searches its own index: its own pages only, no other language, no fallbacks."""

from __future__ import annotations

import json
import unicodedata

import pytest
import regex

from letters.data import default_language, language, language_codes


def prefix(code: str) -> str:
    return "" if code == default_language() else f"{code}/"


def index(site, code: str) -> dict:
    return json.loads(
        (site.root / prefix(code) / "search" / "search_index.json").read_text("utf-8")
    )


WORD = regex.compile(r"[\p{L}\p{M}]{6,}")


def words_of(site, code: str) -> dict[str, set[str]]:
    """Every long word of a language's index, with the pages it occurs on."""
    found: dict[str, set[str]] = {}
    for doc in index(site, code)["docs"]:
        for word in WORD.findall(unicodedata.normalize("NFC", doc["text"])):
            found.setdefault(word, set()).add(doc["location"].split("#")[0])
    return found


@pytest.mark.parametrize("code", language_codes())
def test_a_word_only_this_language_writes_is_found_in_its_index_alone(site, code):
    """The word is taken from the built site, not from a list: one that occurs in this
    language's own pages and in no other language's index. A language with no page of its
    own yet has an empty index."""
    own = words_of(site, code)
    if not own:
        assert index(site, code)["docs"] == []
        return
    elsewhere = set().union(*(words_of(site, other) for other in language_codes() if other != code))
    unique = sorted((w for w in own if w not in elsewhere), key=lambda w: (-len(own[w]), w))
    assert unique, f"every word of the {code} index also occurs in another language"
    word = unique[0]
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


@pytest.mark.parametrize("code", [c for c in language_codes() if c != default_language()])
def test_no_lunr_pipeline_step_that_strips_non_ascii_letters(code):
    """lunr's trimmer removes \\W, which in JavaScript is every letter outside ASCII, and its
    English stemmer and stop words mangle other languages' words."""
    assert language(code).search["pipeline"] == []


def test_separator_splits_on_danda():
    import re

    separator = re.compile(language("hi").search["separator"])
    words = [w for w in separator.split(unicodedata.normalize("NFC", "भुगतान करें। धन्यवाद॥ ठीक")) if w]
    assert words == ["भुगतान", "करें", "धन्यवाद", "ठीक"]


@pytest.mark.parametrize("code", language_codes())
def test_a_word_typed_without_accents_is_indexed_folded(site, code):
    """Every accented Latin-script word of a language's pages (taken from the built index, not
    from a list) is also in its entry's folded field, folded by the language's table: a query
    'pripomenuti' finds 'připomenutí', 'tolvupost' 'tölvupóst'."""
    from letters.analysis import fold

    table = tuple(language(code).folding.items())
    checked = 0
    for doc in index(site, code)["docs"]:
        folded = set(doc.get("text_folded", "").split())
        for word in WORD.findall(unicodedata.normalize("NFC", doc["text"]).lower()):
            bare = fold(word, table)
            if bare != word and bare.isascii():
                assert bare in folded, (doc["location"], word)
                checked += 1
    if code in ("cs", "is"):
        assert checked, f"no accented word found in the {code} index"
