"""The checker on what people really send it: local formats, emails in any charset, and inputs
built to crash it. Each case must get an answer or one clear refusal.

Inputs built to make it hang are in test_check_hangs.py.
"""

from __future__ import annotations

import io
import json
import sys
from email.message import EmailMessage
from email.policy import SMTP

import pytest

from letters import cli, drafts
from letters.check import check_draft
from letters.data import InputError
from letters.formats import LocalFormats
from letters.rules import conventions, guides
from letters.text import MAX_LETTER_BYTES, matching_view


def found(lang: str, kind: str, text: str) -> list[str]:
    view = matching_view(text)
    local: LocalFormats = conventions(lang).local
    return [view[f.start : f.end] for f in local.find(kind, view)]


@pytest.mark.parametrize(
    ("lang", "kind", "text", "expected"),
    [
        ("cs", "amount", "Dlužíte 18 150,- Kč.", "18 150,- Kč"),
        ("cs", "amount", "celkem 1.250 Kč", "1.250 Kč"),
        ("cs", "date", "splatné 6. 10. 2026", "6. 10. 2026"),
        ("cs", "date", "do 15. října", "15. října"),
        ("cs", "date", "koupeno v březnu 2026", "březnu 2026"),
        ("en", "date", "bought in March 2026", "March 2026"),
        ("hi", "amount", "राशि रु. 5,000 है", "रु. 5,000"),
        ("hi", "amount", "कुल ₹5000/- बाकी", "₹5000"),
        ("bn", "amount", "পরিমাণ ৳১২,৫০০", "12,500"),
        ("bn", "date", "১২ ডিসেম্বর তারিখে", "12 ডিসেম্বর"),
        ("is", "amount", "alls 12.500 krónur", "12.500 krónur"),
        ("is", "hour", "kl. 14", "14"),
        ("hi", "hour", "सुबह 10-11 बजे", "10-11"),
        ("is", "hour", "opið kl. 14–16 í dag", "14–16"),
        ("en", "time", "at 2 pm", "2 pm"),
        ("en", "time", "at 14:30", "14:30"),
        ("en", "time", "on Thursday at 8.15am", "8.15am"),
        ("is", "phone", "Sími: +354 555 1234", "+354 555 1234"),
        ("en", "phone", "call us on 555-1234", "555-1234"),
        ("en", "phone", "you can reach them on 555-0188.", "555-0188"),
        ("en", "phone", "(888) 555-4848", "(888) 555-4848"),
        (
            "is",
            "phone",
            "Jógasetrið | jogasetrid@example.is | 555 7720 | www.example.is",
            "555 7720",
        ),
        ("en", "url", "harbourphysio.example.com.au | bookings", "harbourphysio.example.com.au"),
        (
            "hi",
            "url",
            "वेबसाइट potter.studio/classes पर",
            "potter.studio/classes",
        ),  # any TLD, a path
        ("hi", "phone", "वर्कशॉप: 0135-271 4400 / 97600 18823", "0135-271 4400"),
        ("hi", "phone", "वर्कशॉप: 0135-271 4400 / 97600 18823", "97600 18823"),
        ("bn", "date", "5 March 2026-এর মধ্যে", "5 March 2026"),
        ("bn", "date", "২২শে মার্চ ২০২৬ তারিখে", "22শে মার্চ 2026"),
        ("cs", "code", "objednávka č. 884 210 556.", "884 210 556"),  # digits in groups
        ("bn", "code", "সদস্য কোড: এনএ-বি৭।", "এনএ-বি7"),  # vowel signs, one digit after a dash
        ("en", "code", "Ref. NA-B7", "NA-B7"),
    ],
)
def test_formats_people_really_write(lang, kind, text, expected):
    assert any(expected in item for item in found(lang, kind, text)), found(lang, kind, text)


@pytest.mark.parametrize(
    ("lang", "kind", "text"),
    [
        ("en", "phone", "Order 2026-0117 was placed on 6.10.2026."),  # a code and a date
        ("cs", "phone", "Částka 1 250 000 Kč"),  # an amount
        ("en", "amount", "We have 1250 customers."),  # a number without a currency
        ("en", "date", "Version 10.2 of the app"),
        ("hi", "date", "बिल संख्या SAW/26-27/0418 की राशि"),  # a month 27 is in no calendar
        ("en", "date", "Batch 32/13/2026 is faulty."),
        ("is", "phone", "Upphæðin er 1 250 000 kr. og tilvísunin 2026 117."),  # amounts, a code
        ("en", "url", "Bring your card, e.g. the blue one, i.e. the new one."),
        ("cs", "url", "Dne 5.12. v 10.30 hod. u p.Nováka"),
        ("en", "url", "Tick yes/no, etc./and so on, 3.5/4 stars."),
        ("cs", "code", "Částka 1 250 000 Kč"),  # grouped digits of an amount
        ("cs", "code", "volejte na 608 552 190"),  # grouped as a Czech phone number
        ("en", "code", "Print it on A4 paper before Q3."),  # one digit without a dash
        ("en", "code", "A balance of £96.50 is on your account."),  # the digits of an amount
        ("cs", "code", "Zbývá doplatit 1250,50 Kč."),
    ],
)
def test_formats_are_not_found_where_they_are_not(lang, kind, text):
    assert found(lang, kind, text) == []


def test_input_over_the_limit_is_refused_in_one_line():
    with pytest.raises(InputError) as raised:
        drafts.read("big.txt", b"a" * (MAX_LETTER_BYTES + 1))
    assert raised.value.source == "big.txt" and "limit" in raised.value.problem


def email(charset: str, body: str, declared: str | None = None, html: bool = False) -> bytes:
    message = EmailMessage(policy=SMTP)
    message["From"] = "a@example.com"
    message["To"] = "b@example.com"
    message["Subject"] = "Objednávka 4471"
    message.set_content(body, subtype="html" if html else "plain", charset=charset)
    raw = message.as_bytes()
    if declared:
        raw = raw.replace(f'charset="{charset}"'.encode(), f'charset="{declared}"'.encode())
        raw = raw.replace(f"charset={charset}".encode(), f"charset={declared}".encode())
    return raw


def test_an_email_in_its_declared_legacy_charset_is_read():
    text = drafts.read("m.eml", email("iso-8859-2", "Dobrý den,\n\nděkuji.\n"))
    assert text == "Subject: Objednávka 4471\n\nDobrý den,\n\nděkuji.\n"


def test_an_html_only_email_is_read_as_text():
    raw = email(
        "utf-8", "<p>Dobrý den,</p><p>děkuji <b>moc</b>.</p><script>x()</script>", html=True
    )
    text = drafts.read("m.eml", raw)
    assert "Dobrý den,\n\nděkuji moc." in text and "x()" not in text


@pytest.mark.parametrize(
    ("raw", "mention"),
    [
        (email("utf-8", "Dobrý den", declared="x-unknown-9"), "unknown charset 'x-unknown-9'"),
        (email("iso-8859-2", "Žluťoučký kůň", declared="utf-8"), "not valid utf-8"),
    ],
)
def test_a_wrong_or_unknown_charset_is_refused_in_one_line(raw, mention):
    with pytest.raises(InputError) as raised:
        drafts.read("m.eml", raw)
    assert mention in raised.value.problem


def test_mime_headers_make_an_email_whatever_the_file_name():
    text = drafts.read("draft.txt", email("utf-8", "Hello,\n\nthanks.\n"))
    assert text.startswith("Subject: Objednávka 4471\n\n")


def run_cli(args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr = out, err
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        status = cli.main(args)
    finally:
        sys.stdout, sys.stderr, sys.stdin = old
    return status, out.getvalue(), err.getvalue()


GOOD = "Dear Ms Lee,\n\nThank you for your order.\n\nKind regards,\nSam\n"


def test_many_files_and_stdin_in_one_call(tmp_path):
    files = []
    for number in range(3):
        path = tmp_path / f"d{number}.txt"
        path.write_text(GOOD if number else "Hello.\n\nPAY NOW!!!\n", encoding="utf-8")
        files.append(str(path))
    status, out, err = run_cli(
        ["check", *files, "-", "--guide", "bad-news", "--lang", "en", "--format", "json"],
        stdin=GOOD.encode(),
    )
    report = json.loads(out)
    assert [entry["file"] for entry in report["files"]] == [*files, "-"]
    assert status == 1 and err == ""
    assert report["files"][0]["findings"] and set(report["files"][0]) == {
        "file",
        "guide",
        "lang",
        "scenarios",
        "findings",
        "passed",
        "manual",
    }


def test_one_bad_file_among_many_is_named_and_the_rest_are_checked(tmp_path):
    good, missing = tmp_path / "good.txt", tmp_path / "gone.txt"
    good.write_text(GOOD, encoding="utf-8")
    status, _out, err = run_cli(
        ["check", str(missing), str(good), "--guide", "bad-news", "--lang", "en"]
    )
    assert status == 2
    assert err.strip().count("\n") == 0 and "gone.txt" in err


def test_a_language_without_checker_data_exits_3(tmp_path, monkeypatch):
    import letters.rules as rules

    draft = tmp_path / "d.txt"
    draft.write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(rules, "COMMON_DIR", tmp_path / "nowhere")
    rules.conventions.cache_clear()
    try:
        status, out, err = run_cli(["check", str(draft), "--guide", "bad-news", "--lang", "en"])
    finally:
        monkeypatch.undo()
        rules.conventions.cache_clear()
    assert status == 3 and out == ""
    assert len(err.strip().splitlines()) == 1 and "English" in err


def test_exclamation_marks_between_words_are_counted():
    """ "!!" sits between words: it is found and counted (a polite letter otherwise)."""
    letter = (
        "Dear Ms Lee,\n\nInvoice INV-123 for £50.00 was due on 5 March 2026. Please pay it now!! "
        "If you have already paid, thank you!\n\nKind regards,\nAmy\namy@acme.example\n"
        "020 7946 0447\nhttps://acme.example\n"
    )
    report = check_draft(letter, guides()["reminder"], "en", ("payment",))
    polite = [f.message for f in report.findings if f.rule == "reminder.polite-tone"]
    assert len(polite) == 1 and "3" in polite[0], polite
