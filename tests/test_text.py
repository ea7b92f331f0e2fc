"""How the checker reads text: NFC, Unicode word boundaries, dandas, parts of a letter."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from letters.check import check_draft
from letters.rules import closing_pattern, guides, rule
from letters.text import normalise, parse, sentences, words


def test_danda_and_double_danda_end_sentences():
    assert sentences("भुगतान करें। धन्यवाद॥ ঠিক আছে। Done.") == [
        "भुगतान करें।",
        "धन्यवाद॥",
        "ঠিক আছে।",
        "Done.",
    ]


def test_words_are_whitespace_separated_tokens():
    assert words("एक  दो\u00a0तीन\nfour") == ["एक", "दो", "तीन", "four"]


def test_decomposed_input_is_compared_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Děkujeme za vaši důvěru.")
    assert decomposed != normalise(decomposed)
    pattern = rule("bad-news.thanks-first").pattern("cs", "thanks")
    assert pattern.search(normalise(decomposed))


def test_a_vowel_sign_belongs_to_the_word():
    """'खेद' must not match inside 'खेदजनक', nor 'কর' inside 'করুন' (vowel sign ু)."""
    apology = rule("bad-news.no-over-apology").pattern("hi", "apology")
    assert apology.search("हमें खेद है")
    assert not apology.search("यह खेदजनक स्थिति")
    request = rule("reminder.request-response").pattern("bn", "request")
    assert request.search("অনুগ্রহ করে জানান")
    assert not rule("reminder.request-response").pattern("bn", "request").search("অনুগ্রহকরে")


def test_latin_letters_are_case_folded():
    harsh = rule("reminder.polite-tone").pattern("cs", "harsh")
    assert harsh.search("POSLEDNÍ VAROVÁNÍ")
    assert rule("customer-service.cite-policy").pattern("en", "policy").search("Returns POLICY")


def test_money_with_no_break_spaces_or_plain_spaces():
    amount = rule("reminder.accurate-details").pattern("cs", "amount")
    assert amount.search("1\u00a0250,00\u00a0Kč")
    assert amount.search("1 250,00 Kč")
    assert amount.search("12.500\u202fkr.")


def test_parts_of_a_letter():
    draft = parse(
        "Subject: Late delivery\n\nDear team,\n\nFirst.\n\nSecond.\n\nKind regards,\nSam\n",
        closing_pattern("en"),
    )
    assert draft.part(draft.subject) == "Late delivery"
    assert draft.part(draft.greeting) == "Dear team,"
    assert [draft.part(p) for p in draft.body] == ["First.", "Second."]
    assert draft.part(draft.signoff) == "Kind regards,\nSam"
    assert draft.position(draft.body[1].start) == (7, 1)


def test_a_closing_phrase_inside_the_body_is_not_the_sign_off():
    draft = parse(
        "Dear team,\n\nThank you for your help with my order.\n\nBest regards,\nSam",
        closing_pattern("en"),
    )
    assert [draft.part(p) for p in draft.body] == ["Thank you for your help with my order."]


SCENARIOS = {
    "reminder": ("payment",),
    "bad-news": ("our-fault", "ending"),
    "customer-service": ("support",),
}


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(min_size=1).filter(lambda t: t.strip()),
    code=st.sampled_from(["en", "hi", "cs", "bn", "is"]),
)
def test_checker_never_crashes_and_positions_lie_inside_the_text(text, code):
    normalised = normalise(text)
    lines = normalised.split("\n")
    for guide_id, guide in guides().items():
        report = check_draft(text, guide, code, SCENARIOS[guide_id])
        for finding in report.findings:
            assert 1 <= finding.line <= len(lines)
            assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1
            if finding.match is not None:
                # The match is the text found at that position.
                at = lines[finding.line - 1][finding.column - 1 :]
                assert at.startswith(finding.match.split("\n")[0])
