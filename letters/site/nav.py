"""Each guide in the nav becomes a section: its page, then its letters' pages, so that adding a
letter means adding files."""

from __future__ import annotations

from letters.catalog import letters
from letters.rules import guides


def expand_guides(nav: list) -> list:
    pages = {guide.page: guide for guide in guides().values()}

    def guide_title(item) -> str | None:
        return pages[item].title["en"] if isinstance(item, str) and item in pages else None

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
                # Each language's build sees the same nav again: leave done sections alone.
                ((title, value),) = item.items()
                done = isinstance(value, list) and value and title == guide_title(value[0])
                if isinstance(value, list) and not done:
                    value = expand(value)
                result.append({title: value})
            else:
                result.append(item)
        return result

    return expand(nav)
