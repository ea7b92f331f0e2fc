"""The site's own words: every language's strings file has every key the default one has; in a
language the checker covers, a rendered letter's subject is one the checker reads (a language
without checker data yet, e.g. one just added by `letters new-language`, has nothing to check)."""

from __future__ import annotations

import pytest

from letters.catalog import letters
from letters.data import default_language, language_codes, strings
from letters.rules import covered_languages


def keys(data: dict, prefix: str = "") -> set[str]:
    found = set()
    for key, value in data.items():
        path = f"{prefix}{key}"
        found |= keys(value, f"{path}.") if isinstance(value, dict) else {path}
    return found


@pytest.mark.parametrize("code", language_codes())
def test_strings_file_has_every_key(code):
    missing = keys(strings(default_language())) - keys(strings(code))
    assert not missing, f"letters/strings/{code}.yml lacks {sorted(missing)}"


def test_key_comparison_sees_a_missing_nested_key():
    assert keys({"a": {"b": 1, "c": 2}}) - keys({"a": {"b": 1}}) == {"a.c"}


@pytest.mark.parametrize("code", covered_languages())
def test_subject_label_is_one_the_checker_reads(code):
    """The renderer writes strings' subject_label before a letter's subject; the checker reads
    subject labels from letters/rules/common/<code>.yml: one must be among the other."""
    from letters.rules import conventions

    label = strings(code)["subject_label"]
    assert label.casefold() in conventions(code).subject_labels, (
        f"{code}: subject_label {label!r} is not among the checker's subject_labels"
    )


def covered_with_letters() -> list[str]:
    """Languages with checker data and at least one letter written in them."""
    written = set().union(*(item.languages for item in letters().values()))
    return [code for code in covered_languages() if code in written]


@pytest.mark.parametrize("code", covered_with_letters())
def test_the_checker_finds_the_subject_of_a_rendered_letter(code):
    from letters.check import read_letter
    from letters.render import render

    letter = next(item for item in letters().values() if code in item.languages)
    rendered = render(letter, code)
    assert rendered.txt().startswith(f"{strings(code)['subject_label']}: ")
    draft = read_letter(rendered.txt(), code)
    assert draft.subject is not None and draft.part(draft.subject) == rendered.subject
