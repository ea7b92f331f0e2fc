"""Loading the data files translators edit: languages, site strings, rules and letters.

Every problem with a data file is raised as InputError naming the file, so the CLI and the build
can report it in one line.

Loaders of data files are wrapped in `build_cache`: they read each file once, until
`fresh_build()` forgets everything they read. The MkDocs plugin calls it at the start of every
build, so `mkdocs serve` always shows the files as they are now; a CLI run is one build.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

HERE = Path(__file__).parent
LANGUAGES_FILE = HERE / "languages.yml"
STRINGS_DIR = HERE / "strings"


class SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader when PyYAML has it (its wheels do): the rule files parse ten times
    faster. A key given twice in one mapping is an error: YAML would keep the last one silently,
    and a schema sees only the data that is left (a stray `within: 1` once overrode a
    marker's `within: 4`)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


SAFE_LOADER = SafeLoader


_BUILD_CACHES: list = []


def build_cache(function):
    """functools.cache for a loader of data files, forgotten by `fresh_build()`."""
    cached = functools.cache(function)
    _BUILD_CACHES.append(cached)
    return cached


def fresh_build() -> None:
    """Forget every data file read so far: the next question reads the files again."""
    for cached in _BUILD_CACHES:
        cached.cache_clear()


class InputError(Exception):
    """A problem with something the user or a contributor supplied: reported, never a traceback."""

    def __init__(self, source: str | Path, problem: str):
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """A file's bytes (at most `limit` of them), every way it can be unreadable turned into an
    InputError."""
    try:
        with path.open("rb") as stream:
            return stream.read(-1 if limit is None else limit)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as error:  # a path through a file, a name too long, an unreadable device…
        raise InputError(path, error.strerror or type(error).__name__) from None


def decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text (byte {error.start})") from None


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning every way it can be unreadable into an InputError."""
    text = decode(path, read_bytes(path))
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(error, "problem", None) or "invalid YAML"
        raise InputError(path, f"malformed YAML{where}: {reason}") from None


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    locale: str
    default: bool
    search: dict
    rules_complete: bool  # every rule has its words and examples in this language
    checker: dict  # analyser and phone region for the checker
    folding: dict  # letters folded beyond accents (for matching and search)
    formats: dict  # date and money patterns and spellings that differ from the locale's CLDR data
    name_in: dict  # language code -> this language's name there, where CLDR's is not the usual one


@build_cache
def languages() -> tuple[Language, ...]:
    from letters import schema

    entries = schema.load(LANGUAGES_FILE, "languages")
    result = [
        Language(
            code=entry["code"],
            name=entry["name"],
            locale=entry["locale"],
            default=bool(entry.get("default", False)),
            search=dict(entry.get("search") or {}),
            rules_complete=bool(entry.get("rules_complete", False)),
            checker=dict(entry.get("checker") or {}),
            folding=dict(entry.get("folding") or {}),
            formats=dict(entry.get("formats") or {}),
            name_in=dict(entry.get("name_in") or {}),
        )
        for entry in entries
    ]
    defaults = [language.code for language in result if language.default]
    if len(defaults) != 1:
        raise InputError(LANGUAGES_FILE, f"exactly one default language needed, found {defaults}")
    return tuple(result)


def language_codes() -> list[str]:
    return [language.code for language in languages()]


def default_language() -> str:
    return next(language.code for language in languages() if language.default)


def language(code: str) -> Language:
    for candidate in languages():
        if candidate.code == code:
            return candidate
    raise InputError("--lang", f"unknown language {code!r} (known: {', '.join(language_codes())})")


def language_name(code: str, page_lang: str) -> str:
    """How a page in `page_lang` names a language: the page language's name for it, with the
    language's own name in brackets when they differ ("Bengali (বাংলা)"), so a reader knows
    what each language is without reading its script. The names come from CLDR through Babel,
    or from `name_in` in languages.yml where CLDR's is not the usual one."""
    named, page = language(code), language(page_lang)
    local = named.name_in.get(page_lang) or Locale.parse(page.locale).languages.get(
        code.split("-")[0]
    )
    if not local:
        return named.name
    # In brackets, as the language writes its own name in running text ("íslenska", "čeština");
    # languages.yml's `name` is the capitalised label of the language menu.
    own = Locale.parse(named.locale).languages.get(code.split("-")[0]) or named.name
    return local if code == page_lang or local == own else f"{local} ({own})"


@build_cache
def strings(code: str) -> dict:
    """The site's own words in one language (notices, labels, nav titles)."""
    from letters import schema

    found = schema.load(STRINGS_DIR / f"{code}.yml", "strings")
    if code != default_language():
        # A key the pages need but this language lacks would render as nothing, or stop the
        # build deep inside a template: name the first one, at its file and line, here.
        from letters.translation import strings_problems

        missing = [line for line in strings_problems(code) if ": missing key " in line]
        if missing:
            where, _, problem = missing[0].partition(": ")
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            listing = f"`letters check-translation {code}` lists all"
            raise InputError(where, f"{problem}{more}: {listing}")
    return found
