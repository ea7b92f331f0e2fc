"""Loading the data files translators edit: languages, site strings, rules and letters.

Every problem with a data file is raised as InputError naming the file, so the CLI and the build
can report it in one line.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
LANGUAGES_FILE = HERE / "languages.yml"
STRINGS_DIR = HERE / "strings"
# libyaml's safe loader when PyYAML has it (its wheels do): the rule files parse ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class InputError(Exception):
    """A problem with something the user or a contributor supplied: reported, never a traceback."""

    def __init__(self, source: str | Path, problem: str):
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")


def read_bytes(path: Path) -> bytes:
    """A file's bytes, every way it can be unreadable turned into an InputError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None


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


@functools.cache
def languages() -> tuple[Language, ...]:
    entries = read_yaml(LANGUAGES_FILE)
    if not isinstance(entries, list) or not entries:
        raise InputError(LANGUAGES_FILE, "expected a list of languages")
    result = []
    for entry in entries:
        try:
            result.append(
                Language(
                    code=entry["code"],
                    name=entry["name"],
                    locale=entry["locale"],
                    default=bool(entry.get("default", False)),
                    search=dict(entry.get("search") or {}),
                    rules_complete=bool(entry.get("rules_complete", False)),
                )
            )
        except (KeyError, TypeError) as error:
            raise InputError(LANGUAGES_FILE, f"language entry {entry!r} lacks {error}") from None
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


@functools.cache
def strings(code: str) -> dict:
    """The site's own words in one language (notices, labels, nav titles)."""
    path = STRINGS_DIR / f"{code}.yml"
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(path, "expected a mapping of string keys")
    return data
