"""What the MkDocs build reads from the letters package: the languages for mkdocs-static-i18n,
and the Markdown and downloads generated from the templates and the rules, so that the docs can
only ever show what the templates render and what the checker says."""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from letters import builder, contributions
from letters.catalog import Letter, Money, letters
from letters.check import Report, check_draft
from letters.data import language, languages, strings
from letters.markers import Group, describe
from letters.render import FILTERS, Rendered, environment, render, template_filters
from letters.rules import Guide, Rule, conventions, guides, rule_markers

# The depth of a letter page (docs/<lang>/guides/<guide>/<letter>.md) below the docs folder.
TO_DOCS_ROOT = "../../../"
MAILTO_LIMIT = 2000  # characters; longer mailto: links are cut off by some mail apps and browsers
FINGERPRINT_FILE = ".inputs"


def i18n_languages() -> list[dict]:
    """mkdocs-static-i18n's `languages` option, built from languages.yml and the strings files.

    mkdocs.yml calls this through a YAML tag, so languages are declared in one place only.
    """
    return [
        {
            "locale": lang.code,
            "name": lang.name,
            "default": lang.default,
            "build": True,
            "site_name": strings(lang.code)["site_name"],
            "site_description": strings(lang.code)["site_description"],
            "nav_translations": {
                **strings(lang.code)["nav"],
                **{g.title["en"]: g.title.get(lang.code, g.title["en"]) for g in guides().values()},
            },
        }
        for lang in languages()
    ]


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


def examples() -> list[Example]:
    found = []
    for letter in letters().values():
        for lang in letter.languages:
            rendered = render(letter, lang)
            report = check_draft(rendered.txt(), guides()[letter.guide], lang, letter.scenarios)
            found.append(Example(letter, lang, rendered, report))
    return found


def downloads(example: Example) -> dict[str, bytes]:
    """The files a letter page offers, by their path in the site."""
    base = f"downloads/{example.stem}"
    return {
        f"{base}.txt": example.rendered.txt().encode("utf-8"),
        f"{base}.eml": example.rendered.eml(),
        f"{base}.j2": example.letter.template_path(example.lang).read_bytes(),
    }


def mailto(rendered: Rendered) -> str:
    """A mailto: link with subject and body, percent-encoded as RFC 6068 asks (CRLF line breaks)."""
    body = rendered.body.rstrip("\n").replace("\n", "\r\n")
    return (
        f"mailto:{quote(rendered.data['recipient_email'], safe='@')}"
        f"?subject={quote(rendered.subject, safe='')}&body={quote(body, safe='')}"
    )


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _example_value(value, lang: str) -> str:
    """An example value as the template would print it."""
    filters = environment(lang).filters
    if isinstance(value, Money):
        return filters["money"](value)
    if hasattr(value, "isoformat"):
        return filters["date"](value)
    return str(value)


def _rule_link(rule: Rule, from_guide_page: bool) -> str:
    page, _, anchor = rule.source.partition("#")
    if page:
        return f"../../{page}#{anchor}"
    return f"#{anchor}" if from_guide_page else f"index.md#{anchor}"


def letter_page(example: Example) -> str:
    """The generated part of a letter page: the letter, downloads, checklist, template, data,
    variables and filters, in the page's language."""
    words = strings(example.lang)["letter_page"]
    letter, lang, rendered = example.letter, example.lang, example.rendered
    base = f"{TO_DOCS_ROOT}downloads/{example.stem}"
    link = mailto(rendered)
    notice = []
    if contributions.letter_cell(letter.id, lang).state == contributions.OUTDATED:
        notice = ['!!! warning ""', f"    {strings(lang)['outdated_notice']}", ""]
    if len(link) <= MAILTO_LIMIT:
        email_action = (
            f'<a class="md-button md-button--primary lw-mailto" href="{link}">'
            f"{words['open_in_email']}</a>"
        )
    else:
        email_action = (
            f'<p class="lw-mailto-too-long">{words["mailto_too_long"].format(length=len(link))}</p>'
        )
    lines = [
        *notice,
        f"## {words['letter']} {{ #letter }}",
        "",
        "``` { .text .lw-letter }",
        f'--8<-- "generated/letters/{example.stem}/letter.txt"',
        "```",
        "",
        email_action,
        "",
        # The letter builder (letters/builder.py): the form and the letter it writes.
        f"## {strings(lang)['builder']['heading']} {{ #builder }}",
        "",
        builder.builder_html(example),
        "",
        f"## {words['downloads']} {{ #downloads }}",
        "",
        f"- [{words['download_txt']}]({base}.txt){{ download }}",
        f"- [{words['download_eml']}]({base}.eml){{ download }}",
        f"- [{words['download_template']}]({base}.j2){{ download }}",
        "",
        f"## {words['checklist']} {{ #checklist }}",
        "",
        words["checklist_intro"],
        "",
        *checklist(example, words),
        "",
        f"## {words['template']} {{ #template }}",
        "",
        words["template_intro"],
        "",
        "``` { .jinja .lw-letter }",
        f'--8<-- "{letter.id}/{lang}.j2"',
        "```",
        "",
        f"## {words['example_data']} {{ #example-data }}",
        "",
        "```yaml",
        f'--8<-- "{letter.id}/{lang}.yml"',
        "```",
        "",
        f"## {words['variables']} {{ #variables }}",
        "",
        f"| {words['variable']} | {words['type']} | {words['meaning']} | {words['example']} |",
        "| --- | --- | --- | --- |",
    ]
    types = strings(lang)["types"]
    for name, variable in letter.variables_for(lang).items():
        meaning = variable.description.get(lang, variable.description["en"])
        value = _example_value(rendered.data[name], lang)
        if variable.type == "choice":
            value = f"{value} ({variable.value_label(value, lang)})"
        lines.append(f"| `{name}` | {types[variable.type]} | {_cell(meaning)} | {_cell(value)} |")
    lines += ["", f"## {words['filters']} {{ #filters }}", ""]
    used = sorted(template_filters(letter, lang))
    if used:
        lines += [
            words["filters_intro"].format(locale=language(lang).locale),
            "",
            f"| {words['filter']} | {words['babel_call']} |",
            "| --- | --- |",
            *(f"| `{name}` | `{FILTERS[name]}` |" for name in used),
        ]
    else:
        lines.append(words["no_filters"])
    return "\n".join(lines) + "\n"


def checklist(example: Example, words: dict) -> list[str]:
    """One item per rule that applies: automated ones marked with the checker's verdict for this
    rendering, manual ones as a box for the reader."""
    failed = {}
    for finding in example.report.findings:
        failed.setdefault(finding.rule, []).append(finding)
    items = []
    for rule in guides()[example.letter.guide].rules:
        if not rule.applies_to(example.letter.scenarios):
            continue
        title = (
            f"**[{rule.text('title', example.lang)}]({_rule_link(rule, from_guide_page=False)})**"
        )
        explanation = rule.text("explanation", example.lang)
        if not rule.automated:
            mark = (
                f'<label class="lw-verdict lw-manual" data-rule="{rule.id}" data-verdict="manual">'
                f'<input type="checkbox"> {words["check_yourself"]}</label>'
            )
        elif rule.id in failed:
            mark = (
                f'<span class="lw-verdict lw-fail" data-rule="{rule.id}" data-verdict="fail">'
                f"✗ {words['fails']}</span>"
            )
        else:
            mark = (
                f'<span class="lw-verdict lw-pass" data-rule="{rule.id}" data-verdict="pass">'
                f"✓ {words['passes']}</span>"
            )
        items.append(f"- {mark} {title}: {explanation}")
        for finding in failed.get(rule.id, []):
            items.append(f"    - {finding.line}:{finding.column} {finding.message}")
    return items


def _marker_text(entry) -> str:
    """A marker as a reader sees it: words and phrases, formats in brackets, no syntax."""
    return f"<code>{html.escape(describe(entry))}</code>"


def guide_box(guide: Guide, lang: str) -> str:
    """The checklist a guide page ends with, the words each rule looks for, and its letters."""
    words = strings(lang)["guide_box"]
    lines = [f"## {words['checklist']} {{ #checklist }}", ""]
    for rule in guide.rules:
        kind = words["automated"] if rule.automated else words["manual"]
        link = _rule_link(rule, from_guide_page=True)
        lines.append(
            f"- **[{rule.text('title', lang)}]({link})** ({kind}): {rule.text('explanation', lang)}"
        )
    language = conventions(lang)
    for rule in (r for r in guide.rules if r.automated):
        groups = rule_markers(rule.id, lang).groups
        used = [name for name in sorted(rule.groups_used()) if name in groups or name in language.groups]
        if not used:
            continue
        lines += ["", f'??? note "{words["what_counts"]}: {rule.text("title", lang)}"', ""]
        for name in used:
            group = groups.get(name) or language.groups[name]
            label = rule.labels.get(lang, {}).get(name) or language.label(name)
            entries = _flatten(group)
            lines.append(f"    - **{label}**: " + ", ".join(_marker_text(e) for e in entries))
    lines += ["", f"## {words['letters']} {{ #example-letters }}", ""]
    for letter in (item for item in letters().values() if item.guide == guide.id):
        scenarios = ", ".join(guide.scenarios[s].get(lang, s) for s in letter.scenarios)
        suffix = f" ({scenarios})" if scenarios else ""
        title = letter.title.get(lang, letter.title["en"])
        lines.append(f"- [{title}]({letter.id.split('/')[1]}.md){suffix}")
    return "\n".join(lines) + "\n"


def _flatten(group: Group) -> list:
    """A group's entries with the groups it names spelled out (once each)."""
    found, seen = [], set()

    def visit(item):
        if isinstance(item, Group):
            if id(item) in seen:
                return
            seen.add(id(item))
            for entry in item.entries:
                visit(entry)
        else:
            found.append(item)

    visit(group)
    return found


def catalogue(lang: str) -> str:
    """Every letter: its guide, scenarios and languages, linked."""
    words = strings(lang)["catalogue"]
    names = {item.code: item.name for item in languages()}
    lines = [
        f"| {words['letter']} | {words['guide']} | {words['scenario']} | {words['languages']} |",
        "| --- | --- | --- | --- |",
    ]
    for letter in letters().values():
        guide = guides()[letter.guide]
        title = letter.title.get(lang, letter.title["en"])
        scenarios = ", ".join(guide.scenarios[s].get(lang, s) for s in letter.scenarios) or "—"
        lines.append(
            f"| [{title}](guides/{letter.id}.md) "
            f"| [{guide.title.get(lang, guide.title['en'])}]({guide.page}) "
            f"| {scenarios} | {', '.join(names[code] for code in letter.languages)} |"
        )
    return "\n".join(lines) + "\n"


def status_page(lang: str) -> str:
    """The translation matrix, as it is on disk: every guide, letter, other page and the site's
    strings by language: original, translated, outdated or missing (with how to add it)."""
    words = strings(lang)["status"]
    codes = [item.code for item in languages()]
    names = {item.code: item.name for item in languages()}
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
    for row in contributions.status():
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
    gaps = contributions.rule_data_gaps()
    lines += table(words["rules"], "rules")
    cells = [
        words["rules_complete"]
        if not gaps[code]
        else words["rules_incomplete"].format(count=gaps[code])
        for code in codes
    ]
    lines.append("| `letters/rules/*.yml` | " + " | ".join(cells) + " |")
    return "\n".join(lines).lstrip("\n") + "\n"


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


def write_if_changed(path: Path, content: str | bytes) -> None:
    """Leave unchanged files alone, so `mkdocs serve` does not rebuild for nothing."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def fingerprint(*folders: Path) -> str:
    """A hash of every file the generated parts depend on (the letters package, its data, and
    the docs whose translation state the status page shows)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def write_snippets(target: Path, found: list[Example], stamp: str = "") -> None:
    """Everything the pages include from snippets/generated/, and the downloads in
    snippets/generated/downloads/; stale files are removed. `stamp` records the inputs'
    fingerprint, so that a build whose inputs did not change can reuse the lot."""
    wanted: dict[Path, str | bytes] = {}
    for example in found:
        folder = target / "letters" / example.stem
        wanted[folder / "letter.txt"] = example.rendered.txt()
        wanted[folder / "page.md"] = letter_page(example)
        for path, content in downloads(example).items():
            wanted[target / path] = content
        for path, content in builder.builder_files(example).items():  # the builder's data
            wanted[target / path] = content
    for guide in guides().values():
        for lang in {e.lang for e in found if e.letter.guide == guide.id}:
            wanted[target / "guides" / guide.id / f"{lang}.md"] = guide_box(guide, lang)
    for lang in (item.code for item in languages()):
        wanted[target / "catalogue" / f"{lang}.md"] = catalogue(lang)
        wanted[target / "status" / f"{lang}.md"] = status_page(lang)
    wanted[target / FINGERPRINT_FILE] = stamp
    for path, content in wanted.items():
        write_if_changed(path, content)
    for path in target.rglob("*"):
        if path.is_file() and path not in wanted:
            path.unlink()
