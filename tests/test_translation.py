"""`letters check-translation`: the five mistakes of tests/fixtures/translation-sk/ are each listed
with their file and line, in one run; a language scaffolded by `new-language` is listed as an
untouched scaffold and is otherwise clean; `remove-language` undoes `new-language`.

The fixture's language may have become a site language since (a translator ran `new-language sk`
and went on): the tests then work on a copy from which `remove-language` took it out first, so
they start from the same place either way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, letters_on_copy

from letters.data import language_codes

FIXTURE = ROOT / "tests/fixtures/translation-sk"
CODE = "sk"  # the fixture's language


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def without(tmp_path_factory) -> Path:
    """A copy of the project without the fixture's language."""
    copy = copy_project(tmp_path_factory.mktemp("without"))
    if CODE in language_codes():
        result = letters_on_copy(copy, "remove-language", CODE)
        assert result.returncode == 0, result.stderr
    return copy


@pytest.fixture(scope="module")
def scaffolded(without, tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("translation") / "copy"
    shutil.copytree(without, copy)
    result = letters_on_copy(copy, "new-language", CODE, "--name", "Slovenčina")
    assert result.returncode == 0, result.stderr
    return copy


def test_a_new_language_is_an_untouched_scaffold_and_nothing_else(scaffolded):
    result = letters_on_copy(scaffolded, "check-translation", CODE)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all("untouched scaffold" in line for line in lines), result.stdout
    assert f"letters/strings/{CODE}.yml:1: untouched scaffold" in result.stdout
    check = letters_on_copy(scaffolded, "check", "-", "--guide", "reminder", "--lang", CODE)
    assert check.returncode == 3 and len(check.stderr.strip().splitlines()) == 1, check.stderr


def test_each_of_the_five_mistakes_is_listed_with_file_and_line(scaffolded, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(scaffolded, copy)
    shutil.copytree(FIXTURE, copy, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(FIXTURE / "docs", copy / "docs", dirs_exist_ok=True)
    strings = copy / f"letters/strings/{CODE}.yml"
    lines = strings.read_text("utf-8").splitlines()
    deleted = next(n for n, line in enumerate(lines) if line.startswith("help_translate:"))
    strings.write_text("\n".join(lines[:deleted] + lines[deleted + 1 :]) + "\n", "utf-8")

    result = letters_on_copy(copy, "check-translation", CODE)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    page = f"docs/{CODE}/guides/reminder/event.md"
    template = f"letters/templates/reminder/event/{CODE}.j2"
    data = f"letters/templates/reminder/event/{CODE}.yml"
    expected = [
        f"{template}:{line_of(copy / template, 'event_nmae')}: undefined variable event_nmae",
        f"{page}:{line_of(copy / page, '#neexistuje')}: link to index.md#neexistuje",
        f"letters/strings/{CODE}.yml:",
        f"{data}:{line_of(copy / data, 'podujatia@')}: malformed YAML",
        f"{page}:{line_of(copy / page, '# Pripomienka')}: section “Pripomienka podujatia” has 0 "
        "paragraphs",
    ]
    for item in expected:
        assert item in out, f"{item!r} not in:\n{out}"
    assert "missing key help_translate" in out, out


def test_remove_language_undoes_new_language(without, scaffolded, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(scaffolded, copy)
    result = letters_on_copy(copy, "remove-language", CODE)
    assert result.returncode == 0, result.stderr
    before, after = files(without), files(copy)
    assert sorted(after) == sorted(before)
    changed = [name for name in before if after[name] != before[name]]
    assert not changed, changed


def test_bad_input_is_one_line_and_exit_2(scaffolded):
    for args in (("new-language", CODE, "--name", "X"), ("check-translation", "xx")):
        result = letters_on_copy(scaffolded, *args)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result
        assert "Traceback" not in result.stderr
