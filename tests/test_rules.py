"""The guides' rules as data: the ids the issue names, complete data and their own examples."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project

from letters.check import CHECKS, run_rule
from letters.data import language_codes
from letters.rules import closing_pattern, complete_languages, guides
from letters.text import parse

ROOT = Path(__file__).resolve().parent.parent

EXPECTED_RULES = {
    "reminder": {
        "reminder.accurate-details": True,
        "reminder.acknowledge-payment": True,
        "reminder.polite-tone": True,
        "reminder.original-billing": True,
        "reminder.request-response": True,
        "reminder.contact-channels": True,
        "reminder.check-facts": False,
    },
    "bad-news": {
        "bad-news.thanks-first": True,
        "bad-news.brief-news": True,
        "bad-news.no-over-apology": True,
        "bad-news.offer-solution": True,
        "bad-news.referral": True,
        "bad-news.corrective-action": True,
        "bad-news.no-false-hope": False,
    },
    "customer-service": {
        "customer-service.check-website": False,
        "customer-service.right-channel": False,
        "customer-service.order-details": True,
        "customer-service.polite-tone": True,
        "customer-service.direct-request": True,
        "customer-service.cite-policy": True,
        "customer-service.subject-line": True,
    },
}


def all_rules():
    return [rule for guide in guides().values() for rule in guide.rules]


def test_rule_ids_and_kinds_are_the_ones_the_guides_define():
    found = {g: {r.id: r.automated for r in guide.rules} for g, guide in guides().items()}
    assert found == EXPECTED_RULES


def test_every_check_names_a_known_kind():
    for rule in all_rules():
        for check in rule.checks:
            assert check["kind"] in CHECKS, f"{rule.id}: unknown check kind {check['kind']!r}"


def test_every_rule_has_title_and_explanation_in_every_language():
    for rule in all_rules():
        for code in language_codes():
            assert rule.title.get(code) and rule.explanation.get(code), f"{rule.id} [{code}]"


def examples(verdict: str):
    return [
        pytest.param(rule, code, example, id=f"{rule.id}-{code}-{verdict}{number}")
        for rule in all_rules()
        if rule.automated
        for code in language_codes()
        for number, example in enumerate(rule.examples.get(code, {}).get(verdict, ()))
    ]


def test_every_automated_rule_has_pass_and_fail_examples_in_every_complete_language():
    assert complete_languages() == language_codes()
    for rule in filter(lambda r: r.automated, all_rules()):
        for code in complete_languages():
            assert rule.examples[code]["pass"] and rule.examples[code]["fail"], (rule.id, code)


@pytest.mark.parametrize(("rule", "code", "example"), examples("fail"))
def test_rule_rejects_its_fail_example(rule, code, example):
    findings = run_rule(parse(example.text, closing_pattern(code)), rule, code, example.scenarios)
    assert findings, f"{rule.id} accepted a fail example in {code}: {example.text!r}"
    assert {finding.rule for finding in findings} == {rule.id}


@pytest.mark.parametrize(("rule", "code", "example"), examples("pass"))
def test_rule_accepts_its_pass_example(rule, code, example):
    findings = run_rule(parse(example.text, closing_pattern(code)), rule, code, example.scenarios)
    assert not findings, [f.message for f in findings]


def test_every_rule_links_to_an_existing_section():
    """A rule's source is an anchor of its guide page, or of a site page for editorial rules."""
    for guide in guides().values():
        for rule in guide.rules:
            page, _, anchor = rule.source.partition("#")
            markdown = ROOT / "docs" / "en" / (page or guide.page)
            assert markdown.exists(), rule.id
            assert f"{{ #{anchor} }}" in markdown.read_text(encoding="utf-8"), rule.id


def run_letters(copy: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "letters", *args], capture_output=True, text=True, cwd=copy, env=env
    )


def test_loader_refuses_a_complete_language_without_a_fail_example(tmp_path):
    copy = copy_project(tmp_path, ("letters",))
    rules = copy / "letters" / "rules" / "reminder.yml"
    text = rules.read_text(encoding="utf-8")
    cut = text.replace('        fail: [{text: "Your invoice is overdue."}]\n', "", 1)
    assert cut != text
    rules.write_text(cut, encoding="utf-8")
    draft = copy / "draft.txt"
    draft.write_text("Dear Ms Novak,\n\nPlease call us.\n\nKind regards,\nJan\n", encoding="utf-8")
    result = run_letters(
        copy, "check", str(draft), "--guide", "reminder", "--lang", "en", "--scenario", "event"
    )
    assert result.returncode == 2
    assert (
        "reminder.yml" in result.stderr
        and "'en'" in result.stderr
        and "fail example" in result.stderr
    )


def test_a_new_language_without_rule_data_is_incomplete_not_refused(tmp_path):
    copy = copy_project(tmp_path, ("letters",))
    languages = copy / "letters" / "languages.yml"
    languages.write_text(
        languages.read_text(encoding="utf-8")
        + "- code: de\n  name: Deutsch\n  locale: de_DE\n  search:\n    pipeline: []\n"
        "    separator: '[\\s\\-]+'\n",
        encoding="utf-8",
    )
    probe = (
        "from letters.rules import guides, missing_rule_data, complete_languages;"
        "print(complete_languages());"
        "print(len(missing_rule_data(guides()['reminder'], 'de')))"
    )
    env = {"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    complete, missing = result.stdout.split("\n")[:2]
    assert "de" not in complete
    assert int(missing) > 0
