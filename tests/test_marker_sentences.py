"""Native writers' sentences for the word groups they widened (`tests/marker_sentences/<lang>/`).

Each file names its checks (`check: <rule id> <group>[,<group>]`); every "+" sentence is found by
one of a check's groups and no "-" sentence is. A line marked "+?" or "-?" is a gap the marker
syntax cannot close yet (see the file's comment): it must still be judged wrongly, so that the
change that closes it also updates the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from letters.rules import analysed, rule_markers

FOLDER = Path(__file__).parent / "marker_sentences"
FILES = sorted(FOLDER.glob("*/*.txt"))


def parsed(path: Path) -> tuple[list[tuple[str, list[str]]], list[tuple[int, str, str]]]:
    checks, sentences = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("check: "):
            rule_id, groups = line.removeprefix("check: ").split()
            checks.append((rule_id, groups.split(",")))
        elif line[:2] in ("+ ", "- ", "+?", "-?"):
            sentences.append((number, line[:2].strip(), line[2:].strip()))
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"{path}:{number}: not a check, a sentence or a comment")
    return checks, sentences


def test_every_file_has_checks_and_both_kinds_of_sentence():
    assert len(FILES) >= 5
    for path in FILES:
        checks, sentences = parsed(path)
        signs = {sign[0] for _, sign, _ in sentences}
        assert checks and signs == {"+", "-"}, path


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_groups_find_what_the_sentences_say(path):
    lang = path.parent.name
    checks, sentences = parsed(path)
    wrong = []
    for rule_id, names in checks:
        groups = [rule_markers(rule_id, lang).group(name) for name in names]
        for number, sign, text in sentences:
            found = any(analysed(text, lang).hits(group) for group in groups)
            judged_right = found == sign.startswith("+")
            if judged_right == sign.endswith("?"):
                state = "now judged right: drop the ?" if judged_right else "judged wrongly"
                wrong.append(f"{path.name}:{number} {rule_id} ({state}): {text}")
    assert not wrong, "\n".join(wrong)
