"""A data problem stops the strict build with one line naming its file, line and problem: no
traceback, no SnippetMissingError, no page rendered with an empty string in its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import build_copy, copy_project

from letters.data import default_language, language_codes


def translated() -> str:
    """A language other than the default, as languages.yml lists them."""
    return next(code for code in language_codes() if code != default_language())


def drop_a_strings_key(copy: Path) -> tuple[str, str]:
    code = translated()
    path = copy / "letters" / "strings" / f"{code}.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # The first top-level key the schema does not require: only the comparison with the
    # default language's file can tell it is missing (it used to render as nothing).
    schema = json.loads((copy / "letters/schema/strings.schema.json").read_text("utf-8"))
    index = next(
        i
        for i, line in enumerate(lines)
        if line[:1].isalpha()
        and line.split(":")[0] not in {"meta", *schema["required"]}
        and line.split(":", 1)[1].strip()  # a one-line string, not a mapping
    )
    key = lines[index].split(":")[0]
    path.write_text("".join(lines[:index] + lines[index + 1 :]), encoding="utf-8")
    return f"letters/strings/{code}.yml:", key


def break_a_rule_file(copy: Path) -> tuple[str, str]:
    path = sorted((copy / "letters" / "rules").glob(f"*/{translated()}.yml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n  - [unclosed\n", encoding="utf-8")
    line = text.count("\n") + 2
    return f"{path.relative_to(copy).as_posix()}:", f"{line}"


@pytest.mark.parametrize("breaking", [drop_a_strings_key, break_a_rule_file])
def test_a_data_problem_fails_the_build_in_one_line(tmp_path, breaking):
    copy = copy_project(tmp_path)
    file, problem = breaking(copy)
    result = build_copy(copy, tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "SnippetMissingError" not in output, output[-3000:]
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, output[-3000:]
    assert file in errors[0] and problem in errors[0], errors[0]
    assert breaking is not drop_a_strings_key or "missing" in errors[0], errors[0]
