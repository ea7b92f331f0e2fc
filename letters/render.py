"""Rendering a letter template in Jinja2's sandbox, as plain text or as an email.

Templates are untrusted contributions: they render in a SandboxedEnvironment with StrictUndefined
and only the formatting filters below, each a thin wrapper over one Babel call, so anyone can
register the same filters in their own mail or billing system.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import jinja2
import regex
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from letters.catalog import TEMPLATES_DIR, Letter, load_data
from letters.data import InputError, build_cache, default_language, language, strings
from letters.numerals import localise_digits

# How a template marks its subject line (every template, in every language, starts with it).
SUBJECT_PREFIX = "Subject: "


def subject_prefix(lang: str) -> str:
    """What a rendered letter's subject line starts with, in the letter's language ("Předmět: ").
    The label comes from letters/strings/<lang>.yml, so templates keep the one marker above."""
    return f"{strings(lang)['subject_label']}: "


# The filters a template may use. Each is one Babel call with the language's patterns from
# letters/languages.yml (`formats`), then (dates) the language's spellings and its own digits, which
# Babel 2.18 does not write by itself (letters.numerals). Letter pages list the exact call.
FILTER_NAMES = ("date", "weekday_date", "time", "money", "number", "digits")


@dataclass(frozen=True)
class Formats:
    """How one language formats dates, amounts and numbers in letters."""

    locale: str
    date: str  # a CLDR date pattern, or a width such as "long"
    weekday_date: str
    time: str  # a CLDR time pattern, or a width such as "short"
    money: dict  # currency code -> CLDR number pattern (absent: the locale's standard)
    spellings: tuple[tuple[str, str], ...]  # in formatted dates (month names)

    def _date(self, value, pattern: str) -> str:
        text = format_date(value, pattern, locale=self.locale)
        for written, spelling in self.spellings:
            text = text.replace(written, spelling)
        return localise_digits(text, self.locale)

    def filters(self) -> dict:
        locale = self.locale
        return {
            "date": lambda value: self._date(value, self.date),
            "weekday_date": lambda value: self._date(value, self.weekday_date),
            "time": lambda value: localise_digits(
                format_time(_clock(value), self.time, locale=locale), locale
            ),
            "money": lambda value: localise_digits(
                format_currency(
                    value.amount, value.currency, self.money.get(value.currency), locale=locale
                ),
                locale,
            ),
            "number": lambda value: localise_digits(format_decimal(value, locale=locale), locale),
            "digits": lambda value: localise_digits(str(value), locale),
        }

    def calls(self, currencies: set[str]) -> dict[str, str]:
        """Each filter as a Python expression that gives exactly what the letter shows."""
        date = "babel.dates.format_date(value, format={!r}, locale=LOCALE)"
        spelled = "".join(f".replace({a!r}, {b!r})" for a, b in self.spellings)
        patterns = {self.money[c] for c in currencies if c in self.money}
        pattern = f"format={patterns.pop()!r}, " if len(patterns) == 1 else ""
        calls = {
            "date": date.format(self.date) + spelled,
            "weekday_date": date.format(self.weekday_date) + spelled,
            "time": "babel.dates.format_time(datetime.time.fromisoformat(value.zfill(5)), "
            f"format={self.time!r}, locale=LOCALE)",
            "money": "babel.numbers.format_currency(value.amount, value.currency, "
            f"{pattern}locale=LOCALE)",
            "number": "babel.numbers.format_decimal(value, locale=LOCALE)",
            "digits": "str(value)",
        }
        if localise_digits("0", self.locale) != "0":
            calls = {n: f"letters.numerals.localise_digits({c}, LOCALE)" for n, c in calls.items()}
        return calls


def _clock(value) -> dt.time:
    """A time variable's value ("9:05", "14:30") as a time of day: the call a letter page shows."""
    return dt.time.fromisoformat(str(value).zfill(5))


def formats(lang: str) -> Formats:
    entry = language(lang)
    written = entry.formats
    return Formats(
        locale=entry.locale,
        date=written.get("date", "long"),
        weekday_date=written.get("weekday_date", "full"),
        time=written.get("time", "short"),
        money=dict(written.get("money") or {}),
        spellings=tuple((written.get("spellings") or {}).items()),
    )


@build_cache
def environment(lang: str) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain text, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Only the formatting filters: none of Jinja2's defaults are needed in a letter.
    env.filters = formats(lang).filters()
    return env


def _template_ast(letter: Letter, lang: str):
    source = letter.template_path(lang).read_text(encoding="utf-8")
    return environment(lang).parse(source)


def template_variables(letter: Letter, lang: str) -> set[str]:
    return meta.find_undeclared_variables(_template_ast(letter, lang))


def template_filters(letter: Letter, lang: str) -> set[str]:
    return {node.name for node in _template_ast(letter, lang).find_all(nodes.Filter)}


def download_stem(letter: Letter, lang: str) -> str:
    """The name a letter's downloads save as, without extension: its title in ASCII plus the
    language code ("upominka-faktura-po-splatnosti.cs"), the same on every filesystem (no accents
    to be stored as NFC on one and NFD on another). A title in another script (Hindi, Bengali)
    gives the letter's id instead ("reminder-overdue-invoice.hi")."""
    title = letter.title.get(lang, letter.title[default_language()])
    for char, replacement in language(lang).folding.items():
        title = title.replace(char, replacement).replace(char.upper(), replacement.capitalize())
    plain = "".join(c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c))
    if any(c.isalpha() and not c.isascii() for c in plain):
        plain = letter.id
    slug = regex.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or letter.id.replace("/", "-")
    return f"{slug}.{lang}"


@dataclass(frozen=True)
class Rendered:
    letter: Letter
    lang: str
    subject: str
    body: str
    data: dict

    def txt(self) -> str:
        return f"{subject_prefix(self.lang)}{self.subject}\n\n{self.body}"

    def eml(self) -> bytes:
        """An RFC 5322 message; headers come from the data, so the bytes are reproducible."""
        message = EmailMessage(policy=policy.SMTP)
        message["From"] = Address(self.data["sender_name"], addr_spec=self.data["sender_email"])
        message["To"] = Address(self.data["recipient_name"], addr_spec=self.data["recipient_email"])
        message["Subject"] = self.subject
        sent = dt.datetime.combine(self.data["letter_date"], dt.time(9, 0), tzinfo=dt.UTC)
        message["Date"] = format_datetime(sent)
        message["Content-Language"] = self.lang
        # A draft, not a received message: Outlook, Thunderbird and Apple Mail open a file with
        # X-Unsent: 1 as a new message ready to edit and send (see CONTRIBUTING.md).
        message["X-Unsent"] = "1"
        message.set_content(self.body, charset="utf-8")
        return message.as_bytes()


QUOTE_START = regex.compile(r"\{#-?\s*quote:([\w-]+)\s*-?#\}")
QUOTE_END = regex.compile(r"\{#-?\s*/quote\s*[-+]?#\}")
START_MARK, END_MARK = "\x02", "\x03"


def marked_regions(letter: Letter, lang: str) -> dict[str, str]:
    """The text a template marks as the counterpart of a guide's quote, rendered with the
    example data: `{# quote:segue #}…{# /quote #}` -> {"segue": "…"}. Guide pages show it after
    the quote, so the corrected wording can never drift from the letter."""
    source = letter.template_path(lang).read_text(encoding="utf-8")
    if not QUOTE_START.search(source):
        return {}
    marked = QUOTE_END.sub(
        END_MARK, QUOTE_START.sub(lambda m: f"{START_MARK}{m.group(1)}|", source)
    )
    data = load_data(letter, letter.example_path(lang), lang)
    text = environment(lang).from_string(marked).render(data)
    regions = {}
    for match in regex.finditer(f"{START_MARK}([\\w-]+)\\|(.*?){END_MARK}", text, regex.DOTALL):
        regions[match.group(1)] = " ".join(match.group(2).split())
    return regions


def render(letter: Letter, lang: str, data_file: Path | None = None) -> Rendered:
    if lang not in letter.languages:
        available = ", ".join(letter.languages)
        raise InputError("--lang", f"{letter.id} has no {lang!r} version (available: {available})")
    data_file = data_file or letter.example_path(lang)
    data = load_data(letter, data_file, lang)
    template_file = letter.template_path(lang)
    try:
        template = environment(lang).get_template(letter.template_name(lang))
        text = template.render(data)
    except jinja2.TemplateSyntaxError as error:
        raise InputError(
            f"{template_file}:{error.lineno}", f"template syntax: {error.message}"
        ) from None
    except jinja2.exceptions.SecurityError as error:
        raise InputError(template_file, f"not allowed in the sandbox: {error}") from None
    except jinja2.UndefinedError as error:
        raise InputError(template_file, f"undefined: {error.message}") from None
    except (TypeError, ValueError, AttributeError, ArithmeticError) as error:
        raise InputError(template_file, f"cannot render: {error}") from None
    head, _, body = text.partition("\n\n")
    if not head.startswith(SUBJECT_PREFIX) or "\n" in head:
        raise InputError(template_file, "must start with one 'Subject: …' line and a blank line")
    return Rendered(letter, lang, head.removeprefix(SUBJECT_PREFIX), body, data)
