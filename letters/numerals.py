"""Digits as each language writes them: CLDR's default numbering system for the locale.

Babel knows that Bengali (bn) writes Bengali digits (`Locale.default_numbering_system` is
"beng"), yet formats numbers and dates with Latin ones. `localise_digits` is the one place that
turns a formatted number into the locale's own digits; the letters' filters, the pages and the
browser builder all use it (Hindi's CLDR default is Latin digits, so Hindi text keeps them).
"""

from __future__ import annotations

import functools
import unicodedata

from babel import Locale

# CLDR numbering-system ids and the Unicode names of their digits ("BENGALI DIGIT ZERO").
UNICODE_DIGIT_NAMES = {
    "arab": "ARABIC-INDIC",
    "arabext": "EXTENDED ARABIC-INDIC",
    "beng": "BENGALI",
    "deva": "DEVANAGARI",
    "gujr": "GUJARATI",
    "guru": "GURMUKHI",
    "knda": "KANNADA",
    "mlym": "MALAYALAM",
    "mymr": "MYANMAR",
    "orya": "ORIYA",
    "tamldec": "TAMIL",
    "telu": "TELUGU",
    "thai": "THAI",
    "tibt": "TIBETAN",
}
DIGIT_NAMES = ("ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE")


@functools.cache
def digits(locale: str) -> str:
    """The ten digits the locale writes, "0123456789" for Latin."""
    system = Locale.parse(locale).default_numbering_system
    name = UNICODE_DIGIT_NAMES.get(system)
    if name is None:
        return "0123456789"
    return "".join(unicodedata.lookup(f"{name} DIGIT {digit}") for digit in DIGIT_NAMES)


def localise_digits(text: str, locale: str) -> str:
    """`text` with its ASCII digits written in the locale's own digits."""
    native = digits(locale)
    if native == "0123456789":
        return text
    return text.translate(str.maketrans("0123456789", native))
