"""Words as the checker compares them: tokens of a letter, each with the keys it can match by.

A token's keys are its form (case-folded, invisible characters dropped), its lemma or stems from
the language's analyser, and the same with accents folded (people type "zaplatil" for
"zaplatil" on a foreign keyboard). A marker word matches a token when their keys meet, so
"zaplatila", "zaplatili" and "zaplatil" all meet the marker "zaplatit".

The analyser is named per language in letters/languages.yml (`checker.analyser`):

- `simplemma`: the simplemma lemmatizer (dictionary and rules, 54 languages, no dependencies);
  chosen over snowball stemmers, which have no Czech, Bengali or Icelandic, and over islenska
  (BÍN), whose 90 MB of data buys little for the words letters use;
- `suffixes`: strips the inflectional suffixes listed in the language's checker data
  (Bengali: no maintained lemmatizer exists; bangla-stemmer is from 2020 and unmaintained);
- `none`: the form alone; what a new language gets until someone chooses.

Every function here is pure (its caches hold no data read from files).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import astuple, dataclass
from typing import NamedTuple

import regex

from letters.text import INVISIBLE

# Letters with their combining marks, digits apart, an apostrophe inside a word kept ("don't").
TOKEN = regex.compile(
    rf"[\p{{L}}\p{{M}}{INVISIBLE}]++(?:'[\p{{L}}\p{{M}}{INVISIBLE}]++)*+|\p{{N}}++"
)
DROP_INVISIBLE = {ord(char): None for char in INVISIBLE}
LATIN_WORD = regex.compile(r"^[\p{Latin}\p{M}'0-9]+$")
FOLDED = "~"


@dataclass(frozen=True)
class Analyser:
    """How one language reduces a word to the keys it is compared by."""

    lang: str
    kind: str  # simplemma, suffixes or none (the languages schema lists them)
    suffixes: tuple[str, ...] = ()  # for "suffixes", longest first
    folding: tuple[tuple[str, str], ...] = ()  # letters folded beyond accents (Icelandic ð -> d)
    contractions: tuple[tuple[str, str], ...] = ()  # "'ve" -> "have"
    negative_prefixes: tuple[str, ...] = ()  # Czech "ne": a negated verb is not its lemma
    abbreviations: frozenset[str] = frozenset()  # short words whose full stop ends no sentence
    latin_words: str = ""  # the dictionary of the Latin-script words its letters borrow ("en")

    def __post_init__(self):
        # The analyser keys the caches below once per word of a letter: hash its fields once.
        object.__setattr__(self, "_hash", hash(astuple(self)))

    def __hash__(self) -> int:
        return self._hash

    def keys(self, form: str) -> frozenset[str]:
        return _keys(self, form)


@functools.lru_cache(maxsize=200_000)
def _keys(analyser: Analyser, form: str) -> frozenset[str]:
    keys = {form}
    if analyser.kind == "simplemma":
        lemma = _lemma(analyser.lang, form)
        # simplemma gives some negated forms the positive lemma (Czech nezaplatili -> zaplatit):
        # a negated word must not meet its positive marker.
        negated = any(
            form.startswith(prefix) and not lemma.startswith(prefix)
            for prefix in analyser.negative_prefixes
        )
        if not negated:
            keys.add(lemma)
    elif analyser.kind == "suffixes":
        keys.update(_stems(form, analyser.suffixes))
    # Folded keys carry a mark, so that only whole words match across accents: "zaplatil"
    # meets "zaplatil", but the marker "lat*" (lazy) does not reach "látið" (let).
    keys.update(FOLDED + fold(key, analyser.folding) for key in list(keys))
    return frozenset(key for key in keys if key and key != FOLDED)


def known_word(analyser: Analyser, form: str) -> bool:
    """Is this a word of the language's dictionary, or of the dictionary its Latin-script words
    are borrowed from (not a code or an acronym like BIOS)? Without any dictionary, every word
    counts as known."""
    if analyser.kind == "simplemma" and _known(analyser.lang, form):
        return True
    if analyser.latin_words and LATIN_WORD.match(form):
        return _known(analyser.latin_words, form)
    return analyser.kind != "simplemma" and not analyser.latin_words


@functools.lru_cache(maxsize=50_000)
def _known(lang: str, form: str) -> bool:
    import simplemma

    return simplemma.is_known(form, lang=lang) or simplemma.is_known(form.capitalize(), lang=lang)


@functools.lru_cache(maxsize=200_000)
def _lemma(lang: str, form: str) -> str:
    import simplemma  # imported on first use: its start-up is not paid by pages that never check

    return simplemma.lemmatize(form, lang=lang).casefold()


def _stems(form: str, suffixes: tuple[str, ...]) -> set[str]:
    """The form without one or two of the listed suffixes, keeping at least two letters."""
    stems = {form}
    for _ in range(2):
        for stem in list(stems):
            for suffix in suffixes:
                if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
                    stems.add(stem[: -len(suffix)])
    return stems


@functools.lru_cache(maxsize=200_000)  # once per distinct word: a letter repeats most of its words
def fold(word: str, folding: tuple[tuple[str, str], ...] = ()) -> str:
    """Accents dropped from Latin-script words (never from Indic vowel signs), then the
    language's own folding table (ð -> d, þ -> th, æ -> ae)."""
    if not LATIN_WORD.match(word):
        return word
    for letter, replacement in folding:
        word = word.replace(letter, replacement)
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def form_of(raw: str) -> str:
    return unicodedata.normalize("NFC", raw.translate(DROP_INVISIBLE)).casefold()


class Token(NamedTuple):  # a tuple: a megabyte of text makes a few hundred thousand of them
    start: int
    end: int
    form: str
    keys: frozenset[str]


def tokens(view: str, analyser: Analyser, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of view[start:end]; contractions are split ("we've" -> "we", "have")."""
    end = len(view) if end is None else end
    found = []
    add = found.append
    for match in TOKEN.finditer(view, start, end):
        # An expanded contraction keeps the span of the whole word for each of its words.
        span_start, span_end = match.span()
        for form, keys in _words_of(analyser, match.group()):
            add(Token(span_start, span_end, form, keys))
    return found


@functools.lru_cache(maxsize=200_000)
def _words_of(analyser: Analyser, raw: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The words (form and keys) one token of text stands for: usually one."""
    form = form_of(raw)
    if not form:
        return ()
    pieces = _expand(form, analyser.contractions) or [form]
    return tuple((piece, analyser.keys(piece)) for piece in pieces)


def _expand(form: str, contractions) -> list[str] | None:
    """The words a contraction stands for: a whole word ("can't" -> "can not") or an ending
    ("we've" -> "we have"); None for a word that is no contraction."""
    if "'" not in form:
        return None
    for written, meaning in contractions:
        if written == form:
            return meaning.split()
    for ending, meaning in contractions:
        if form.endswith(ending) and len(form) > len(ending):
            return [form[: -len(ending)], *meaning.split()]
    return None
