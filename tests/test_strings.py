"""The site's own words: every language's strings file has every key the default one has."""

from __future__ import annotations

import pytest

from letters.data import default_language, language_codes, strings


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


@pytest.mark.parametrize("code", language_codes())
def test_subject_label_is_one_the_checker_reads(code):
    """The renderer writes strings' subject_label before a letter's subject; the checker reads
    subject labels from letters/rules/common/<code>.yml: one must be among the other."""
    from letters.rules import conventions

    label = strings(code)["subject_label"]
    assert label.casefold() in conventions(code).subject_labels, (
        f"{code}: subject_label {label!r} is not among the checker's subject_labels"
    )


@pytest.mark.parametrize("code", language_codes())
def test_the_checker_finds_the_subject_of_a_rendered_letter(code):
    from letters.catalog import letters
    from letters.check import read_letter
    from letters.render import render

    letter = next(item for item in letters().values() if code in item.languages)
    rendered = render(letter, code)
    assert rendered.txt().startswith(f"{strings(code)['subject_label']}: ")
    draft = read_letter(rendered.txt(), code)
    assert draft.subject is not None and draft.part(draft.subject) == rendered.subject
