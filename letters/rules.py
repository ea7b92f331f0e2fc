"""The guides' rules, as data a translator can own.

    letters/rules/<guide>/rules.yml    ids, scenarios, checks, the marker groups every language
                                       shares (formats) — the same in every language
    letters/rules/<guide>/<lang>.yml   the guide's title and scenario names, each rule's title,
                                       explanation, group labels, marker words and examples
    letters/rules/common/<lang>.yml    how letters look in the language: greetings, closings,
                                       subject labels, currencies, messages, shared groups
    letters/rules/common/rules.yml     acronyms and reply prefixes (Re:, Fwd:) of every language

Every file is validated against its schema in letters/schema/ when read. Markers are compiled
once per language (letters.markers); a language whose data is incomplete is reported as such
(`LanguageNotCovered`) rather than crashing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel.numbers import format_decimal

from letters import schema
from letters.analysis import Analyser
from letters.data import HERE, InputError, build_cache, language, language_codes
from letters.formats import LocalFormats
from letters.markers import Analysed, Group, MarkerError, compile_entry
from letters.numerals import localise_digits

RULES_DIR = HERE / "rules"
COMMON_DIR = RULES_DIR / "common"
SHARED_FILE = COMMON_DIR / "rules.yml"


class LanguageNotCovered(InputError):
    """The checker has no (complete) data for this language yet."""


@dataclass(frozen=True)
class Example:
    text: str
    scenarios: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    guide: str
    automated: bool
    source: str  # "#anchor" in the guide's page, or "page.md#anchor" for an editorial rule
    scenarios: tuple[str, ...]
    checks: tuple[dict, ...]
    shared_markers: dict[str, list]  # group -> entries every language shares
    title: dict[str, str] = field(default_factory=dict)
    explanation: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> group -> label
    markers: dict[str, dict[str, list]] = field(default_factory=dict)  # lang -> group -> entries
    examples: dict[str, dict[str, tuple[Example, ...]]] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # lang -> its file ("" -> rules.yml)

    def applies_to(self, scenarios) -> bool:
        return any(s in self.scenarios for s in scenarios) if self.scenarios else True

    def text(self, field_name: str, lang: str) -> str:
        values = getattr(self, field_name)
        return values.get(lang) or values["en"]

    def groups_used(self) -> set[str]:
        used = set()
        for check in self.checks:
            for key in ("group", "thanks"):
                if isinstance(check.get(key), str):
                    used.add(check[key])
            for key in ("groups", "before"):
                used.update(check.get(key) or ())
            used.update(_required_groups(check.get("require")))
            for clauses in (check.get("require_by_scenario") or {}).values():
                used.update(_required_groups(clauses))
        return used


def _required_groups(clauses) -> set[str]:
    groups = set()
    for clause in clauses or []:
        if isinstance(clause, str):
            groups.add(clause)
        elif "any_of" in clause:
            for alternative in clause["any_of"]:
                groups.update(alternative)
        else:
            groups.update(clause["of"])
    return groups


@dataclass(frozen=True, eq=False)
class Guide:
    id: str
    page: str  # the guide's page, relative to a language's docs folder
    title: dict[str, str]
    scenarios: dict[str, dict[str, str]]  # scenario -> language -> name
    one_scenario: bool
    rules: tuple[Rule, ...]
    file: Path


@dataclass(frozen=True, eq=False)
class Conventions:
    """How letters look in one language, and its checker's tools (from common/<lang>.yml)."""

    lang: str
    data: dict
    analyser: Analyser
    local: LocalFormats
    groups: Mapping[str, Group]
    greetings: Group
    closings: Group
    quote_lines: Group
    acronyms: frozenset[str]
    reply_prefixes: tuple[str, ...]
    after_signature: tuple[str, ...]
    subject_labels: frozenset[str]
    header_names: frozenset[str]
    file: Path

    def message(self, key: str, **values) -> str:
        """A finding's words in the language, its numbers in the language's digits."""
        locale = language(self.lang).locale
        shown = {
            name: localise_digits(format_decimal(value, locale=locale), locale)
            if isinstance(value, int)
            else value
            for name, value in values.items()
        }
        return self.data["messages"][key].format(**shown)

    def label(self, group: str) -> str:
        return self.data.get("labels", {}).get(group, group)


class LazyGroups(Mapping):
    """A language's shared marker groups, each compiled when a rule first asks for it: a check
    of one guide compiles only what its rules use."""

    def __init__(self, raw: dict, compile_group):
        self._raw, self._compile = raw, compile_group

    def __getitem__(self, name: str) -> Group:
        if name not in self._raw:
            raise KeyError(name)
        return self._compile(name)

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


# -- loading ------------------------------------------------------------------------------


def _guide_folders() -> list[Path]:
    return sorted(
        path.parent for path in RULES_DIR.glob("*/rules.yml") if path.parent != COMMON_DIR
    )


@build_cache
def guides() -> dict[str, Guide]:
    loaded = {}
    for folder in _guide_folders():
        guide = _guide_in(folder.name)
        loaded[guide.id] = guide
    return loaded


@build_cache
def _guide_in(name: str) -> Guide:
    """One guide's files alone: a check of one guide reads no other guide's."""
    return _load_guide(RULES_DIR / name)


def _load_guide(folder: Path) -> Guide:
    path = folder / "rules.yml"
    data = schema.load(path, "guide")
    guide_id = data["guide"]
    if guide_id != folder.name:
        raise InputError(path, f"guide {guide_id!r} must live in a folder of that name")
    scenarios = list(data["scenarios"])
    rules = []
    seen = set()
    for raw in data["rules"]:
        if raw["id"] in seen:
            raise InputError(path, f"rule {raw['id']!r} is defined twice")
        seen.add(raw["id"])
        unknown = set(raw.get("scenarios") or ()) - set(scenarios)
        if unknown:
            raise InputError(path, f"{raw['id']}: unknown scenarios {sorted(unknown)}")
        if raw["automated"] and not raw.get("checks"):
            raise InputError(path, f"{raw['id']}: an automated rule needs checks")
        rules.append(
            Rule(
                id=raw["id"],
                guide=guide_id,
                automated=raw["automated"],
                source=raw["source"],
                scenarios=tuple(raw.get("scenarios") or ()),
                checks=tuple(raw.get("checks") or ()),
                shared_markers=dict(raw.get("markers") or {}),
                files={"": path},
            )
        )
    by_id = {rule.id: rule for rule in rules}
    title: dict[str, str] = {}
    scenario_names: dict[str, dict[str, str]] = {s: {} for s in scenarios}
    for lang in language_codes():
        lang_path = folder / f"{lang}.yml"
        if not lang_path.exists():
            continue
        texts = schema.load(lang_path, "guide-language")
        title[lang] = texts["title"]
        for scenario, name in texts["scenarios"].items():
            if scenario not in scenario_names:
                raise InputError(lang_path, f"unknown scenario {scenario!r}")
            scenario_names[scenario][lang] = name
        for rule_id, entry in texts["rules"].items():
            if rule_id not in by_id:
                raise InputError(lang_path, f"unknown rule {rule_id!r} (see {path.name})")
            rule = by_id[rule_id]
            rule.title[lang] = entry["title"]
            rule.explanation[lang] = entry["explanation"]
            rule.labels[lang] = dict(entry.get("labels") or {})
            rule.markers[lang] = dict(entry.get("markers") or {})
            rule.files[lang] = lang_path
            rule.examples[lang] = {
                verdict: tuple(
                    Example(
                        example["text"],
                        tuple(example.get("scenarios") or rule.scenarios[:1]),
                    )
                    for example in (entry.get("examples") or {}).get(verdict, ())
                )
                for verdict in ("pass", "fail")
            }
    return Guide(
        id=guide_id,
        page=data["page"],
        title=title,
        scenarios=scenario_names,
        one_scenario=bool(data.get("one_scenario", False)),
        rules=tuple(rules),
        file=path,
    )


def guide(guide_id: str) -> Guide:
    # A guide's id is its folder's name (_load_guide makes sure).
    if guide_id in {folder.name for folder in _guide_folders()}:
        return _guide_in(guide_id)
    known = ", ".join(guides())
    raise InputError("--guide", f"unknown guide {guide_id!r} (known: {known})")


def rule(rule_id: str) -> Rule:
    # A rule's id starts with its guide's ("reminder.request-response"): look there first.
    prefix = rule_id.partition(".")[0]
    if prefix in {folder.name for folder in _guide_folders()}:
        for item in _guide_in(prefix).rules:
            if item.id == rule_id:
                return item
    for candidate in guides().values():
        for item in candidate.rules:
            if item.id == rule_id:
                return item
    raise KeyError(rule_id)


@build_cache
def shared() -> dict:
    return schema.load(SHARED_FILE, "checker")


@build_cache
def conventions(lang: str) -> Conventions:
    """The language's checker data, compiled; LanguageNotCovered when it has none."""
    path = COMMON_DIR / f"{lang}.yml"
    if not path.exists():
        raise LanguageNotCovered(
            "--lang", f"the checker does not cover {language(lang).name} ({lang}) yet"
        )
    data = schema.load(path, "checker-language")
    settings = language(lang).checker
    analyser = Analyser(
        lang=lang,
        kind=settings.get("analyser", "none"),
        suffixes=tuple(
            sorted(
                (unicodedata.normalize("NFC", s) for s in data.get("suffixes", ())),
                key=len,
                reverse=True,
            )
        ),
        folding=tuple(language(lang).folding.items()),
        contractions=tuple(sorted(data.get("contractions", {}).items(), key=lambda i: -len(i[0]))),
        negative_prefixes=tuple(data.get("negative_prefixes", ())),
        abbreviations=frozenset(data.get("abbreviations", ())),
        latin_words=settings.get("latin_words", ""),
    )
    local = LocalFormats(
        locale=language(lang).locale,
        currencies=tuple(data.get("currencies", ())),
        months=tuple(data.get("months", ())),
        weekdays=tuple(data.get("weekdays", ())),
        day_suffixes=tuple(data.get("day_suffixes", ())),
        phone_words=tuple(data.get("phone_words", ())),
        phone_regions=tuple(settings.get("phone_regions", ["US"])),
    )
    groups: dict[str, Group] = {}
    raw_groups = dict(data.get("groups") or {})

    def resolve(name: str) -> Group:
        if name not in groups:
            if name not in raw_groups:
                raise MarkerError(f"no group {name!r} in {path.name}")
            groups[name] = Group(name)
            groups[name].entries = _compile_list(raw_groups[name], analyser, resolve, path, name)
        return groups[name]

    special = {}
    for key in ("greetings", "closings", "quote_lines"):
        special[key] = Group(key, _compile_list(data.get(key, []), analyser, resolve, path, key))
    return Conventions(
        lang=lang,
        data=data,
        analyser=analyser,
        local=local,
        groups=LazyGroups(raw_groups, resolve),
        greetings=special["greetings"],
        closings=special["closings"],
        quote_lines=special["quote_lines"],
        acronyms=frozenset(a.casefold() for a in shared()["acronyms"]),
        reply_prefixes=tuple(shared()["reply_prefixes"]) + tuple(data.get("reply_prefixes", ())),
        after_signature=tuple(shared()["after_signature"]) + tuple(data.get("after_signature", ())),
        subject_labels=frozenset(x.casefold() for x in _every_languages("subject_labels")),
        header_names=frozenset(x.casefold() for x in _every_languages("header_names")),
        file=path,
    )


def _every_languages(key: str) -> list[str]:
    """A list (subject labels, mail header names) of every language together: a Czech letter
    may come with an English 'Subject:' or pasted 'From:' lines."""
    found = []
    for path in sorted(COMMON_DIR.glob("*.yml")):
        if path != SHARED_FILE:
            found += _lists_for_every_language(path)[key]
    return found


SHARED_LISTS = ("subject_labels", "header_names")


@build_cache
def _lists_for_every_language(path: Path) -> dict[str, list[str]]:
    """The lists a check in any language reads from a language's common file. Only these are
    checked here (a list of strings each): validating the whole file of every language took most
    of a one-language check's start-up; each file is validated whole when its language is used.
    Should the lists be malformed, the whole file is validated, for the usual one-line error."""
    data = schema.parse(path)
    lists = {key: data.get(key, []) if isinstance(data, dict) else None for key in SHARED_LISTS}
    if not all(
        isinstance(value, list) and all(isinstance(item, str) for item in value)
        for value in lists.values()
    ):
        schema.load(path, "checker-language")  # raises the InputError that names the line
        raise InputError(path, f"{' and '.join(SHARED_LISTS)} must be lists of strings")
    return lists


def _compile_list(entries, analyser, resolve, path: Path, where: str) -> list:
    compiled = []
    for entry in entries:
        try:
            compiled.append(compile_entry(entry, analyser, resolve))
        except MarkerError as error:
            raise InputError(path, f"{where}: {error}") from None
    return compiled


@dataclass(frozen=True, eq=False)
class RuleMarkers:
    """One rule's groups in one language, compiled."""

    rule: Rule
    lang: str
    groups: dict[str, Group]

    def group(self, name: str) -> Group:
        return self.groups[name]


@build_cache
def rule_markers(rule_id: str, lang: str) -> RuleMarkers:
    """The groups a rule uses, in a language: the shared ones (formats) merged with the
    language's own, and the language's common groups for what the rule does not define."""
    item = rule(rule_id)
    common = conventions(lang)
    path = item.files.get(lang, item.files[""])
    raw = {name: list(entries) for name, entries in item.shared_markers.items()}
    for name, entries in item.markers.get(lang, {}).items():
        raw[name] = raw.get(name, []) + list(entries)
    groups: dict[str, Group] = {}

    def resolve(name: str) -> Group:
        if name in groups:
            return groups[name]
        if name in raw:
            groups[name] = Group(name)

            def resolve_inside(reference: str) -> Group:
                # "@request" inside the rule's own "request" group means the language's shared one.
                if reference == name and reference in common.groups:
                    return common.groups[reference]
                return resolve(reference)

            groups[name].entries = _compile_list(
                raw[name], common.analyser, resolve_inside, path, name
            )
            return groups[name]
        if name in common.groups:
            return common.groups[name]
        raise InputError(path, f"{rule_id}: no {name!r} markers for language {lang!r}")

    try:
        for name in sorted(item.groups_used() | set(raw)):
            groups[name] = resolve(name)  # a group the rule names may be the language's shared one
    except MarkerError as error:
        raise InputError(path, f"{rule_id}: {error}") from None
    return RuleMarkers(item, lang, groups)


def analysed(view: str, lang: str) -> Analysed:
    common = conventions(lang)
    return Analysed(view, common.analyser, common.local)


def covered_languages() -> list[str]:
    """Languages the checker covers: those with checker data (letters/rules/common/CODE.yml).
    A language added by `letters new-language` has none until a translator writes it."""
    return [code for code in language_codes() if (COMMON_DIR / f"{code}.yml").exists()]


def complete_languages() -> list[str]:
    """Languages declared (in languages.yml) to have complete checker data."""
    return [code for code in language_codes() if language(code).rules_complete]


def missing_rule_data(guide: Guide, lang: str) -> list[str]:
    """What a language still lacks in a guide's rules: titles, explanations, examples, markers."""
    missing = []
    if lang not in guide.title:
        return [f"{guide.id}: {lang}.yml"]
    for item in guide.rules:
        for field_name in ("title", "explanation"):
            if lang not in getattr(item, field_name):
                missing.append(f"{item.id}: {field_name}")
        if item.automated:
            examples = item.examples.get(lang, {})
            for verdict in ("pass", "fail"):
                if not examples.get(verdict):
                    missing.append(f"{item.id}: {verdict} example")
            try:
                rule_markers(item.id, lang)
            except InputError as error:
                missing.append(f"{item.id}: {error.problem}")
    return missing
