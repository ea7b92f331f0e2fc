"""Reading a user's draft: a text file in UTF-8, or an email (.eml, or any input that starts
with MIME headers), whatever its size or charset — answered with its text or one clear refusal.

An email's declared charset is honoured (an unknown or wrong one is refused, never guessed);
multipart messages give their text/plain part, or their text/html part read by a real HTML
parser when there is no plain one.
"""

from __future__ import annotations

import codecs
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser

import regex

from letters.data import InputError
from letters.text import MAX_LETTER_BYTES

MIME_HEADER = regex.compile(
    rb"(?im)^(?:mime-version|content-type|content-transfer-encoding|received|message-id):"
)
HEADER_BLOCK = regex.compile(rb"\A(?:[A-Za-z][A-Za-z0-9-]{0,40}:[^\n]*\n(?:[ \t][^\n]*\n)*)+\r?\n")


def read(name: str, data: bytes) -> str:
    """The text of a draft: `name` is what errors call it (a path, or "-" for stdin)."""
    if len(data) > MAX_LETTER_BYTES:
        raise InputError(
            name, f"{len(data):,} bytes is more than a letter (the limit is {MAX_LETTER_BYTES:,})"
        )
    if b"\x00" in data:
        raise InputError(name, "binary file, not a letter")
    if name.lower().endswith(".eml") or _starts_with_mime_headers(data):
        text = _email_text(name, data)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(name, f"not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        raise InputError(name, "empty letter")
    return text


def _starts_with_mime_headers(data: bytes) -> bool:
    block = HEADER_BLOCK.match(data.replace(b"\r\n", b"\n"))
    return block is not None and MIME_HEADER.search(block.group()) is not None


def _email_text(name: str, data: bytes) -> str:
    message = BytesParser(policy=policy.default).parsebytes(data)
    try:
        subject = str(message.get("Subject", "") or "")
    except (LookupError, UnicodeError, ValueError):
        raise InputError(name, "the Subject header has an unreadable encoding") from None
    part = _text_part(message)
    body = "" if part is None else _decoded(name, part)
    if part is not None and part.get_content_subtype() == "html":
        body = html_to_text(body)
    subject = " ".join(subject.split())
    return f"Subject: {subject}\n\n{body}" if subject else body


def _text_part(message: EmailMessage):
    try:
        return message.get_body(preferencelist=("plain", "html"))
    except (KeyError, TypeError, ValueError):
        return None


def _decoded(name: str, part) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    if charset is None:
        charset = "us-ascii" if payload.isascii() else "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        raise InputError(name, f"unknown charset {charset!r}") from None
    try:
        return payload.decode(charset).replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        raise InputError(name, f"the body is not valid {charset} (byte {error.start})") from None


class _TextFromHtml(HTMLParser):
    BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "ul",
            "ol",
            "blockquote",
            "hr",
        }
    )
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n" if tag == "br" else "\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            # Runs of white space become one space, as a browser shows them.
            self.parts.append(regex.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _TextFromHtml()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = regex.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return regex.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
