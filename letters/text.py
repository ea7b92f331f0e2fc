"""Reading a letter as the checker sees it: NFC text, an optional subject, paragraphs, greeting,
body and sign-off, with every part kept as character offsets into the text so that findings can
point at lines and columns.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser

import regex

# A blank line (spaces allowed) separates paragraphs.
PARAGRAPH_BREAK = regex.compile(r"\n[^\S\n]*\n\s*")
SUBJECT_LINE = regex.compile(r"^Subject:[^\S\n]*(?P<subject>[^\n]*)(?:\n|$)")
# Sentences end at . ! ? and at the Devanagari/Bengali danda and double danda.
SENTENCE_END = regex.compile(r"(?<=[.!?।॥])\s+")
# Letters and combining marks (Devanagari and Bengali vowel signs) are part of a word.
WORD_CHAR = r"[\p{L}\p{M}\p{N}]"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Draft:
    """A letter split into its parts; every span indexes `text`."""

    text: str
    subject: Span | None
    paragraphs: tuple[Span, ...]
    greeting: Span | None
    body: tuple[Span, ...]
    signoff: Span | None

    def part(self, span: Span | None) -> str:
        return "" if span is None else self.text[span.start : span.end]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an offset."""
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, column


def normalise(text: str) -> str:
    """NFC, one kind of line break, no byte-order mark."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def words(text: str) -> list[str]:
    """A word is a whitespace-separated token."""
    return text.split()


def sentences(text: str) -> list[str]:
    return [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence]


def read_eml(data: bytes) -> tuple[str, str]:
    """(subject, decoded plain-text body) of an RFC 5322 message."""
    message = BytesParser(policy=policy.default).parsebytes(data)
    part = message.get_body(preferencelist=("plain",))
    body = part.get_content() if part is not None else ""
    return str(message.get("Subject", "")), body


def paragraph_spans(text: str, start: int = 0) -> list[Span]:
    """Spans of the non-blank paragraphs of text[start:], trimmed of surrounding whitespace."""
    spans = []
    position = start
    for separator in [*PARAGRAPH_BREAK.finditer(text, start), None]:
        end = separator.start() if separator else len(text)
        chunk = text[position:end]
        if chunk.strip():
            leading = len(chunk) - len(chunk.lstrip())
            spans.append(Span(position + leading, position + len(chunk.rstrip())))
        if separator:
            position = separator.end()
    return spans


def parse(text: str, closing: regex.Pattern) -> Draft:
    """Split a letter into its parts.

    The greeting is the first paragraph when it is a single line; the sign-off runs from the last
    paragraph whose first line is a closing phrase (`closing` matches it) to the end.
    """
    text = normalise(text)
    subject = None
    start = 0
    match = SUBJECT_LINE.match(text)
    if match:
        subject = Span(match.start("subject"), match.end("subject"))
        start = match.end()
    paragraphs = paragraph_spans(text, start)
    greeting = None
    if len(paragraphs) > 1 and "\n" not in text[paragraphs[0].start : paragraphs[0].end]:
        greeting = paragraphs[0]
    rest = paragraphs[1:] if greeting else paragraphs
    signoff_index = None
    for index, paragraph in enumerate(rest):
        first_line = text[paragraph.start : paragraph.end].split("\n", 1)[0]
        if closing.fullmatch(first_line.strip()):
            signoff_index = index
    signoff = None
    body = tuple(rest)
    if signoff_index is not None:
        signoff = Span(rest[signoff_index].start, paragraphs[-1].end)
        body = tuple(rest[:signoff_index])
    return Draft(text, subject, tuple(paragraphs), greeting, body, signoff)
