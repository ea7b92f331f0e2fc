"""The guides' rules as data: the ids the guides define, complete and valid data, their examples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from letters import schema
from letters.check import CHECKS, check_draft, check_rule
from letters.data import InputError, language_codes
from letters.rules import complete_languages, guides, missing_rule_data

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "letters" / "rules"

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
        "bad-news.offer-solution": False,
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


def test_complete_languages_lack_nothing():
    """A language declared complete has every title, explanation, example and marker group."""
    assert complete_languages(), "no language has checker data"
    for guide in guides().values():
        for code in complete_languages():
            assert missing_rule_data(guide, code) == [], (guide.id, code)


def test_every_rule_has_title_and_explanation_in_every_language_with_guide_data():
    for guide in guides().values():
        for rule in guide.rules:
            for code in guide.title:
                assert rule.title.get(code) and rule.explanation.get(code), f"{rule.id} [{code}]"


def examples(verdict: str):
    return [
        pytest.param(rule, code, example, id=f"{rule.id}-{code}-{verdict}{number}")
        for rule in all_rules()
        if rule.automated
        for code in language_codes()
        for number, example in enumerate(rule.examples.get(code, {}).get(verdict, ()))
    ]


@pytest.mark.parametrize(("rule", "code", "example"), examples("fail"))
def test_rule_rejects_its_fail_example(rule, code, example):
    findings = check_rule(example.text, rule, code, example.scenarios)
    assert findings, f"{rule.id} accepted a fail example in {code}: {example.text!r}"
    assert {finding.rule for finding in findings} == {rule.id}


@pytest.mark.parametrize(("rule", "code", "example"), examples("pass"))
def test_rule_accepts_its_pass_example(rule, code, example):
    findings = check_rule(example.text, rule, code, example.scenarios)
    assert not findings, [f.message for f in findings]


def test_every_rule_links_to_an_existing_section():
    """A rule's source is an anchor of its guide page, or of a site page for editorial rules."""
    for guide in guides().values():
        for rule in guide.rules:
            page, _, anchor = rule.source.partition("#")
            markdown = ROOT / "docs" / "en" / (page or guide.page)
            assert markdown.exists(), rule.id
            assert f"{{ #{anchor} }}" in markdown.read_text(encoding="utf-8"), rule.id


def test_every_data_file_names_its_schema():
    """Editors autocomplete and validate the files against the same schema the loader uses."""
    data_files = [
        *RULES.rglob("*.yml"),
        *(ROOT / "letters" / "strings").glob("*.yml"),
        *(ROOT / "letters" / "templates").glob("*/*/letter.yml"),
        ROOT / "letters" / "templates" / "variables.yml",
        ROOT / "letters" / "languages.yml",
    ]
    for path in sorted(data_files):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.exists(), path


# -- the schema rejects what a contributor could get wrong, naming file and line -------------


def broken_copy(tmp_path: Path, relative: str, old: str, new: str) -> Path:
    target = tmp_path / Path(relative).name
    text = (ROOT / relative).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split(text, 1)[0].count("\n") + 1


MISTAKES = {
    "misspelled check parameter": (
        "letters/rules/reminder/rules.yml",
        "guide",
        "    require_by_scenario:",
        "    require_by_scenaro:",
        "unknown key 'require_by_scenaro'",
    ),
    "forbids without groups": (
        "letters/rules/reminder/rules.yml",
        "guide",
        "    groups: [harsh]",
        "    group: [harsh]",
        "unknown key 'group'",
    ),
    "unknown check kind": (
        "letters/rules/reminder/rules.yml",
        "guide",
        "  - kind: shouting",
        "  - kind: whispering",
        "'whispering' is not one of",
    ),
    "unknown format": (
        "letters/rules/reminder/rules.yml",
        "guide",
        "format: amount",
        "format: sum",
        "'sum'",
    ),
    "automated is not a yes/no": (
        "letters/rules/bad-news/rules.yml",
        "guide",
        "  automated: true",
        "  automated: maybe",
        "'maybe' is not of type 'boolean'",
    ),
    "unknown key in a language file": (
        "letters/rules/bad-news/cs.yml",
        "guide-language",
        "    title: ",
        "    titel: ",
        "unknown key 'titel'",
    ),
    "misspelled key in a letter": (
        "letters/templates/reminder/event/letter.yml",
        "letter",
        "scenarios:",
        "scenarioz:",
        "unknown key 'scenarioz'",
    ),
    "unknown variable type": (
        "letters/templates/variables.yml",
        "variables",
        "  type: money",
        "  type: cash",
        "'cash' is not one of",
    ),
    "missing messages": (
        "letters/rules/common/is.yml",
        "checker-language",
        "messages:",
        "messagez:",
        "unknown key 'messagez'",
    ),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_schema_names_file_line_and_key(tmp_path, name):
    relative, schema_name, old, new, mention = MISTAKES[name]
    path = broken_copy(tmp_path, relative, old, new)
    with pytest.raises(InputError) as raised:
        schema.load(path, schema_name)
    source, problem = raised.value.source, raised.value.problem
    assert source == f"{path}:{line_of(path, new)}", (source, problem)
    assert mention in problem, problem


def test_valid_files_pass_the_schema(tmp_path):
    for relative, schema_name, *_ in MISTAKES.values():
        schema.load(ROOT / relative, schema_name)


def test_every_schema_is_a_valid_json_schema():
    """Checked here rather than each time a schema is loaded (it slowed every `letters check`)."""
    import json

    import jsonschema

    names = sorted(path.name for path in schema.SCHEMA_DIR.glob("*.schema.json"))
    assert names
    for name in names:
        document = json.loads((schema.SCHEMA_DIR / name).read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(document).check_schema(document)


# Keywords that mean the same in draft 7 (what fastjsonschema reads) and in 2020-12 (what the
# schemas declare and jsonschema reads); annotations are ignored by both.
SAME_IN_DRAFT_7 = {
    "type",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "minItems",
    "pattern",
    "minLength",
    "anyOf",
    "allOf",
    "const",
    "enum",
    "propertyNames",
    "if",
    "then",
    "minimum",
    "maximum",
    "minProperties",
    "$ref",
    "$defs",
}
ANNOTATIONS = {"$schema", "$id", "title", "description"}


def _draft_7_problems(node, where="") -> list[str]:
    problems = []
    if isinstance(node, dict):
        unknown = set(node) - SAME_IN_DRAFT_7 - ANNOTATIONS
        if unknown:
            problems.append(f"{where}: {sorted(unknown)}")
        if "$ref" in node and set(node) - {"$ref"} - ANNOTATIONS:
            problems.append(f"{where}: $ref with siblings (draft 7 ignores them)")
        if isinstance(node.get("items"), list):
            problems.append(f"{where}: items as a list (a tuple in draft 7)")
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for name, sub in value.items():
                    problems += _draft_7_problems(sub, f"{where}/{key}/{name}")
            elif isinstance(value, (dict, list)):
                problems += _draft_7_problems(value, f"{where}/{key}")
    elif isinstance(node, list):
        for number, sub in enumerate(node):
            problems += _draft_7_problems(sub, f"{where}/{number}")
    return problems


def test_every_schema_means_the_same_to_both_validators():
    """A file that passes fastjsonschema (draft 7) is not checked again by jsonschema (2020-12):
    the schemas keep to keywords that mean the same in both."""
    import json

    assert _draft_7_problems({"$ref": "#/x", "minItems": 1}) != []  # the check can fail
    assert _draft_7_problems({"properties": {"a": {"prefixItems": []}}}) != []
    for path in sorted(schema.SCHEMA_DIR.glob("*.schema.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert _draft_7_problems(document) == [], path.name


def test_malformed_yaml_names_the_line(tmp_path):
    path = tmp_path / "broken.yml"
    shutil.copy(RULES / "reminder" / "rules.yml", path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("guide: reminder\n", "guide: [reminder\n", 1), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        schema.load(path, "guide")
    assert raised.value.source == f"{path}:{line_of(path, 'guide: [reminder') + 1}"
    assert "malformed YAML" in raised.value.problem


def test_a_key_given_twice_names_its_second_line(tmp_path):
    """YAML keeps the last of two equal keys without a word; the schema would see nothing."""
    path = tmp_path / "twice.yml"
    shutil.copy(RULES / "common" / "en.yml", path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n  own_side:", "\n  client_side: []\n  own_side:", 1), "utf-8")
    with pytest.raises(InputError) as raised:
        schema.load(path, "checker-language")
    assert raised.value.source == f"{path}:{line_of(path, 'client_side: [you')}"
    assert "'client_side' is given twice" in raised.value.problem


def _named_kinds(entries) -> set[str]:
    """The formats a guide page names by label in a rule's word list."""
    from letters.markers import Format, Near

    names = set()
    for entry in entries:
        if isinstance(entry, Format):
            names.add(entry.kind)
        elif isinstance(entry, Near):
            for part in entry.parts:
                for alternative in part.entries:
                    if isinstance(alternative, Format):
                        names.add(alternative.kind)
    return names


@pytest.mark.parametrize("code", complete_languages())
def test_every_format_a_guide_page_names_has_a_label_in_the_language(code):
    from letters.rules import conventions, rule_markers
    from letters.site.pages import _flatten

    labels = conventions(code).data.get("labels", {})
    unlabelled = set()
    for guide in guides().values():
        for rule in (r for r in guide.rules if r.automated):
            for group in rule_markers(rule.id, code).groups.values():
                unlabelled |= _named_kinds(_flatten(group)) - set(labels)
    assert not unlabelled, f"letters/rules/common/{code}.yml labels lacks {sorted(unlabelled)}"


def _apologies_found(text: str) -> bool:
    letter = f"Dear Ms Lee,\n\nThank you for your order. {text}\n\nKind regards,\nSam"
    report = check_draft(letter, guides()["bad-news"], "en", ())
    return any(f.rule == "bad-news.no-over-apology" for f in report.findings)


def test_two_apologies_in_one_sentence_are_two_and_one_apology_is_one():
    assert _apologies_found("We apologise for the delay and we are very sorry.")
    assert not _apologies_found("Please accept our sincere apologies for the delay.")
    assert not _apologies_found("We are sorry for the delay.")
