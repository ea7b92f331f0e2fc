"""How the checker reads a letter: normalised text, its parts found by place and shape, in every
language, whatever the letter starts or ends with."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letters.analysis import tokens
from letters.check import check_draft, read_letter
from letters.rules import analysed, complete_languages, conventions, guides
from letters.text import matching_view, normalise, sentences

PLAIN = (
    "Dear Ms Lee,\n\nThank you for your order.\n\nIt will arrive on 3 May.\n\nKind regards,\nSam\n"
)


def parts(text: str, lang: str = "en") -> dict:
    draft = read_letter(text, lang)
    return {
        "subject": draft.part(draft.subject),
        "greeting": draft.part(draft.greeting),
        "body": [draft.part(p) for p in draft.body],
        "closing": draft.part(draft.closing),
        "signature": draft.part(draft.signature),
    }


def test_parts_of_a_plain_letter():
    assert parts("Subject: Late delivery\n\n" + PLAIN) == {
        "subject": "Late delivery",
        "greeting": "Dear Ms Lee,",
        "body": ["Thank you for your order.", "It will arrive on 3 May."],
        "closing": "Kind regards,",
        "signature": "Sam",
    }


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Subject: Refund for order 4471"),
        ("en", "Re: Fwd: Refund for order 4471"),
        ("cs", "Předmět: Refund for order 4471"),
        ("cs", "Věc: Refund for order 4471"),
        ("cs", "Předmět: Odp: Refund for order 4471"),
        ("hi", "विषय: Refund for order 4471"),
        ("bn", "বিষয়: Refund for order 4471"),
        ("is", "Efni: SV: Refund for order 4471"),
        ("is", "Subject: RE: Refund for order 4471"),
    ],
)
def test_subject_labels_of_every_language_and_reply_prefixes(lang, line):
    assert parts(f"{line}\n\n{PLAIN}", lang)["subject"] == "Refund for order 4471"


def test_leading_blank_lines_and_pasted_headers_are_skipped():
    pasted = (
        "\n\n  \nFrom: Sam <sam@example.com>\nTo: shop@example.com\n"
        "Sent: Monday, 3 May 2026 10:00\nSubject: Late delivery\n\n" + PLAIN
    )
    found = parts(pasted)
    assert found["subject"] == "Late delivery"
    assert found["greeting"] == "Dear Ms Lee,"


def test_a_quoted_reply_is_not_part_of_the_letter():
    reply = PLAIN + "\nOn 2 May 2026, Shop <shop@example.com> wrote:\n> PAY NOW!!!\n> idiots\n"
    found = parts(reply)
    assert found["closing"] == "Kind regards,"
    assert "idiots" not in found["signature"]
    report = check_draft(reply, guides()["customer-service"], "en", ("delivery",))
    assert not any(f.rule == "customer-service.polite-tone" for f in report.findings)


def test_a_closing_phrase_inside_the_body_is_not_the_closing():
    found = parts("Dear team,\n\nThank you for your help with my order.\n\nBest regards,\nSam")
    assert found["body"] == ["Thank you for your help with my order."]
    assert found["closing"] == "Best regards,"


@pytest.mark.parametrize(
    ("text", "greeting", "closing"),
    [
        ("G'day Chloe,\n\nThe parcel came.\n\nCheers,\nAmy", "G'day Chloe,", "Cheers,"),
        (
            "Hi Marcus,\n\nSee you on Monday.\n\nSee you soon!\nThe front desk",
            "Hi Marcus,",
            "See you soon!",
        ),
        (
            "Hello,\n\nThe parcel came.\n\nAppreciate your help,\nJamal\n(313) 555-0127",
            "Hello,",
            "Appreciate your help,",
        ),
    ],
)
def test_greeting_and_closing_are_recognised_by_their_shape(text, greeting, closing):
    found = parts(text)
    assert (found["greeting"], found["closing"]) == (greeting, closing)


@pytest.mark.parametrize(
    ("lang", "text", "closing"),
    [
        (
            "cs",
            "Dobrý den,\n\nkoncert začíná v 18:00.\n\nZa celý sbor srdečně zdraví\nMarie",
            "Za celý sbor srdečně zdraví",
        ),
        (
            "en",
            "Dear Ann,\n\nThe hall is booked.\n\nAnd once again thanks\nTom",
            "And once again thanks",
        ),
    ],
)
def test_a_closing_word_a_few_words_into_its_line_makes_it_the_closing(lang, text, closing):
    """ "Za celý sbor srdečně zdraví" ("on behalf of the whole choir, warm greetings"): the
    closing's word is the fourth of its line, as far in as a greeting's may be."""
    assert parts(text, lang)["closing"] == closing


@pytest.mark.parametrize(
    "after",
    [
        "P.S. If you have already paid in the last few days, please ignore this reminder and "
        "accept our thanks.",
        "PS: the office is closed on Friday, so please call the main number, which is answered "
        "all week.",
    ],
)
def test_a_postscript_after_the_signature_leaves_the_closing_where_it_is(after):
    letter = PLAIN + "sam@example.com | 555-0127\n\n" + after + "\n\nSent from my iPhone\n"
    assert parts(letter)["closing"] == "Kind regards,"


SIGNATURE_BLOCK = (
    "Jana Nováková\núčetní\nTeplárna Dolní Lhota, s.r.o.\nNádražní 12\n123 45 Dolní Lhota\n"
    "tel.: 555 123 456\ne-mail: info@teplarna-lhota.example\nwww.teplarna-lhota.example\n"
    "IČO: 12345678\nDIČ: CZ12345678\n"
)
CZECH_REMINDER = (
    "Dobrý den,\n\npřipomínáme, že faktura č. 2026-118 na 4 500 Kč byla splatná 30. 11. 2026 "
    "a dosud ji u nás neevidujeme jako uhrazenou.\n\n"
)
FOOTER = (
    "Tato zpráva a její přílohy jsou důvěrné a jsou určeny výhradně adresátovi. Pokud jste ji "
    "obdrželi omylem, informujte prosím odesílatele a zprávu smažte.\n"
)


def test_a_closing_above_a_ten_line_signature_is_found():
    assert (
        parts(CZECH_REMINDER + "S pozdravem\n" + SIGNATURE_BLOCK, "cs")["closing"] == "S pozdravem"
    )


def test_a_footer_in_prose_under_the_signature_leaves_the_closing_where_it_is():
    letter = CZECH_REMINDER + "S pozdravem\n\n" + SIGNATURE_BLOCK + "\n" + FOOTER
    assert parts(letter, "cs")["closing"] == "S pozdravem"
    # Without a closing, the footer does not make one of the signature's lines a closing.
    assert parts(CZECH_REMINDER + SIGNATURE_BLOCK + "\n" + FOOTER, "cs")["closing"] == ""


def test_a_last_line_that_only_starts_like_a_postscript_is_prose():
    letter = "Dear Ms Lee,\n\nThe parcel came.\nPS5 games are on sale until Friday at noon."
    assert parts(letter)["closing"] == ""


def test_a_bank_letterhead_above_the_greeting_is_not_the_letter():
    letterhead = (
        "Northgate Bank plc\nCard Services\nPO Box 7781, Leeds LS1 4ZZ\n\n26 November 2026\n\n"
        "Mr A. Bhattacharya\n41 Kelvin Grove\nSheffield S6 2BD\n\n"
        "Our reference: CLI/2026/558193\n\n"
    )
    found = parts(letterhead + PLAIN)
    assert found["greeting"] == "Dear Ms Lee,"
    assert found["body"][0] == "Thank you for your order."


def test_of_two_greeting_lines_above_the_prose_the_one_right_above_it_greets():
    # The Hindi formal layout: the addressee block ("to the branch manager, sir"), the subject,
    # then the salutation.
    letter = (
        "सेवा में,\nश्रीमान शाखा प्रबंधक महोदय,\nभारतीय स्टेट बैंक, पटना\n\n"
        "विषय: खाता बंद करने के संबंध में\n\nमहोदय,\n\n"
        "सविनय निवेदन है कि मैं अपना बचत खाता बंद करवाना चाहता हूँ, क्योंकि मैं दूसरे शहर जा रहा "
        "हूँ। आपके सहयोग के लिए धन्यवाद।\n\nभवदीय,\nरमेश कुमार\n"
    )
    assert parts(letter, "hi")["greeting"] == "महोदय,"


@pytest.mark.parametrize(
    ("lang", "letterhead", "subject"),
    [
        # The Hindi and Bengali formal layouts: the sender, the date, the addressee block, then
        # the subject, all above the salutation.
        (
            "hi",
            "सेवा में,\nश्रीमान शाखा प्रबंधक महोदय,\nपटना\n\nविषय: खाता बंद करने के संबंध में\n\n",
            "खाता बंद करने के संबंध में",
        ),
        (  # a subject longer than a letterhead's short lines
            "hi",
            "सेवा में,\nबिक्री विभाग\nनवीन फ़र्नीचर हाउस\n\n"
            "विषय: डाइनिंग टेबल का एक पाया टूटा हुआ पहुँचा – बिल संख्या NF/2210 "
            "(बदलने या मरम्मत करने का अनुरोध)\n\n",
            "डाइनिंग टेबल का एक पाया टूटा हुआ पहुँचा – बिल संख्या NF/2210 (बदलने या मरम्मत करने का अनुरोध)",
        ),
        (
            "bn",
            "মেসার্স করিম ট্রেডার্স\nখুলনা\nতারিখ: ০৩/১২/২০২৬\n\nবরাবর\nগ্রাহক সেবা বিভাগ\n\n"
            "বিষয়: ফ্রিজ মেরামত — চালান নং KT/51\n\n",
            "ফ্রিজ মেরামত — চালান নং KT/51",
        ),
        (
            "cs",
            "Pavel Novák\nLipová 8, Náchod\n\nV Náchodě 3. 12. 2026\n\n"
            "Věc: Re: reklamace konvice č. 4471\n\n",
            "reklamace konvice č. 4471",
        ),
    ],
)
def test_a_subject_line_in_the_letterhead_above_the_greeting_is_the_subject(
    lang, letterhead, subject
):
    prose = {
        "hi": "सविनय निवेदन है कि मैं अपना बचत खाता बंद करवाना चाहता हूँ, क्योंकि मैं दूसरे शहर जा रहा हूँ।",
        "bn": "গত মাসে আপনাদের দোকান থেকে কেনা ফ্রিজটি দুই সপ্তাহ ধরে ঠিকমতো ঠান্ডা করছে না, "
        "তাই একজন মিস্ত্রি পাঠানোর অনুরোধ করছি।",
        "cs": "konvice, kterou jsem u Vás koupil minulý měsíc, po týdnu začala u dna netěsnit "
        "a voda teče na linku.",
    }[lang]
    greeting, closing = {
        "hi": ("महोदय,", "भवदीय,\nरमेश"),
        "bn": ("জনাব,", "বিনীত,\nআব্দুল করিম"),
        "cs": ("Dobrý den,", "S pozdravem\nPavel Novák"),
    }[lang]
    label = {"hi": "विषय", "bn": "বিষয়", "cs": "Věc"}[lang]
    assert parts(f"{letterhead}{greeting}\n\n{prose}\n\n{closing}\n", lang)["subject"] == subject
    # Right under the greeting, as official and British letters place it, it is the subject too,
    # and the body starts after it; further down, a "Label: value" line is the body's.
    below = parts(f"{greeting}\n\n{label}: {subject}\n\n{prose}\n\n{closing}\n", lang)
    assert below["subject"] == subject and below["body"][0] == prose
    lower = f"{greeting}\n\n{prose}\n\n{label}: {subject}\n\n{closing}\n"
    assert parts(lower, lang)["subject"] == ""


def test_a_sentence_that_mentions_writing_is_not_a_quoted_reply():
    # "As you wrote, here are the details:" is the writer's own; the dated line opens the quote.
    letter = (
        "Dobrý den,\n\nJak jste psali, posílám údaje k vrácení:\n\n- objednávka č. 88213\n\n"
        "S pozdravem\nJana Malá\n\n"
        "Dne 12. 5. 2027 v 9:14 napsal(a) Zákaznická podpora:\n> Pošlete nám číslo objednávky.\n"
    )
    found = parts(letter, "cs")
    assert found["closing"] == "S pozdravem" and found["signature"] == "Jana Malá"
    assert "Pošlete" not in " ".join(found["body"])


def test_a_paragraph_that_ends_in_a_colon_is_not_a_quoted_reply():
    # A dated "you wrote" in a paragraph of several sentences that ends in a colon is the
    # writer's own; a quote's introducing line is one sentence.
    for lang, paragraph, closing in (
        (
            "en",
            "You wrote on 2 May that the invoice was approved. It has not arrived. "
            "The details again:",
            "Kind regards",
        ),
        (
            "cs",
            "Dne 2. 5. jste psal, že faktura byla schválena. Platba však zatím nepřišla. "
            "Znovu uvádím údaje:",
            "S pozdravem",
        ),
    ):
        letter = f"Hello,\n\n{paragraph}\n\n- 120,00\n\nThank you.\n\n{closing}\nJan\n"
        found = parts(letter, lang)
        assert found["closing"] == closing, lang
        assert "Thank you." in " ".join(found["body"]), lang


def test_the_salutation_above_the_prose_is_the_greeting_not_the_addressee_opener():
    # "বরাবর" (To) is a greeting word, but over an addressee block the salutation right above
    # the prose greets; the block is no paragraph of the body.
    letter = (
        "বরাবর\nব্যবস্থাপক, নদীতীর ক্লাব\nখুলনা।\n\nজনাব,\n\n"
        "দীর্ঘ পাঁচ বছর ধরে আমাদের কাছ থেকে নৌকা মেরামতের সেবা নেওয়ার জন্য আপনাকে ও ক্লাবের "
        "সব সদস্যকে আন্তরিক ধন্যবাদ জানাই।\n\nবিনীত,\nরহিম\n"
    )
    found = parts(letter, "bn")
    assert found["greeting"] == "জনাব,"
    assert found["body"][0].startswith("দীর্ঘ পাঁচ বছর")


def test_a_short_salutation_under_the_greeting_belongs_to_it():
    # "Dear Mr and Mrs Chowdhury,\nGreetings." - the salutation is not the first paragraph.
    letter = "জনাব ও মিসেস চৌধুরী,\nসালাম নেবেন।\n\nআমাদের ওপর আস্থা রাখার জন্য ধন্যবাদ।\n\nশুভেচ্ছান্তে,\nরফিক\n"
    found = parts(letter, "bn")
    assert found["greeting"] == "জনাব ও মিসেস চৌধুরী,\nসালাম নেবেন।"
    assert found["body"][0].startswith("আমাদের ওপর আস্থা")


def test_a_salutation_that_names_the_addressees_group_is_the_greeting():
    # "Dear Secretary, Lake View Residents' Association," - longer than a greeting, one clause.
    letter = (
        "प्रिय सचिव महोदय एवं झील दर्शन आवासीय समिति के सभी पदाधिकारीगण,\n\n"
        "वर्षों से हमारे साथ बने रहने के लिए धन्यवाद।\n\nसादर,\nअमित\n"
    )
    found = parts(letter, "hi")
    assert found["greeting"].startswith("प्रिय सचिव महोदय")
    assert found["body"][0].startswith("वर्षों से")
    # A greeting that shares its line with the first sentence ends at its comma.
    prose = PLAIN.replace(
        "Dear Ms Lee,", "Dear Ms Lee, thank you. We write about your order, sent on Monday,"
    )
    assert parts(prose)["greeting"] == "Dear Ms Lee,"
    assert parts(prose)["body"][0].startswith("thank you. We write")


@pytest.mark.parametrize(
    ("letter", "lang", "greeting", "first"),
    [
        (
            "প্রিয় সম্পাদক মহোদয়,\nনদীতীর আবাসিক সমিতি, খুলনা\n\n"
            "দীর্ঘদিনের সহযোগিতার জন্য ধন্যবাদ।\n\nশুভেচ্ছান্তে,\nরহিম\n",
            "bn",
            "প্রিয় সম্পাদক মহোদয়,\nনদীতীর আবাসিক সমিতি, খুলনা",
            "দীর্ঘদিনের সহযোগিতার",
        ),
        # A full stop after the language's abbreviation ends no addressee line ("प्रा. लि.")...
        (
            "आदरणीय सुश्री मेहता,\nप्रशासन प्रमुख, नीलगिरि सॉफ़्टवेयर प्रा. लि.\n\n"
            "दो वर्षों के सहयोग के लिए धन्यवाद।\n\nसादर,\nअमित\n",
            "hi",
            "आदरणीय सुश्री मेहता,\nप्रशासन प्रमुख, नीलगिरि सॉफ़्टवेयर प्रा. लि.",
            "दो वर्षों के सहयोग",
        ),
        (
            "प्रिय श्री वर्मा,\nशर्मा ब्रदर्स एंड कं., लखनऊ, उ.प्र.\n\n"
            "आपके पत्र के लिए धन्यवाद।\n\nसादर,\nअमित\n",
            "hi",
            "प्रिय श्री वर्मा,\nशर्मा ब्रदर्स एंड कं., लखनऊ, उ.प्र.",
            "आपके पत्र के लिए",
        ),
        # ...but after another word it ends a sentence: that line is the body.
        (
            "आदरणीय सुश्री मेहता,\nआपका पत्र मिला.\n\nदो वर्षों के सहयोग के लिए धन्यवाद।\n\nसादर,\nअमित\n",
            "hi",
            "आदरणीय सुश्री मेहता,",
            "आपका पत्र मिला.",
        ),
        # A sentence under the greeting is the body, not an addressee line.
        (
            "Dear Ms Lee,\nThank you for your order.\n\n"
            "It will arrive on 3 May.\n\nKind regards,\nSam\n",
            "en",
            "Dear Ms Lee,",
            "Thank you for your order.",
        ),
    ],
)
def test_an_addressee_line_under_the_salutation_belongs_to_it(letter, lang, greeting, first):
    found = parts(letter, lang)
    assert found["greeting"] == greeting
    assert found["body"][0].startswith(first)


def test_capitals_inside_an_address_or_a_code_are_not_shouting():
    def shouted(line: str) -> bool:
        letter = PLAIN.replace("It will arrive on 3 May.", line)
        report = check_draft(letter, guides()["customer-service"], "en", ("delivery",))
        return any(f.match == "FERN" for f in report.findings)

    assert not shouted("See https://portal.example.com/account/FERN-0412 for it.")
    assert not shouted("Your client code is FERN-0412.")
    assert shouted("It is a FERN, not a tree.")  # a dictionary word in capitals still is


@pytest.mark.parametrize(
    ("lang", "letter"),
    [
        ("bn", "প্রিয় সাপোর্ট টিম,\n\n{line}\n\nধন্যবাদ,\nঅয়ন\n"),
        ("hi", "प्रिय सहायता टीम,\n\n{line}\n\nधन्यवाद,\nअयन\n"),
    ],
)
def test_latin_capitals_in_an_indic_letter_are_judged_by_the_english_dictionary(lang, letter):
    # No Bengali or Hindi dictionary knows Latin words: an acronym ("CBSE", an exam board) is
    # how the name is written, an English word in capitals ("FINAL WARNING") shouts.
    def shouted(line: str) -> list[str]:
        report = check_draft(
            letter.format(line=line), guides()["customer-service"], lang, ("support",)
        )
        return [f.match for f in report.findings if f.match in ("CBSE", "FINAL", "WARNING")]

    assert shouted("CBSE 2026") == []
    assert shouted("FINAL WARNING") == ["FINAL", "WARNING"]


def test_a_letterhead_in_capitals_above_the_greeting_is_not_shouting():
    letterhead = "GREENWOOD GARDEN FURNITURE\n12 Mill Lane, Leeds\n\n"
    report = check_draft(letterhead + PLAIN, guides()["customer-service"], "en", ("delivery",))
    assert not [f for f in report.findings if f.match in ("GREENWOOD", "GARDEN", "FURNITURE")]
    shouted = PLAIN.replace("It will arrive on 3 May.", "It will arrive on 3 May. URGENT.")
    report = check_draft(letterhead + shouted, guides()["customer-service"], "en", ("delivery",))
    assert [f for f in report.findings if f.match == "URGENT"]  # below the greeting it still is


def test_a_sentence_at_the_end_is_no_closing():
    found = parts("Dear Ms Lee,\n\nPay the invoice by Friday or we will take further steps.\nJohn")
    assert found["closing"] == ""


@pytest.mark.parametrize(
    "variant",
    [
        "\n\n\n" + PLAIN,  # leading blank lines
        PLAIN.replace("order", "or\u00adder"),  # a soft hyphen
        PLAIN.replace("Thank you", "Thank\u200b you"),  # a zero-width space
        PLAIN.replace("Kind regards,", "Kind regards, 🙂"),  # an emoji in the closing
        PLAIN.replace(" ", "\u00a0"),  # no-break spaces everywhere
        unicodedata.normalize("NFD", PLAIN),
        PLAIN.replace("\n", "\r\n"),
    ],
)
def test_invisible_differences_do_not_change_the_verdict(variant):
    guide = guides()["bad-news"]
    plain = check_draft(PLAIN, guide, "en", ())
    changed = check_draft(variant, guide, "en", ())
    assert [f.rule for f in changed.findings] == [f.rule for f in plain.findings]
    assert sorted(changed.passed) == sorted(plain.passed)


def test_the_matching_view_keeps_every_offset():
    text = normalise("Částka ৳১২,৫০০ a 1\u00a0250 Kč “ok” 🙂")
    view = matching_view(text)
    assert len(view) == len(text)
    assert "12,500" in view and "1 250" in view and '"ok"' in view


def test_danda_and_double_danda_end_sentences():
    assert sentences("भुगतान करें। धन्यवाद॥ ঠিক আছে। Done.") == [
        "भुगतान करें।",
        "धन्यवाद॥",
        "ঠিক আছে।",
        "Done.",
    ]


def test_vowel_signs_belong_to_the_word():
    """A Devanagari or Bengali vowel sign never splits a word (where \\b would)."""
    for lang, text, expected in [
        ("hi", "कृपया भुगतान करें", ["कृपया", "भुगतान", "करें"]),
        ("bn", "অনুগ্রহ করে জানান", ["অনুগ্রহ", "করে", "জানান"]),
    ]:
        found = [t.form for t in tokens(text, conventions(lang).analyser)]
        assert found == expected


def test_words_match_by_lemma_not_by_surface_form():
    """Czech "zaplatit" finds "zaplatila"; an inflected marker form does not reach its lemma's
    other words (Icelandic "annars", otherwise, must not find "öðrum", others)."""
    from letters.markers import compile_phrase

    lemma = compile_phrase("zaplatit", conventions("cs").analyser)
    assert analysed("Pokud jste již zaplatila, děkujeme.", "cs").hits(lemma)
    otherwise = compile_phrase("annars", conventions("is").analyser)
    assert analysed("Annars hringjum við.", "is").hits(otherwise)
    assert not analysed("Við bjóðum öðrum viðskiptavinum afslátt.", "is").hits(otherwise)


def test_a_form_marker_finds_that_form_and_a_start_marker_a_sentence_start():
    """'=want' finds "want" but not "wanted" (past storytelling is no request); '^pay' finds a
    sentence that opens with the command, not "pay" inside one."""
    from letters.markers import compile_phrase

    analyser = conventions("en").analyser
    letter = analysed("I wanted it by Friday. Pay by Friday, please. You forgot to pay.", "en")
    form, lemma = compile_phrase("=want", analyser), compile_phrase("want", analyser)
    assert not letter.hits(form) and letter.hits(lemma)
    assert analysed("We want a refund.", "en").hits(form)
    command = compile_phrase("^pay", analyser)
    assert [letter.view[h.start : h.end] for h in letter.hits(command)] == ["Pay"]


def test_a_find_unless_marker_finds_only_in_sentences_without_the_other():
    """{find: phone, unless: I/we}: someone else's number, not the writer's own."""
    from letters.markers import compile_entry, describe

    language = conventions("en")
    entry = compile_entry(
        {"find": [{"format": "phone"}], "unless": "@own_side"},
        language.analyser,
        language.groups.__getitem__,
    )
    theirs = "Their manager can be reached on 01632 960882."
    ours = "Please call us on 01632 960981 with any questions."
    letter = analysed(f"{theirs} {ours}", "en")
    assert [letter.view[h.start : h.end] for h in letter.hits(entry)] == ["01632 960882"]
    assert not analysed(ours, "en").hits(entry)
    # On the guide page: the words of the group it leaves out, after the language's "without".
    shown = describe(entry, lambda name: f"<{name}>", without=language.label("without"))
    assert shown == "<phone> (in a sentence without (I / we / my / …))"


def test_a_not_part_of_marker_drops_the_words_inside_the_other():
    """{find: we/our, not_part_of: our customers}: the writer's own voice, not the "our" of the
    customers another firm serves."""
    from letters.markers import compile_entry

    language = conventions("en")
    entry = compile_entry(
        {"find": "@own_side", "not_part_of": ["our customer", "our guest"]},
        language.analyser,
        language.groups.__getitem__,
    )
    letter = analysed("Our customers can call us. The inn gives our guests a discount.", "en")
    assert [letter.view[h.start : h.end] for h in letter.hits(entry)] == ["us"]
    assert analysed("Call our office.", "en").hits(entry)


def test_a_sentence_ends_after_an_address_but_not_after_an_abbreviation():
    """ "… at ann@kc.co.uk. If you wish, we …": two sentences, so the next one's "we" does not
    make the first one's address the writer's own; "e.g.", "a.m." and "U.S." end nothing."""
    for text, ends in (
        ("Write to ann@kc.co.uk. We will pass on your notes.", True),
        ("It is on www.kc.cz. Our notes follow.", True),
        ("Bring a form, e.g. Form B.", False),
        ("Come at 9 a.m. Monday is best.", False),
        ("It ships to the U.S. Army bases.", False),
    ):
        letter = analysed(text, "en")
        assert (letter.sentence[0] != letter.sentence[-1]) == ends, text


def test_a_short_word_ends_a_sentence_unless_the_language_lists_it_as_an_abbreviation():
    """ "… trouble at check-in. Please correct it.": two sentences, so a sentence-wide "check in"
    exception of the request does not reach the request; "ref. AB-12", Czech "sv. Václava" and
    Icelandic "sbr. Lög" and "tilv. AB-2207" are abbreviations of the language's list and end
    nothing."""
    for lang, text, ends in (
        ("en", "I want no trouble at check-in. Please correct the booking.", True),
        ("en", "Thank you. We will call.", True),
        ("en", "It is in ref. AB-12 of the file.", False),
        ("cs", "Děkujeme za to. Ozveme se.", True),
        ("cs", "Koncert je v kostele sv. Václava v Praze.", False),
        ("is", "Þetta gekk vel. Við hringjum.", True),
        ("is", "Þetta er sbr. Lög um neytendakaup.", False),
        ("is", "Greiðið tilv. AB-2207 fyrir mánaðamót.", False),  # a listed four-letter one
    ):
        letter = analysed(text, lang)
        assert (letter.sentence[0] != letter.sentence[-1]) == ends, text


SCENARIOS = {
    "reminder": ("payment",),
    "bad-news": ("our-fault", "ending"),
    "customer-service": ("support",),
}


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(min_size=1).filter(lambda t: t.strip()),
    code=st.sampled_from(complete_languages()),
)
def test_any_unicode_text_gets_an_answer_and_positions_lie_inside_it(text, code):
    normalised = normalise(text)
    lines = normalised.split("\n")
    for guide_id, guide in guides().items():
        report = check_draft(text, guide, code, SCENARIOS[guide_id])
        for finding in report.findings:
            assert 1 <= finding.line <= len(lines)
            assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1
            if finding.match is not None:
                at = lines[finding.line - 1][finding.column - 1 :]
                assert at.startswith(finding.match.split("\n")[0])


@pytest.mark.parametrize("lang", complete_languages())
def test_a_group_finds_by_its_index_what_trying_every_entry_finds(lang):
    """A group looks up its entries by a word each needs (`needed_words`): on every rule's
    examples, that finds exactly what trying each entry of each group finds."""
    from letters.markers import Group, needed_words
    from letters.rules import rule_markers

    assert needed_words(Group("empty")) == (frozenset(), frozenset())
    compared = 0
    for guide in guides().values():
        for rule in (r for r in guide.rules if r.automated):
            texts = [e.text for verdict in rule.examples.get(lang, {}).values() for e in verdict]
            markers = rule_markers(rule.id, lang)
            for text in texts:
                letter = analysed(text, lang)
                for group in markers.groups.values():
                    every = {hit for entry in group.entries for hit in letter.hits(entry)}
                    assert set(letter.hits(group)) == every, (rule.id, group.name, text)
                    compared += bool(every)
    assert compared > 20  # the examples do find something: the comparison is not empty-handed
