"""Each language's writing conventions (letters/conventions.yml) over every rendered letter and
every value of every choice variable: no doubled punctuation from template + data, the first
body line after the greeting, Czech courtesy capitals, Bengali digits, and what each language
never writes (`never`: a pattern, why, and an example it catches); and numbers in the site's own
strings formatted as the language writes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from letters import schema
from letters.catalog import letters
from letters.render import render
from letters.site.pages import format_count

ROOT = Path(__file__).resolve().parent.parent
CONVENTIONS = schema.load(ROOT / "letters" / "conventions.yml", "conventions")

# Doubled punctuation; an ellipsis ("...", "…") is not a doubled full stop.
DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|,,|।।|\. \.|, ,|;;|::")
# Exempt from native digits: URLs, email addresses, phone numbers, alphanumeric codes.
EXEMPT = re.compile(
    r"https?://\S+|\S+@\S+|\+?\d[\d ()./-]{6,}\d|\b(?=[\w-]*[A-Za-z])(?=[\w-]*\d)[\w-]+\b"
)


def renderings():
    """Every letter in every language with its example data, then with each value of each
    choice variable in turn."""
    for item in letters().values():
        for code in item.languages:
            yield pytest.param(item, code, None, None, id=f"{item.id}-{code}")
            for name, variable in item.variables_for(code).items():
                if variable.type == "choice":
                    for value in variable.values:
                        yield pytest.param(
                            item, code, name, value, id=f"{item.id}-{code}-{name}={value}"
                        )


RENDERINGS = list(renderings())


def rendered(item, code, name, value, tmp_path):
    if name is None:
        return render(item, code)
    source = item.example_path(code).read_text(encoding="utf-8")
    data = tmp_path / "data.yml"
    data.write_text(re.sub(rf"(?m)^{name}: .*$", f"{name}: {value}", source), encoding="utf-8")
    return render(item, code, data)


def doubled(text: str) -> list[str]:
    return [text[max(m.start() - 20, 0) : m.end() + 5] for m in DOUBLED.finditer(text)]


def first_body_line(body: str) -> tuple[str, str]:
    """The greeting line and the first line after it."""
    lines = [line for line in body.splitlines() if line.strip()]
    return lines[0], lines[1]


def courtesy_faults(body: str, forms: list[str], addressee: str) -> list[str]:
    """Lowercase forms for one named person; capitals inside a sentence for a group."""
    words = "|".join(forms)
    if addressee in ("f", "m"):
        return re.findall(rf"\b(?:{words.lower()})\b", body)
    return [
        m.group(0)
        for m in re.finditer(rf"(?<![.!?\n]\s)(?<!^)\b(?:{words})\b", body, re.MULTILINE)
        if not re.search(r"(^|[.!?]\s+)$", body[: m.start()])
    ]


def latin_digits(text: str) -> list[str]:
    return re.findall(r"\S*[0-9]\S*", EXEMPT.sub("", text))


@pytest.mark.parametrize(("item", "code", "name", "value"), RENDERINGS)
def test_letter_follows_its_languages_conventions(item, code, name, value, tmp_path):
    letter = rendered(item, code, name, value, tmp_path)
    rules = CONVENTIONS[code]
    text = letter.txt()
    assert not doubled(text), f"doubled punctuation: {doubled(text)}"
    greeting, first = first_body_line(letter.body)
    assert greeting.rstrip().endswith(","), f"greeting {greeting!r} does not end with a comma"
    if rules["first_body_line"] == "capital":
        initial = next(character for character in first if character.isalpha())
        assert initial.isupper(), f"the body after {greeting!r} starts in lower case: {first!r}"
    if rules["first_body_line"] == "lowercase":
        initial = next(character for character in first if character.isalpha())
        assert initial.islower(), f"the body after {greeting!r} starts with a capital: {first!r}"
    if "courtesy_capitals" in rules and "addressee" in letter.data:
        faults = courtesy_faults(letter.body, rules["courtesy_capitals"], letter.data["addressee"])
        assert not faults, f"addressee {letter.data['addressee']}: {faults}"
    if rules.get("native_digits"):
        assert not latin_digits(text), f"Latin digits in {code} text: {latin_digits(text)}"
    for convention in rules.get("never", []):
        found = re.search(convention["pattern"], text, re.MULTILINE)
        assert not found, f"{found.group()!r}: {convention['because']}"


NEVER = [
    pytest.param(code, convention, id=f"{code}-{index}")
    for code, rules in CONVENTIONS.items()
    for index, convention in enumerate(rules.get("never", []))
]


@pytest.mark.parametrize(("code", "convention"), NEVER)
def test_each_never_convention_catches_its_own_example(code, convention):
    assert re.search(convention["pattern"], convention["example"], re.MULTILINE)


def test_the_checks_find_what_they_look_for():
    assert doubled("12.500 kr.. Takk") and doubled("ধন্যবাদ।।") and doubled("a,, b")
    assert not doubled("Wait... and… then.") and not doubled("12.500 kr. Takk")
    forms = CONVENTIONS["cs"]["courtesy_capitals"]
    assert courtesy_faults("Děkujeme vám za platbu.", forms, "f") == ["vám"]
    assert courtesy_faults("Děkujeme Vám za platbu.", forms, "f") == []
    assert courtesy_faults("Děkujeme Vám za platbu.", forms, "group") == ["Vám"]
    assert courtesy_faults("Vaše platba přišla.", forms, "group") == []
    assert latin_digits("৮,৪৫০.০০ টাকা ফি, 8,450.00") == ["8,450.00"]
    assert latin_digits("৮,৪৫০.০০ টাকা, ৩১ আগস্ট ২০২৬") == []
    exempt = "ফোন +880 2 5566 7788, https://x.example/1, a@b.example, INV-2026-117"
    assert latin_digits(exempt) == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "6,175"), ("hi", "1,23,456"), ("bn", "৬,১৭৫"), ("is", "6.175"), ("cs", "6\xa0175")],
)
def test_site_numbers_use_the_languages_grouping_and_digits(code, expected):
    number = 123456 if code == "hi" else 6175
    assert format_count(number, code) == expected
