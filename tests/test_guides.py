"""The four source guides are published verbatim, and every version shares the same anchors."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from letters.data import default_language, language_codes

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "sources"

# source file -> (language, built page); the guides' sources README says which is which.
GUIDES = {
    "000_64a04b5bec1c372b.txt": ("hi", "hi/guides/reminder/index.html"),
    "001_61921046216510b4.txt": ("cs", "cs/guides/reminder/index.html"),
    "002_50c24d182a63ac57.txt": ("bn", "bn/guides/bad-news/index.html"),
    "003_678b22e5b4d8ccf1.txt": ("is", "is/guides/customer-service/index.html"),
}

# Scrape artefacts listed in tests/sources/README.md: whole lines that are not content.
ARTEFACT_LINES = re.compile(r"^(Anonim|সুচিপত্র:|Efni\.|.* - Samfélag)$")
# Icelandic list numbering is doubled ("1. 1 Athugaðu…") and sub-points start with "•".
LIST_MARKERS = re.compile(r"^(\d+\. \d+ |• )")
SENTENCE_END = re.compile(r"(?<=[.!?।॥])\s+")
# The Icelandic source's byline is not text but the page's metadata (author and dates, shown
# formatted in the reader's language by letters/site/editorial.py): out of the verbatim set.
BYLINES = {
    "003_678b22e5b4d8ccf1.txt": [
        "Höfundur: Gregory Harris",
        "Sköpunardag: 14 April. 2021",
        "Uppfærsludagsetning: 1 Júlí 2024",
    ],
}
# What every page has around its text: heading permalinks and the edit button.
CHROME = "a.headerlink, .md-content__button"
# What the editors add carries this one class (letters/site/editorial.py); the byline is metadata.
MARKER = "lw-editor"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def source_sentences(name: str) -> list[str]:
    lines = (SOURCES / name).read_text(encoding="utf-8").splitlines()
    content = [LIST_MARKERS.sub("", line.strip()) for line in lines]
    content = [line for line in content if line and not ARTEFACT_LINES.match(line)]
    content = [line for line in content if line not in BYLINES.get(name, [])]
    return [normalise(s) for line in content for s in SENTENCE_END.split(line) if s.strip()]


def page_text(site, relative: str) -> str:
    article = site.soup(site.root / relative).find("article")
    return normalise(article.get_text(" "))


def unmarked_text(article) -> str:
    """The article's text without what carries the editors' marker, the byline and the chrome
    (on a copy: the site's parsed pages are shared between tests)."""
    article = BeautifulSoup(str(article), "html.parser")
    for element in article.select(f".{MARKER}, .lw-byline, {CHROME}"):
        element.decompose()
    return normalise(article.get_text(" "))


def unsourced(source: str, text: str) -> list[str]:
    """What is left of `text` once every sentence of the source is taken out of it."""
    for sentence in sorted(source_sentences(source), key=len, reverse=True):
        text = text.replace(sentence, "\x00")
    return [piece.strip() for piece in text.split("\x00") if piece.strip()]


def test_artefacts_are_recognised():
    """The cleaning above removes what the sources README calls artefacts, and nothing else."""
    sentences = source_sentences("003_678b22e5b4d8ccf1.txt")
    assert "Anonim" not in sentences and "Efni." not in sentences
    assert not any(s.endswith("Samfélag") for s in sentences)
    assert sentences[0] == "Hvernig á að skrifa tölvupóst til þjónustu við viðskiptavini"
    assert "Höfundur: Gregory Harris" not in sentences  # the byline is metadata (BYLINES)
    assert not any("Sköpunardag" in s or "Uppfærsludagsetning" in s for s in sentences)
    assert any(s.startswith("Athugaðu vefsíðuna.") for s in sentences)
    assert "সুচিপত্র:" not in source_sentences("002_50c24d182a63ac57.txt")


@pytest.mark.parametrize("source", GUIDES)
def test_every_sentence_of_the_source_is_published(site, source):
    """Outside what the editors marked as theirs: marking source text would hide it."""
    _, page = GUIDES[source]
    text = unmarked_text(site.soup(site.root / page).find("article"))
    missing = missing_sentences(source, text)
    assert not missing, f"{page} lacks {len(missing)} sentence(s) of {source}:\n" + "\n".join(
        missing
    )


def missing_sentences(source: str, text: str) -> list[str]:
    return [s for s in source_sentences(source) if s not in text]


@pytest.mark.parametrize("source", GUIDES)
def test_nothing_unmarked_but_the_source(site, source):
    """Every addition to a source page (editor's headings and notes, the Czech title, boxes,
    corrected quotes, links) carries the marker class: what is left is the source verbatim."""
    _, page = GUIDES[source]
    left = unsourced(source, unmarked_text(site.soup(site.root / page).find("article")))
    assert not left, f"{page}: text neither in the source nor marked {MARKER}: {left}"


def test_the_check_detects_an_unmarked_addition(site):
    """An editor's sentence without the class, or a source sentence with it, is found."""
    source, (_, page) = next(iter(GUIDES.items()))
    article = BeautifulSoup(str(site.soup(site.root / page).find("article")), "html.parser")
    added = article.new_tag("p")
    added.string = "An editor's sentence without the marker."
    article.append(added)
    first = article.find("p", string=lambda text: text and source_sentences(source)[1] in text)
    first["class"] = [MARKER]
    text = unmarked_text(article)
    assert unsourced(source, text) == ["An editor's sentence without the marker."]
    assert missing_sentences(source, text)


def test_every_editors_addition_carries_the_marker_and_the_pages_language(site):
    """Editor's notes (`!!! editor`) and everything marked say which language they are in."""
    offenders, notes = [], 0
    for path in site.pages():
        soup = site.soup(path)
        page_lang = soup.find("html")["lang"]
        for note in soup.select("article .admonition.editor, article details.editor"):
            notes += 1
            if MARKER not in note["class"]:
                offenders.append(f"{path.relative_to(site.root)}: a note without {MARKER}")
        for element in soup.select(f"article .{MARKER}"):
            if element.get("lang") != page_lang:
                offenders.append(
                    f"{path.relative_to(site.root)}: {element.name} lang={element.get('lang')!r}"
                    f" on a {page_lang} page"
                )
    assert notes >= 40  # 48 today, every language
    assert not offenders, "\n".join(offenders[:20])


@pytest.mark.parametrize(
    ("page", "byline"),
    [
        (
            "is/guides/customer-service/index.html",
            "Höfundur: Gregory Harris · skrifað 14. apríl 2021 · síðast uppfært 1. júlí 2024",
        ),
        (
            "guides/customer-service/index.html",
            "By Gregory Harris · written 14 April 2021 · last updated 1 July 2024",
        ),
        (  # the English page shown to a Czech reader: the metadata in Czech
            "cs/guides/customer-service/index.html",
            "Autor: Gregory Harris · publikováno 14. dubna 2021"
            " · naposledy aktualizováno 1. července 2024",
        ),
    ],
)
def test_the_byline_is_the_pages_metadata_in_the_readers_language(site, page, byline):
    article = site.soup(site.root / page).find("article")
    shown = article.select(".lw-byline")
    assert [normalise(element.get_text(" ")) for element in shown] == [byline]
    first = page.split("/")[0]
    reader = first if first in language_codes() else default_language()
    assert shown[0]["lang"] == reader
    assert shown[0].find_previous_sibling("h1"), "the byline stands under the title"
    text = page_text(site, page)
    assert "Sköpunardag" not in text and "Uppfærsludagsetning" not in text


def test_the_check_detects_a_dropped_sentence(site):
    """The same check, on the Czech page with one sentence taken out, names that sentence."""
    source = "001_61921046216510b4.txt"
    dropped = source_sentences(source)[5]
    text = page_text(site, GUIDES[source][1]).replace(dropped, "")
    assert missing_sentences(source, text) == [dropped]


def section_anchors(site, relative: str) -> list[str]:
    """Ids of headings and of the paragraphs, list items and quotes the guides anchor."""
    article = site.soup(site.root / relative).find("article")
    return [
        element["id"]
        for element in article.find_all(["h1", "h2", "h3", "h4", "p", "li", "blockquote"], id=True)
    ]


@pytest.mark.parametrize(
    ("english", "originals"),
    [
        (
            "guides/reminder/index.html",
            ["hi/guides/reminder/index.html", "cs/guides/reminder/index.html"],
        ),
        ("guides/bad-news/index.html", ["bn/guides/bad-news/index.html"]),
        ("guides/customer-service/index.html", ["is/guides/customer-service/index.html"]),
    ],
)
def test_english_version_has_the_originals_anchors(site, english, originals):
    expected = section_anchors(site, english)
    assert len(expected) >= 6
    for original in originals:
        assert section_anchors(site, original) == expected, original


def test_no_numbered_duplicate_anchors(site):
    """Explicit anchors everywhere: no heading falls back to a generated `_1`/`_2` slug."""
    offenders = []
    for path in site.pages():
        for element in site.soup(path).find_all(re.compile(r"^h[1-6]$"), id=True):
            if re.search(r"_\d+$", element["id"]):
                offenders.append(f"{path.relative_to(site.root)}#{element['id']}")
    assert not offenders, offenders


def test_every_heading_in_the_docs_has_an_explicit_anchor():
    missing = []
    for markdown in sorted((ROOT / "docs").rglob("*.md")):
        in_fence = False
        for number, line in enumerate(markdown.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("```"):
                in_fence = not in_fence
            if (
                not in_fence
                and re.match(r"^#{1,6} ", line)
                and not re.search(r"\{ #[\w-]+( \.[\w-]+)* \}$", line)
            ):
                missing.append(f"{markdown.relative_to(ROOT)}:{number}: {line}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize(
    ("page", "note_words"),
    [
        ("cs/guides/reminder/index.html", ["připusťte možnost", "nepomohou", "sbírku", "písmeno"]),
        ("bn/guides/bad-news/index.html", ["সুসমাচার", "খারাপ খবরের চিঠি"]),
        ("is/guides/customer-service/index.html", ["á netinu á netinu", "mun mun minni"]),
    ],
)
def test_garbled_translations_carry_an_editors_note(site, page, note_words):
    notes = " ".join(
        normalise(note.get_text(" "))
        for note in site.soup(site.root / page).select("article .admonition.editor")
    )
    for words in note_words:
        assert words in notes, f"{page}: no editor's note mentions {words!r}"
