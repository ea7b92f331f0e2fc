"""Build hook: the letter pages, guide checklists and catalogue come from the letters package.

Before each build it renders every letter with its example data, runs the checker on it and
writes what the pages include into snippets/generated/ (only files that changed, so `mkdocs
serve` settles); the downloads (.txt, .eml, .j2) are added to the site as generated files; and
each guide's section in the nav gets its letter pages, so adding a letter means adding files.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from letters.catalog import letters
from letters.rules import guides
from letters.site import downloads, examples, write_snippets

generated: dict[str, bytes] = {}


def _i18n(config):
    return config.plugins["i18n"]


def _guide_title(pages, item) -> str | None:
    return pages[item].title["en"] if isinstance(item, str) and item in pages else None


def on_config(config):
    """Turn each guide in the nav into a section: its page, then its letters' pages."""
    pages = {guide.page: guide for guide in guides().values()}

    def expand(items):
        result = []
        for item in items:
            if isinstance(item, str) and item in pages:
                guide = pages[item]
                folder = item.rsplit("/", 1)[0]
                letter_pages = [
                    f"{folder}/{letter.id.split('/')[1]}.md"
                    for letter in letters().values()
                    if letter.guide == guide.id
                ]
                result.append({guide.title["en"]: [item, *letter_pages]})
            elif isinstance(item, dict):
                # Each language's build runs this again on the same nav: leave done sections alone.
                ((title, value),) = item.items()
                done = isinstance(value, list) and value and title == _guide_title(pages, value[0])
                if isinstance(value, list) and not done:
                    value = expand(value)
                result.append({title: value})
            else:
                result.append(item)
        return result

    config.nav = expand(config.nav)
    return config


def on_pre_build(config):
    if _i18n(config).building:
        return  # the other languages' builds reuse what the outer build generated
    found = examples()
    write_snippets(Path(config.config_file_path).parent / "snippets" / "generated", found)
    generated.clear()
    for example in found:
        generated.update(downloads(example))


@event_priority(-200)  # after static-i18n has sorted the files into languages
def on_files(files, config):
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    return files
