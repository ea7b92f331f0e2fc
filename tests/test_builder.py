"""The letter builder: the browser writes exactly the letter letters.render.render writes for the
same values (differential, every letter x language, the example and seeded random data), values
stay text, nothing leaves the page, and the build refuses what the browser cannot render."""

from __future__ import annotations

import datetime as dt
import email
import gzip
import random
from email import policy
from pathlib import Path

import pytest
import regex
import yaml
from babel.numbers import get_decimal_symbol
from browser import LocalServer
from conftest import build_copy, copy_project

from letters import numerals
from letters.builder import SCRIPT, builder_files, compile_template
from letters.catalog import Letter, letters
from letters.data import InputError, default_language, language, strings
from letters.render import download_stem, render

ROOT = Path(__file__).resolve().parent.parent
DATA_SETS = 22  # random data sets per letter x language, besides the example
PAIRS = [(letter, lang) for letter in letters().values() for lang in letter.languages]

NAMES = [
    "अनीता शर्मा",
    "মোস্তফা রহমান",
    "Jiří Dvořák-Černý",
    "Sigríður Þórðardóttir",
    "王小明",
    "O'Brien",
    'Anna "Ani" Smith',
    "„Vážený“ ‚pane‘",  # noqa: RUF001 - typographic quotes are the point
    "Ørsted & Søn, s.r.o.",
    "<script>window.__pwned = 1</script>",
    "<img src=x onerror=window.__pwned=1>",
    "{{ 7*7 }}",
    "{% if true %}x{% endif %}",
    "${7*7} #{7*7}",
    "\\ back\\slash",
    "A very long name " * 12 + "end",
    "Émile Zola 😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",  # noqa: RUF001 - letters outside the BMP are the point
    "x",
    "",
]
AMOUNTS = [
    "0",
    "0.5",
    "1234567.89",
    "1250",
    "0.125",
    "0.005",
    "99.995",
    "12500",
    "7",
    "100000000",
    "2.675",
    "-3.5",
]
NUMBERS = ["0", "1", "14", "0.5", "1234567.89", "2.25", "1000", "5", "30"]
# Amounts as readers of each language type them (read below by `typed_number`, the oracle).
TYPED_AMOUNTS = {
    "en": ["1,250.50", "12,500", "84.50"],
    "hi": ["1,25,000", "5,000.75", "2,675", "१२,५००.५०"],
    "cs": ["1 250,50", "1.250", "18 150", "12,5"],
    "bn": ["৮৪৫০.০০", "১,২৫,০০০", "৮,৪৫০.৫"],
    "is": ["12.500", "1.250,50", "12,5", "99.995"],
}
TIMES = ["09:30", "2:15", "12:00", "13:45", "20:05", "23:59", "0:00", "03:10", "14:30", "7:00"]


def random_data(letter: Letter, lang: str, index: int, rng: random.Random) -> dict[str, str]:
    """Form values (as typed) for one data set: every type's hard cases, dates in every month,
    every value of every choice variable."""
    values = {}
    for name, variable in letter.variables_for(lang).items():
        kind = variable.type
        if kind == "date":
            month = (index + len(name)) % 12 + 1
            year = rng.choice([1999, 2026, 2031, 2040, 1, 999, 9999])
            day = rng.choice([1, 9, 10, 28, 31 if month in (1, 3, 5, 7, 8, 10, 12) else 30])
            if month == 2:
                day = min(day, 28)
            values[name] = dt.date(year, month, day).isoformat()
        elif kind == "money":
            typed = TYPED_AMOUNTS.get(lang, [])
            if typed and index % 4 == 3:  # every fourth set types as the language writes
                values[name] = typed[(index // 4) % len(typed)]
            elif index < 24:
                values[name] = AMOUNTS[index % len(AMOUNTS)]
            else:
                values[name] = str(rng.randint(0, 10**9) / 100)
        elif kind == "number":
            values[name] = NUMBERS[(index + len(name)) % len(NUMBERS)]
        elif kind == "choice":
            values[name] = list(variable.values)[index % len(variable.values)]
        elif kind == "email":
            values[name] = (
                f"{rng.choice(['a', 'jan.novak', 'x_y-z+tag'])}{index}"
                f"@example{rng.randint(1, 9)}.com"
            )
        elif kind == "url":
            values[name] = rng.choice(["https://example.org/", "http://a.example/p?q=1&x='y'#z"])
        elif kind == "phone":
            values[name] = rng.choice(["+420 222 333 444", "(555) 010-4477", "+91 22 4000 1234"])
        elif name.endswith("_time"):
            values[name] = TIMES[index % len(TIMES)]
        else:
            values[name] = NAMES[(index * 7 + len(name)) % len(NAMES)]
    return values


GROUPED = regex.compile(r"-?[1-9]\d{0,2}(?:(?:,\d{2})*,\d{3}|(?:[.,\s]\d{3})+)")


def typed_number(text: str, lang: str) -> str:
    """A number as the reader typed it in their language, as a data file writes it: native
    digits, the language's decimal sign, thousands grouped by "," "." or spaces; where the
    decimal sign is a comma, a "." that groups thousands is grouping, otherwise a decimal point."""
    locale = language(lang).locale
    text = regex.sub(r"\s+", " ", text.strip())
    for native in (numerals.digits(locale), "०१२३४५६७८९", "০১২৩৪৫৬৭৮৯"):
        text = text.translate(str.maketrans(native, "0123456789"))
    decimal = get_decimal_symbol(locale)
    whole, fraction = text, None
    if decimal != "." and decimal in text:
        whole, _, fraction = text.rpartition(decimal)
    elif "." in text and not (
        decimal != "." and GROUPED.fullmatch(text) and not regex.search(r"[,\s]", text)
    ):
        whole, _, fraction = text.rpartition(".")
    if regex.search(r"[^\d-]", whole):
        assert GROUPED.fullmatch(whole) and len(set(regex.sub(r"[\d-]", "", whole))) == 1, text
        whole = regex.sub(r"[.,\s]", "", whole)
    return whole if fraction is None else f"{whole}.{fraction}"


def python_value(variable_type: str, text: str, currency: str | None, lang: str):
    """The same value as a data file holds it (YAML types)."""
    if variable_type == "date":
        return dt.date.fromisoformat(text)
    if variable_type in ("money", "number"):
        text = typed_number(text, lang)
        number = float(text) if "." in text else int(text)
        return {"amount": number, "currency": currency} if variable_type == "money" else number
    return text


def python_render(letter: Letter, lang: str, values: dict[str, str], folder: Path):
    example = render(letter, lang)
    data = {}
    for name, variable in letter.variables_for(lang).items():
        currency = getattr(example.data[name], "currency", None)
        data[name] = python_value(variable.type, values[name], currency, lang)
    path = folder / "data.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return render(letter, lang, path)


def parsed(message: bytes) -> tuple[list, str]:
    parsed_message = email.message_from_bytes(message, policy=policy.default)
    headers = sorted(
        (key, str(value))
        for key, value in parsed_message.items()
        if key != "Content-Transfer-Encoding"  # the transfer encoding may differ
    )
    return headers, parsed_message.get_content()


def same_email(ours: bytes, build: bytes) -> bool:
    """Same headers and decoded body. Known Python quirk, tolerated here only: policy.SMTP's
    folding of a long or mixed-script header can drop a space next to an encoded word
    ('order „Vážený“' parses back as 'order„Vážený“'), so when a header differs it must
    differ in whitespace alone, and the body must be identical."""
    (our_headers, our_body), (build_headers, build_body) = parsed(ours), parsed(build)
    if our_body != build_body or [k for k, _ in our_headers] != [k for k, _ in build_headers]:
        return False
    squeeze = lambda text: "".join(text.split())  # noqa: E731
    return all(
        a == b or squeeze(a) == squeeze(b)
        for (_, a), (_, b) in zip(our_headers, build_headers, strict=True)
    )


def page_path(letter: Letter, lang: str) -> str:
    prefix = "" if lang == default_language() else f"{lang}/"
    return f"{prefix}guides/{letter.id}/"


# The form filled through the DOM (as typing would leave it), then rendered at once.
FILL_AND_RENDER = """([values]) => {
  const root = document.querySelector('[data-letter-builder]');
  for (const [name, value] of Object.entries(values)) {
    const input = root.querySelector(`[name="${name}"]`)
      || root.querySelector(`[name="${name}.amount"]`);
    input.value = value;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  }
  const result = root.lwBuilder.flush();
  return {subject: root.querySelector('[data-letter-subject]').textContent,
          body: root.querySelector('[data-letter-body]').textContent,
          eml: result.eml, txt: result.txt, mailto: result.mailto};
}"""


@pytest.fixture(scope="module")
def server(site):
    with LocalServer(site.root) as running:
        yield running


@pytest.fixture
def context(browser):
    opened = browser.new_context(
        viewport={"width": 360, "height": 800}, permissions=["clipboard-read", "clipboard-write"]
    )
    yield opened
    opened.close()


def open_builder(page, server, letter: Letter, lang: str):
    page.goto(server.url + page_path(letter, lang))
    page.locator("[data-letter-builder] input").first.focus()
    page.wait_for_selector("[data-letter-builder][data-builder-ready]")
    return page.locator("[data-letter-builder]")


# ---- Differential ------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(
    ("letter", "lang"), PAIRS, ids=[f"{item.id}-{code}" for item, code in PAIRS]
)
def test_browser_writes_what_python_renders(server, context, tmp_path, letter, lang):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_builder(page, server, letter, lang)
    example = render(letter, lang)
    # Untouched, the builder shows the example exactly as the build renders it.
    shown = page.evaluate("""() => ({
        subject: document.querySelector('[data-letter-subject]').textContent,
        body: document.querySelector('[data-letter-body]').textContent})""")
    assert shown == {"subject": example.subject, "body": example.body}
    rng = random.Random(f"{letter.id}/{lang}")
    sets = [random_data(letter, lang, i, rng) for i in range(DATA_SETS)]
    compared = 0
    for values in sets:
        expected = python_render(letter, lang, values, tmp_path)
        got = page.evaluate(FILL_AND_RENDER, [values])
        assert got["subject"] == expected.subject, values
        assert got["body"] == expected.body, values
        assert got["txt"] == expected.txt()
        assert same_email(got["eml"].encode("utf-8"), expected.eml()), values
        compared += 1
    assert compared == DATA_SETS
    assert page.evaluate("window.__pwned") is None
    assert not errors


def test_random_data_covers_the_hard_cases():
    """Every month, every choice value, the required amounts and hostile text, per letter."""
    for letter, lang in PAIRS:
        rng = random.Random(f"{letter.id}/{lang}")
        sets = [random_data(letter, lang, i, rng) for i in range(DATA_SETS)]
        variables = letter.variables_for(lang)
        dates = [n for n, v in variables.items() if v.type == "date"]
        months = {int(s[n][5:7]) for s in sets for n in dates}
        assert months == set(range(1, 13)), letter.id
        for name, variable in variables.items():
            seen = {s[name] for s in sets}
            if variable.type == "choice":
                assert seen == set(variable.values)
            if variable.type == "money":
                assert {"0", "0.5", "1234567.89"} <= seen
                assert set(TYPED_AMOUNTS[lang][:3]) <= seen, (letter.id, lang)  # local writing
        text = " ".join(v for s in sets for v in s.values())
        for needle in ("<script>", "{{ 7*7 }}", "'", '"', "अनीता", "Þ"):
            assert needle in text, (letter.id, needle)


# ---- Values are text; nothing leaves the page; copy; downloads ----------------------------


@pytest.mark.browser
def test_values_are_text_and_typing_sends_nothing(server, context):
    letter = letters()["reminder/overdue-invoice"]
    page = context.new_page()
    open_builder(page, server, letter, "en")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    before = page.get_attribute("[data-letter-builder]", "data-renders")
    hostile = {
        "sender_company": "<img src=x onerror=window.__pwned=1>",
        "invoice_number": "{{ 7*7 }}",
        "salutation": "Dear Ms Nováková <script>window.__pwned=1</script>",
    }
    for name, value in hostile.items():
        page.fill(f'[name="{name}"]', value)
        page.press(f'[name="{name}"]', "End")
    page.wait_for_function(
        "before => document.querySelector('[data-letter-builder]').dataset.renders !== before "
        "&& document.querySelector('[data-letter-subject]').textContent.includes('{{ 7*7 }}')"
        "&& document.querySelector('[data-letter-body]').textContent.includes('<script>')",
        arg=before,
    )
    body = page.locator("[data-letter-body]")
    assert "<img src=x onerror=window.__pwned=1>" in body.text_content()
    assert body.locator("img, script").count() == 0
    assert (
        page.locator("[data-letter-subject]").text_content()
        == "Reminder: invoice {{ 7*7 }} is overdue"
    )
    assert page.evaluate("window.__pwned") is None
    assert requests == [], requests


@pytest.mark.browser
def test_first_visit_loads_no_builder_code(server, context):
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server.url + "cs/guides/reminder/event/", wait_until="networkidle")
    assert not [url for url in requests if "builder" in url]
    page.locator('[name="event_name"]').focus()
    page.wait_for_selector("[data-builder-ready]")
    loaded = [url for url in requests if "builder" in url]
    assert any(url.endswith("builder.js") for url in loaded)
    assert any(url.endswith("cs.builder.json") for url in loaded)


@pytest.mark.browser
def test_copy_puts_exactly_subject_and_body_on_the_clipboard(server, context):
    letter = letters()["bad-news/billing-error"]
    page = context.new_page()
    open_builder(page, server, letter, "bn")
    page.fill('[name="refund.amount"]', "1234567.89")
    page.press('[name="refund.amount"]', "End")
    page.click('[data-action="copy"]')
    page.wait_for_function(
        "text => document.querySelector('.lw-builder__status').textContent === text",
        arg=strings("bn")["builder"]["copied"],
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    subject = page.locator("[data-letter-subject]").text_content()
    body = page.locator("[data-letter-body]").text_content()
    assert copied == f"{strings('bn')['subject_label']}: {subject}\n\n{body}"
    assert "১২,৩৪,৫৬৭.৮৯" in body or "12,34,567.89" in body  # the Python side decides the digits


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "hi", "cs"])
def test_downloads_match_the_builds_files(server, context, site, lang):
    """With the example's values, the .eml and .txt downloads parse to what the build
    publishes; after a change they follow the form."""
    letter = letters()["reminder/overdue-invoice"]
    page = context.new_page()
    open_builder(page, server, letter, lang)
    published = site.root / "downloads" / letter.id / f"{lang}.eml"
    with page.expect_download() as info:
        page.click('[data-action="eml"]')
    assert parsed(Path(info.value.path()).read_bytes()) == parsed(published.read_bytes())
    with page.expect_download() as info:
        page.click('[data-action="txt"]')
    txt = (site.root / "downloads" / letter.id / f"{lang}.txt").read_bytes()
    assert Path(info.value.path()).read_bytes() == txt
    assert info.value.suggested_filename == f"{download_stem(letter, lang)}.txt"


@pytest.mark.browser
def test_mailto_and_reset(server, context):
    letter = letters()["reminder/appointment"]
    page = context.new_page()
    open_builder(page, server, letter, "cs")
    got = page.evaluate(
        FILL_AND_RENDER, [{"recipient_email": "eva@example.com", "service": "kontrola"}]
    )
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(got["mailto"]).query)
    assert got["mailto"].startswith("mailto:eva@example.com?")
    assert query["subject"] == [got["subject"]]
    assert query["body"] == [got["body"].rstrip("\n").replace("\n", "\r\n")]
    page.click('[data-action="reset"]')
    example = render(letter, "cs")
    assert page.locator("[data-letter-body]").text_content() == example.body
    assert page.input_value('[name="service"]') == example.data["service"]


# ---- Validation, accessibility, keyboard, narrow screens ----------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390])
def test_invalid_values_are_explained_and_do_not_block_the_rest(server, browser, width):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    letter = letters()["customer-service/late-delivery"]
    open_builder(page, server, letter, "is")
    words = strings("is")["builder"]["errors"]
    rejected = {
        "recipient_email": "no-at-sign",
        "amount.amount": "1,5,0",  # "1,5" is one and a half in Icelandic
        "promised_days": "fimm",
        "sender_phone": "abc",
    }
    for name, value in rejected.items():
        page.fill(f'[name="{name}"]', value)
        page.press(f'[name="{name}"]', "Tab")  # leaving the field announces its error
    page.fill('[name="product"]', "hraðsuðuketil")
    page.evaluate("document.querySelector('[data-letter-builder]').lwBuilder.flush()")
    for name, kind in (
        ("recipient_email", "email"),
        ("amount.amount", "money"),
        ("promised_days", "number"),
        ("sender_phone", "phone"),
    ):
        field = page.locator(f'[name="{name}"]')
        assert field.get_attribute("aria-invalid") == "true"
        error_id = field.get_attribute("aria-describedby").split()[-1]
        assert page.locator(f"#{error_id}").text_content() == words[kind]
    status = page.locator(".lw-builder__status")
    assert status.get_attribute("aria-live") == "polite"
    assert words["phone"] in status.text_content()
    assert "hraðsuðuketil" in page.locator("[data-letter-body]").text_content()  # still writes
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()


@pytest.mark.browser
def test_keyboard_only(server, context):
    letter = letters()["reminder/event"]
    page = context.new_page()
    page.goto(server.url + page_path(letter, "hi"))
    page.locator('[name="salutation"]').focus()  # as Tab would reach it
    page.wait_for_selector("[data-builder-ready]")
    page.keyboard.press("Control+A")
    page.keyboard.type("Dear all")
    page.locator('[data-action="reset"]').focus()
    page.keyboard.press("Enter")
    assert page.input_value('[name="salutation"]') == render(letter, "hi").data["salutation"]
    page.locator('[data-action="copy"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.lw-builder__status').textContent !== ''")


# ---- The build ---------------------------------------------------------------------------------


def test_builder_code_and_data_fit_the_budget(rendered_examples):
    """Engine + formatter + one letter's program and data: at most 40 KB gzip per page."""
    script = gzip.compress((ROOT / "overrides" / SCRIPT).read_bytes(), 9)
    largest = max(
        len(gzip.compress(content, 9))
        for example in rendered_examples
        for content in builder_files(example).values()
    )
    assert len(script) + largest <= 40 * 1024, (len(script), largest)


def _letter_with(tmp_path: Path, source: str) -> Letter:
    base = letters()["reminder/overdue-invoice"]
    (tmp_path / "en.j2").write_text(source, encoding="utf-8")
    return Letter(base.id, base.guide, tmp_path, base.scenarios, base.title, base.variables, {})


SUBJECT = "Subject: Hello\n\n"


@pytest.mark.parametrize(
    ("source", "construct"),
    [
        ("{% for x in [1] %}{{ x }}{% endfor %}", "{% for %}"),
        ("{{ amount }}", "without | money"),
        ("{{ invoice_number | upper }}", "filter 'upper'"),
        ("{{ invoice_date | date('short') }}", "with arguments"),
        ("{{ 1 + 2 }}", "operator '+'"),
        ("{{ 'a' if salutation == 'f' }}", "without 'else'"),
        ("{{ invoice_number.upper() }}", "call"),
        ("{{ amount.currency }}", "attribute access"),
        ("{{ salutation[1:] }}", "subscript"),
        ("{% if invoice_number is defined %}x{% endif %}", "test"),
        ("{{ range(3) }}", "call"),
        ("{{ nonexistent }}", "name 'nonexistent'"),
        ("{% macro m() %}x{% endmacro %}", "{% macro %}"),
        ("{{ 1.5 }}", "constant 1.5"),
        ("{% if due_date < invoice_date %}x{% endif %}", "comparison 'lt'"),
    ],
)
def test_compiler_refuses_what_the_browser_cannot_render(tmp_path, source, construct):
    letter = _letter_with(tmp_path, f"{SUBJECT}\n\n\n{source}\n")
    with pytest.raises(InputError) as raised:
        compile_template(letter, "en")
    message = str(raised.value)
    assert message.startswith(f"{tmp_path / 'en.j2'}:6: ")  # file and line
    assert construct in message and "\n" not in message


def test_compiler_accepts_the_templates_constructs(tmp_path):
    source = (
        SUBJECT + '{% set a, b = ("x", "y") if salutation == "group" else ("X", "Y") %}\n'
        '{% if salutation in ["f", "m"] and not (invoice_number == "") %}{{ a ~ b }}'
        '{% elif salutation != "f" or False %}{{ salutation.split(" ")[-1].strip().lstrip("D") }}'
        "{% else %}{{ amount | money }} {{ due_date | date }}{% endif %}\n"
    )
    program = compile_template(_letter_with(tmp_path, source), "en")
    assert program[0] == "Subject: Hello\n\n"


@pytest.mark.site  # a real `mkdocs build` (of a copy): make test runs it, make test-fast does not
def test_build_refuses_an_unsupported_template(tmp_path):
    """The whole build stops, naming the file, line and construct in one line. (That the
    builder refuses each construct is checked in-process above, in make test-fast too.)"""
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    template = project / "letters" / "templates" / "reminder" / "event" / "en.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines[4] = "{% for word in ['Thank', 'you'] %}{{ word }} {% endfor %}" + lines[4]
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # English alone is enough to reach the template, and five times faster than every language.
    result = build_copy(project, tmp_path / "site", only="en")
    assert result.returncode != 0
    line = next(line for line in result.stderr.splitlines() if "cannot render" in line)
    assert f"{template}:5" in line and "{% for %}" in line
