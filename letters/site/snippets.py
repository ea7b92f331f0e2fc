"""The Markdown the pages include from snippets/generated/: letter pages, guide boxes, the
corrected wording of guide quotes, the catalogue and the status page, regenerated on every build
(only changed files are rewritten,
so `mkdocs serve` settles). Nothing here is trusted across builds: there is no fingerprint."""

from __future__ import annotations

from pathlib import Path

from letters import contributions
from letters.data import languages
from letters.render import marked_regions
from letters.rules import guides
from letters.site.examples import Example
from letters.site.pages import catalogue, guide_box, letter_page, quote_note
from letters.site.status import status_page


def write_if_changed(path: Path, content: str | bytes) -> None:
    """Leave unchanged files alone, so `mkdocs serve` does not rebuild for nothing."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_snippets(target: Path, found: list[Example]) -> None:
    """Everything the pages include from snippets/generated/; stale files are removed. The
    downloads are not written here: the plugin adds them to the site from memory."""
    wanted: dict[Path, str | bytes] = {}
    for example in found:
        folder = target / "letters" / example.stem
        outdated = (
            contributions.letter_cell(example.letter.id, example.lang).state
            == contributions.OUTDATED
        )
        wanted[folder / "letter.txt"] = example.rendered.txt()
        wanted[folder / "page.md"] = letter_page(example, outdated)
    for guide in guides().values():
        for lang in {e.lang for e in found if e.letter.guide == guide.id}:
            wanted[target / "guides" / guide.id / f"{lang}.md"] = guide_box(guide, lang)
    for example in found:
        for name, text in marked_regions(example.letter, example.lang).items():
            wanted[target / "quotes" / example.lang / f"{name}.md"] = quote_note(text)
    rows, gaps = contributions.status(), contributions.rule_data_gaps()  # once for every language
    for lang in (item.code for item in languages()):
        wanted[target / "catalogue" / f"{lang}.md"] = catalogue(lang)
        wanted[target / "status" / f"{lang}.md"] = status_page(lang, rows, gaps)
    for path, content in wanted.items():
        write_if_changed(path, content)
    for path in sorted(target.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
