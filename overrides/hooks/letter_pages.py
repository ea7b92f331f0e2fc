"""Build hook: the letter pages, guide checklists and catalogue come from the letters package.

Before each build it renders every letter with its example data, runs the checker on it and
writes what the pages include, and the downloads (.txt, .eml, .j2), into snippets/generated/
(only files that changed, so `mkdocs serve` settles; nothing at all when no input changed);
the downloads are added to the site; and each guide's section in the nav gets its letter
pages, so adding a letter means adding files.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from letters.catalog import letters
from letters.rules import guides
from letters.site import FINGERPRINT_FILE, examples, fingerprint, write_snippets


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

    if config.nav:
        config.nav = expand(config.nav)
    return config


def _generated_dir(config) -> Path:
    return Path(config.config_file_path).parent / "snippets" / "generated"


def on_pre_build(config):
    if _i18n(config).building:
        return  # the other languages' builds reuse what the outer build generated
    target = _generated_dir(config)
    root = Path(config.config_file_path).parent
    stamp = fingerprint(root / "letters", root / "docs")
    recorded = target / FINGERPRINT_FILE
    if recorded.exists() and recorded.read_text(encoding="utf-8") == stamp:
        return  # nothing the generated parts depend on has changed since they were written
    write_snippets(target, examples(), stamp)


@event_priority(-200)  # after static-i18n has sorted the files into languages
def on_files(files, config):
    downloads = _generated_dir(config) / "downloads"
    for path in sorted(downloads.rglob("*")):
        if path.is_file():
            uri = path.relative_to(downloads.parent).as_posix()
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files
