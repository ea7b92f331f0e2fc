"""The checker on letters it was not fitted to: the evaluation corpus (tests/corpus/README.md).

Thresholds apply to the languages the data marks as having checker data (`rules_complete`), so
a new language at 0% passes until it declares itself complete.
"""

from __future__ import annotations

import hashlib

import pytest
import yaml
from evaluate import (
    CORPUS,
    MAX_GOOD_LETTER_FALSE_ALARMS,
    MIN_PRECISION,
    YAML_LOADER,
    corpus_letters,
    evaluate,
    held_out,
)

from letters.rules import complete_languages, guides

pytestmark = pytest.mark.long  # the whole corpus is checked once, in a module fixture

MIN_PER_SIDE = 3  # letters that must fire, and letters that must not, per rule and language
MIN_WHOLE_CORPUS = 0.85


@pytest.fixture(scope="module")
def results():
    return evaluate()


def test_held_out_rule_is_the_documented_one():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert "sha256(file name).hexdigest(), 16) % 3 == 0" in readme
    for letter in corpus_letters():
        digest = int(hashlib.sha256(letter.file.encode("utf-8")).hexdigest(), 16)
        assert held_out(letter.file) == (digest % 3 == 0)


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


def test_enough_letters_to_measure_every_rule_in_every_complete_language(results):
    for lang in complete_languages():
        counts = results.by_rule(results.select(lang=lang))
        for guide in guides().values():
            for rule in (r for r in guide.rules if r.automated):
                fire = counts[rule.id].tp + counts[rule.id].fn if rule.id in counts else 0
                quiet = counts[rule.id].fp + counts[rule.id].tn if rule.id in counts else 0
                assert fire >= MIN_PER_SIDE and quiet >= MIN_PER_SIDE, (lang, rule.id, fire, quiet)


def weak_rules(counts_by_rule, floor: float) -> dict:
    return {
        rule: (round(counts.precision, 2), round(counts.recall, 2))
        for rule, counts in counts_by_rule.items()
        if counts.precision < floor or counts.recall < floor
    }


def test_every_automated_rule_is_precise_and_catches_what_it_should_on_the_tuning_part(results):
    assert not weak_rules(results.by_rule(results.select("tuning")), MIN_PRECISION)


def test_no_rule_falls_below_its_floor_on_the_whole_corpus(results):
    """The held-out letters are not tuned on, so the whole corpus is where a rule's words show
    whether they generalise; the floor catches a change that makes a rule worse there (the
    issue's goal, 0.9 on both parts, is reported by make eval)."""
    assert MIN_WHOLE_CORPUS <= MIN_PRECISION
    assert not weak_rules(results.by_rule(results.verdicts), MIN_WHOLE_CORPUS)


def test_good_letters_rarely_get_a_false_alarm(results):
    rate = results.good_letter_false_alarm_rate(results.verdicts)
    alarmed = [
        f"{v.letter.lang}/{v.letter.file}"
        for v in results.verdicts
        if not v.letter.breaks and v.found
    ]
    assert rate <= MAX_GOOD_LETTER_FALSE_ALARMS, alarmed
