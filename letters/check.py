"""The checker: runs a guide's automated rules on a letter and reports findings with positions.

Each rule in letters/rules/<guide>.yml lists `checks`; each check has a `kind`, one of the small
functions registered below, and names the marker groups it looks for. The kinds are generic;
what they look for in each language is data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import regex

from letters.data import InputError
from letters.rules import Guide, Rule, closing_pattern, common, greeting_pattern
from letters.text import Draft, Span, parse, words

UPPERCASE_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{Lu}{4,}(?![\p{L}\p{M}\p{N}])")


@dataclass(frozen=True)
class Finding:
    rule: str
    line: int
    column: int
    message: str
    match: str | None


@dataclass
class Report:
    guide: str
    lang: str
    scenarios: tuple[str, ...]
    findings: list[Finding] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class Problem:
    """What a check found: an offset and the matched text, or None for something missing."""

    offset: int | None
    match: str | None
    detail: str = ""


CheckKind = Callable[[Draft, Rule, str, tuple[str, ...], dict], Iterator[Problem]]
CHECKS: dict[str, CheckKind] = {}


def check_kind(name: str):
    def register(function: CheckKind) -> CheckKind:
        CHECKS[name] = function
        return function

    return register


def _scope(draft: Draft, scope: str) -> list[Span]:
    if scope == "subject":
        return [draft.subject] if draft.subject else []
    if scope == "body":
        return list(draft.body)
    # "letter": everything after the subject line
    start = draft.paragraphs[0].start if draft.paragraphs else len(draft.text)
    return [Span(start, len(draft.text))]


def _matches(draft: Draft, spans: list[Span], pattern: regex.Pattern) -> Iterator[regex.Match]:
    for span in spans:
        yield from pattern.finditer(draft.text, span.start, span.end)


def _present(draft, rule, lang, spans, group) -> bool:
    return next(_matches(draft, spans, rule.pattern(lang, group)), None) is not None


def _missing(clauses, present: Callable[[str], bool]) -> list[str]:
    """The clauses of a `require` list that the letter does not meet."""
    missing = []
    for clause in clauses:
        if isinstance(clause, str):
            if not present(clause):
                missing.append(clause)
        elif "any_of" in clause:
            if not any(all(present(g) for g in option) for option in clause["any_of"]):
                missing.append(" or ".join("+".join(option) for option in clause["any_of"]))
        elif "of" in clause:
            found = [g for g in clause["of"] if present(g)]
            if len(found) < clause["at_least"]:
                missing.append(f"{clause['at_least']} of {', '.join(clause['of'])}")
    return missing


@check_kind("contains")
def contains(draft, rule, lang, scenarios, params):
    """The letter contains every required group (`require`, or `require_by_scenario`)."""
    clauses = list(params.get("require") or [])
    for scenario in scenarios:
        clauses += (params.get("require_by_scenario") or {}).get(scenario, [])
    spans = _scope(draft, params.get("scope", "letter"))
    if params.get("scope") == "subject" and not spans:
        yield Problem(None, None, "no subject line")
        return
    for missing in _missing(clauses, lambda g: _present(draft, rule, lang, spans, g)):
        yield Problem(None, None, missing)


@check_kind("forbids")
def forbids(draft, rule, lang, scenarios, params):
    """Every match of the listed groups is a finding."""
    spans = _scope(draft, params.get("scope", "letter"))
    for group in params["groups"]:
        for match in _matches(draft, spans, rule.pattern(lang, group)):
            yield Problem(match.start(), match.group(), group)


@check_kind("at_most")
def at_most(draft, rule, lang, scenarios, params):
    """At most `max` matches of the group; each one over the limit is a finding."""
    spans = _scope(draft, params.get("scope", "letter"))
    found = list(_matches(draft, spans, rule.pattern(lang, params["group"])))
    for match in found[params["max"] :]:
        yield Problem(match.start(), match.group(), f"more than {params['max']}")


@check_kind("shouting")
def shouting(draft, rule, lang, scenarios, params):
    """An all-uppercase word of four or more letters that is not a known acronym."""
    acronyms = {a.casefold() for a in common()["acronyms"]}
    for match in UPPERCASE_WORD.finditer(draft.text):
        if match.group().casefold() not in acronyms:
            yield Problem(match.start(), match.group(), "shouting")


@check_kind("greeting_and_closing")
def greeting_and_closing(draft, rule, lang, scenarios, params):
    greeting = draft.part(draft.greeting)
    if not greeting or not greeting_pattern(lang).match(greeting):
        yield Problem(None, None, "no greeting")
    if draft.signoff is None:
        yield Problem(None, None, "no courteous closing")


FIRST_WORDS = regex.compile(r"\S+(?:\s+\S+){0,5}")


@check_kind("word_limits")
def word_limits(draft, rule, lang, scenarios, params):
    """The body and each of its paragraphs stay under a number of words; a finding quotes the
    first words of what is too long."""
    total = sum(len(words(draft.part(p))) for p in draft.body)
    if total > params["body"]:
        opening = FIRST_WORDS.match(draft.part(draft.body[0])).group()
        yield Problem(
            draft.body[0].start, opening, f"{total} words in the body (at most {params['body']})"
        )
    for paragraph in draft.body:
        count = len(words(draft.part(paragraph)))
        if count > params["paragraph"]:
            opening = FIRST_WORDS.match(draft.part(paragraph)).group()
            limit = params["paragraph"]
            yield Problem(
                paragraph.start, opening, f"{count} words in a paragraph (at most {limit})"
            )


@check_kind("opens_with")
def opens_with(draft, rule, lang, scenarios, params):
    """The first body paragraph contains `thanks`, and no `before` group comes ahead of it."""
    if not draft.body:
        yield Problem(None, None, "no body")
        return
    first = draft.body[0]
    thanks = next(_matches(draft, [first], rule.pattern(lang, params["thanks"])), None)
    if thanks is None:
        yield Problem(None, None, f"the first paragraph has no {params['thanks']}")
        return
    ahead = [Span(first.start, thanks.start())]
    for group in params["before"]:
        for match in _matches(draft, ahead, rule.pattern(lang, group)):
            yield Problem(match.start(), match.group(), f"{group} before the {params['thanks']}")


def check_draft(text: str, guide: Guide, lang: str, scenarios: tuple[str, ...]) -> Report:
    """Run every automated rule of the guide that applies to the scenarios."""
    unknown = [s for s in scenarios if s not in guide.scenarios]
    if unknown:
        known = ", ".join(guide.scenarios)
        raise InputError(
            "--scenario", f"unknown scenario {unknown[0]!r} for {guide.id} (known: {known})"
        )
    if guide.one_scenario and len(scenarios) != 1:
        names = ", ".join(guide.scenarios)
        raise InputError("--scenario", f"a {guide.id} letter needs exactly one scenario ({names})")
    draft = parse(text, closing_pattern(lang))
    report = Report(guide.id, lang, scenarios)
    for rule in guide.rules:
        if not rule.applies_to(scenarios):
            continue
        if not rule.automated:
            report.manual.append(rule.id)
            continue
        findings = run_rule(draft, rule, lang, scenarios)
        report.findings.extend(findings)
        if not findings:
            report.passed.append(rule.id)
    report.findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return report


def run_rule(draft: Draft, rule: Rule, lang: str, scenarios: tuple[str, ...]) -> list[Finding]:
    findings = []
    message = rule.text("explanation", lang)
    for params in rule.checks:
        for problem in CHECKS[params["kind"]](draft, rule, lang, scenarios, params):
            # Something missing has no place in the text: it points at the start.
            found = problem.offset is not None and problem.match is not None
            line, column = draft.position(problem.offset) if found else (1, 1)
            detail = f" ({problem.detail})" if problem.detail else ""
            findings.append(Finding(rule.id, line, column, message + detail, problem.match))
    return findings
