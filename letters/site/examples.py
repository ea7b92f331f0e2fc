"""Every example letter rendered with its example data and checked, and the files a letter page
offers for download."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import quote

from letters import builder
from letters.catalog import Letter, letters
from letters.check import Report, check_draft
from letters.render import Rendered, render
from letters.rules import guides


@dataclass(frozen=True)
class Example:
    """One letter in one language, rendered with its example data and checked."""

    letter: Letter
    lang: str
    rendered: Rendered
    report: Report

    @property
    def stem(self) -> str:
        return f"{self.letter.id}/{self.lang}"


def examples(languages: Collection[str] | None = None) -> list[Example]:
    """Every letter rendered and checked in every language it has (or in these languages only:
    a preview of one language renders and checks only its letters)."""
    found = []
    for letter in letters().values():
        for lang in letter.languages:
            if languages is not None and lang not in languages:
                continue
            rendered = render(letter, lang)
            report = check_draft(rendered.txt(), guides()[letter.guide], lang, letter.scenarios)
            found.append(Example(letter, lang, rendered, report))
    return found


def downloads(example: Example) -> dict[str, bytes]:
    """The files a letter page offers, by their path in the site, and the letter builder's data
    (letters/builder.py), which the page's form loads on first use."""
    base = f"downloads/{example.stem}"
    return {
        f"{base}.txt": example.rendered.txt().encode("utf-8"),
        f"{base}.eml": example.rendered.eml(),
        f"{base}.j2": example.letter.template_path(example.lang).read_bytes(),
        **builder.builder_files(example),
    }


def mailto(rendered: Rendered) -> str:
    """A mailto: link with subject and body, percent-encoded as RFC 6068 asks (CRLF line breaks)."""
    body = rendered.body.rstrip("\n").replace("\n", "\r\n")
    return (
        f"mailto:{quote(rendered.data['recipient_email'], safe='@')}"
        f"?subject={quote(rendered.subject, safe='')}&body={quote(body, safe='')}"
    )
