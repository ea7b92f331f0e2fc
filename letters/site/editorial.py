"""What the editors add to a source guide page is visibly theirs, and the byline is metadata.

Every addition to a published source (editor's notes, editor's headings, generated boxes, the
corrected wording of a quote, links) carries one marker class, `lw-editor`, which the stylesheet
shows as not-the-source and the fidelity test (tests/test_guides.py) strips. Editor's notes are
written as `!!! editor` admonitions; `mark_editorial` gives them the class, and gives everything
that carries it the `lang` of the page, so that no test or reader has to guess.

A source's byline (author and dates) is not copied into the text: the page's front matter holds
`author`, `created` and `updated`, and `byline` formats them in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from babel.dates import format_date

from letters.data import language, strings
from letters.numerals import localise_digits

MARKER = "lw-editor"
_TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s[^<>]*?)?(/?)>")
_CLASS = re.compile(r'\sclass="([^"]*)"')


def _is_editors_note(tag: str, classes: list[str]) -> bool:
    return "editor" in classes and (tag == "details" or "admonition" in classes)


def mark_editorial(content: str, lang: str) -> str:
    """The page's HTML with `lw-editor` on every editor's note and `lang` on every marked element
    that has none."""

    def mark(match: re.Match) -> str:
        tag, attributes, closing = match.group(1), match.group(2) or "", match.group(3)
        found = _CLASS.search(attributes)
        if not found:
            return match.group(0)
        classes = found.group(1).split()
        if _is_editors_note(tag.lower(), classes) and MARKER not in classes:
            classes.append(MARKER)
        if MARKER not in classes:
            return match.group(0)
        attributes = _CLASS.sub(lambda _: f' class="{" ".join(classes)}"', attributes, count=1)
        if not re.search(r"\slang=", attributes):
            attributes += f' lang="{lang}"'
        return f"<{tag}{attributes}{closing}>"

    return _TAG.sub(mark, content)


def format_day(day: dt.date, code: str) -> str:
    """A date as the language writes it in running text, in its own digits."""
    locale = language(code).locale
    return localise_digits(format_date(day, format="long", locale=locale), locale)


def byline(meta: dict, code: str) -> str:
    """The page's author and dates, in the reader's language (`code`), or "" without an author."""
    author = meta.get("author")
    if not author:
        return ""
    words = strings(code)["byline"]
    parts = [words["author"].format(author=html.escape(str(author)))]
    for key in ("created", "updated"):
        if isinstance(meta.get(key), dt.date):
            parts.append(words[key].format(date=format_day(meta[key], code)))
    return f'<p class="lw-byline" lang="{code}">' + " · ".join(parts) + "</p>"


def insert_byline(content: str, meta: dict, code: str) -> str:
    """The page's HTML with its byline right after the first heading."""
    line = byline(meta, code)
    if not line:
        return content
    head, found, rest = content.partition("</h1>")
    if not found:
        return line + content
    return f"{head}</h1>\n{line}{rest}"
