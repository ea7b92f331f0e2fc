"""The checker's precision and recall on the evaluation corpus held to their floors (the corpus
itself and its provenance: test_evaluation.py). A module of its own, so that pytest-xdist's two
workers each start on the corpus and check half of it (conftest.corpus_results)."""

from __future__ import annotations

import pytest
from evaluate import MAX_GOOD_LETTER_FALSE_ALARMS, MIN_PRECISION

pytestmark = pytest.mark.long

MIN_WHOLE_CORPUS = 0.85


def weak_rules(counts_by_rule, floor: float) -> dict:
    return {
        rule: (round(counts.precision, 2), round(counts.recall, 2))
        for rule, counts in counts_by_rule.items()
        if counts.precision < floor or counts.recall < floor
    }


def test_every_automated_rule_is_precise_and_catches_what_it_should_on_tuning(corpus_results):
    assert not weak_rules(corpus_results.by_rule(corpus_results.select("tuning")), MIN_PRECISION)


def test_no_rule_falls_below_its_floor_on_the_whole_corpus(corpus_results):
    """The held-out letters are not tuned on, so the whole corpus is where a rule's words show
    whether they generalise; the floor catches a change that makes a rule worse there (the
    issue's goal, 0.9 on both parts, is reported by make eval)."""
    assert MIN_WHOLE_CORPUS <= MIN_PRECISION
    assert not weak_rules(corpus_results.by_rule(corpus_results.verdicts), MIN_WHOLE_CORPUS)


def test_good_letters_rarely_get_a_false_alarm(corpus_results):
    rate = corpus_results.good_letter_false_alarm_rate(corpus_results.verdicts)
    alarmed = [
        f"{v.letter.lang}/{v.letter.file}"
        for v in corpus_results.verdicts
        if not v.letter.breaks and v.found
    ]
    assert rate <= MAX_GOOD_LETTER_FALSE_ALARMS, alarmed
