"""Build hook: make mkdocs-static-i18n's five-language build honest, searchable per language
and complete on a static host.

static-i18n builds the default language, then every other language into <code>/ from inside
the default build's post_build event. This hook records every page as it is rendered and, once
the last language is built, writes what static-i18n gets wrong:

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

from mkdocs.plugins import CombinedEvent, event_priority

from letters.contributions import OUTDATED, page_cell
from letters.data import default_language, language, language_codes, strings


@dataclass
class BuildRecord:
    """What the languages' builds leave for the final step; reset at each outer build."""

    # (language, page url) -> (source path without the language folder, is it a fallback?)
    pages: dict[tuple[str, str], tuple[str, bool]] = field(default_factory=dict)
    default_404: str | None = None


record = BuildRecord()


def _i18n(config):
    return config.plugins["i18n"]


def _prefix(code: str) -> str:
    """The URL folder of a language: '' for the default, 'cs/' for Czech."""
    return "" if code == default_language() else f"{code}/"


def on_config(config):
    # This hook writes the sitemap once all languages are built; rendering static-i18n's
    # sitemap template in each language's build would be wasted work.
    config.theme.static_templates.discard("sitemap.xml")
    return config


def on_pre_build(config):
    if not _i18n(config).building:
        record.pages.clear()
        record.default_404 = None


@event_priority(-100)  # after static-i18n (50) has set the language switcher for this page
def on_page_context(context, page, config, nav):
    code = _i18n(config).current_language
    source_language = getattr(page.file, "locale", code)
    is_fallback = source_language != code
    record.pages[(code, page.url)] = (page.file.norm_src_uri, is_fallback)
    context.update(_language_context(code))
    context["page_language"] = source_language
    context["is_fallback"] = is_fallback
    state = page_cell(page.file.norm_src_uri, code).state if not is_fallback else None
    context["is_outdated"] = state == OUTDATED
    if is_fallback:
        # The English original is the canonical copy of what this page shows.
        english_url = page.url.removeprefix(_prefix(code))
        page.canonical_url = config.site_url + english_url
    # The switcher must not claim a translation where the target is English too.
    # static-i18n sets the switcher per page as an attribute of config.extra, which the theme reads.
    for alternate in getattr(config.extra, "alternate", None) or []:
        target = page.file.alternates.get(alternate["lang"])
        if target is not None and target.locale != alternate["lang"]:
            alternate["lang"] = target.locale
    return context


def on_template_context(context, template_name, config):
    # Static templates (404.html) get the same language facts as pages.
    context.update(_language_context(_i18n(config).current_language))
    return context


def _language_context(code: str) -> dict:
    return {
        "site_language": code,
        "site_strings": strings(code),
        "language_prefix": _prefix(code),
        "all_not_found": {
            other: {**strings(other)["not_found"], "prefix": _prefix(other)}
            for other in language_codes()
        },
    }


CHROME_TAGS = re.compile(
    r'<(header|nav|footer)(?= class="md-(?:header|nav md-nav--primary|footer)[ "])'
)


def on_post_page(output, page, config):
    """On a fallback page the content is English but the header, nav and footer are in the
    reader's language: say so, so screen readers pronounce each part in its language."""
    code = _i18n(config).current_language
    if getattr(page.file, "locale", code) != code:
        output = CHROME_TAGS.sub(rf'<\1 lang="{code}"', output)
    return output


@event_priority(0)  # before static-i18n's post_build starts the other languages' builds
def _keep_404(config):
    code = _i18n(config).current_language
    site = Path(config.site_dir)
    page = site / "404.html"
    if not page.exists():
        return
    if code == default_language():
        # The next language's build overwrites site/404.html: keep the default one aside.
        record.default_404 = page.read_text(encoding="utf-8")
    else:
        target = site / _prefix(code) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.replace(target)


@event_priority(-200)  # after static-i18n's post_build: every language is built by now
def _finish(config):
    if _i18n(config).building:
        return  # a nested language build; the outer one finishes
    site = Path(config.site_dir)
    if record.default_404 is not None:
        (site / "404.html").write_text(record.default_404, encoding="utf-8")
    _write_search_indexes(site)
    _write_sitemap(site, config.site_url)


on_post_build = CombinedEvent(_keep_404, _finish)


def _real_pages(code: str) -> dict[str, str]:
    """url -> source path of the pages really written in this language."""
    return {
        url: source
        for (page_code, url), (source, is_fallback) in record.pages.items()
        if page_code == code and not is_fallback
    }


def _write_search_indexes(site: Path) -> None:
    """Split static-i18n's site-wide index into one per language, without fallback pages."""
    merged_path = site / "search" / "search_index.json"
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    for code in language_codes():
        prefix = _prefix(code)
        pages = _real_pages(code)
        docs = []
        for entry in merged["docs"]:
            url = entry["location"].split("#", 1)[0]
            if url in pages:
                docs.append({**entry, "location": entry["location"].removeprefix(prefix)})
        settings = language(code).search
        index = {
            "config": {**merged["config"], "lang": ["en"], **settings},
            "docs": docs,
        }
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _write_sitemap(site: Path, site_url: str) -> None:
    by_source: dict[str, dict[str, str]] = {}
    for code in language_codes():
        for url, source in _real_pages(code).items():
            by_source.setdefault(source, {})[code] = url
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    default = default_language()
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
                if default in versions:
                    href = quoteattr(site_url + versions[default])
                    lines.append(
                        f'    <xhtml:link rel="alternate" hreflang="x-default" href={href}/>'
                    )
            lines.append("  </url>")
    lines.append("</urlset>")
    xml = "\n".join(lines) + "\n"
    (site / "sitemap.xml").write_text(xml, encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
