"""The letter builder: every letter page lets readers fill in the template and get, in the
browser, exactly the letter `letters.render.render` produces for the same values.

Engine: a small compiler from Jinja2's own AST to a JSON program that a ~3 KB interpreter in
overrides/assets/javascripts/builder/builder.js runs. Jinja2's lexer already applies
trim_blocks/lstrip_blocks, so whitespace comes out of the AST exactly as Jinja2 renders it; the
compiler accepts only the constructs whose Python semantics the interpreter reproduces and refuses
anything else with one line naming the file, line and construct. Why not nunjucks (measured on
these templates, nunjucks 3.2.4 with trimBlocks/lstripBlocks): 20 of 29 letter x choice
renderings identical; it has no `str.lstrip`, `{% set a, b = … %}` does not unpack, and a
comment line followed by trim_blocks leaves a newline Jinja2 does not; the full build (needed,
since the slim one wants templates precompiled by node) is 25.8 KB gzip before any locale data.

The program is data, never code: template text and values stay strings in the browser.

Formatting: Babel's CLDR data for exactly the locales and currencies the letters use is exported
at build time (number and currency patterns, symbols, the date patterns, month and weekday
names), with the language's own patterns and spellings from letters/languages.yml (`formats`);
the digits are whatever the Python side's `number` filter writes for 0-9, so a digit function
added to letters.render (Bengali digits for bn) reaches the browser without a change here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from decimal import Decimal

from babel import Locale
from babel.dates import format_time, tokenize_pattern
from babel.numbers import (
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    parse_pattern,
)
from jinja2 import nodes

from letters.catalog import EMAIL_ADDRESS, PHONE, URL, Letter, Money
from letters.data import InputError, default_language, language, strings
from letters.numerals import localise_digits
from letters.render import (
    FILTER_NAMES,
    SUBJECT_PREFIX,
    download_stem,
    environment,
    formats,
    subject_prefix,
)

# Where the builder's files live in the built site, relative to a letter page's docs root.
SCRIPT = "assets/javascripts/builder/builder.js"
DATA_SUFFIX = ".builder.json"
# The longest mailto: link a letter page offers, counted as the link is written (percent-encoded,
# so one Devanagari or Bengali letter counts nine). The pages (letters/site/pages.py) and the
# builder's button use this one figure. Documented limits on the way from a click to a mail app:
# - Chromium: url::kMaxURLChars = 2 MiB (url/url_constants.h); longer URLs become invalid.
# - Firefox: network.standard-url.max-length = 1,048,576 (modules/libpref/init/all.js).
# - Windows hands the URL to the mail app as its command line: CreateProcess's lpCommandLine
#   holds at most 32,767 characters (Microsoft Learn, "CreateProcessW function").
# - RFC 9110, section 4.1: senders and recipients SHOULD support URIs of at least 8,000 octets.
# The old 2,000 came from Internet Explorer's 2,083 (Microsoft KB 208427), a browser retired in
# 2022. 8,000 is the smallest figure documented for current software, with room under the rest.
MAILTO_LIMIT = 8000

# String methods the interpreter implements with Python's semantics (and the sandbox allows).
METHODS = {"split", "strip", "lstrip", "rstrip", "startswith", "endswith"}
COMPARISONS = {"eq": "==", "ne": "!=", "in": "in", "notin": "not in"}
DATE_FIELDS = {"d", "dd", "M", "MM", "MMM", "MMMM", "L", "LL", "LLL", "LLLL", "y", "yy", "yyyy"}
DATE_FIELDS |= {"EEE", "EEEE", "ccc", "cccc"}  # weekday names
TIME_FIELDS = {"H", "HH", "h", "hh", "m", "mm", "a", "B"}


class Unsupported(Exception):
    def __init__(self, node: nodes.Node, construct: str):
        self.lineno = getattr(node, "lineno", 0)
        super().__init__(construct)


class _Compiler:
    """Jinja2 AST -> JSON program. Statements: a string (text), ["out", expr],
    ["if", [[test, body], …], else_body], ["set", name | [names], expr]."""

    def __init__(self, names: set[str], types: dict[str, str]):
        self.names = set(names)  # declared variables, then names set by the template
        self.types = types

    def body(self, items) -> list:
        program = []
        for node in items:
            program += self.statement(node)
        return program

    def statement(self, node) -> list:
        if isinstance(node, nodes.Output):
            out = []
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    out.append(child.data)
                else:
                    if isinstance(child, nodes.Name) and self.types.get(child.name) == "money":
                        raise Unsupported(child, f"'{{{{ {child.name} }}}}' without | money")
                    out.append(["out", self.expr(child)])
            return out
        if isinstance(node, nodes.If):
            branches = [[self.expr(node.test), self.body(node.body)]]
            branches += [[self.expr(e.test), self.body(e.body)] for e in node.elif_]
            return [["if", branches, self.body(node.else_)]]
        if isinstance(node, nodes.Assign):
            target = node.target
            if isinstance(target, nodes.Name):
                names = target.name
                self.names.add(target.name)
            elif isinstance(target, nodes.Tuple) and all(
                isinstance(item, nodes.Name) for item in target.items
            ):
                names = [item.name for item in target.items]
                self.names.update(names)
            else:
                raise Unsupported(node, "{% set %} to anything but names")
            return [["set", names, self.expr(node.node)]]
        raise Unsupported(node, _construct(node))

    def expr(self, node):
        if isinstance(node, nodes.Name):
            if node.name not in self.names:
                raise Unsupported(node, f"name {node.name!r} (not a variable of this letter)")
            return ["var", node.name]
        if isinstance(node, nodes.Const):
            value = node.value
            if value is None or isinstance(value, bool | str) or type(value) is int:
                return ["const", value]
            raise Unsupported(node, f"constant {value!r} (only strings, integers, True/False/None)")
        if isinstance(node, nodes.Tuple | nodes.List):
            kind = "tuple" if isinstance(node, nodes.Tuple) else "list"
            return [kind, [self.expr(item) for item in node.items]]
        if isinstance(node, nodes.Filter):
            if node.name not in FILTER_NAMES:
                raise Unsupported(node, f"filter '{node.name}' (only {', '.join(FILTER_NAMES)})")
            if node.args or node.kwargs or node.dyn_args or node.dyn_kwargs or node.node is None:
                raise Unsupported(node, f"filter '{node.name}' with arguments")
            return ["filter", node.name, self.expr(node.node)]
        if isinstance(node, nodes.CondExpr):
            if node.expr2 is None:
                raise Unsupported(node, "inline 'if' without 'else'")
            return ["cond", self.expr(node.test), self.expr(node.expr1), self.expr(node.expr2)]
        if isinstance(node, nodes.Compare):
            ops = []
            for operand in node.ops:
                if operand.op not in COMPARISONS:
                    raise Unsupported(node, f"comparison '{operand.op}' (only ==, !=, in, not in)")
                ops.append([operand.op, self.expr(operand.expr)])
            return ["cmp", self.expr(node.expr), ops]
        if isinstance(node, nodes.And | nodes.Or):
            kind = "and" if isinstance(node, nodes.And) else "or"
            return [kind, self.expr(node.left), self.expr(node.right)]
        if isinstance(node, nodes.Not):
            return ["not", self.expr(node.node)]
        if isinstance(node, nodes.Concat):
            return ["concat", [self.expr(item) for item in node.nodes]]
        if isinstance(node, nodes.Mod):
            # Whole-number remainders, for grammar ("numbers ending in 1 but not 11" in Icelandic).
            return ["mod", self.expr(node.left), self.expr(node.right)]
        if isinstance(node, nodes.Call):
            method = node.node
            if not (isinstance(method, nodes.Getattr) and method.attr in METHODS):
                raise Unsupported(
                    node, "call (only the string methods " + ", ".join(sorted(METHODS)) + ")"
                )
            if node.kwargs or node.dyn_args or node.dyn_kwargs:
                raise Unsupported(node, f"call of .{method.attr}() with keyword or * arguments")
            return ["call", self.expr(method.node), method.attr, [self.expr(a) for a in node.args]]
        if isinstance(node, nodes.Getitem):
            index, sign = node.arg, 1
            if isinstance(index, nodes.Neg):  # [-1] parses as Neg(Const(1))
                index, sign = index.node, -1
            if not (isinstance(index, nodes.Const) and type(index.value) is int):
                raise Unsupported(node, "subscript other than [integer]")
            return ["item", self.expr(node.node), sign * index.value]
        raise Unsupported(node, _construct(node))


def _construct(node: nodes.Node) -> str:
    readable = {
        "For": "{% for %}",
        "Macro": "{% macro %}",
        "CallBlock": "{% call %}",
        "FilterBlock": "{% filter %}",
        "With": "{% with %}",
        "Include": "{% include %}",
        "Import": "{% import %}",
        "FromImport": "{% from … import %}",
        "Extends": "{% extends %}",
        "Block": "{% block %}",
        "AssignBlock": "{% set %}…{% endset %}",
        "Test": "test ('is …')",
        "Getattr": "attribute access",
        "Slice": "slice",
        "Dict": "dict literal",
    }
    name = type(node).__name__
    if name in readable:
        return readable[name]
    if isinstance(node, nodes.BinExpr | nodes.UnaryExpr):
        return f"operator '{getattr(node, 'operator', name)}'"
    return name


def compile_template(letter: Letter, lang: str) -> list:
    """The template as a JSON program, or InputError('<file>:<line>', 'the browser builder
    cannot render <construct>')."""
    path = letter.template_path(lang)
    source = path.read_text(encoding="utf-8")
    variables = letter.variables_for(lang)
    try:
        tree = environment(lang).parse(source)
        return _Compiler(set(variables), {n: v.type for n, v in variables.items()}).body(tree.body)
    except Unsupported as error:
        raise InputError(
            f"{path}:{error.lineno}",
            f"the letter builder cannot render {error} in the browser; "
            "allowed: {{ name }}, | date, | money, | number, {% if/elif/else %}, {% set %}, "
            "==, !=, in, and/or/not, x if c else y, ~, %, [n], .split/.strip/.lstrip/.rstrip/"
            ".startswith/.endswith",
        ) from None


def _digits(lang: str) -> str:
    """The ten digits the Python side's filters write in this language (Babel's Latin digits,
    or those of the digit function letters.render applies)."""
    number = environment(lang).filters["number"]
    found = [number(Decimal(d)) for d in range(10)]
    return "".join(found) if all(len(d) == 1 for d in found) else "0123456789"


def _number_pattern(pattern) -> dict:
    return {
        "prefix": list(pattern.prefix),
        "suffix": list(pattern.suffix),
        "grouping": list(pattern.grouping),
        "int": pattern.int_prec[0],
        "frac": list(pattern.frac_prec),
    }


def _date_tokens(code: str, pattern: str) -> list:
    tokens = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "chars":
            tokens.append(value)
        else:
            field = value[0] * value[1]
            if field not in DATE_FIELDS:
                raise InputError(code, f"the builder cannot format the date field {field!r}")
            tokens.append([value[0], value[1]])
    return tokens


def _time_tokens(code: str, pattern: str, locale: Locale) -> list:
    chosen = locale.time_formats[pattern].pattern if pattern in locale.time_formats else pattern
    tokens = []
    for kind, value in tokenize_pattern(chosen):
        if kind == "chars":
            tokens.append(value)
            continue
        field = value[0] * value[1]
        if field not in TIME_FIELDS:
            raise InputError(code, f"the builder cannot format the time field {field!r}")
        if field == "B":
            # The builder names a part of the day by its hour, and by the exact hour for CLDR's
            # points in time ("midnight" at 0:00): parts must not change within an hour.
            for hour in range(24):
                names = {format_time(dt.time(hour, m), "B", locale=code) for m in (1, 29, 59)}
                if len(names) > 1:
                    raise InputError(code, f"the part of the day changes within hour {hour}")
        tokens.append([value[0], value[1]])
    return tokens


def locale_data(lang: str, currencies: set[str]) -> dict:
    """Everything the browser needs to format like the filters of letters.render."""
    code = language(lang).locale
    locale = Locale.parse(code)
    written = formats(lang)
    currency_patterns = {
        c: parse_pattern(written.money[c])
        if c in written.money
        else locale.currency_formats["standard"]
        for c in sorted(currencies)
    }
    for kind, pattern in (
        ("decimal", locale.decimal_formats[None]),
        *((f"{c} currency", p) for c, p in currency_patterns.items()),
    ):
        if pattern.exp_prec or "@" in pattern.pattern or pattern.scale or pattern.int_prec[0] > 1:
            raise InputError(
                code, f"the builder cannot format the {kind} pattern {pattern.pattern!r}"
            )

    def date_pattern(name: str) -> str:
        chosen = getattr(written, name)
        return locale.date_formats[chosen].pattern if chosen in locale.date_formats else chosen

    names = {
        "M": ("months", "format"),
        "L": ("months", "stand-alone"),
        "E": ("days", "format"),
        "c": ("days", "stand-alone"),
    }
    widths = ((3, "abbreviated"), (4, "wide"))
    return {
        "decimal": _number_pattern(locale.decimal_formats[None]),
        "symbols": {
            "decimal": get_decimal_symbol(code),
            "group": get_group_symbol(code),
            "minus": get_minus_sign_symbol(code),
        },
        "currencies": {
            c: {
                "symbol": get_currency_symbol(c, code),
                "digits": get_currency_precision(c),
                "pattern": _number_pattern(currency_patterns[c]),
            }
            for c in sorted(currencies)
        },
        "date": _date_tokens(code, date_pattern("date")),
        "time": _time_tokens(code, written.time, locale),
        # The names of the parts of the day by hour ("सुबह" 4-11), as `B` writes them, then at
        # the exact hour ("मध्यरात्रि" at 0:00), and am/pm.
        "dayPeriods": [format_time(dt.time(hour, 30), "B", locale=code) for hour in range(24)],
        "dayPeriodsOnTheHour": [
            format_time(dt.time(hour, 0), "B", locale=code) for hour in range(24)
        ],
        "ampm": [format_time(dt.time(hour, 0), "a", locale=code) for hour in (0, 12)],
        "weekday_date": _date_tokens(code, date_pattern("weekday_date")),
        # Month names January first; weekday names Monday first (Babel's and Python's order).
        "names": {
            field: {
                n: [
                    getattr(locale, table)[context][w][i]
                    for i in (range(1, 13) if table == "months" else range(7))
                ]
                for n, w in widths
            }
            for field, (table, context) in names.items()
        },
        "spellings": [list(pair) for pair in written.spellings],
        "digits": _digits(lang),
    }


def _amount_text(value: Money, lang: str) -> str:
    """An amount as a reader of the language types it: the currency's decimals after the
    language's decimal sign, in its own digits ("84.50", "1250,00", "৮৪৫০.০০"), which the form
    reads back exactly."""
    plain = f"{value.amount:.{get_currency_precision(value.currency)}f}"
    written = plain.replace(".", get_decimal_symbol(language(lang).locale))
    return localise_digits(written, language(lang).locale)


def _form_value(value, lang: str) -> str:
    if isinstance(value, Money):
        return _amount_text(value, lang)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def builder_data(example) -> dict:
    """What one letter page's builder loads on first interaction (JSON)."""
    letter, lang, rendered = example.letter, example.lang, example.rendered
    words = strings(lang)
    variables = []
    currencies = set()
    for name, variable in letter.variables_for(lang).items():
        value = rendered.data[name]
        entry = {"name": name, "type": variable.type}
        if isinstance(value, Money):
            entry["currency"] = value.currency
            currencies.add(value.currency)
        variables.append(entry)
    return {
        "id": letter.id,
        "lang": lang,
        "program": compile_template(letter, lang),
        "subjectPrefix": SUBJECT_PREFIX,  # the template's marker, cut from the rendered text
        "subjectLabel": subject_prefix(lang),  # what the copy and the .txt start with
        "variables": variables,
        "example": {name: _form_value(v, lang) for name, v in rendered.data.items()},
        "locale": locale_data(lang, currencies),
        "patterns": {"email": EMAIL_ADDRESS.pattern, "phone": PHONE.pattern, "url": URL.pattern},
        "mailtoLimit": MAILTO_LIMIT,
        "mailtoTooLong": words["letter_page"]["mailto_too_long"],
        "strings": words["builder"],
        "file": download_stem(letter, lang),
    }


def builder_files(example) -> dict[str, bytes]:
    """The builder's data file, by its path in the site (next to the letter's downloads)."""
    data = json.dumps(builder_data(example), ensure_ascii=False, separators=(",", ":"))
    return {f"downloads/{example.stem}{DATA_SUFFIX}": data.encode("utf-8")}


def _input(name: str, variable, value, lang: str, words: dict, described: str) -> str:
    common = f'id="lw-b-{name}" name="{name}" aria-describedby="{described}"'
    if variable.type == "choice":
        options = "".join(
            f'<option value="{html.escape(v)}"{" selected" if v == value else ""}>'
            f"{html.escape(variable.value_label(v, lang))}</option>"
            for v in variable.values
        )
        return f"<select {common}>{options}</select>"
    if isinstance(value, Money):
        common = common.replace(f'name="{name}"', f'name="{name}.amount"')
        amount = html.escape(_amount_text(value, lang))
        return (
            f'<span class="lw-builder__money"><input {common} type="text" inputmode="decimal" '
            f'autocomplete="off" spellcheck="false" value="{amount}">'
            f'<span class="lw-builder__currency">{html.escape(value.currency)}</span></span>'
        )
    kinds = {
        "date": 'type="date"',
        "number": 'type="text" inputmode="decimal"',
        "email": 'type="email" autocomplete="off" spellcheck="false"',
        "url": 'type="url" autocomplete="off" spellcheck="false"',
        "phone": 'type="tel" autocomplete="off"',
        "text": 'type="text" autocomplete="off"',
        "time": 'type="text" inputmode="numeric" autocomplete="off"',
    }
    shown = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return f'<input {common} {kinds[variable.type]} value="{html.escape(shown)}">'


def manual_rules(example) -> list[str]:
    """The rules the reader checks by hand, linked to the page's checklist."""
    from letters.rules import guides

    return [
        f'<a href="#checklist">{html.escape(rule.text("title", example.lang))}</a>'
        for rule in guides()[example.letter.guide].rules
        if rule.applies_to(example.letter.scenarios) and not rule.automated
    ]


def _noscript(text: str, example) -> str:
    """Without JavaScript, the command that renders this letter from a copy of its example data."""
    command = f"python -m letters render {example.letter.id} --lang {example.lang} --data data.yml"
    return text.replace("{command}", command)


def builder_html(example) -> str:
    """The builder's markup, prefilled with the example: it works as a plain page without
    JavaScript; builder.js is loaded the first time the reader focuses or types in the form.
    One raw HTML block (no blank lines), so Markdown leaves it alone."""
    letter, lang, rendered = example.letter, example.lang, example.rendered
    words = strings(lang)["builder"]
    types = strings(lang)["types"]
    fields = []
    for name, variable in letter.variables_for(lang).items():
        value = rendered.data[name]
        label = variable.description.get(lang, variable.description["en"])
        kind = types[variable.type]
        if isinstance(value, Money):
            kind = f"{kind}, {value.currency}"
        fields.append(
            f'<div class="lw-builder__field" data-field="{name}">'
            f'<label for="lw-b-{name}"><code>{name}</code> '
            f'<span class="lw-builder__type">({html.escape(kind)})</span></label>'
            f'<p class="lw-builder__help" id="lw-b-{name}-help">{html.escape(label)}</p>'
            + _input(name, variable, value, lang, words, f"lw-b-{name}-help lw-b-{name}-error")
            + f'<p class="lw-builder__error" id="lw-b-{name}-error" hidden></p></div>'
        )
    checklist = "".join(f"<li>{item}</li>" for item in manual_rules(example))
    # Raw HTML is not rewritten by MkDocs: the page is <lang>/guides/<guide>/<letter>/.
    base = "../../../" if lang == default_language() else "../../../../"
    script_url = f"{base}{SCRIPT}"
    data_url = f"{base}downloads/{example.stem}{DATA_SUFFIX}"
    buttons = "".join(
        f'<button type="button" class="md-button" data-action="{action}" disabled>'
        f"{html.escape(words[key])}</button>"
        for action, key in (
            ("copy", "copy"),
            ("txt", "download_txt"),
            ("eml", "download_eml"),
            ("mailto", "open_in_email"),
            ("reset", "reset"),
        )
    )
    return "".join(
        [
            f'<div class="lw-builder" data-letter-builder="{letter.id}" lang="{lang}" '
            f'data-script="{script_url}" data-src="{data_url}">',
            '<form class="lw-builder__form" novalidate '
            f'aria-label="{html.escape(words["form_label"])}">',
            f'<p class="lw-builder__intro">{html.escape(words["intro"])}</p>',
            f"<noscript><p>{html.escape(_noscript(words['noscript'], example))}</p></noscript>",
            *fields,
            "</form>",
            '<div class="lw-builder__output">',
            f'<h3 id="lw-b-output">{html.escape(words["your_letter"])}</h3>',
            f'<p class="lw-builder__subject">{html.escape(subject_prefix(lang))}'
            f"<span data-letter-subject>{html.escape(rendered.subject)}</span></p>",
            f'<pre class="lw-builder__body" data-letter-body tabindex="0" '
            f'aria-labelledby="lw-b-output">{html.escape(rendered.body)}</pre>',
            f'<div class="lw-builder__actions">{buttons}</div>',
            '<p class="lw-builder__status" role="status" aria-live="polite"></p>',
            f'<p class="lw-builder__checklist-title">{html.escape(words["check_yourself"])}</p>'
            f'<ul class="lw-builder__checklist">{checklist}</ul>'
            if checklist
            else "",
            "</div>",
            "</div>",
            # The loader: fetches the builder on the first focus or input, nothing before.
            "<script>(function(){var r=document.currentScript.previousElementSibling;"
            "function go(){r.removeEventListener('focusin',go);r.removeEventListener('input',go);"
            "var s=document.createElement('script');s.src=r.dataset.script;s.defer=true;"
            "document.head.appendChild(s);}"
            "r.addEventListener('focusin',go);r.addEventListener('input',go);})();</script>",
        ]
    )
