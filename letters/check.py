"""The checker: runs a guide's automated rules on a letter and reports findings a writer can act on.

Each rule in letters/rules/<guide>/rules.yml lists `checks`; each check has a `kind`, one of the
small functions registered below, and names the marker groups it looks for (letters.markers says
how they match). The kinds are generic; what they look for in each language is data, and so are
the words of every finding (letters/rules/common/<lang>.yml `messages`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import regex

from letters.analysis import known_word
from letters.data import InputError
from letters.markers import Analysed, Hit, word_before_full_stop
from letters.rules import (
    Conventions,
    Guide,
    LanguageNotCovered,
    Rule,
    RuleMarkers,
    analysed,
    conventions,
    rule_markers,
)
from letters.text import Draft, LineShapes, Span, parse, words

UPPERCASE_WORD = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{Lu}\p{M}]{3,}+(?![\p{L}\p{M}\p{N}])"
)
# A line's first twenty words or so (up to the next space after 160 characters): room for any
# greeting or closing phrase, with the words a phrase may skip.
LINE_OPENING = regex.compile(r"(?s).{0,160}+\S*+")
MAX_FINDINGS_PER_CHECK = 5  # then one "and N more": a pasted novel gets a report, not a flood
FIRST_WORDS = 6


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
    """What a check found: where (an offset, with the words found there, or None when
    something is missing) and what, in the letter's language."""

    offset: int | None
    match: str | None
    detail: str
    missing_group: str | None = None
    where: str = "after_greeting"


@dataclass
class Context:
    draft: Draft
    analysed: Analysed
    markers: RuleMarkers
    language: Conventions
    scenarios: tuple[str, ...]

    def spans(self, scope: str) -> list[Span]:
        draft = self.draft
        if scope == "subject":
            return [draft.subject] if draft.subject else []
        if scope == "body":
            return list(draft.body)
        return ([draft.subject] if draft.subject else []) + [draft.content]

    def hits(self, group: str, scope: str = "letter") -> list[Hit]:
        spans = self.spans(scope)
        found = self.analysed.hits(self.markers.group(group))
        return [
            hit for hit in found if any(s.start <= hit.start and hit.end <= s.end for s in spans)
        ]

    def present(self, group: str, scope: str = "letter") -> bool:
        return bool(self.hits(group, scope))

    def label(self, group: str) -> str:
        lang = self.markers.lang
        return self.markers.rule.labels.get(lang, {}).get(group) or self.language.label(group)


CheckKind = Callable[[Context, dict], Iterator[Problem]]
CHECKS: dict[str, CheckKind] = {}


def check_kind(name: str):
    def register(function: CheckKind) -> CheckKind:
        CHECKS[name] = function
        return function

    return register


def _missing(clauses, present: Callable[[str], bool], label: Callable[[str], str]):
    """(first group, label) of each clause of a `require` list the letter does not meet."""
    for clause in clauses:
        if isinstance(clause, str):
            if not present(clause):
                yield clause, label(clause)
        elif "any_of" in clause:
            if not any(all(present(g) for g in option) for option in clause["any_of"]):
                option = next(
                    (o for o in clause["any_of"] if any(present(g) for g in o)),
                    clause["any_of"][0],
                )
                group = next(g for g in option if not present(g))
                yield group, label(group)
        else:
            found = [g for g in clause["of"] if present(g)]
            if len(found) < clause["at_least"]:
                given = [label(g) for g in clause["of"] if g in found]
                absent = [label(g) for g in clause["of"] if g not in found]
                yield clause["of"][0], (clause["at_least"], given, absent)


@check_kind("contains")
def contains(ctx: Context, params: dict):
    """The letter contains every required group (`require`, or `require_by_scenario`)."""
    clauses = list(params.get("require") or [])
    for scenario in ctx.scenarios:
        clauses += (params.get("require_by_scenario") or {}).get(scenario, [])
    scope = params.get("scope", "letter")
    where = "in_subject" if scope == "subject" else "after_greeting"
    if scope == "subject" and ctx.draft.subject is None:
        yield Problem(None, None, ctx.language.message("no_subject"), where=where)
        return
    for group, label in _missing(clauses, lambda g: ctx.present(g, scope), ctx.label):
        if isinstance(label, tuple):  # "at least 3 of …": say how many, and which are there
            count, given, absent = label
            detail = ctx.language.message(
                "at_least", count=count, found=len(given), what=", ".join(absent)
            )
        else:
            detail = ctx.language.message("missing", what=label)
        yield Problem(None, None, detail, missing_group=group, where=where)


@check_kind("describes")
def describes(ctx: Context, params: dict):
    """The scope says more than the listed groups: at least `min_words` words besides them
    (a subject "Order 48213" names the order, not the issue)."""
    spans = ctx.spans(params.get("scope", "subject"))
    if not spans:
        return  # a missing subject line is reported once, by `contains`
    # What names the order is its label and its number: the first and last word of each hit
    # (a hit may span the words between them, which may well name the issue).
    covered = set()
    for group in params.get("besides", []):
        for hit in ctx.hits(group, params.get("scope", "subject")):
            covered.update((hit.first, hit.last))
    count = sum(
        1
        for index, token in enumerate(ctx.analysed.tokens)
        if index not in covered
        and any(s.start <= token.start and token.end <= s.end for s in spans)
        and not token.form.isdigit()
        and len(token.form) > 1
        and token.form.casefold() not in {p.casefold() for p in ctx.language.reply_prefixes}
    )
    # A language that names an issue in one word ("Vöruskil", "Reklamace") says so in its data.
    if count < ctx.language.data.get("issue_words", params["min_words"]):
        yield Problem(
            None,
            None,
            ctx.language.message("missing", what=ctx.label(params["label"])),
            missing_group=params["label"],
            where="in_subject",
        )


@check_kind("forbids")
def forbids(ctx: Context, params: dict):
    """Every match of the listed groups is a finding."""
    for group in params["groups"]:
        for hit in ctx.hits(group, params.get("scope", "letter")):
            text = ctx.draft.text[hit.start : hit.end]
            yield Problem(
                hit.start, text, f"{ctx.label(group)}: {ctx.language.message('found', match=text)}"
            )


@check_kind("at_most")
def at_most(ctx: Context, params: dict):
    """At most `max` matches of the group (overlapping matches count once); one finding, at
    the first match over the limit. Two apologies in one sentence are two, as readers count."""
    hits = _apart(ctx.hits(params["group"], params.get("scope", "letter")))
    limit = params["max"]
    if len(hits) > limit:
        over = hits[limit]
        text = ctx.draft.text[over.start : over.end]
        detail = ctx.language.message("too_many", count=len(hits), max=limit)
        yield Problem(over.start, text, f"{ctx.label(params['group'])}: {detail}")


def _apart(hits: list[Hit]) -> list[Hit]:
    """One hit for each run of overlapping hits: "accept our apologies" found by two entries of
    a list ("accept our apologies", "apologies") is one apology."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


SHOUTED_UNKNOWN = (
    9  # letters: a word in capitals this long is shouting even if no dictionary has it
)


@check_kind("shouting")
def shouting(ctx: Context, params: dict):
    """A word in capitals: four or more letters, not a listed acronym, and either a word of the
    language's dictionary ("URGENT", "NOW") or nine letters or more (what is shorter and
    unknown, like "GSTIN" or "ISOFIX", is taken for an acronym or a product's name)."""
    analyser = ctx.language.analyser
    # Capitals inside a web or email address or a reference code ("…/account/FERN-0412") are
    # how the code is written, not a raised voice.
    quiet = [f for kind in ("url", "email", "code") for f in ctx.analysed.found(kind)]
    draft = ctx.draft
    spans = ctx.spans("letter")
    if draft.greeting is not None:
        # A letterhead above the greeting writes the firm's name in capitals ("HOLLIS & DAUGHTER
        # FURNITURE RESTORATION"): that is how the name is set, not a raised voice.
        subject = [draft.subject] if draft.subject else []
        spans = [*subject, Span(draft.greeting.start, draft.content.end)]
    for span in spans:
        for match in UPPERCASE_WORD.finditer(ctx.draft.view, span.start, span.end):
            word = match.group().casefold()
            if word in ctx.language.acronyms:
                continue
            if any(f.start <= match.start() and match.end() <= f.end for f in quiet):
                continue
            if len(word) >= SHOUTED_UNKNOWN or known_word(analyser, word):
                yield Problem(match.start(), match.group(), ctx.language.message("shouting"))


@check_kind("greeting_and_closing")
def greeting_and_closing(ctx: Context, params: dict):
    if ctx.draft.greeting is None:
        yield Problem(None, None, ctx.language.message("no_greeting"), where="start")
    if ctx.draft.closing is None:
        yield Problem(None, None, ctx.language.message("no_closing"), where="end")


@check_kind("word_limits")
def word_limits(ctx: Context, params: dict):
    """The body and each of its paragraphs stay under a number of words; a finding quotes the
    first words of what is too long."""
    draft = ctx.draft
    if not draft.body:
        return
    total = sum(len(words(draft.part(p))) for p in draft.body)
    if total > params["body"]:
        opening = " ".join(words(draft.part(draft.body[0]))[:FIRST_WORDS])
        detail = ctx.language.message("body_words", count=total, max=params["body"])
        yield Problem(draft.body[0].start, opening, detail)
    for paragraph in draft.body:
        count = len(words(draft.part(paragraph)))
        if count > params["paragraph"]:
            opening = " ".join(words(draft.part(paragraph))[:FIRST_WORDS])
            detail = ctx.language.message("paragraph_words", count=count, max=params["paragraph"])
            yield Problem(paragraph.start, opening, detail)


@check_kind("opens_with")
def opens_with(ctx: Context, params: dict):
    """The first body paragraph contains `thanks`, and no `before` group comes ahead of it."""
    draft = ctx.draft
    if not draft.body:
        yield Problem(None, None, ctx.language.message("no_body"))
        return
    first = draft.body[0]
    inside = [h for h in ctx.hits(params["thanks"]) if first.start <= h.start < first.end]
    if not inside:
        yield Problem(None, None, ctx.language.message("no_thanks"), missing_group=params["thanks"])
        return
    thanks = inside[0]
    for group in params["before"]:
        for hit in ctx.hits(group):
            if first.start <= hit.start < thanks.start:
                text = draft.text[hit.start : hit.end]
                detail = ctx.language.message("thanks_not_first", what=ctx.label(group))
                yield Problem(hit.start, text, detail)


def line_shapes(language: Conventions) -> LineShapes:
    """What the parser needs from a language's data, as questions about one line (for one
    letter: the parser asks about the same lines more than once, so each is analysed once)."""
    openings: dict[str, Analysed] = {}

    def starts_with(group, line: str, within: int = 1) -> bool:
        # Only the line's opening words can start a greeting or a closing: a paragraph written
        # on one line is not analysed whole for it (the parser asks of many lines).
        opening = LINE_OPENING.match(line).group()
        if opening not in openings:
            openings[opening] = analysed(opening, language.lang)
        return any(hit.first < within for hit in openings[opening].hits(group))

    def is_closing(line: str) -> bool:
        return starts_with(language.closings, line, within=4)

    def starts_quote(line: str) -> bool:
        if line.startswith(("-----", "_____", "———")):
            return True
        if not line.rstrip().endswith(":"):
            return False
        found = analysed(line, language.lang)
        # "On 12 May 2027, Anna wrote:", "Dne 12. 5. 2027 napsal(a) …:" carry a date or a time;
        # "Original message:" is a few words. "As you wrote, here are the details:" is the
        # writer's own sentence, not the start of a quoted reply, and so is a paragraph of
        # several sentences that ends in a colon ("Dne 2. 5. jste psal, že … Znovu uvádím údaje:").
        dated = any(found.found(kind) for kind in ("date", "time", "weekday"))
        one_sentence = found.sentence[0] == found.sentence[-1] if found.tokens else True
        return (
            bool(found.hits(language.quote_lines))
            and (dated or len(found.tokens) <= 4)
            and one_sentence
        )

    return LineShapes(
        # "Dear Ms Lee," but also "রাশেদ ভাই, আসসালামু আলাইকুম।": the greeting among the first words.
        is_greeting=lambda line: starts_with(language.greetings, line, within=4),
        is_closing=is_closing,
        subject_label=lambda name: name.casefold() in language.subject_labels,
        header_name=lambda name: name.casefold() in language.header_names,
        starts_quote=starts_quote,
        reply_prefixes=language.reply_prefixes,
        after_signature=lambda line: _starts_with_any(line, language.after_signature),
        ends_in_abbreviation=lambda line: (
            word_before_full_stop(line, len(line)) in language.analyser.abbreviations
        ),
    )


def _starts_with_any(line: str, openings: tuple[str, ...]) -> bool:
    """The line opens with one of the words ("P.S.", "Sent from my"), not a longer word."""
    folded = line.casefold()
    return any(
        folded.startswith(opening.casefold())
        and not folded[len(opening) : len(opening) + 1].isalnum()
        for opening in openings
    )


def read_letter(text: str, lang: str) -> Draft:
    return parse(text, line_shapes(conventions(lang)))


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
    language = conventions(lang)
    if lang not in guide.title:
        raise LanguageNotCovered(
            "--lang", f"the checker has no {lang!r} data for the {guide.id} guide yet"
        )
    draft = read_letter(text, lang)
    whole = analysed(_letter_only(draft), lang)
    report = Report(guide.id, lang, scenarios)
    for rule in guide.rules:
        if not rule.applies_to(scenarios):
            continue
        if not rule.automated:
            report.manual.append(rule.id)
            continue
        context = Context(draft, whole, rule_markers(rule.id, lang), language, scenarios)
        findings = run_rule(context, rule, lang)
        report.findings.extend(findings)
        if not findings:
            report.passed.append(rule.id)
    report.findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return report


def _letter_only(draft: Draft) -> str:
    """The view with pasted headers and the quoted reply blanked out (same length, so offsets
    hold): no rule looks at them, and a long quoted thread is most of an email."""
    keep = [draft.subject, draft.content] if draft.subject else [draft.content]
    view = draft.view
    pieces, position = [], 0
    for span in sorted(keep, key=lambda s: s.start):
        pieces.append(regex.sub(r"[^\n]", " ", view[position : span.start]))
        pieces.append(view[span.start : span.end])
        position = span.end
    pieces.append(regex.sub(r"[^\n]", " ", view[position:]))
    return "".join(pieces)


def run_rule(context: Context, rule: Rule, lang: str) -> list[Finding]:
    findings = []
    title = rule.text("title", lang)
    draft = context.draft
    language = context.language
    for params in rule.checks:
        problems = list(CHECKS[params["kind"]](context, params))
        for problem in problems[:MAX_FINDINGS_PER_CHECK]:
            message = f"{title}: {problem.detail}"
            if problem.offset is not None:
                offset = problem.offset
            else:
                offset = _place(draft, problem.where)
                if problem.where in ("after_greeting", "in_subject"):
                    message += f"; {language.message(problem.where)}"
                example = _example(rule, lang, context.scenarios)
                if problem.missing_group and example:
                    message += f"; {language.message('example', example=example)}"
            line, column = draft.position(offset)
            findings.append(Finding(rule.id, line, column, message, problem.match))
        if len(problems) > MAX_FINDINGS_PER_CHECK:
            extra = len(problems) - MAX_FINDINGS_PER_CHECK
            last = findings[-1]
            findings.append(
                Finding(
                    rule.id,
                    last.line,
                    last.column,
                    f"{title}: {language.message('more', count=extra)}",
                    None,
                )
            )
    return findings


def _place(draft: Draft, where: str) -> int:
    """Where something missing belongs."""
    if where == "in_subject":
        return draft.subject.start if draft.subject else draft.content.start
    if where == "start":
        return draft.content.start
    if where == "end":
        return draft.body_end if draft.closing else draft.content.end
    return draft.body_start


def _example(rule: Rule, lang: str, scenarios: tuple[str, ...]) -> str:
    examples = rule.examples.get(lang, {}).get("pass", ())
    for example in examples:
        if not scenarios or any(s in example.scenarios for s in scenarios):
            return example.text
    return examples[0].text if examples else ""


def check_rule(text: str, rule: Rule, lang: str, scenarios: tuple[str, ...]) -> list[Finding]:
    """One rule on a text (the rule's own examples are checked this way)."""
    draft = read_letter(text, lang)
    context = Context(
        draft,
        analysed(_letter_only(draft), lang),
        rule_markers(rule.id, lang),
        conventions(lang),
        scenarios,
    )
    return run_rule(context, rule, lang)
