"""What mkdocs-static-i18n's five-language build gets wrong, put right.

static-i18n builds the root language, then every other language into <code>/ from inside the
root build's post_build event. The plugin records every page as it is rendered (a `BuildRecord`,
new for every build) and, once the last language is built, writes:

- a page missing in a language is shown from English ("fallback"): it gets lang="en", a notice in
  the reader's language, a canonical URL pointing at the English page, and it is left out of
  the sitemap, the hreflang alternates and search;
- one search index per language (<code>/search/search_index.json) with that language's lunr
  settings from languages.yml, each page pointed at its own language's index;
- a 404 page per language, the root one picking the reader's language from the requested path;
- a sitemap of real pages with hreflang alternates for their real translations.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from letters.data import language, strings


@dataclass
class BuildRecord:
    """What the languages' builds leave for the final step of one build."""

    root: str  # the language at the site's root
    codes: list[str]  # the languages built, root first
    # (language, page url) -> (source path without the language folder, is it a fallback?)
    pages: dict[tuple[str, str], tuple[str, bool]] = field(default_factory=dict)
    root_404: str | None = None

    def prefix(self, code: str) -> str:
        """The URL folder of a language: '' for the root language, 'cs/' for Czech."""
        return "" if code == self.root else f"{code}/"

    def language_context(self, code: str) -> dict:
        """What the templates need to speak the page's language."""
        return {
            "site_language": code,
            "site_strings": strings(code),
            "language_prefix": self.prefix(code),
            "all_not_found": {
                other: {**strings(other)["not_found"], "prefix": self.prefix(other)}
                for other in self.codes
            },
        }

    def real_pages(self, code: str) -> dict[str, str]:
        """url -> source path of the pages really written in this language."""
        return {
            url: source
            for (page_code, url), (source, is_fallback) in self.pages.items()
            if page_code == code and not is_fallback
        }


CHROME_TAGS = re.compile(
    r'<(header|nav|footer)(?= class="md-(?:header|nav md-nav--primary|footer)[ "])'
)


def mark_chrome_language(output: str, code: str) -> str:
    """On a fallback page the content is English but the header, nav and footer are in the
    reader's language: say so, so screen readers pronounce each part in its language."""
    return CHROME_TAGS.sub(rf'<\1 lang="{code}"', output)


PERMALINK = re.compile(r'<a class="headerlink" (href="[^"]*") title="Permanent link">')


def quiet_permalinks(output: str, title: str) -> str:
    """Every heading's ¶ link: its tooltip in the page's language, and out of the tab order
    (a letter page has a dozen; the table of contents already links every heading)."""
    return PERMALINK.sub(
        lambda m: f'<a class="headerlink" {m.group(1)} title="{title}" tabindex="-1">', output
    )


def honest_switcher(alternates: list[dict], page) -> None:
    """The switcher must not claim a translation where the target is English too, and says so
    before the reader chooses (overrides/partials/alternate.html shows `in_english`)."""
    for alternate in alternates or []:
        target = page.file.alternates.get(alternate["lang"])
        alternate["in_english"] = target is not None and target.locale != alternate["lang"]
        if alternate["in_english"]:
            alternate["lang"] = target.locale


def keep_404(record: BuildRecord, code: str, site: Path) -> None:
    """Each language's build writes site/404.html: keep the root one aside, move the others."""
    page = site / "404.html"
    if not page.exists():
        return
    if code == record.root:
        record.root_404 = page.read_text(encoding="utf-8")
    else:
        target = site / record.prefix(code) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.replace(target)


def finish(record: BuildRecord, site: Path, site_url: str) -> None:
    if record.root_404 is not None:
        (site / "404.html").write_text(record.root_404, encoding="utf-8")
    write_search_indexes(record, site)
    write_sitemap(record, site, site_url)


def write_search_indexes(record: BuildRecord, site: Path) -> None:
    """Split static-i18n's site-wide index into one per language, without fallback pages."""
    merged_path = site / "search" / "search_index.json"
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    for code in record.codes:
        prefix = record.prefix(code)
        pages = record.real_pages(code)
        docs = []
        for entry in merged["docs"]:
            url = entry["location"].split("#", 1)[0]
            if url in pages:
                docs.append({**entry, "location": entry["location"].removeprefix(prefix)})
        settings = language(code).search
        folding = language(code).folding
        docs = [fold_fields(doc, settings["separator"], folding) for doc in docs]
        fields = {**merged["config"]["fields"], **FOLDED_FIELDS}
        index = {
            "config": {
                **merged["config"],
                "lang": ["en"],
                **settings,
                "fields": fields,
                "folding": folding,
            },
            "docs": docs,
        }
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")


# A word typed without its accents finds the accented one: each entry also holds its words
# folded (letters.analysis.fold: accents off Latin-script words, then the language's `folding:`
# table, ð -> d), in fields weighted below the exact ones so that exact matches rank first. The
# query is folded the same way in the browser (overrides/assets/javascripts/letterwise.js).
FOLDED_FIELDS = {"title_folded": {"boost": 500.0}, "text_folded": {"boost": 0.5}}
TAG = re.compile(r"<[^>]*>")
WORD_CORE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def folded_words(text: str, separator: str, folding: dict) -> str:
    from html import unescape

    from letters.analysis import fold

    table = tuple(folding.items())
    # Words as letters and digits (an entity like &lt; or a tag must not hide one).
    plain = unescape(TAG.sub(" ", text)).lower()
    words = [w for part in re.split(separator, plain) for w in WORD_CORE.findall(part)]
    found = dict.fromkeys(f for w in words if w and (f := fold(w, table)) != w)
    return " ".join(found)


def fold_fields(doc: dict, separator: str, folding: dict) -> dict:
    doc = dict(doc)
    for name in ("title", "text"):
        folded = folded_words(doc.get(name, ""), separator, folding)
        if folded:
            doc[f"{name}_folded"] = folded
    return doc


def write_sitemap(record: BuildRecord, site: Path, site_url: str) -> None:
    by_source: dict[str, dict[str, str]] = {}
    for code in record.codes:
        for url, source in record.real_pages(code).items():
            by_source.setdefault(source, {})[code] = url
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for source in sorted(by_source):
        versions = by_source[source]
        for url in versions.values():
            lines.append(f"  <url><loc>{escape(site_url + url)}</loc>")
            if len(versions) > 1:
                for other, other_url in versions.items():
                    href = quoteattr(site_url + other_url)
                    lines.append(
                        f'    <xhtml:link rel="alternate" hreflang="{other}" href={href}/>'
                    )
                if record.root in versions:
                    href = quoteattr(site_url + versions[record.root])
                    lines.append(
                        f'    <xhtml:link rel="alternate" hreflang="x-default" href={href}/>'
                    )
            lines.append("  </url>")
    lines.append("</urlset>")
    xml = "\n".join(lines) + "\n"
    (site / "sitemap.xml").write_text(xml, encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
