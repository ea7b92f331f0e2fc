"""The translation status page: every guide, letter, other page and the site's strings by
language, as they are on disk (the states come from letters.contributions)."""

from __future__ import annotations

from letters import contributions
from letters.catalog import letters
from letters.data import language_name, languages, strings
from letters.rules import guides
from letters.site.pages import format_count


def status_page(
    lang: str, rows: list[contributions.Row] | None = None, gaps: dict[str, int] | None = None
) -> str:
    """The translation matrix, as it is on disk: every guide, letter, other page and the site's
    strings by language: original, translated, outdated or missing (with how to add it).

    `rows` and `gaps` are `contributions.status()` and `contributions.rule_data_gaps()`, when the
    caller has them already: a build makes every language's page from one reading of the files."""
    rows = contributions.status() if rows is None else rows
    gaps = contributions.rule_data_gaps() if gaps is None else gaps
    words = strings(lang)["status"]
    codes = [item.code for item in languages()]
    names = {item.code: _capitalised(language_name(item.code, lang)) for item in languages()}
    titles = {
        "guide": words["guides"],
        "letter": words["letters"],
        "page": words["pages"],
        "strings": words["strings"],
    }

    def table(title: str, anchor: str) -> list[str]:
        columns = " | ".join(names[code] for code in codes)
        rule = "|---" * (len(codes) + 1) + "|"
        return ["", f"## {title} {{ #status-{anchor} }}", "", f"| {title} | {columns} |", rule]

    lines: list[str] = []
    kind = None
    for row in rows:
        if row.kind != kind:
            kind = row.kind
            lines += table(titles[kind], kind)
        if row.kind == "guide":
            guide = next(g for g in guides().values() if g.page == row.key)
            label = f"[{guide.title.get(lang, guide.title['en'])}]({row.key})"
        elif row.kind == "letter":
            item = letters()[row.key]
            label = f"[{item.title.get(lang, item.title['en'])}](guides/{row.key}.md)"
        elif row.kind == "page":
            label = f"[`{row.key}`]({row.key})"
        else:
            label = "`letters/strings/*.yml`"
        cells = [_status_cell(row.cells[code], words) for code in codes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += table(words["rules"], "rules")
    cells = [
        words["rules_complete"]
        if not gaps[code]
        else words["rules_incomplete"].format(count=format_count(gaps[code], lang))
        for code in codes
    ]
    lines.append("| `letters/rules/*.yml` | " + " | ".join(cells) + " |")
    return "\n".join(progress(lang, rows, gaps) + lines).lstrip("\n") + "\n"


def progress(lang: str, rows: list[contributions.Row], gaps: dict[str, int]) -> list[str]:
    """Per translated language: the share of guides, letters, pages and strings translated (an
    untouched scaffold is missing, see letters.contributions), then every missing file, each
    linked to the page it translates (or to how to add it) and the checker's missing words."""
    from babel.numbers import format_percent

    from letters.data import language
    from letters.numerals import localise_digits

    words = strings(lang)["status"]
    lines = ["", f"## {words['progress']} {{ #status-progress }}"]
    for item in languages():
        if item.default:
            continue
        code = item.code
        cells = [(row, row.cells[code]) for row in rows]
        done = sum(
            cell.state in (contributions.TRANSLATED, contributions.OUTDATED) for _, cell in cells
        )
        locale = language(lang).locale
        share = localise_digits(format_percent(done / len(cells), locale=locale), locale)
        missing = [
            _missing_item(row, code) for row, cell in cells if cell.state == contributions.MISSING
        ]
        if gaps[code]:
            count = words["rules_incomplete"].format(count=format_count(gaps[code], lang))
            missing.append(f"[`letters/rules/*/{code}.yml`](contributing.md#where): {count}")
        attributes = f'#status-progress-{code} data-progress="{done}/{len(cells)}"'
        lines += [
            "",
            f"### {_capitalised(language_name(code, lang))}: {share} {{ {attributes} }}",
            "",
        ]
        if missing:
            lines += [words["still_missing"], "", *(f"- {entry}" for entry in missing)]
        else:
            lines.append(f"- {words['translated']}")
    return lines


def _capitalised(name: str) -> str:
    """A language's name as a heading starts it ("čeština" heads a column as "Čeština")."""
    return name[:1].upper() + name[1:]


def _missing_item(row: contributions.Row, code: str) -> str:
    """The file a missing translation goes in, linked to the page it translates."""
    if row.kind in ("guide", "page"):
        return f"[`docs/{code}/{row.key}`]({row.key})"
    if row.kind == "letter":
        return f"[`letters/templates/{row.key}/{code}.j2`](guides/{row.key}.md)"
    return f"[`letters/strings/{code}.yml`](contributing.md#scaffold)"


def _status_cell(cell: contributions.Cell, words: dict) -> str:
    state = words[cell.state]
    if cell.state == contributions.MISSING:
        return f'[{state}](contributing.md#scaffold){{ .lw-state data-state="missing" }}'
    if cell.state in (contributions.TRANSLATED, contributions.OUTDATED):
        done = "yes" if cell.reviewed_by else "no"
        reviewed = words["reviewed"] if cell.reviewed_by else words["not_reviewed"]
        return (
            f'<span class="lw-state" data-state="{cell.state}" data-reviewed="{done}">'
            f"{state} ({reviewed})</span>"
        )
    return f'<span class="lw-state" data-state="{cell.state}">{state}</span>'
