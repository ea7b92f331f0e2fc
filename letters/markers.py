"""Markers: what a rule looks for in a letter, as words a translator writes, compiled once.

A marker group is a list of entries; the group is found where any entry is found. An entry is

- a phrase, `"already paid"`: its words in this order, with up to two other words between
  them ("already been paid", "already made the payment" both match), within one sentence; in
  double quotes (`'"or else"'`) with no word between them. A word matches a token written the
  same way or whose lemma it is: the lemma "pay" matches "pays", "paid", "paying", Czech
  "zaplatit" matches "zaplatila"; the form "paid" matches "paid" only. A `*` at the end of a
  word matches any ending ("omlouv*"), at the start
  any beginning ("*stefna" finds Icelandic compounds ending in "stefna"), at both ends any
  word containing it;
- `"@name"`: another group of the same rule, or a group of the language's shared data
  (letters/rules/common/<lang>.yml);
- `{format: amount}`: one of the formats letters.formats recognises (amount, date, weekday,
  time, number, code, phone, email, url);
- `{near: [A, B], within: 5}`: A and B (each a phrase, `@name`, format, `near`, or a list of
  them) in one sentence, in any order (or in this order with `ordered: true`), at most `within`
  words apart — for words that mean something only
  together ("þykir leitt" is an apology, "leitt" alone may be "led").
- `{find: A, unless: B}`: A (an entry or a list of them) in a sentence where B finds nothing —
  "a phone number in a sentence without 'we', 'our' or 'me'" is someone else's number.
- `{find: A, not_part_of: B}`: A where it is not a word of what B finds — "we" and "our", but
  not the "our" of "our customers", which speaks of the customers, not of the writer's office.

Two marks on a phrase's words: `=want` matches that form only, never the lemma's other forms
("=want" finds "want" but not "wanted", where "want" finds both); a phrase starting with `^`
("^pay by") is found only at the start of a sentence, as a command opens one.

Compiled markers hold no text of a letter; matching a letter (`Analysed`) computes each group's
hits once and keeps them for that letter only.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate, chain
from typing import NamedTuple

import regex

from letters.analysis import FOLDED, TOKEN, Analyser, Token, fold, form_of, tokens
from letters.formats import FORMATS, LocalFormats

PHRASE_GAP = 2  # other words allowed between two words of a phrase
NEAR_DEFAULT = 6
# A full stop ends a sentence before a capital after a word of four letters or more, a digit or a
# web or email address's domain ("… at ann@kc.co.uk. If you wish, we …"; "e.g.", "a.m." and
# "U.S." are no domain), not after a single letter or a capitalised short word ("č. 2026",
# "Mr. Smith", "Ing. Novák"); SHORT_WORD_BREAK adds the lower-case short words. Either way the
# words a language lists as abbreviations ("nr. LC-88", Icelandic "tilv. AB-12") end nothing.
SENTENCE_BREAK = regex.compile(
    r"(?<![!?।॥])[!?।॥]++(?=\s)"
    r"|\.(?<=(?:[\p{L}\p{M}]{4}|[\d)\"'»”]|\d[\p{L}\d/-]{0,12}|[\w-]\.[a-z]{2,24})\.)(?=\s++\p{Lu})"
    r"|\n[^\S\n]*+\n"
)
# After a lower-case word of two or three letters ("… thank you. We …", "… trouble at check-in.
# Please …") a full stop before a capital ends the sentence too.
SHORT_WORD_BREAK = regex.compile(
    r"(?<![\p{L}\p{M}\d.-])(?:\p{Ll}[\p{L}\p{M}]{1,2}+|[\p{L}\p{M}]{2,}+-[\p{L}\p{M}]{1,3}+)"
    r"\.(?=\s++\p{Lu})"
)
SHORT_LINE = 60  # a line break after a shorter line ends a sentence (lists, signatures)


def word_before_full_stop(view: str, end: int) -> str:
    """The word, lower-cased, whose full stop ends at `end` ("Tilv." -> "tilv")."""
    start = end - 1
    while start > 0 and (
        view[start - 1].isalpha() or unicodedata.category(view[start - 1])[0] == "M"
    ):
        start -= 1
    return view[start : end - 1].lower()


class MarkerError(ValueError):
    """A marker that cannot be compiled; the loader adds the file and line."""


# eq=False: a word is its own key in a letter's caches, hashed by identity, millions of times per
# hundred letters; `_word_of` makes equal words one object, so phrases share their positions.
@dataclass(frozen=True, eq=False)
class Word:
    kind: str  # exact, form (this form only), prefix, suffix, infix
    keys: frozenset[str]  # exact: every key the word matches; otherwise the folded fragment
    fragment: str = ""


@functools.lru_cache(maxsize=100_000)
def _word_of(kind: str, keys: frozenset[str], fragment: str = "") -> Word:
    return Word(kind, keys, fragment)


@dataclass(frozen=True, eq=False)
class Phrase:
    words: tuple[Word, ...]
    text: str
    gap: int = PHRASE_GAP
    at_sentence_start: bool = False


@dataclass(frozen=True, eq=False)
class Format:
    kind: str


@dataclass(frozen=True, eq=False)
class Near:
    # Each part: its alternatives (Phrase, Format, Near, Group) as one unnamed group, so that a
    # letter's hits of a part are looked up by first word and computed once (Group.by_first_word).
    parts: tuple[Group, ...]
    within: int
    ordered: bool = False


@dataclass(frozen=True, eq=False)
class Without:
    find: tuple  # alternatives (Phrase, Format, Near, Group)
    unless: tuple


@dataclass(frozen=True, eq=False)
class Outside:
    find: tuple  # alternatives (Phrase, Format, Near, Group)
    part_of: tuple  # what a hit of `find` must not lie within


@dataclass(eq=False)
class Group:
    name: str
    entries: list = field(default_factory=list)  # Phrase, Format, Near, Group
    _index: tuple | None = field(default=None, repr=False)

    def by_first_word(self) -> tuple[dict, dict, list]:
        """The group's entries by the keys of a word each one needs (as lemma, and as written),
        and the entries that need no particular word (a format, a prefix): a letter looks up
        only the entries whose word it contains, not each of a list of hundreds. Built on first
        use, when `entries` is complete."""
        if self._index is None:
            exact: dict[str, list] = defaultdict(list)
            form: dict[str, list] = defaultdict(list)
            rest = []
            for entry in self.entries:
                needed = needed_words(entry)
                if needed is None:
                    rest.append(entry)
                    continue
                for index, keys in ((exact, needed[0]), (form, needed[1])):
                    for key in keys:
                        index[key].append(entry)
            self._index = (dict(exact), dict(form), rest)
        return self._index


def needed_words(entry, seen: frozenset = frozenset()) -> tuple[frozenset, frozenset] | None:
    """Keys (lemmas, forms as written) one of which a letter must hold for the entry to be
    found there; None when no word is needed (a format, a prefix, a group that reaches itself).
    A phrase needs its first word; a near, the rarest of its parts; a `find … unless`, its
    find; a group, any of its entries."""
    if type(entry) is Phrase:
        first = entry.words[0]
        if first.kind == "exact":
            return first.keys, frozenset()
        return (frozenset(), first.keys) if first.kind == "form" else None
    if isinstance(entry, Near):
        parts = [needed_words(part, seen) for part in entry.parts]
        known = [p for p in parts if p is not None]
        return min(known, key=lambda p: len(p[0]) + len(p[1])) if known else None
    if isinstance(entry, (Without, Outside)):
        return _any_of(entry.find, seen)
    if isinstance(entry, Group):
        return None if id(entry) in seen else _any_of(entry.entries, seen | {id(entry)})
    return None


def _any_of(entries, seen: frozenset) -> tuple[frozenset, frozenset] | None:
    exact, form = set(), set()
    for entry in entries:
        needed = needed_words(entry, seen)
        if needed is None:
            return None
        exact.update(needed[0])
        form.update(needed[1])
    return frozenset(exact), frozenset(form)


class Hit(NamedTuple):
    start: int  # character offsets into the letter
    end: int
    first: int  # token indices
    last: int


def _word(raw: str, analyser: Analyser) -> list[Word]:
    """The words one space-separated part of a phrase stands for ("rip-off" is two)."""
    form_only = raw.startswith("=")
    raw = raw.removeprefix("=")
    prefix_wild, suffix_wild = raw.endswith("*"), raw.startswith("*")
    pieces = TOKEN.findall(raw.strip("*"))
    if not pieces:
        raise MarkerError(f"{raw!r} has no letters")
    words = []
    for number, piece in enumerate(pieces):
        open_end = prefix_wild and number == len(pieces) - 1
        open_start = suffix_wild and number == 0
        if open_end or open_start:
            kind = "infix" if open_end and open_start else "prefix" if open_end else "suffix"
            words.append(_word_of(kind, frozenset(), form_of(piece)))
        else:
            # A marker word matches a token written the same way, or whose lemma it is: write
            # the lemma ("pay") to match every form, a form ("paid") to match that form only.
            # Its one key is the folded form: a token holds the folded key of each of its keys,
            # so the folded key finds every token the form itself would, and those typed
            # without accents too.
            words.extend(
                _word_of(
                    "form" if form_only else "exact",
                    frozenset({FOLDED + fold(token.form, analyser.folding)}),
                )
                for token in tokens(piece, analyser)
            )
    return words


# A pure function of its arguments (a phrase's words and the language's analyser): a rebuild under
# `mkdocs serve` compiles only the phrases that changed.
@functools.lru_cache(maxsize=100_000)
def compile_phrase(text: str, analyser: Analyser) -> Phrase:
    """A phrase; in double quotes ('"or else"'), its words must follow each other directly."""
    exact = len(text) > 2 and text.startswith('"') and text.endswith('"')
    inner = text.strip('"')
    at_start = inner.startswith("^")
    words: list[Word] = []
    for raw in inner.removeprefix("^").split():
        words.extend(_word(raw, analyser))
    if not words:
        raise MarkerError(f"phrase {text!r} has no words")
    return Phrase(tuple(words), text, 0 if exact else PHRASE_GAP, at_start)


def compile_entry(entry, analyser: Analyser, resolve: Callable[[str], Group]):
    """One marker entry as written in the data: a phrase, @group, format or near."""
    if isinstance(entry, str):
        if entry.startswith("@"):
            return resolve(entry[1:])
        return compile_phrase(entry, analyser)
    if isinstance(entry, dict) and set(entry) == {"format"}:
        if entry["format"] not in FORMATS:
            raise MarkerError(f"unknown format {entry['format']!r} (known: {', '.join(FORMATS)})")
        return Format(entry["format"])
    if isinstance(entry, dict) and "near" in entry and set(entry) <= {"near", "within", "ordered"}:
        parts = entry["near"]
        if not isinstance(parts, list) or len(parts) < 2:
            raise MarkerError("near needs a list of at least two parts")
        compiled = []
        for part in parts:
            alternatives = part if isinstance(part, list) else [part]
            compiled.append(tuple(compile_entry(a, analyser, resolve) for a in alternatives))
        within = entry.get("within", NEAR_DEFAULT)
        if not isinstance(within, int) or within < 0:
            raise MarkerError("within must be a whole number of words")
        groups = tuple(Group("", list(part)) for part in compiled)
        return Near(groups, within, bool(entry.get("ordered", False)))
    for other, kind in (("unless", Without), ("not_part_of", Outside)):
        if isinstance(entry, dict) and set(entry) == {"find", other}:
            find, leave_out = (
                tuple(
                    compile_entry(a, analyser, resolve)
                    for a in (entry[key] if isinstance(entry[key], list) else [entry[key]])
                )
                for key in ("find", other)
            )
            return kind(find, leave_out)
    raise MarkerError(
        f"{entry!r} is not a phrase, @group, {{format: …}}, {{near: …}}, {{find: …, unless: …}}"
        " or {find: …, not_part_of: …}"
    )


GROUP_SHOWN = 3


def describe(entry, label=lambda name: f"[{name}]", without: str = "without") -> str:
    """A marker entry as a reader sees it on a guide page (no syntax to learn); `label` names a
    format in the page's language ("amount" -> "částka"), `without` is that language's word for
    what {find: …, unless: …} leaves out."""
    if isinstance(entry, Phrase):  # quotes, ^ and = are syntax, not words
        return regex.sub(r"(?<![^\s])[=^]", "", entry.text.strip('"'))
    if isinstance(entry, Format):
        return label(entry.kind)
    if isinstance(entry, Group):  # inside a {near}: a few of its words stand for it
        shown = " / ".join(describe(e, label, without) for e in entry.entries[:GROUP_SHOWN])
        return f"({shown} / …)" if len(entry.entries) > GROUP_SHOWN else f"({shown})"
    if isinstance(entry, Near):
        return " … ".join(
            " / ".join(describe(a, label, without) for a in part.entries) for part in entry.parts
        )
    if isinstance(entry, Without):
        found, unless = (
            " / ".join(describe(a, label, without) for a in part)
            for part in (entry.find, entry.unless)
        )
        return f"{found} ({without} {unless})"
    if isinstance(entry, Outside):  # the exception is a detail a reader need not see
        return " / ".join(describe(a, label, without) for a in entry.find)
    return str(entry)


def _merged(lists: list[list[int]]) -> list[int]:
    """Sorted positions from sorted lists of distinct positions (one list: itself)."""
    return lists[0] if len(lists) == 1 else sorted(position for part in lists for position in part)


class Analysed:
    """A letter's tokens, sentences and the hits of each group, computed once per letter."""

    def __init__(self, view: str, analyser: Analyser, local: LocalFormats):
        self.view = view
        self.local = local
        self.analyser_folding = analyser.folding
        self._found: dict[str, list] = {}
        self.tokens: list[Token] = tokens(view, analyser)
        self.starts = [token.start for token in self.tokens]
        self.ends = [token.end for token in self.tokens]
        # Words inside an email address or a web address are not words of the letter:
        # "billing@acme.example" says nothing about billing.
        inside = [(f.start, f.end) for kind in ("email", "url") for f in self.found(kind)]
        hidden = set()
        for start, end in inside:
            first = bisect.bisect_left(self.starts, start)
            last = bisect.bisect_left(self.starts, end)
            hidden.update(range(first, last))
        # A letter repeats most of its words, and a word's keys follow from its form: the
        # positions are gathered per form, then each form's list goes to each of its keys.
        at_form: dict[str, list[int]] = defaultdict(list)
        keys_of: dict[str, frozenset[str]] = {}
        for index, token in enumerate(self.tokens):
            if index not in hidden:
                at_form[token.form].append(index)
                keys_of[token.form] = token.keys
        by_key: dict[str, list[list[int]]] = defaultdict(list)
        by_form: dict[str, list[list[int]]] = defaultdict(list)  # `=form` words: as written
        for form, positions in at_form.items():
            for key in keys_of[form]:
                by_key[key].append(positions)
            by_form[FOLDED + fold(form, self.analyser_folding)].append(positions)
        self.by_key = {key: _merged(lists) for key, lists in by_key.items()}
        self.by_form = {key: _merged(lists) for key, lists in by_form.items()}
        self.sorted_keys = sorted(by_key)
        abbreviations = analyser.abbreviations
        breaks = [
            m.end()
            for m in chain(SENTENCE_BREAK.finditer(view), SHORT_WORD_BREAK.finditer(view))
            if view[m.end() - 1] != "." or word_before_full_stop(view, m.end()) not in abbreviations
        ]
        position = 0
        for line in view.split("\n"):
            position += len(line) + 1
            if len(line.strip()) < SHORT_LINE:
                breaks.append(position)
        self.breaks = sorted(breaks)
        self.sentence = [bisect.bisect_right(self.breaks, start) for start in self.starts]
        self._hits: dict[int, list[Hit]] = {}
        self._word_positions: dict[Word, list[int]] = {}
        self._reversed_keys: list[str] | None = None  # built when a suffix word is asked for
        self._keys_text: str | None = None  # and this, for a word with * at both ends
        self._key_offsets: list[int] = []

    # -- words ---------------------------------------------------------------------------
    def positions(self, word: Word) -> list[int]:
        cached = self._word_positions.get(word)
        if cached is not None:
            return cached
        found: set[int] = set()
        if word.kind in ("exact", "form"):
            index = self.by_key if word.kind == "exact" else self.by_form
            lists = [index[key] for key in word.keys if key in index]
            if len(lists) <= 1:  # the common case: one key of the word is in the letter, or none
                result = lists[0] if lists else []
                self._word_positions[word] = result
                return result
            for positions in lists:
                found.update(positions)
        elif word.kind == "prefix":
            start = bisect.bisect_left(self.sorted_keys, word.fragment)
            for key in self.sorted_keys[start:]:
                if not key.startswith(word.fragment):
                    break
                found.update(self.by_key[key])
        elif word.kind == "suffix":
            # The keys spelt backwards, sorted: a suffix is a prefix of them.
            if self._reversed_keys is None:
                self._reversed_keys = sorted(key[::-1] for key in self.sorted_keys)
            backwards = word.fragment[::-1]
            start = bisect.bisect_left(self._reversed_keys, backwards)
            for reversed_key in self._reversed_keys[start:]:
                if not reversed_key.startswith(backwards):
                    break
                found.update(self.by_key[reversed_key[::-1]])
        else:
            # All keys in one string, one per line: str.find runs through them at C speed.
            if self._keys_text is None:
                self._keys_text = "\n".join(self.sorted_keys)
                lengths = (len(key) + 1 for key in self.sorted_keys)
                self._key_offsets = list(accumulate(lengths, initial=0))
            at = self._keys_text.find(word.fragment)
            while at != -1:
                index = bisect.bisect_right(self._key_offsets, at) - 1
                found.update(self.by_key[self.sorted_keys[index]])
                at = self._keys_text.find(word.fragment, self._key_offsets[index + 1])
        result = sorted(found)
        self._word_positions[word] = result
        return result

    # -- entries -------------------------------------------------------------------------
    def hits(self, entry) -> list[Hit]:
        cached = self._hits.get(id(entry))
        if cached is not None:
            return cached
        self._hits[id(entry)] = []  # a group that reaches itself finds nothing more
        if isinstance(entry, Group):
            exact, form, rest = entry.by_first_word()
            candidates = {id(item): item for item in rest}
            for index, keys in ((self.by_key, exact), (self.by_form, form)):
                # the group's first words that the letter has, looked up from the smaller side
                small, large = (keys, index) if len(keys) <= len(index) else (index, keys)
                for key in small:
                    if key in large:
                        for item in keys[key]:
                            candidates[id(item)] = item
            merged = {}
            for item in candidates.values():
                # A phrase belongs to one group, whose hits are cached: no cache of its own.
                found = self._phrase_hits(item) if type(item) is Phrase else self.hits(item)
                for hit in found:
                    merged.setdefault((hit.first, hit.last, hit.start, hit.end), hit)
            result = sorted(merged.values(), key=lambda h: (h.start, h.end))
        elif isinstance(entry, Phrase):
            result = self._phrase_hits(entry)
        elif isinstance(entry, Format):
            result = self._format_hits(entry.kind)
        elif isinstance(entry, Without):
            result = self._without_hits(entry)
        elif isinstance(entry, Outside):
            result = self._outside_hits(entry)
        else:
            result = self._near_hits(entry)
        self._hits[id(entry)] = result
        return result

    def _hit(self, first: int, last: int) -> Hit:
        return Hit(self.tokens[first].start, self.tokens[last].end, first, last)

    def _phrase_hits(self, phrase: Phrase) -> list[Hit]:
        # Most phrases of a long marker list miss on their first word: stop there.
        known = self._word_positions
        lists = []
        for word in phrase.words:
            positions = known.get(word)
            if positions is None:
                positions = self.positions(word)
            if not positions:
                return []
            lists.append(positions)
        firsts = lists[0]
        if phrase.at_sentence_start:
            sentence = self.sentence
            firsts = [i for i in firsts if i == 0 or sentence[i - 1] != sentence[i]]
        if len(lists) == 1:
            starts, ends = self.starts, self.ends
            return [Hit(starts[i], ends[i], i, i) for i in firsts]
        result = []
        for first in firsts:
            last = first
            for positions in lists[1:]:
                index = bisect.bisect_right(positions, last)
                if index == len(positions):
                    last = None
                    break
                candidate = positions[index]
                if (
                    candidate - last - 1 > phrase.gap
                    or self.sentence[candidate] != self.sentence[first]
                ):
                    last = None
                    break
                last = candidate
            if last is not None:
                result.append(self._hit(first, last))
        return result

    def found(self, kind: str) -> list:
        """The spans of one format in the letter (several groups ask for the same format)."""
        if kind not in self._found:
            self._found[kind] = self.local.find(kind, self.view, self.found)
        return self._found[kind]

    def _format_hits(self, kind: str) -> list[Hit]:
        result = []
        for found in self.found(kind):
            first = bisect.bisect_right(self.ends, found.start)
            last = bisect.bisect_left(self.starts, found.end) - 1
            if first > last:
                # No word inside ("!!" between two words): it belongs to the word before it,
                # or to the first word when nothing comes before.
                if not self.tokens:
                    continue
                first = last = max(last, 0) if last >= 0 else min(first, len(self.tokens) - 1)
            result.append(Hit(found.start, found.end, first, last))
        return result

    def _without_hits(self, entry: Without) -> list[Hit]:
        found = {hit for alternative in entry.find for hit in self.hits(alternative)}
        if not found:  # most letters: no need to look for the exceptions
            return []
        sentence = self.sentence
        excluded = {
            sentence[index]
            for alternative in entry.unless
            for hit in self.hits(alternative)
            for index in (hit.first, hit.last)
        }
        return sorted(
            (
                h
                for h in found
                if sentence[h.first] not in excluded and sentence[h.last] not in excluded
            ),
            key=lambda h: (h.start, h.end),
        )

    def _outside_hits(self, entry: Outside) -> list[Hit]:
        found = {hit for alternative in entry.find for hit in self.hits(alternative)}
        if not found:
            return []
        covered = {
            index
            for alternative in entry.part_of
            for hit in self.hits(alternative)
            for index in range(hit.first, hit.last + 1)
        }
        return sorted(
            (h for h in found if not covered.intersection(range(h.first, h.last + 1))),
            key=lambda h: (h.start, h.end),
        )

    def _near_hits(self, near: Near) -> list[Hit]:
        part_hits = []
        for part in near.parts:
            merged = sorted(self.hits(part), key=lambda h: h.first)
            if not merged:
                return []
            part_hits.append((merged, [hit.first for hit in merged]))
        result = []
        for anchor in part_hits[0][0]:
            sentence = self.sentence[anchor.first]
            lowest, highest, start, end = anchor.first, anchor.last, anchor.start, anchor.end
            previous = anchor
            for hits, firsts in part_hits[1:]:
                after = previous if near.ordered else None
                partner = self._closest(hits, firsts, anchor, near.within, sentence, after)
                if partner is None:
                    break
                previous = partner
                lowest, highest = min(lowest, partner.first), max(highest, partner.last)
                start, end = min(start, partner.start), max(end, partner.end)
            else:
                result.append(Hit(start, end, lowest, highest))
        return result

    def _closest(self, hits, firsts, anchor: Hit, within: int, sentence: int, after=None):
        """The hit nearest the anchor in its sentence, at most `within` words away (and after
        `after`, for an ordered near)."""
        low = bisect.bisect_left(firsts, anchor.first - within - 64)
        best = None
        for hit in hits[low:]:
            if hit.first > anchor.last + within + 1:
                break
            if after is not None and hit.first <= after.last:
                continue
            if self.sentence[hit.first] != sentence or self.sentence[hit.last] != sentence:
                continue
            gap = max(hit.first - anchor.last - 1, anchor.first - hit.last - 1, 0)
            overlapping = hit.first <= anchor.last and anchor.first <= hit.last
            if gap <= within and not overlapping and (best is None or gap < best[0]):
                best = (gap, hit)
        return best[1] if best else None
