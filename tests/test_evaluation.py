"""The checker on letters it was not fitted to: the evaluation corpus (tests/corpus/README.md).

Thresholds apply to the languages the data marks as having checker data (`rules_complete`), so
a new language at 0% passes until it declares itself complete.
"""

from __future__ import annotations

import hashlib

import pytest
import yaml
from evaluate import CORPUS, ROOT, YAML_LOADER, checker_inputs, corpus_letters, held_out

from letters.rules import complete_languages, guides

pytestmark = pytest.mark.long  # the whole corpus is checked once per run (conftest.corpus_results)

MIN_PER_SIDE = 3  # letters that must fire, and letters that must not, per rule and language


def test_held_out_rule_is_the_documented_one():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert "sha256(file name).hexdigest(), 16) % 3 == 0" in readme
    for letter in corpus_letters():
        digest = int(hashlib.sha256(letter.file.encode("utf-8")).hexdigest(), 16)
        assert held_out(letter.file) == (digest % 3 == 0)


def test_the_kept_verdicts_of_a_language_depend_on_everything_its_checker_reads():
    """conftest keeps the corpus's verdicts under a digest of these files: one left out would let
    a test pass on the verdicts of code or words that are no longer there."""
    czech = {path.relative_to(ROOT).as_posix() for path in checker_inputs("cs")}
    for needed in (
        "letters/markers.py",
        "letters/check.py",
        "letters/languages.yml",
        "letters/rules/reminder/rules.yml",
        "letters/rules/reminder/cs.yml",
        "letters/rules/common/cs.yml",
        "letters/schema/guide.schema.json",
        "tests/evaluate.py",
        "requirements.lock",
        "tests/corpus/cs/verdicts.yml",
    ):
        assert needed in czech
    assert any(path.startswith("tests/corpus/cs/r") for path in czech)
    # What the checker never reads for Czech letters: another language's words and letters, the
    # templates and the site's strings.
    for not_needed in ("letters/rules/reminder/en.yml", "tests/corpus/en/verdicts.yml"):
        assert not_needed not in czech
    assert not any(path.startswith(("letters/templates/", "letters/strings/")) for path in czech)


def test_every_verdict_names_real_applicable_automated_rules():
    for lang in complete_languages():
        entries = yaml.load(
            (CORPUS / lang / "verdicts.yml").read_text(encoding="utf-8"), Loader=YAML_LOADER
        )
        files = {path.name for path in (CORPUS / lang).iterdir() if path.suffix in {".txt", ".eml"}}
        assert {entry["file"] for entry in entries} == files, lang
        for entry in entries:
            guide = guides()[entry["guide"]]
            scenarios = tuple(entry.get("scenarios") or ())
            assert set(scenarios) <= set(guide.scenarios), entry["file"]
            # Checklist items may be named too: a rule can move from the checker to the checklist.
            applicable = {r.id for r in guide.rules if r.applies_to(scenarios)}
            assert set(entry.get("breaks") or ()) <= applicable, entry["file"]


def test_enough_letters_to_measure_every_rule_in_every_complete_language(corpus_results):
    for lang in complete_languages():
        counts = corpus_results.by_rule(corpus_results.select(lang=lang))
        for guide in guides().values():
            for rule in (r for r in guide.rules if r.automated):
                fire = counts[rule.id].tp + counts[rule.id].fn if rule.id in counts else 0
                quiet = counts[rule.id].fp + counts[rule.id].tn if rule.id in counts else 0
                assert fire >= MIN_PER_SIDE and quiet >= MIN_PER_SIDE, (lang, rule.id, fire, quiet)
