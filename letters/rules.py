"""The guides' rules, loaded from letters/rules/<guide>.yml, and the marker lists they match.

A rule file is data a translator edits: titles, explanations, word and phrase lists and examples
per language. Markers are matched on NFC text with Unicode word boundaries (Devanagari and Bengali
vowel signs belong to the word), Latin letters case-folded. A marker is one of:

- a phrase: "please pay"; spaces match any run of whitespace (no-break spaces included) and a
  final `*` lets the word go on ("omlouv*" matches "omlouváme");
- a pattern: {re: '...'} (the `regex` module's syntax), where <<group>> stands for another group
  of the same rule, so "invoice dated <<date>>" reuses the date markers;
- {babel: date}: a written-out date, built from the language's month names in Babel's data.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex
from babel import Locale
from babel.dates import get_month_names

from letters.data import HERE, InputError, language, language_codes, read_yaml

RULES_DIR = HERE / "rules"
COMMON_FILE = RULES_DIR / "common.yml"
ANY_LANGUAGE = "*"
# Simple case folding: full case folding (regex.FULLCASE) costs five times the compile time
# and changes nothing for the Latin-script words the rules list.
FLAGS = regex.IGNORECASE
BOUNDARY_BEFORE = r"(?<![\p{L}\p{M}\p{N}])"
BOUNDARY_AFTER = r"(?![\p{L}\p{M}\p{N}])"
GROUP_REFERENCE = regex.compile(r"<<([\w-]+)>>")


@dataclass(frozen=True)
class Example:
    text: str
    scenarios: tuple[str, ...]


@dataclass(frozen=True, eq=False)  # identity-hashed, so compiled patterns can be cached per rule
class Rule:
    id: str
    guide: str
    automated: bool
    source: str  # "#anchor" in the guide's page, or "page.md#anchor" for an editorial rule
    scenarios: tuple[str, ...]
    title: dict[str, str]
    explanation: dict[str, str]
    checks: tuple[dict, ...]
    markers: dict[str, dict[str, list]]  # language (or "*") -> group -> markers
    examples: dict[str, dict[str, tuple[Example, ...]]]  # language -> pass/fail -> examples
    file: Path

    def applies_to(self, scenarios: tuple[str, ...] | list[str]) -> bool:
        return any(s in self.scenarios for s in scenarios) if self.scenarios else True

    def groups(self, lang: str) -> dict[str, list]:
        """The marker lists this rule uses in a language: the language's own and the "*" ones."""
        merged: dict[str, list] = {}
        for source in (self.markers.get(ANY_LANGUAGE, {}), self.markers.get(lang, {})):
            for group, entries in source.items():
                merged[group] = merged.get(group, []) + list(entries)
        return merged

    @functools.cache  # noqa: B019 - rules live as long as the process
    def pattern(self, lang: str, group: str) -> regex.Pattern:
        return regex.compile(_group_source(self, lang, group, ()), FLAGS)

    def text(self, field_name: str, lang: str) -> str:
        values = getattr(self, field_name)
        return values.get(lang) or values["en"]


@dataclass(frozen=True)
class Guide:
    id: str
    page: str  # the guide's page, relative to a language's docs folder
    title: dict[str, str]
    scenarios: dict[str, dict[str, str]]  # scenario -> language -> name
    one_scenario: bool
    rules: tuple[Rule, ...]
    file: Path


def _nfc(text: str) -> str:
    """Markers are compared with NFC text (which, for one, splits "फ़" into "फ" and a nukta)."""
    return unicodedata.normalize("NFC", text)


def _phrase_source(phrase: str) -> str:
    phrase = _nfc(phrase)
    stem = phrase.endswith("*")
    words = phrase.rstrip("*").split()
    body = r"[\s\u00a0\u202f]+".join(regex.escape(word) for word in words)
    tail = r"[\p{L}\p{M}]*" if stem else ""
    return f"{BOUNDARY_BEFORE}{body}{tail}{BOUNDARY_AFTER}"


@functools.cache
def _month_names(lang: str) -> tuple[str, ...]:
    locale = Locale.parse(language(lang).locale)
    # Full month names only: letters write dates out, and every extra alternative is compile time.
    names = set()
    for context in ("format", "stand-alone"):
        names.update(get_month_names("wide", context, locale).values())
    return tuple(sorted(names, key=len, reverse=True))


def _babel_source(kind: str, lang: str) -> str:
    if kind != "date":
        raise ValueError(f"unknown babel marker {kind!r}")
    months = "|".join(regex.escape(_nfc(name)) for name in _month_names(lang))
    day = r"\d{1,2}\.?"
    year = r"\d{4}"
    return (
        rf"{BOUNDARY_BEFORE}(?:{day}\s+(?:{months}){BOUNDARY_AFTER}(?:,?\s+{year})?"
        rf"|(?:{months})\s+\d{{1,2}}(?:,\s*{year})?){BOUNDARY_AFTER}"
    )


def _group_source(rule: Rule, lang: str, group: str, seen: tuple[str, ...]) -> str:
    if group in seen:
        raise InputError(rule.file, f"{rule.id}: marker group {group!r} refers to itself")
    entries = rule.groups(lang).get(group)
    if not entries:
        raise InputError(rule.file, f"{rule.id}: no {group!r} markers for language {lang!r}")
    sources = []
    for entry in entries:
        if isinstance(entry, str):
            sources.append(_phrase_source(entry))
        elif isinstance(entry, dict) and "re" in entry:
            expanded = GROUP_REFERENCE.sub(
                lambda m: f"(?:{_group_source(rule, lang, m.group(1), (*seen, group))})",
                _nfc(entry["re"]),
            )
            sources.append(expanded)
        elif isinstance(entry, dict) and "babel" in entry:
            sources.append(_babel_source(entry["babel"], lang))
        else:
            raise InputError(rule.file, f"{rule.id}: marker {entry!r} is not a phrase, re or babel")
    return "|".join(f"(?:{source})" for source in sources)


def _per_language(value, file: Path, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InputError(file, f"{where}: expected one text per language")
    return {str(k): str(v) for k, v in value.items()}


def _load_guide(path: Path) -> Guide:
    data = read_yaml(path)
    if not isinstance(data, dict) or "rules" not in data:
        raise InputError(path, "expected a guide with 'rules'")
    guide_id = data.get("guide")
    scenarios = data.get("scenarios") or {}
    rules = []
    for number, raw in enumerate(data["rules"], 1):
        where = f"rule {raw.get('id', number) if isinstance(raw, dict) else number}"
        if not isinstance(raw, dict):
            raise InputError(path, f"{where}: expected a mapping")
        try:
            rule = Rule(
                id=raw["id"],
                guide=guide_id,
                automated=bool(raw["automated"]),
                source=raw["source"],
                scenarios=tuple(raw.get("scenarios") or ()),
                title=_per_language(raw["title"], path, f"{where} title"),
                explanation=_per_language(raw["explanation"], path, f"{where} explanation"),
                checks=tuple(raw.get("checks") or ()),
                markers={str(k): v for k, v in (raw.get("markers") or {}).items()},
                examples={
                    lang: {
                        verdict: tuple(
                            Example(
                                text=str(example["text"]),
                                scenarios=tuple(
                                    example.get("scenarios") or raw.get("scenarios", [])[:1]
                                ),
                            )
                            for example in cases.get(verdict) or ()
                        )
                        for verdict in ("pass", "fail")
                    }
                    for lang, cases in (raw.get("examples") or {}).items()
                },
                file=path,
            )
        except KeyError as error:
            raise InputError(path, f"{where}: missing {error}") from None
        unknown = set(rule.scenarios) - set(scenarios)
        if unknown:
            raise InputError(path, f"{rule.id}: unknown scenarios {sorted(unknown)}")
        if rule.automated and not rule.checks:
            raise InputError(path, f"{rule.id}: an automated rule needs checks")
        rules.append(rule)
    return Guide(
        id=guide_id,
        page=data["page"],
        title=_per_language(data["title"], path, "title"),
        scenarios={k: _per_language(v, path, f"scenario {k}") for k, v in scenarios.items()},
        one_scenario=bool(data.get("one_scenario", False)),
        rules=tuple(rules),
        file=path,
    )


def complete_languages() -> list[str]:
    """Languages declared (in languages.yml) to have complete rule data."""
    return [code for code in language_codes() if language(code).rules_complete]


def missing_rule_data(guide: Guide, lang: str) -> list[str]:
    """What a language still lacks in a guide's rules: titles, explanations, examples, markers."""
    missing = []
    for rule in guide.rules:
        for field_name in ("title", "explanation"):
            if lang not in getattr(rule, field_name):
                missing.append(f"{rule.id}: {field_name}")
        if rule.automated:
            examples = rule.examples.get(lang, {})
            for verdict in ("pass", "fail"):
                if not examples.get(verdict):
                    missing.append(f"{rule.id}: {verdict} example")
            for group in _groups_used(rule):
                if group not in rule.groups(lang):
                    missing.append(f"{rule.id}: {group} markers")
    return missing


def _groups_used(rule: Rule) -> set[str]:
    used = set()
    for check in rule.checks:
        for key in ("group", "thanks", "before"):
            if isinstance(check.get(key), str):
                used.add(check[key])
            elif isinstance(check.get(key), list):
                used.update(check[key])
        used.update(_required_groups(check.get("require")))
        for clauses in (check.get("require_by_scenario") or {}).values():
            used.update(_required_groups(clauses))
    return used


def _required_groups(clauses) -> set[str]:
    groups = set()
    for clause in clauses or []:
        if isinstance(clause, str):
            groups.add(clause)
        elif isinstance(clause, dict):
            for alternative in clause.get("any_of", []):
                groups.update(alternative)
            groups.update(clause.get("of", []))
    return groups


@functools.cache
def guides() -> dict[str, Guide]:
    loaded = {}
    for path in sorted(RULES_DIR.glob("*.yml")):
        if path == COMMON_FILE:
            continue
        guide = _load_guide(path)
        for lang in complete_languages():
            missing = missing_rule_data(guide, lang)
            if missing:
                raise InputError(
                    path, f"language {lang!r} is declared complete but lacks {missing[0]}"
                )
        loaded[guide.id] = guide
    return loaded


def guide(guide_id: str) -> Guide:
    try:
        return guides()[guide_id]
    except KeyError:
        known = ", ".join(guides())
        raise InputError("--guide", f"unknown guide {guide_id!r} (known: {known})") from None


def rule(rule_id: str) -> Rule:
    for candidate in guides().values():
        for item in candidate.rules:
            if item.id == rule_id:
                return item
    raise KeyError(rule_id)


@functools.cache
def common() -> dict:
    """Word lists every guide shares: greetings, closings, acronyms."""
    data = read_yaml(COMMON_FILE)
    if not isinstance(data, dict):
        raise InputError(COMMON_FILE, "expected a mapping")
    return data


@functools.cache
def closing_pattern(lang: str) -> regex.Pattern:
    phrases = common()["closings"].get(lang) or common()["closings"]["en"]
    alternatives = "|".join(_phrase_source(phrase) for phrase in phrases)
    return regex.compile(rf"(?:{alternatives})[\s,.!।]*", FLAGS)


@functools.cache
def greeting_pattern(lang: str) -> regex.Pattern:
    phrases = common()["greetings"].get(lang) or common()["greetings"]["en"]
    return regex.compile("|".join(_phrase_source(phrase) for phrase in phrases), FLAGS)
