"""Every example letter: renders in each of its languages, uses exactly its declared variables,
formats with Babel, passes its guide's automated rules, and fails them when the sentence that
satisfies a rule is taken out."""

from __future__ import annotations

import datetime as dt
import email
import re
from decimal import Decimal
from email import policy
from pathlib import Path

import pytest

from letters.catalog import EMAIL_VARIABLES, Money, glossary, letters
from letters.check import check_draft, read_letter
from letters.data import InputError, default_language, language_codes
from letters.render import (
    FILTER_NAMES,
    environment,
    marked_regions,
    render,
    template_filters,
    template_variables,
)
from letters.rules import analysed, guide, rule_markers
from letters.text import normalise

ROOT = Path(__file__).resolve().parent.parent

RENDERINGS = [
    pytest.param(item, code, id=f"{item.id}-{code}")
    for item in letters().values()
    for code in item.languages
]


def test_the_letters_the_site_promises():
    expected = {
        "reminder/overdue-invoice": ("payment",),
        "reminder/appointment": ("appointment",),
        "reminder/event": ("event",),
        "bad-news/billing-error": ("our-fault",),
        "bad-news/credit-denied": (),
        "bad-news/ending-representation": ("ending",),
        "bad-news/account-closed-in-error": ("our-fault",),
        "customer-service/late-delivery": ("delivery",),
        "customer-service/return-refund": ("return",),
        "customer-service/technical-support": ("support",),
    }
    assert {item.id: item.scenarios for item in letters().values()} == expected


@pytest.mark.parametrize("item", letters().values(), ids=lambda item: item.id)
def test_letter_exists_in_english_and_in_its_guides_languages(item):
    """A letter is written in English and in every language its guide is published in."""
    guide_languages = {
        code
        for code in language_codes()
        if (ROOT / "docs" / code / guide(item.guide).page).exists()
    }
    assert guide_languages >= {"en"}
    assert set(item.languages) == guide_languages
    for code in item.languages:
        assert item.example_path(code).exists(), f"{item.id}: no {code}.yml example data"
        assert item.title.get(code), f"{item.id}: no {code} title"


@pytest.mark.parametrize(("item", "code"), RENDERINGS)
def test_template_uses_exactly_the_declared_variables(item, code):
    """The declared set is what the template uses plus what fills the email's headers, and every
    language's template uses the same set."""
    used = template_variables(item, code)
    assert used | set(EMAIL_VARIABLES) == set(item.variables_for(code))
    # Languages differ only in grammar variables they declare for themselves (the addressee's
    # gender and number, a slot's case): every other variable means the same in every language.
    grammar = {name for name, variable in item.variables.items() if variable.languages}
    assert used - grammar == template_variables(item, "en") - grammar
    assert template_filters(item, code) <= set(FILTER_NAMES)


CHOICES = [
    pytest.param(item, code, name, value, id=f"{item.id}-{code}-{name}={value}")
    for item in letters().values()
    for code in item.languages
    for name, variable in item.variables_for(code).items()
    if variable.type == "choice"
    for value in variable.values
]


@pytest.mark.parametrize(("item", "code", "name", "value"), CHOICES)
def test_every_value_of_every_choice_renders_and_passes_the_rules(
    item, code, name, value, tmp_path
):
    source = item.example_path(code).read_text(encoding="utf-8")
    data = tmp_path / "data.yml"
    data.write_text(re.sub(rf"(?m)^{name}: .*$", f"{name}: {value}", source), encoding="utf-8")
    rendered = render(item, code, data)
    report = check_draft(rendered.txt(), guide(item.guide), code, item.scenarios)
    assert report.ok, [f.message for f in report.findings]


def test_glossary_describes_every_variable_in_every_language_with_letters():
    """Letter pages and the letter builder describe each variable in the page's language: every
    variable in the default language, and in each language whose letters use it; a language with
    no letter yet (just added, say) shows none, so it needs none yet (its missing descriptions are
    listed by `letters check-translation`)."""
    for variable in glossary().values():
        assert variable.description.get(default_language()), variable.name
    for item in letters().values():
        for code in item.languages:
            for variable in item.variables_for(code).values():
                assert variable.description.get(code), f"{variable.name} [{code}] in {item.id}"


@pytest.mark.parametrize(("item", "code"), RENDERINGS)
def test_rendering_passes_every_automated_rule_of_its_guide(item, code):
    rendered = render(item, code)
    report = check_draft(rendered.txt(), guide(item.guide), code, item.scenarios)
    assert report.findings == []
    assert report.passed


@pytest.mark.parametrize(
    ("letter_id", "code", "expected"),
    [
        ("reminder/overdue-invoice", "cs", "1\u00a0250,00\u00a0Kč"),
        ("reminder/overdue-invoice", "hi", "₹12,34,567.50"),
        ("customer-service/late-delivery", "is", "12.500\u00a0kr."),
        ("reminder/overdue-invoice", "en", "£1,250.00"),
        ("bad-news/billing-error", "bn", "৮,৪৫০.০০"),
        ("reminder/overdue-invoice", "cs", "3. března 2026"),
        ("customer-service/late-delivery", "is", "2. mars 2026"),
    ],
)
def test_money_and_dates_are_formatted_for_the_locale(letter_id, code, expected):
    assert expected in render(letters()[letter_id], code).txt()


@pytest.mark.parametrize(("item", "code"), RENDERINGS)
def test_eml_is_a_reproducible_rfc5322_message(item, code):
    rendered = render(item, code)
    raw = rendered.eml()
    assert raw == render(item, code).eml()
    assert b"\r\n\r\n" in raw and all(len(line) <= 998 for line in raw.split(b"\r\n"))
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == rendered.subject
    assert message["From"].addresses[0].addr_spec == rendered.data["sender_email"]
    assert message["From"].addresses[0].display_name == rendered.data["sender_name"]
    assert message["To"].addresses[0].addr_spec == rendered.data["recipient_email"]
    assert message["Date"].datetime.date() == rendered.data["letter_date"]
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().replace("\r\n", "\n") == rendered.body


def quotes(markdown: Path) -> list[str]:
    """The example quotes of a bad-news guide page, quotation marks removed, whitespace trimmed."""
    text = markdown.read_text(encoding="utf-8")
    blocks = re.findall(r"((?:^> .*\n)+)", text, flags=re.MULTILINE)
    cleaned = [" ".join(line[2:].strip() for line in block.splitlines()) for block in blocks]
    return [normalise(q).strip().strip('"“”').strip() for q in cleaned]


def test_english_guide_quotes_appear_verbatim_in_the_english_letters():
    found = quotes(ROOT / "docs" / "en" / "guides" / "bad-news" / "index.md")
    assert len(found) == 5
    rendered = [
        normalise(render(item, "en").body)
        for item in letters().values()
        if item.guide == "bad-news"
    ]
    for quote in found:
        assert any(quote in body for body in rendered), f"no English letter contains: {quote}"


QUOTED_SECTIONS = ("thanks-first", "segue", "offer-solution", "referral", "your-fault")


def test_each_bengali_quote_is_followed_by_its_letters_corrected_wording(site):
    """The Bengali guide keeps its garbled quotes verbatim; after each, an editor's addition shows
    the wording the letter renders from its marked region, so the two cannot drift apart."""
    regions = {
        name: text
        for item in letters().values()
        if item.guide == "bad-news"
        for name, text in marked_regions(item, "bn").items()
    }
    assert set(regions) == set(QUOTED_SECTIONS)
    article = site.soup(site.root / "bn/guides/bad-news/index.html").find("article")
    fixes = article.select(".lw-quote-fix")
    assert [" ".join(b.get_text().split()) for b in fixes] == [regions[n] for n in QUOTED_SECTIONS]
    assert all("lw-editor" in fix["class"] for fix in fixes)


# -- Taking out what satisfies a rule makes it fail ---------------------------------------------

SENTENCE = re.compile(r"[^\n.!?।॥]*(?:[.!?।॥]+|\n|$)")


def _groups_required(check: dict, scenarios) -> set[str]:
    clauses = list(check.get("require") or [])
    for scenario in scenarios:
        clauses += (check.get("require_by_scenario") or {}).get(scenario, [])
    groups = set()
    for clause in clauses:
        if isinstance(clause, str):
            groups.add(clause)
        else:
            groups.update(clause.get("of", []))
            for option in clause.get("any_of", []):
                groups.update(option)
    return groups


def _hits(rule, code: str, text: str, group: str) -> list[tuple[int, int]]:
    """Where the group's markers are found in the letter (character spans of `text`)."""
    draft = read_letter(text, code)
    found = analysed(draft.view, code).hits(rule_markers(rule.id, code).group(group))
    return [(hit.start, hit.end) for hit in found]


def _without_sentences_holding(text: str, spans) -> str:
    """Drop every sentence (or line) that overlaps one of the spans."""
    kept = [
        sentence.group()
        for sentence in SENTENCE.finditer(text)
        if not any(start < sentence.end() and sentence.start() < end for start, end in spans)
    ]
    return "".join(kept)


def break_letter(rule, code: str, text: str, scenarios) -> str:
    """The letter with the sentences that satisfy the rule taken out (or, for a rule that limits
    something, with more of it put in)."""
    for check in rule.checks:
        kind = check["kind"]
        if kind == "contains":
            if check.get("scope") == "subject":
                return text.split("\n\n", 1)[1]  # no subject line at all
            groups = _groups_required(check, scenarios)
            spans = [span for group in groups for span in _hits(rule, code, text, group)]
            return _without_sentences_holding(text, spans)
        if kind == "opens_with":
            return _without_sentences_holding(text, _hits(rule, code, text, check["thanks"]))
        if kind == "greeting_and_closing":
            subject, _greeting, rest = text.split("\n\n", 2)
            return f"{subject}\n\n{rest}"
        if kind == "at_most":
            found = _hits(rule, code, text, check["group"])
            if not found:  # none yet: put in the rule's own example of too many
                first = text.split("\n\n")[2]
                return text.replace(first, f"{first} {rule.examples[code]['fail'][0].text}", 1)
            sentence = next(
                s for s in SENTENCE.finditer(text) if s.start() <= found[0][0] < s.end()
            )
            doubled = sentence.group() + " " + sentence.group().strip()
            return text.replace(sentence.group(), doubled, 1)
        if kind == "word_limits":
            first = text.split("\n\n")[2]  # subject, greeting, then the first body paragraph
            return text.replace(first, " ".join([first] * 8), 1)
    raise AssertionError(f"no way to break {rule.id}")


BREAKS = [
    pytest.param(item, code, rule, id=f"{rule.id}-{item.id}-{code}")
    for item in letters().values()
    for code in item.languages
    for rule in guide(item.guide).rules
    if rule.automated and rule.applies_to(item.scenarios)
]


@pytest.mark.parametrize(("item", "code", "rule"), BREAKS)
def test_taking_out_what_satisfies_a_rule_makes_it_fail(item, code, rule):
    text = normalise(render(item, code).txt())
    broken = break_letter(rule, code, text, item.scenarios)
    assert broken != text
    report = check_draft(broken, guide(item.guide), code, item.scenarios)
    assert rule.id in {finding.rule for finding in report.findings}, broken


def test_every_automated_rule_is_broken_at_least_once():
    covered = {param.values[2].id for param in BREAKS}
    automated = {
        r.id
        for g in ("reminder", "bad-news", "customer-service")
        for r in guide(g).rules
        if r.automated
    }
    assert covered == automated


@pytest.mark.parametrize(
    ("code", "filter_name", "value", "expected"),
    [
        # British letters name the weekday without a comma.
        ("en", "weekday_date", dt.date(2026, 4, 9), "Thursday 9 April 2026"),
        # Bengali dates: no comma before the year, the Bangla Academy's January and February.
        ("bn", "date", dt.date(2026, 8, 31), "৩১ আগস্ট ২০২৬"),
        ("bn", "date", dt.date(2026, 1, 1), "১ জানুয়ারি ২০২৬"),
        ("bn", "date", dt.date(2026, 2, 1), "১ ফেব্রুয়ারি ২০২৬"),
        # Taka in running text: the amount in Bengali digits with lakh grouping, then "টাকা".
        ("bn", "money", Money(Decimal("8450"), "BDT"), "৮,৪৫০.০০ টাকা"),
        ("bn", "money", Money(Decimal("125000"), "BDT"), "১,২৫,০০০.০০ টাকা"),
        ("bn", "digits", "4471-2290", "৪৪৭১-২২৯০"),
        ("cs", "money", Money(Decimal("18150"), "CZK"), "18 150,00 Kč"),
        ("is", "money", Money(Decimal("12500"), "ISK"), "12.500 kr."),
    ],
)
def test_filters_write_dates_and_amounts_as_the_language_does(code, filter_name, value, expected):
    written = environment(code).filters[filter_name](value)
    assert written.replace("\xa0", " ") == expected


@pytest.mark.parametrize("month", range(1, 13))
def test_bengali_dates_use_the_dictionary_spelling_and_no_comma(month):
    written = environment("bn").filters["date"](dt.date(2026, month, 15))
    assert "," not in written and "ী ২" not in written, written


@pytest.mark.parametrize(("value", "pronoun"), [("f", "her"), ("m", "him"), ("x", "them")])
def test_the_referral_pronoun_follows_the_referred_persons_gender(value, pronoun, tmp_path):
    item = letters()["bad-news/ending-representation"]
    source = item.example_path("en").read_text(encoding="utf-8")
    data = tmp_path / "data.yml"
    data.write_text(
        re.sub(r"(?m)^referral_gender: .*$", f"referral_gender: {value}", source), encoding="utf-8"
    )
    body = render(item, "en", data).body
    assert f"You can call {pronoun} on" in body
    assert f"I will send {pronoun} your file" in body
    others = {"her", "him", "them"} - {pronoun}
    assert not re.search(rf"\b(?:call|send) (?:{'|'.join(others)})\b", body)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("3:59", "रात 3:59"),
        ("4:00", "सुबह 4:00"),
        ("11:59", "सुबह 11:59"),
        ("12:00", "दोपहर 12:00"),
        ("15:59", "दोपहर 3:59"),
        ("16:00", "शाम 4:00"),
        ("19:59", "शाम 7:59"),
        ("20:00", "रात 8:00"),
    ],
)
def test_hindi_times_name_the_part_of_the_day(typed, written):
    """A time typed on the 24-hour clock is written as Hindi letters write it: the part of the
    day, then the 12-hour time (the template adds "बजे")."""
    assert environment("hi").filters["time"](typed) == written


def test_a_time_must_be_a_quoted_24_hour_clock_time(tmp_path):
    item = letters()["reminder/appointment"]
    source = item.example_path("en").read_text(encoding="utf-8")
    for wrong in ("10:30", '"10:30am"', '"25:00"'):  # unquoted 10:30 is the number 630 in YAML
        data = tmp_path / "data.yml"
        data.write_text(
            re.sub(r"(?m)^appointment_time: .*$", f"appointment_time: {wrong}", source),
            encoding="utf-8",
        )
        with pytest.raises(InputError, match="appointment_time must be time"):
            render(item, "en", data)
