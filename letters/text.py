"""Reading a letter as the checker sees it.

A draft is kept twice, with the same length, so that every offset means the same character in both:
`text` is the letter in NFC (findings point into it), and `view` is what the matching reads — digits
of every script as ASCII digits, every kind of space as a space, smart quotes as plain ones,
emoji as spaces. Invisible characters (soft hyphen, zero-width space and joiners) stay in the view
and are dropped from words by the tokenizer (letters.analysis), so they split nothing.

The parts of a letter are found by their place and shape, with the language's conventions
(letters.rules.Conventions) for the words: leading blank lines and pasted email headers are skipped,
a subject line in any language is read (with Re:/Fwd: prefixes stripped), a quoted reply is cut
off, the greeting is the first line when it looks like one, the closing the last short line that
looks like one, and what follows the closing is the signature.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import regex

from letters.formats import EMAIL, URL

MAX_SHORT_LINE = 200  # characters: a greeting, closing or signature line is never longer
# A letter is a few kilobytes; 1 MB is some 150,000 words, a long book. Anything larger is
# refused, not read: checking 1 MB takes 1.7-2.6 s on these 2-core machines (make bench).
MAX_LETTER_BYTES = 1_000_000
# A blank line (spaces allowed) separates paragraphs.
PARAGRAPH_BREAK = regex.compile(r"\n[^\S\n]*+\n\s*+")
# Sentences end at . ! ? and at the Devanagari/Bengali danda and double danda.
SENTENCE_END = regex.compile(r"(?<=[.!?।॥])\s+")
SENTENCE_END_INSIDE = regex.compile(r"\p{L}{2}\.\s+\p{Lu}")  # "… done. We …", not "4. bekk"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
SPACES = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
)
QUOTES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}
EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0e\ufe0f]")


def _view_table() -> dict[int, str]:
    table = {ord(space): " " for space in SPACES}
    table.update({ord(quote): plain for quote, plain in QUOTES.items()})
    for codepoint in range(0x10000):  # the digits of every script letters use are in the BMP
        char = chr(codepoint)
        if unicodedata.category(char) == "Nd" and not char.isascii():
            table[codepoint] = str(unicodedata.digit(char))
    return table


VIEW_TABLE = _view_table()


def normalise(text: str) -> str:
    """NFC, one kind of line break, no byte-order mark."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def matching_view(text: str) -> str:
    """`text` as the matching reads it, character for character (the same length)."""
    view = text.translate(VIEW_TABLE)
    return EMOJI.sub(" ", view)


def words(text: str) -> list[str]:
    """A word is a whitespace-separated token."""
    return text.split()


def sentences(text: str) -> list[str]:
    return [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence]


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class LineShapes:
    """What the parser asks of a language: is this line a greeting, a closing, a subject label,
    a mail header, the line that introduces a quoted reply?  (letters.rules builds it from the
    language's data.)"""

    is_greeting: Callable[[str], bool]
    is_closing: Callable[[str], bool]
    subject_label: Callable[[str], bool]
    header_name: Callable[[str], bool]
    starts_quote: Callable[[str], bool]
    reply_prefixes: tuple[str, ...]
    # A postscript ("P.S.") or a mail app's line ("Sent from my iPhone") after the signature.
    after_signature: Callable[[str], bool]
    # The line's last word is one of the language's abbreviations ("… प्रा. लि.", "Acme Ltd."):
    # its full stop ends no sentence.
    ends_in_abbreviation: Callable[[str], bool]


@dataclass(frozen=True)
class Draft:
    """A letter split into its parts; every span indexes `text` (and `view`)."""

    text: str
    view: str
    subject: Span | None
    content: Span  # the letter without headers, subject and quoted reply
    paragraphs: tuple[Span, ...]
    greeting: Span | None
    body: tuple[Span, ...]
    closing: Span | None  # the closing line ("Kind regards,")
    signature: Span | None  # what follows the closing
    line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def part(self, span: Span | None) -> str:
        return "" if span is None else self.text[span.start : span.end]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    @property
    def body_start(self) -> int:
        """Where something missing from the body belongs: right after the greeting."""
        if self.body:
            return self.body[0].start
        return self.greeting.end if self.greeting else self.content.start

    @property
    def body_end(self) -> int:
        """Where something missing at the end belongs: right before the closing."""
        if self.closing:
            return self.closing.start
        return self.body[-1].end if self.body else self.content.end


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str  # from the view

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(view: str, start: int, end: int) -> list[Line]:
    lines = []
    position = start
    while position <= end:
        newline = view.find("\n", position, end)
        stop = end if newline == -1 else newline
        lines.append(Line(position, stop, view[position:stop]))
        if newline == -1:
            break
        position = newline + 1
    return lines


def _trimmed(view: str, start: int, end: int) -> Span:
    chunk = view[start:end]
    leading = len(chunk) - len(chunk.lstrip())
    return Span(start + leading, start + len(chunk.rstrip()))


def paragraph_spans(view: str, start: int, end: int) -> list[Span]:
    """Spans of the non-blank paragraphs of view[start:end], trimmed of surrounding whitespace."""
    spans = []
    position = start
    for separator in [*PARAGRAPH_BREAK.finditer(view, start, end), None]:
        stop = separator.start() if separator else end
        if view[position:stop].strip():
            spans.append(_trimmed(view, position, stop))
        if separator:
            position = separator.end()
    return spans


# "Subject: …"; Bengali writers often use the visarga for the colon ("বিষয়ঃ …").
HEADER_LINE = regex.compile(
    r"^[^\S\n]*+(?P<name>[^\s:ঃ][^:ঃ\n]{0,40}?)[^\S\n]*+[:ঃ][^\S\n]*+(?P<value>.*)$"
)


def _strip_reply_prefixes(subject: str, prefixes: tuple[str, ...]) -> str:
    """'Re: Fwd: Order 123' -> 'Order 123'."""
    changed = True
    while changed:
        changed = False
        stripped = subject.lstrip()
        for prefix in prefixes:
            if stripped[: len(prefix) + 1].casefold() == prefix.casefold() + ":":
                subject = stripped[len(prefix) + 1 :]
                changed = True
    return subject


def _header_block(lines: list[Line], shapes: LineShapes) -> tuple[int, Span | None]:
    """How many lines at the top are mail headers (or one subject line), and the subject's span."""
    subject = None
    count = 0
    known = 0
    for line in lines:
        if line.blank:
            break
        match = HEADER_LINE.match(line.text)
        if not match:
            break
        name = match.group("name").strip()
        if shapes.subject_label(name):
            value = line.start + match.start("value")
            subject = Span(value, line.end)
            known += 1
        elif count == 0 and name.casefold() in {p.casefold() for p in shapes.reply_prefixes}:
            # A first line "Re: Refund for order 4471" is the subject a mail client left.
            subject = Span(line.start + len(line.text) - len(line.text.lstrip()), line.end)
            known += 1
        elif shapes.header_name(name):
            known += 1
        else:
            break
        count += 1
    if known == 0 or count == 0:
        return 0, None
    return count, subject


def _quoted_headers(lines: list[Line], number: int, shapes: LineShapes) -> bool:
    """An earlier message pasted under the letter as a mail program quotes it: two mail header
    lines in a row ("From: …" then "Sent: …"), with no '>' and no "… wrote:"."""
    pair = lines[number : number + 2]
    return len(pair) == 2 and all(
        (match := HEADER_LINE.match(line.text)) is not None
        and shapes.header_name(match.group("name").strip())
        for line in pair
    )


def _word_count(text: str) -> int:
    return len(text.split())


def parse(text: str, shapes: LineShapes) -> Draft:
    """Split a letter into its parts (see the module's docstring)."""
    text = normalise(text)
    view = matching_view(text)
    lines = _lines(view, 0, len(view))
    index = 0
    while index < len(lines) and lines[index].blank:
        index += 1
    header_count, subject = _header_block(lines[index:], shapes)
    index += header_count
    # The quoted reply (and a forwarded message) starts at its introducing line or its first '>'.
    end_line = len(lines)
    seen_content = seen_prose = False
    for number in range(index, len(lines)):
        line = lines[number]
        stripped = line.text.strip()
        if seen_content and (
            stripped.startswith(">")
            or shapes.starts_quote(stripped)
            # (after some prose: a memo opens with "To:", "From:" and "Date:" lines of its own)
            or (seen_prose and _quoted_headers(lines, number, shapes))
        ):
            end_line = number
            break
        seen_content = seen_content or bool(stripped)
        seen_prose = seen_prose or _word_count(stripped) >= 6
    content_start = lines[index].start if index < len(lines) else len(view)
    content_end = lines[end_line - 1].end if end_line > index else content_start
    content = Span(content_start, max(content_start, content_end))
    paragraphs = paragraph_spans(view, content.start, content.end)
    content_lines = [line for line in _lines(view, content.start, content.end) if not line.blank]
    greeting = None
    if content_lines:
        first = content_lines[0]
        short = len(first.text) <= MAX_SHORT_LINE and (
            _word_count(first.text) <= 8 or _salutation_with_addressee(first.text)
        )
        if short and shapes.is_greeting(first.text.strip()):
            # "বরাবর" (To) over an addressee block, then "জনাব," above the prose: the salutation
            # right above the prose is the greeting.
            greeting = _greeting_after_letterhead(
                view, content_lines, shapes, above_prose_only=True
            ) or _trimmed(view, first.start, first.end)
        elif short and _greeting_shape(first.text):
            # "सेवा में," has a greeting's shape but opens the addressee block: a greeting word
            # right above the prose is the greeting then.
            greeting = _greeting_after_letterhead(
                view, content_lines, shapes, above_prose_only=True
            ) or _trimmed(view, first.start, first.end)
        else:
            greeting = _greeting_after_letterhead(
                view, content_lines, shapes
            ) or _greeting_opening_the_line(view, first, shapes)
    greeting = _greeting_continued(view, content_lines, shapes, greeting)
    if subject is None and greeting is not None:
        subject = _subject_above(content_lines, shapes, greeting)
    if subject is not None:
        prefix_free = _strip_reply_prefixes(
            view[subject.start : subject.end], shapes.reply_prefixes
        )
        subject = _trimmed(view, subject.end - len(prefix_free), subject.end)
    closing, signature = _closing(content_lines, shapes, greeting)
    body_start = greeting.end if greeting else content.start
    below = _subject_below(content_lines, shapes, greeting)
    if below is not None:
        # "Dear Ms Lee,\n\nRe: Order 4471 - late delivery\n\nThank you …": a subject line right
        # under the greeting is the subject, not the body's first paragraph.
        subject = subject or below
        body_start = below.end
    body_end = closing.start if closing else content.end
    body = tuple(
        span
        for paragraph in paragraphs
        if (span := _clip(view, paragraph, body_start, body_end)) is not None
    )
    return Draft(
        text=text,
        view=view,
        subject=subject,
        content=content,
        paragraphs=tuple(paragraphs),
        greeting=greeting,
        body=body,
        closing=closing,
        signature=signature,
        line_starts=[0, *(i + 1 for i, char in enumerate(text) if char == "\n")],
    )


def _labelled_subject(line: Line, shapes: LineShapes) -> Span | None:
    """The subject of a "Subject: …" line in the language ("Věc: …", "বিষয়: …"), or None."""
    match = HEADER_LINE.match(line.text)
    if match and shapes.subject_label(match.group("name").strip()):
        return Span(line.start + match.start("value"), line.end)
    return None


def _subject_line(line: Line, shapes: LineShapes) -> Span | None:
    """The subject a line gives, labelled or left by a mail client ("Re: …"), or None."""
    subject = _labelled_subject(line, shapes)
    if subject is not None:
        return subject
    match = HEADER_LINE.match(line.text)
    if match and match.group("name").strip().casefold() in {
        prefix.casefold() for prefix in shapes.reply_prefixes
    }:
        return _trimmed_line(line)
    return None


def _subject_below(lines: list[Line], shapes: LineShapes, greeting: Span | None) -> Span | None:
    """A subject line on the first line under the greeting, as British and many official
    letters place it."""
    if greeting is None:
        return None
    following = next((line for line in lines if line.start >= greeting.end), None)
    return _subject_line(following, shapes) if following is not None else None


def _subject_above(lines: list[Line], shapes: LineShapes, greeting: Span) -> Span | None:
    """A formal letter puts its subject line in the letterhead, between the addresses and the
    greeting ("বিষয়: …", "Věc: …", "विषय: …" under "बरাবর …" or "सेवा में …")."""
    for line in lines:
        if line.start >= greeting.start:
            return None
        subject = _labelled_subject(line, shapes)
        if subject is not None:
            return subject
    return None


def _greeting_continued(view: str, lines, shapes: LineShapes, greeting: Span | None):
    """ "জনাব চৌধুরী,\nসালাম নেবেন।", "प्रिय सुनीता जी,\nनमस्ते।": a short salutation on the line
    right under the greeting (no blank line between) belongs to the greeting, not the body; so
    does an addressee line there (see _addressee_line)."""
    if greeting is None:
        return None
    for number, line in enumerate(lines[:-1]):
        if not line.start <= greeting.start < line.end:
            continue
        following = lines[number + 1]
        between = view[line.end : following.start]
        stripped = following.text.strip()
        after = lines[number + 2] if number + 2 < len(lines) else None
        addressee = _addressee_line(view, following, after, shapes) and not _subject_line(
            following, shapes
        )
        if (
            between.count("\n") == 1
            and not shapes.is_closing(stripped)
            and ((_word_count(stripped) <= 4 and shapes.is_greeting(stripped)) or addressee)
        ):
            return _trimmed(view, greeting.start, following.end)
        return greeting
    return greeting


def _clip(view: str, span: Span, start: int, end: int) -> Span | None:
    clipped_start, clipped_end = max(span.start, start), min(span.end, end)
    if clipped_start >= clipped_end or not view[clipped_start:clipped_end].strip():
        return None
    return _trimmed(view, clipped_start, clipped_end)


SIGNATURE_DELIMITERS = {"--", "—", "__"}  # the lines are compared stripped ("-- " is "--")
# A line of dashes, underscores or the like across the page: a reply slip or a form to cut off
# follows, and the closing is above it.
CUT_LINE = regex.compile(r"^[^\S\n]*+(?:[-–—_=*.~✂][^\S\n]*+){8,}$")


def _closing(lines: list[Line], shapes: LineShapes, greeting: Span | None):
    """The closing line and the signature after it, looked for among the last lines: a line
    that reads as a closing, followed only by short signature lines (names, titles, contacts)."""
    # A signature under the standard delimiter ("-- ") is the signature whatever its length:
    # the closing is looked for above it.
    delimiter = next(
        (
            i
            for i in range(len(lines) - 1, max(len(lines) - 16, -1), -1)
            if lines[i].text.strip() in SIGNATURE_DELIMITERS or CUT_LINE.match(lines[i].text)
        ),
        None,
    )
    under = lines[delimiter:] if delimiter is not None else []
    above = lines[:delimiter] if delimiter is not None else lines
    # A postscript or a mail app's line comes after the signature: the closing is above the
    # first of them.
    for index in range(max(len(above) - 12, 1), len(above)):
        if shapes.after_signature(above[index].text.strip()):
            above = above[:index]
            break
    found = _closing_in(above, under, shapes, greeting)
    if found[0] is None:
        # A footer under the signature (a confidentiality notice, a company's registration in
        # a sentence): the prose after the last line with an email or web address is not the
        # letter's, and the closing is above that line.
        contact = next(
            (
                i
                for i in range(len(above) - 1, max(len(above) - SIGNATURE_LINES, -1), -1)
                if _contact_line(above[i].text)
            ),
            None,
        )
        if contact is not None and contact < len(above) - 1:
            found = _closing_in(
                above[: contact + 1], above[contact + 1 :] + under, shapes, greeting
            )
    return found


# A signature block may run to a dozen lines (name, title, firm, street, town, phone, email,
# web, registration numbers): the closing is looked for this far above the end.
SIGNATURE_LINES = 16


def _contact_line(text: str) -> bool:
    """A line with an email or a web address ("sjon.is" too): a signature's or a footer's."""
    return bool(EMAIL.search(text) or URL.search(text))


def _closing_in(above: list[Line], under: list[Line], shapes: LineShapes, greeting: Span | None):
    """The closing among the last lines of `above` (and the signature after it, with `under`)."""
    candidates = above[-SIGNATURE_LINES:]
    for position in range(len(candidates) - 1, -1, -1):
        line = candidates[position]
        if greeting is not None and line.start < greeting.end:
            break
        stripped = line.text.strip()
        if len(stripped) > MAX_SHORT_LINE:
            break  # prose, not a closing or a signature
        after = candidates[position + 1 :]
        # A paragraph of its own: the line before it ends above a blank line.
        alone = position > 0 and line.start - candidates[position - 1].end > 1
        if (_word_count(stripped) <= 10 and shapes.is_closing(stripped)) or _closing_shape(
            stripped, after or under[1:2], alone
        ):
            closing = _trimmed_line(line)
            rest = after + under
            signature = Span(rest[0].start, rest[-1].end) if rest else None
            return closing, signature
        if _word_count(stripped) > 12 and not _contact_line(stripped):
            break  # a long sentence: the letter's prose, not a signature (nor a contact line)
    return None, None


# A bank's letter: sender (3 lines), date, addressee (3 lines), a reference line, then the greeting.
LETTERHEAD_LINES = 12


def _greeting_after_letterhead(
    view: str, lines: list[Line], shapes: LineShapes, above_prose_only: bool = False
) -> Span | None:
    """An official letter may open with a letterhead (the sender's name, address, a reference
    and date line) and an addressee block above the greeting: a line with a greeting word among
    the first few short lines, and of several, the one right above the prose ("श्रीमान शाखा
    प्रबंधक महोदय," addresses the letter; "महोदय," under it greets)."""
    first = previous = None
    for line in lines[:LETTERHEAD_LINES]:
        stripped = line.text.strip()
        if _labelled_subject(line, shapes) is not None:
            # A long subject line in the letterhead is not the prose yet; one right under the
            # greeting leaves it the greeting ("महोदय,\n\nविषय: …\n\nसविनय निवेदन …").
            continue
        greets = _word_count(stripped) <= 8 and shapes.is_greeting(stripped)
        # (eight words or more: a letterhead "Včelařský spolek Lipová, z. s." ends in a dot)
        sentence = _word_count(stripped) >= 8 and stripped.endswith(tuple(".!?।॥"))
        if (
            len(stripped) > MAX_SHORT_LINE
            or _word_count(stripped) > 12
            or (sentence and not greets)
        ):
            # prose: the letter has begun
            return previous if above_prose_only else previous or first
        if greets and previous is not None and view[previous.end : line.start].count("\n") == 1:
            # a greeting line right under another ("জনাব,\nসালাম নেবেন।"): one greeting
            previous = _trimmed(view, previous.start, line.end)
        else:
            previous = _trimmed(view, line.start, line.end) if greets else None
        first = first or previous
    return None if above_prose_only else first


# A line's first words up to a comma: "Hi Tom," of "Hi Tom, just a quick note to say …".
LINE_HEAD = regex.compile(r"^[^\S\n]*+(?:[^\s,.!?।]++[^\S\n]++){0,4}?[^\s,.!?।]++,")


def _greeting_opening_the_line(view: str, line: Line, shapes: LineShapes) -> Span | None:
    """ "Hi Tom, just a quick note …", "नमस्ते सर, मैं आज …": a greeting that shares its line with
    the first sentence, as chat-like messages are typed; the body starts after its comma."""
    head = LINE_HEAD.match(line.text)
    if head is None or not shapes.is_greeting(head.group().strip()):
        return None
    return _trimmed(view, line.start, line.start + head.end())


def _salutation_with_addressee(line: str) -> bool:
    """ "प्रिय सचिव महोदय, झील दर्शन आवासीय समिति,": a salutation that names the addressee's
    office or group runs longer than a greeting, but stays one clause that ends in a comma."""
    stripped = line.strip()
    return (
        _word_count(stripped) <= 16
        and stripped.endswith(",")
        and not any(mark in stripped for mark in "?!;:।॥")
        and not SENTENCE_END_INSIDE.search(stripped)  # "4. bekk" has an ordinal's full stop
    )


def _addressee_line(view: str, line: Line, following: Line | None, shapes: LineShapes) -> bool:
    """ "প্রিয় সম্পাদক মহোদয়,\nনদীতীর আবাসিক সমিতি, খুলনা": the addressee's group or
    place on its own line right under the salutation, then a blank line: no sentence yet (a
    full stop after an abbreviation, "प्रशासन प्रमुख, … प्रा. लि.", ends none)."""
    stripped = line.text.strip()
    return (
        following is not None
        and view[line.end : following.start].count("\n") >= 2
        and _word_count(stripped) <= 8
        and (
            not stripped.endswith(tuple(".?!:।॥"))
            or (stripped.endswith(".") and shapes.ends_in_abbreviation(stripped))
        )
    )


def _greeting_shape(line: str) -> bool:
    """ "Hi Marcus,", "G'day!", "Namaskar Sir,": a few words and a comma or an exclamation
    mark, no digits, on the letter's first line."""
    stripped = line.strip()
    return (
        _word_count(stripped) <= 6
        and stripped.endswith((",", "!"))
        and not any(char.isdigit() for char in stripped)
        and not any(mark in stripped[:-1] for mark in ".?!;:")
    )


def _closing_shape(line: str, signature: list[Line], alone: bool = False) -> bool:
    """ "Appreciate your help," or "See you soon!" followed by a short signature: a line of a
    few words ending with a comma or an exclamation mark, then one to six short lines. A
    paragraph of its own may be longer ("With warmest thanks and every good wish for the rest
    of the summer,"): a sentence of the body does not end in a comma above a signature."""
    return (
        (_word_count(line) <= 6 or (alone and _word_count(line) <= 14 and line.endswith(",")))
        and line.endswith((",", "!"))
        and 1 <= len(signature) <= 6
        and all(_word_count(item.text) <= 8 for item in signature)
    )


def _trimmed_line(line: Line) -> Span:
    leading = len(line.text) - len(line.text.lstrip())
    return Span(line.start + leading, line.start + len(line.text.rstrip()))
