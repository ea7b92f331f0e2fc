"""The generated Markdown of the pages: a letter page's letter, downloads, checklist, template,
data, variables and filters; a guide's checklist box; the catalogue of every letter."""

from __future__ import annotations

import html

from babel.numbers import format_decimal

from letters import builder
from letters.builder import MAILTO_LIMIT
from letters.catalog import Money, letters
from letters.data import language, language_name, languages, strings
from letters.markers import Format, Group, describe
from letters.numerals import localise_digits
from letters.render import download_stem, environment, formats, template_filters
from letters.rules import Conventions, Guide, Rule, conventions, guides, rule_markers
from letters.site.examples import Example, mailto

# The depth of a letter page (docs/<lang>/guides/<guide>/<letter>.md) below the docs folder.
TO_DOCS_ROOT = "../../../"


def format_count(number: int, lang: str) -> str:
    """A number in the site's text as the language writes it: Babel's grouping for the locale
    (6.175, 6,175, Hindi's lakh grouping) in the locale's own digits (letters.numerals)."""
    locale = language(lang).locale
    return localise_digits(format_decimal(number, locale=locale), locale)


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


def letter_page(example: Example, outdated: bool = False) -> str:
    """The generated part of a letter page: the letter, downloads, checklist, template, data,
    variables and filters, in the page's language."""
    words = strings(example.lang)["letter_page"]
    letter, lang, rendered = example.letter, example.lang, example.rendered
    base = f"{TO_DOCS_ROOT}downloads/{example.stem}"
    link = mailto(rendered)
    name = download_stem(letter, lang)
    notice = []
    if outdated:
        notice = ['!!! warning ""', f"    {strings(lang)['outdated_notice']}", ""]
    if len(link) <= MAILTO_LIMIT:
        email_action = (
            f'<a class="md-button md-button--primary lw-mailto" href="{link}">'
            f"{words['open_in_email']}</a>"
        )
    else:
        # Said in the reader's language, with the draft to download right beside it.
        notice = words["mailto_too_long"].format(length=len(link), limit=MAILTO_LIMIT)
        email_action = (
            f'<p class="lw-mailto-too-long">{notice} '
            f'<a href="{base}.eml" download="{name}.eml">{words["download_eml"]}</a></p>'
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
        # The download attribute names the file: without a value, every letter of a language
        # would save as cs.txt and overwrite the last.
        f'- [{words["download_txt"]}]({base}.txt){{ download="{name}.txt" }}',
        f'- [{words["download_eml"]}]({base}.eml){{ download="{name}.eml" }}',
        f'- [{words["download_template"]}]({base}.j2){{ download="{name}.j2" }}',
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
        # Breaks only after "_" on a narrow screen ("recipient_name", never "recipient_n/ame").
        shown = f'<code class="lw-var">{html.escape(name).replace("_", "_<wbr>")}</code>'
        lines.append(f"| {shown} | {types[variable.type]} | {_cell(meaning)} | {_cell(value)} |")
    lines += ["", f"## {words['filters']} {{ #filters }}", ""]
    used = sorted(template_filters(letter, lang))
    currencies = {value.currency for value in rendered.data.values() if hasattr(value, "currency")}
    calls = formats(lang).calls(currencies)
    if used:
        lines += [
            words["filters_intro"].format(locale=language(lang).locale),
            "",
            f"| {words['filter']} | {words['babel_call']} |",
            "| --- | --- |",
            *(f"| `{name}` | `{calls[name]}` |" for name in used),
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


def _marker_text(entry, language: Conventions) -> str:
    """A marker as a reader sees it: words and phrases as written, a format by its name in the
    page's language ("any amount" is <em>částka</em>), no syntax."""
    if isinstance(entry, Format):
        return f"<em>{html.escape(language.label(entry.kind))}</em>"
    text = describe(
        entry, lambda name: f"‹{language.label(name)}›", without=language.label("without")
    )
    return f"<code>{html.escape(text)}</code>"


def guide_box(guide: Guide, lang: str) -> str:
    """The checklist a guide page ends with, the words each rule looks for, and its letters: an
    addition to the guide, so it carries the editors' marker class (letters.site.editorial)."""
    words = strings(lang)["guide_box"]
    lines = [
        '<div class="lw-editor" markdown>',
        "",
        f"## {words['checklist']} {{ #checklist }}",
        "",
    ]
    for rule in guide.rules:
        kind = words["automated"] if rule.automated else words["manual"]
        link = _rule_link(rule, from_guide_page=True)
        lines.append(
            f"- **[{rule.text('title', lang)}]({link})** ({kind}): {rule.text('explanation', lang)}"
        )
    language = conventions(lang)
    for rule in (r for r in guide.rules if r.automated):
        groups = rule_markers(rule.id, lang).groups
        used = [
            name for name in sorted(rule.groups_used()) if name in groups or name in language.groups
        ]
        if not used:
            continue
        lines += ["", f'??? note "{words["what_counts"]}: {rule.text("title", lang)}"', ""]
        for name in used:
            group = groups.get(name) or language.groups[name]
            label = rule.labels.get(lang, {}).get(name) or language.label(name)
            shown = dict.fromkeys(_marker_text(e, language) for e in _flatten(group))
            lines.append(f"    - **{label}**: " + ", ".join(shown))
    lines += ["", f"## {words['letters']} {{ #example-letters }}", ""]
    for letter in (item for item in letters().values() if item.guide == guide.id):
        # The title names the situation already ("Připomínka termínu", not "… (termín)").
        title = letter.title.get(lang, letter.title["en"])
        lines.append(f"- [{title}]({letter.id.split('/')[1]}.md)")
    lines += ["", "</div>"]
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
    names = {item.code: language_name(item.code, lang) for item in languages()}
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


def quote_note(text: str) -> str:
    """The corrected wording of a guide's quote, as its letter renders it (an editor's addition,
    so it carries the lw-editor class)."""
    return f"> {text}\n{{ .lw-editor .lw-quote-fix }}\n"
