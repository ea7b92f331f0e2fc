"""The example letters: letters/templates/<guide>/<letter>/ holds letter.yml (scenarios, title,
the names of its variables), one <lang>.j2 template and one <lang>.yml example data file per
language.

Variables are defined once, in the glossary letters/templates/variables.yml (type and a
description per language), so the same name means the same thing in every letter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from letters import schema
from letters.data import HERE, InputError, build_cache, language_codes, read_yaml

TEMPLATES_DIR = HERE / "templates"
GLOSSARY_FILE = TEMPLATES_DIR / "variables.yml"
TYPES = ("text", "date", "time", "money", "number", "url", "email", "phone", "choice")
# A time of day as a data file and the form write it: 24-hour "14:30" or "9:05" (quoted in YAML,
# which reads an unquoted 14:30 as a number in base 60).
CLOCK = re.compile(r"(?:[01]?\d|2[0-3]):[0-5]\d")
# Every letter can be sent as an email: these variables fill its From, To and Date headers.
EMAIL_VARIABLES = (
    "sender_name",
    "sender_email",
    "recipient_name",
    "recipient_email",
    "letter_date",
)
EMAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[\d\s().-]{5,}$")
URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Variable:
    name: str
    type: str
    description: dict[str, str]
    # For a `choice`: value id -> language -> label. Ids are neutral ("f", "m", "group") so a
    # template tests `{% if addressee == "f" %}` the same way in every language.
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    languages: tuple[str, ...] = ()  # a grammar variable may exist only in some languages

    def value_label(self, value: str, lang: str) -> str:
        labels = self.values.get(value, {})
        return labels.get(lang) or labels.get("en") or value


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True, eq=False)
class Letter:
    id: str  # "<guide>/<letter>"
    guide: str
    folder: Path
    scenarios: tuple[str, ...]
    title: dict[str, str]
    variables: dict[str, Variable]
    # language -> {source_hash, reviewed_by}: which version of the English template it translates
    translations: dict[str, dict]

    @property
    def languages(self) -> list[str]:
        return [code for code in language_codes() if self.template_path(code).exists()]

    def variables_for(self, lang: str) -> dict[str, Variable]:
        """The variables of this letter in one language: a grammar variable (the addressee's
        gender, say) may be declared for the languages that need it only."""
        return {
            name: variable
            for name, variable in self.variables.items()
            if not variable.languages or lang in variable.languages
        }

    def template_path(self, lang: str) -> Path:
        return self.folder / f"{lang}.j2"

    def example_path(self, lang: str) -> Path:
        return self.folder / f"{lang}.yml"

    def template_name(self, lang: str) -> str:
        return f"{self.id}/{lang}.j2"


def _variable(name: str, raw, file: Path) -> Variable:
    if not isinstance(raw, dict) or raw.get("type") not in TYPES:
        raise InputError(file, f"variable {name!r} needs a type, one of {', '.join(TYPES)}")
    description = raw.get("description")
    if not isinstance(description, dict):
        raise InputError(file, f"variable {name!r} needs a description per language")
    values = {}
    if raw["type"] == "choice":
        values = raw.get("values")
        if not isinstance(values, dict) or not values:
            raise InputError(file, f"choice variable {name!r} needs values: {{id: {{en: label}}}}")
        values = {str(k): {str(a): str(b) for a, b in (v or {}).items()} for k, v in values.items()}
    elif "values" in raw:
        raise InputError(file, f"variable {name!r}: only a choice has values")
    return Variable(
        name,
        raw["type"],
        {str(k): str(v) for k, v in description.items()},
        values,
        tuple(raw.get("languages") or ()),
    )


@build_cache
def glossary() -> dict[str, Variable]:
    data = schema.load(GLOSSARY_FILE, "variables")
    return {name: _variable(name, raw, GLOSSARY_FILE) for name, raw in data.items()}


def _load_letter(path: Path) -> Letter:
    data = schema.load(path, "letter")
    variables = {}
    for name in data.get("variables") or []:
        if name not in glossary():
            raise InputError(path, f"variable {name!r} is not defined in {GLOSSARY_FILE.name}")
        variables[name] = glossary()[name]
    missing = [name for name in EMAIL_VARIABLES if name not in variables]
    if missing:
        raise InputError(path, f"every letter needs {', '.join(missing)} (for its email headers)")
    folder = path.parent
    return Letter(
        id=f"{folder.parent.name}/{folder.name}",
        guide=folder.parent.name,
        folder=folder,
        scenarios=tuple(data.get("scenarios") or ()),
        title={str(k): str(v) for k, v in (data.get("title") or {}).items()},
        variables=variables,
        translations=dict(data.get("translations") or {}),
    )


@build_cache
def letters() -> dict[str, Letter]:
    found = [_load_letter(path) for path in sorted(TEMPLATES_DIR.glob("*/*/letter.yml"))]
    return {letter.id: letter for letter in found}


def letter(letter_id: str) -> Letter:
    try:
        return letters()[letter_id]
    except KeyError:
        raise InputError(letter_id, f"unknown letter (known: {', '.join(letters())})") from None


def _coerce(variable: Variable, value, file: Path):
    """The value of a data file entry, checked against the variable's declared type."""
    problem = f"{variable.name} must be {variable.type}"
    kind = variable.type
    if kind == "text" and isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise InputError(file, f"{problem} (YYYY-MM-DD), not {value!r}") from None
    if kind == "time":
        if isinstance(value, str) and CLOCK.fullmatch(value):
            return value
        raise InputError(file, f'{problem} ("14:30", in quotes), not {value!r}')
    if kind == "money":
        if isinstance(value, dict) and set(value) == {"amount", "currency"}:
            try:
                amount = Decimal(str(value["amount"]))
            except InvalidOperation:
                raise InputError(
                    file, f"{problem}: amount {value['amount']!r} is not a number"
                ) from None
            currency = str(value["currency"])
            if re.fullmatch(r"[A-Z]{3}", currency):
                return Money(amount, currency)
        raise InputError(file, f"{problem} ({{amount: 1250.00, currency: CZK}}), not {value!r}")
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if kind == "url" and isinstance(value, str) and URL.match(value):
        return value
    if kind == "email" and isinstance(value, str) and EMAIL_ADDRESS.match(value):
        return value
    if kind == "phone" and isinstance(value, str | int) and PHONE.match(str(value)):
        return str(value)
    if kind == "choice" and str(value) in variable.values:
        return str(value)
    if kind == "choice":
        raise InputError(file, f"{problem} one of {', '.join(variable.values)}, not {value!r}")
    raise InputError(file, f"{problem}, not {value!r}")


def load_data(letter: Letter, file: Path, lang: str) -> dict:
    """A letter's data file, every variable present and of its declared type."""
    variables = letter.variables_for(lang)
    data = read_yaml(file)
    if not isinstance(data, dict):
        raise InputError(file, "expected a mapping of variable names to values")
    unknown = sorted(set(data) - set(variables))
    if unknown:
        raise InputError(file, f"unknown variable {unknown[0]!r} for {letter.id}")
    missing = [name for name in variables if name not in data]
    if missing:
        raise InputError(file, f"missing variable {missing[0]!r}")
    return {name: _coerce(variables[name], data[name], file) for name in variables}
