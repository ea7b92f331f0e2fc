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
