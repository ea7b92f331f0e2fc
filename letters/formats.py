"""Things people write in many local formats: amounts, dates, times, numbers, reference codes,
phone numbers, email addresses and web addresses.

Each recogniser reads the matching view of a letter (letters.text: every script's digits as ASCII
digits, every space a plain space) and returns the character spans it finds. The patterns use
possessive quantifiers and bounded repeats only, so no input makes them backtrack: each runs in
time linear in the length of the letter.

Dates use Babel's month and weekday names for the language (every width and context, so Czech
"října" and "říjen" both count); phone numbers are confirmed by libphonenumber (`phonenumbers`) for
the language's region, so a date or an order number is not taken for a phone number.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import phonenumbers
import regex
from babel import Locale
from babel.dates import get_day_names, get_month_names

FORMATS = (
    "amount",
    "date",
    "weekday",
    "time",
    "hour",
    "number",
    "code",
    "phone",
    "email",
    "url",
    "exclamation",
)

# A number as people group it: 1250, 1 250, 1.250, 1,250, 12,50,000 (Indian), 1 250,50, 18 150,-
# At most eight groups: an unbounded run would be re-read from every group's start when what
# follows it fails ("12 345 12 345 …" before no currency), which is quadratic.
NUMBER = (
    r"(?<![\p{L}\p{N}])\d{1,3}+(?:[ .,'](?=\d{2,3}(?!\d))\d{2,3}+){0,8}+(?:[.,]\d{1,2}+(?!\d))?+"
    r"(?:,-|/-|,—|\.-)?+(?![\p{L}\p{N}])"
    r"|(?<![\p{L}\p{N}])\d++(?:[.,]\d{1,2}+(?!\d))?+(?![\p{L}\p{N}])"
)
NUMBER_RE = regex.compile(NUMBER)
# Not inside a code ("OBJ-12-05-26", "12.05.2026/7"): no letter, slash or dash before it, no
# slash or dash and digit after it (and, checked after, a real day and month, a year of four
# digits 1900-2099).
NUMERIC_DATE = regex.compile(
    r"(?<![\d.\p{L}/-])(?:\d{1,2}+ ?[./-] ?\d{1,2}+ ?[./-] ?(?:\d{4}|\d{2})(?![\d]|[/-]\d)"
    r"|\d{4}-\d{1,2}-\d{1,2}(?![\d]|[/-]\d)"
    r"|\d{1,2}\. ?\d{1,2}\.(?![ ]?\d))"
)
CLOCK_TIME = regex.compile(
    r"(?<![\d.:])\d{1,2}:\d{2}(?!\d)(?: ?(?:[ap]\.? ?m\.?))?"
    # British "8.15am": a full stop between hours and minutes only with am or pm (else a decimal)
    r"|(?<![\d.:])\d{1,2}\.\d{2} ?(?:[ap]\. ?m\.|[ap]m)(?![\p{L}])"
    r"|(?<![\d.:])\d{1,2} ?(?:[ap]\. ?m\.|[ap]m)(?![\p{L}])",
    regex.IGNORECASE,
)
# An hour as written next to a word that makes it a time: "kl. 14", "v 9 hodin", "10 बजे",
# "১০টায়", "at 9.30".
# Not an ordinal ("v 1. patře") nor part of a date ("15. 10."): a full stop after it may end a
# sentence (a capital follows), not go on with a lower-case word or a number.
HOUR = regex.compile(
    r"(?<![\d.:,/-])(?:[01]?\d|2[0-4])(?:[:.][0-5]\d)?+"
    # a range of hours: "10-11 बजे", "kl. 14–16"
    r"(?:[-–](?:[01]?\d|2[0-4])(?:[:.][0-5]\d)?+)?+"
    r"(?![\d]|[.,:/-]\d|\.[ ]?(?:\p{Ll}|\d))"
)
# A reference code: letters and digits with - / . or # (INV-2026-117, 2026/0117, #48213), or a
# run of four or more digits; letters include vowel signs (Bengali "কেসি-২৬১০"). At most eight
# parts, so that a run that fails at its end ("1-1-…-1@") is not re-read from every part.
CODE = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}@])(?:[#№]\s?)?(?:[\p{L}\p{M}]{1,8}+[-/]?){0,3}+\d[\p{L}\p{M}\d]*+(?:[-/.][\p{L}\p{M}\d]++){0,8}+(?![\p{L}\p{M}\p{N}@])"
)
# An order or account number written in groups of digits, as forms print them ("884 210 556",
# "2026 118 47"): three groups or more, so that a thousands-grouped amount in words is rarely one,
# and never when it is part of an amount ("1 250 000 Kč") or is a phone number of the region as
# the region groups it ("608 552 190").
GROUPED_CODE = regex.compile(r"(?<![\p{N}.,])\d{1,4}+(?:[ \u00a0]\d{2,4}+){2,6}+(?![\p{N}]|[.,]\d)")
EMAIL = regex.compile(r"(?<![\w.+-])[\w.+-]{1,64}+@[\w-]{1,63}+(?:\.[\w-]{1,63}+)++")
# Generic domains people write, and any two-letter country domain (.au, .cz, .is, .bd…).
TOP_LEVEL_DOMAINS = (
    "com|org|net|info|biz|io|eu|example|app|shop|store|online|site|bank|gov|edu|[a-z]{2}"
)
# Any other top-level domain (.studio, .travel, .photography) when a path follows it:
# "mittighar.studio/workshops" is a web address, "etc./or" is not one.
URL = regex.compile(
    r"(?:https?://|www\.)[^\s<>\"]{1,2000}+"
    rf"|(?<![\w@.-])(?:[\w-]{{1,63}}+\.(?=[\w-]))++(?:{TOP_LEVEL_DOMAINS})(?![\w@-])(?:/[^\s<>\"]{{0,2000}}+)?+"
    r"|(?<![\w@.-])(?:[\w-]{1,63}+\.(?=[\w-]))++[a-z]{3,24}+(?=/[\w-])/[^\s<>\"]{1,2000}+",
    regex.IGNORECASE,
)
PHONE_CANDIDATE = regex.compile(
    r"(?<![\p{L}\p{N}+/.,-])(?:\+|00)?+\(?\d[\d ()./-]{4,40}\d(?![\p{L}\p{N}])"
)
NEWLINE = regex.compile(r"\n")
EXCLAMATION = regex.compile(r"[!¡‼]")
TRAILING_PUNCTUATION = ".,;:!?)]}'\""


class Found(NamedTuple):
    start: int
    end: int


Known = Callable[[str], list[Found]]


@dataclass(frozen=True)
class LocalFormats:
    """What a language adds to the recognisers: currency words, extra month and weekday
    spellings, words that announce a phone number, and the phone region."""

    locale: str
    currencies: tuple[str, ...]
    months: tuple[str, ...] = ()
    weekdays: tuple[str, ...] = ()
    day_suffixes: tuple[str, ...] = ()  # after a day's number: Bengali "১লা", "২২শে"
    phone_words: tuple[str, ...] = ()
    phone_regions: tuple[str, ...] = ("US",)

    def find(self, kind: str, view: str, known: Known | None = None) -> list[Found]:
        """The spans of one format in view. `known` gives another format's spans in the same
        view, when the caller keeps them (a code is looked for outside the amounts)."""
        return RECOGNISERS[kind](self, view, known or (lambda other: self.find(other, view)))


def _alternation(words) -> str:
    unique = sorted({word for word in words if word}, key=len, reverse=True)
    return "|".join(regex.escape(word) for word in unique)


@functools.cache
def _month_names(locale: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    parsed = Locale.parse(locale)
    names = set(extra)
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            names.update(get_month_names(width, context, parsed).values())
    return tuple(name.rstrip(".") for name in names if name)


ENGLISH_MONTHS = tuple(get_month_names("wide", "format", Locale.parse("en")).values())


@functools.cache
def _weekday_names(locale: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    parsed = Locale.parse(locale)
    names = set(extra)
    for context in ("format", "stand-alone"):
        names.update(get_day_names("wide", context, parsed).values())
    return tuple(names)


@functools.cache
def _amount_pattern(currencies: tuple[str, ...]) -> regex.Pattern:
    words = _alternation(currencies)
    currency = rf"(?:\p{{Sc}}|(?<![\p{{L}}])(?:{words})(?![\p{{L}}]))"
    number = f"(?:{NUMBER})"
    return regex.compile(rf"{currency}\.?[ ]?+{number}|{number}[ ]?+{currency}", regex.IGNORECASE)


@functools.cache
def _named_date_pattern(months: tuple[str, ...], day_suffixes: tuple[str, ...]) -> regex.Pattern:
    names = _alternation(months)
    month = rf"(?<![\p{{L}}])(?:{names})\.?(?![\p{{L}}])"
    suffixes = _alternation(("st", "nd", "rd", "th", *day_suffixes))
    day = rf"(?<![\d.])\d{{1,2}}(?:{suffixes}|\.)?+(?!\d)"
    year = r"(?:[ ,]{1,2}+\d{4}(?!\d))?+"
    return regex.compile(
        rf"{day}[ ,]{{0,2}}+(?:of )?{month}{year}|{month}[ ,]{{0,2}}+{day}{year}"
        rf"|{month}[ ,]{{0,2}}+\d{{4}}",
        regex.IGNORECASE,
    )


@functools.cache
def _words_pattern(words: tuple[str, ...]) -> regex.Pattern:
    return regex.compile(rf"(?<![\p{{L}}])(?:{_alternation(words)})(?![\p{{L}}])", regex.IGNORECASE)


MAX_FOUND = 10_000  # a letter has a few dozen; past this a report would say nothing more


def _spans(pattern: regex.Pattern, view: str) -> list[Found]:
    found = zip(pattern.finditer(view), range(MAX_FOUND), strict=False)
    return [Found(match.start(), match.end()) for match, _ in found]


def amounts(local: LocalFormats, view: str, known: Known) -> list[Found]:
    return _spans(_amount_pattern(local.currencies), view)


def dates(local: LocalFormats, view: str, known: Known) -> list[Found]:
    # Business letters in Bangladesh and India (and some elsewhere) name months in English:
    # "5 March 2026-এর মধ্যে"; the full English names are read in every language.
    months = _month_names(local.locale, local.months) + ENGLISH_MONTHS
    numeric = [f for f in _spans(NUMERIC_DATE, view) if _day_and_month(view[f.start : f.end])]
    found = numeric + _spans(_named_date_pattern(months, local.day_suffixes), view)
    return sorted(found, key=lambda f: f.start)


def _day_and_month(date: str) -> bool:
    """A day and a month in either order (3/12/2026 or 12/3/2026; 2026-12-03): "26-27/0418"
    in a bill's code "SAW/26-27/0418" is no date."""
    parts = [int(part) for part in regex.findall(r"\d+", date)]
    if any(part > 999 and not 1900 <= part <= 2099 for part in parts):
        return False
    if parts[0] > 999:  # year, month, day
        return 1 <= parts[1] <= 12 and 1 <= parts[2] <= 31
    first, second = parts[:2]
    return min(first, second) >= 1 and (first <= 12 or second <= 12) and max(first, second) <= 31


def weekdays(local: LocalFormats, view: str, known: Known) -> list[Found]:
    return _spans(_words_pattern(_weekday_names(local.locale, local.weekdays)), view)


def times(local: LocalFormats, view: str, known: Known) -> list[Found]:
    return _spans(CLOCK_TIME, view)


def hours(local: LocalFormats, view: str, known: Known) -> list[Found]:
    return _spans(HOUR, view)


def numbers(local: LocalFormats, view: str, known: Known) -> list[Found]:
    return _spans(NUMBER_RE, view)


def codes(local: LocalFormats, view: str, known: Known) -> list[Found]:
    found, numeric = [], False
    for match, _ in zip(CODE.finditer(view), range(MAX_FOUND), strict=False):
        text = match.group().rstrip(".")
        digits = sum(char.isdigit() for char in text)
        has_letters_or_marks = any(not char.isdigit() for char in text)
        # "NA-B7" and Bengali "এনএ-বি৭": letters, a dash and one digit are a code too.
        dashed = any(char in "-/" for char in text) and any(char.isalpha() for char in text)
        if digits >= 4 or (digits >= 2 and has_letters_or_marks) or (digits >= 1 and dashed):
            found.append(Found(match.start(), match.start() + len(text)))
            numeric = numeric or not any(char.isalpha() for char in text)
    grouped = [
        Found(match.start(), match.end())
        for match, _ in zip(GROUPED_CODE.finditer(view), range(MAX_FOUND), strict=False)
        if not any(_written_as_national(match.group(), r) for r in local.phone_regions)
    ]
    found += grouped
    numeric = numeric or bool(grouped)
    found.sort()
    if not numeric:  # only digits can be part of an amount
        return found
    # Digits that are part of an amount ("£96.50", "1 250 000 Kč") are the sum, not a reference.
    in_amounts = known("amount")  # in order, none inside another
    starts = [amount.start for amount in in_amounts]

    def in_an_amount(code: Found) -> bool:
        index = bisect.bisect_right(starts, code.start) - 1
        return index >= 0 and code.end <= in_amounts[index].end

    return [code for code in found if not in_an_amount(code)]


def emails(local: LocalFormats, view: str, known: Known) -> list[Found]:
    if "@" not in view:  # most views (a line's opening words, many letters) have none
        return []
    return _spans(EMAIL, view)


def urls(local: LocalFormats, view: str, known: Known) -> list[Found]:
    if "." not in view and "://" not in view:  # every web address has one or the other
        return []
    found = []
    for match in URL.finditer(view):
        end = match.end()
        while end > match.start() and view[end - 1] in TRAILING_PUNCTUATION:
            end -= 1
        found.append(Found(match.start(), end))
    return found


def phones(local: LocalFormats, view: str, known: Known) -> list[Found]:
    """Digit runs libphonenumber accepts as possible numbers for the region, that are written as
    phone numbers (an international prefix, an area code in brackets, grouped digits, a word such
    as "tel." nearby, or a line of their own), and that are not dates or amounts."""
    announcing = _words_pattern(local.phone_words) if local.phone_words else None
    line_starts = [0, *(m.end() for m in NEWLINE.finditer(view))]
    found = []
    for start, raw in _phone_candidates(view):
        end = start + len(raw)
        digits = sum(char.isdigit() for char in raw)
        if not 7 <= digits <= 15 or "," in raw or NUMERIC_DATE.fullmatch(raw):
            continue
        if not any(_possible_phone(raw, region) for region in local.phone_regions):
            continue
        international = raw.startswith(("+", "00")) or "(" in raw
        line = bisect.bisect_right(line_starts, start) - 1
        line_start = line_starts[line]
        line_end = line_starts[line + 1] - 1 if line + 1 < len(line_starts) else len(view)
        around = (
            view[max(line_start, start - 40) : start] + " " + view[end : min(line_end, end + 40)]
        )
        announced = announcing is not None and announcing.search(around) is not None
        alone = (
            line_end - line_start < 80
            and not view[line_start:start].strip(" :")
            and not view[end:line_end].strip(" .")
        )
        # "98100 22110", "555 010 4477", "1-800-555-0144": digits in groups of two or more (the
        # first may be a one-digit trunk or country code).
        groups = [g for g in regex.split(r"[ .()/-]+", raw.strip("+()")) if g]
        grouped = digits >= 9 and len(groups) >= 2 and all(len(g) >= 2 for g in groups[1:])
        national = any(_written_as_national(raw, region) for region in local.phone_regions)
        if international or announced or grouped or national or (alone and digits >= 8):
            found.append(Found(start, end))
    return found


# Two numbers given as alternatives: "0135-271 4400 / 97600 18823".
ALTERNATIVES = regex.compile(r"\s+/\s*|\s*/\s+")


def _phone_candidates(view: str):
    """Runs of digits and phone punctuation (start, text), two numbers side by side apart."""
    for match in PHONE_CANDIDATE.finditer(view):
        position = match.start()
        for piece in ALTERNATIVES.split(match.group()):
            offset = view.index(piece, position)
            raw = piece.rstrip(".-/ ")
            if raw:
                yield offset, raw
            position = offset + len(piece)


@functools.lru_cache(maxsize=10_000)
def _possible_phone(raw: str, region: str) -> bool:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return False
    reason = phonenumbers.is_possible_number_with_reason(number)
    return reason in (
        phonenumbers.ValidationResult.IS_POSSIBLE,
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    )


@functools.lru_cache(maxsize=10_000)
def _written_as_national(raw: str, region: str) -> bool:
    """A valid number of the region, grouped as the region writes its numbers ("555 7720" in
    Iceland): a seven-digit phone is told from an amount or a code by its grouping."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number_for_region(number, region):
        return False
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return regex.sub(r"[\s-]", " ", national) == regex.sub(r"[\s-]", " ", raw)


def exclamations(local: LocalFormats, view: str, known: Known) -> list[Found]:
    return _spans(EXCLAMATION, view)


RECOGNISERS = {
    "amount": amounts,
    "date": dates,
    "weekday": weekdays,
    "time": times,
    "hour": hours,
    "number": numbers,
    "code": codes,
    "phone": phones,
    "email": emails,
    "url": urls,
    "exclamation": exclamations,
}
