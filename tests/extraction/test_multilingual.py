"""Extraction in Ukrainian, Russian, Spanish, French, German and Portuguese, piece by piece, on sentences written
for these tests (the seed translations are tested in test_multilingual_seed.py)."""

from functools import partial

import pytest

from claims.extraction import extract_claims
from claims.extraction.languages import GRAMMARS
from claims.extraction.multilingual import dates, numbers
from claims.extraction.segment import SENTENCE, segment
from claims.extraction.speakers import mask_quotes, split_sentences


def sentences(text: str, language: str) -> list[str]:
    split = partial(split_sentences, GRAMMARS[language])
    return [text[s.start : s.end] for s in segment(text, split=split) if s.kind == SENTENCE]


def claimants(text: str, language: str) -> list[tuple[str, str]]:
    """(claimant, start of the candidate) for every candidate."""
    return [(c.claimant, c.text[:12]) for c in extract_claims(text, language=language)]


@pytest.mark.parametrize(
    ("language", "text", "count"),
    [
        ("uk", "Ген. Олександр Сирський прибув о 9 год. Його зустрів мер. Інші чекали.", 3),
        ("ru", "В 2014 г. он уехал. Т. е. раньше. Потом вернулся в Москву.", 3),
        ("es", "El Sr. García llegó a EE. UU. en mayo. Nadie lo esperaba.", 2),
        ("fr", "M. Dupont est arrivé lundi. « Je reste. » Puis il est parti.", 3),
        ("de", "Dr. Anna Weber kam am 3. März 2024 an. Sie blieb bis z. B. Ostern. Dann ging sie.", 3),
        ("pt", "O Sr. Costa chegou às 9 horas. Ninguém o esperava.", 2),
    ],
)
def test_sentences_end_at_full_stops_but_not_at_abbreviations_initials_or_day_numbers(language, text, count):
    assert len(sentences(text, language)) == count


def test_guillemets_and_low_high_quotes_hide_verbs_inside_quotations():
    masked, open_at_end, has_quote = mask_quotes("«Він сказав, що піде», — заявила вона.", False)
    assert "сказав" not in masked and "заявила" in masked and has_quote and not open_at_end
    masked, open_at_end, _ = mask_quotes("„Er sagte, er gehe“, erklärte sie „und", False)
    assert "sagte" not in masked and "erklärte" in masked and open_at_end


@pytest.mark.parametrize(
    ("language", "text", "claimant"),
    [
        # according to
        ("uk", "За словами Андрія Мельника, ціни зросли на 12 відсотків торік.", "Мельника"),
        ("ru", "По данным Росстата, цены выросли на 12 процентов в прошлом году.", "Росстата"),
        ("es", "Según la ministra Ana López, los precios subieron un 12% el año pasado.", "Ana López"),
        ("fr", "Selon l'Insee, les prix ont augmenté de 12 % l'an dernier, a-t-on appris.", "Insee"),
        ("de", "Laut Destatis stiegen die Preise im vergangenen Jahr um 12 Prozent.", "Destatis"),
        ("pt", "Segundo o INE, os preços subiram 12% no ano passado.", "INE"),
        # subject before a reporting verb, past adverbs, auxiliaries and a day
        (
            "uk",
            "Прем'єр-міністерка Юлія Свириденко у вівторок заявила, що уряд виділить 5 млрд гривень.",
            "Юлія Свириденко",
        ),
        ("ru", "Министр финансов Антон Силуанов во вторник заявил, что бюджет вырос на 3%.", "Антон Силуанов"),
        ("es", "La portavoz del Gobierno, Pilar Alegría, ha afirmado que el paro cayó un 3%.", "Pilar Alegría"),
        ("fr", "La ministre Rachida Dati a également affirmé que 3 musées fermeraient.", "Rachida Dati"),
        (
            "de",
            "Finanzminister Lars Klingbeil hat am Dienstag erklärt, der Haushalt wachse um 3 Prozent.",
            "Lars Klingbeil",
        ),
        (
            "pt",
            "O ministro das Finanças, Joaquim Miranda Sarmento, afirmou que o défice caiu 3%.",
            "Joaquim Miranda Sarmento",
        ),
        # inverted after a quotation, with a role noun
        ("uk", "«Ми втратили 40 тисяч гектарів», — повідомив речник міністерства.", "речник"),
        ("es", '"Hemos perdido 40.000 hectáreas", dijo un portavoz del ministerio.', "un portavoz"),
        ("de", "„Wir haben 40.000 Hektar verloren“, sagte ein Sprecher des Ministeriums.", "ein Sprecher"),
    ],
)
def test_each_language_attributes_by_its_own_constructions(language, text, claimant):
    claims = extract_claims(text, language=language)
    assert claims[0].claimant == claimant


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("uk", "Мер Львова Андрій Садовий виступив у раді. Він заявив, що місто отримало 20 нових автобусів."),
        ("ru", "Мэр Казани Илсур Метшин выступил в думе. Он заявил, что город получил 20 новых автобусов."),
        (
            "es",
            "El alcalde de Sevilla, José Luis Sanz, habló ante el pleno. Añadió que la ciudad recibió 20 autobuses.",
        ),
        ("fr", "Le maire de Lille, Arnaud Deslandes, a parlé au conseil. Il a ajouté que la ville avait reçu 20 bus."),
        (
            "de",
            "Der Kölner Oberbürgermeister Torsten Burmester sprach im Rat. Er fügte hinzu, die Stadt habe 20 Busse.",
        ),
        (
            "pt",
            "O presidente da câmara do Porto, Pedro Duarte, falou na assembleia. "
            "Acrescentou que a cidade recebeu 20 autocarros.",
        ),
    ],
)
def test_a_pronoun_or_a_dropped_subject_is_the_person_named_before(language, text):
    last = extract_claims(text, language=language)[-1]
    assert last.cue and last.claimant.split()[-1] in text.split(".")[0]


def test_a_speaker_is_named_in_the_case_they_speak_in():
    text = (
        "Прем'єр-міністр Денис Шмигаль зустрівся з Андрієм Сибігою. "
        "Сибіга заявив, що Україна отримала 3 млрд євро. Андрій Сибіга додав, що це перший транш."
    )
    said = [c.claimant for c in extract_claims(text, language="uk") if c.cue]
    assert said == ["Андрій Сибіга", "Андрій Сибіга"]


def test_two_sources_in_one_sentence_are_two_claims():
    text = "Мер сказав, що в місті 12 шкіл, а губернатор Олег Синєгубов заявив, що шкіл лише 9."
    claims = extract_claims(text, language="uk")
    assert [c.claimant for c in claims] == ["Мер", "Олег Синєгубов"]
    assert text[claims[1].start : claims[1].end].startswith("а губернатор")


@pytest.mark.parametrize(
    ("language", "text", "expected_numbers", "expected_dates"),
    [
        (
            "uk",
            "3 березня 2024 року загинули 12 людей, а 1 500 втратили житло.",
            ["12 людей", "1 500"],
            ["3 березня 2024 року"],
        ),
        ("ru", "В феврале 2022 года цены выросли на 7,5 процента.", ["7,5 процента"], ["В феврале 2022 года"]),
        (
            "es",
            "El 28 y el 29 de diciembre murieron 3 personas, un 2,5% más.",
            ["3 personas", "2,5%"],
            ["El 28 y el 29 de diciembre"],
        ),
        ("fr", "Les 28 et 29 décembre, 1,2 million de personnes ont voté.", ["1,2 million"], ["Les 28 et 29 décembre"]),
        (
            "de",
            "Am 28. und 29. Dezember kamen 1.200 Menschen, 15 Prozent mehr.",
            ["1.200 Menschen", "15 Prozent"],
            ["Am 28. und 29. Dezember"],
        ),
        (
            "pt",
            "Entre 28 e 29 de dezembro chegaram 3 milhões de turistas.",
            ["3 milhões"],
            ["Entre 28 e 29 de dezembro"],
        ),
    ],
)
def test_figures_and_dates_in_each_languages_formats(language, text, expected_numbers, expected_dates):
    grammar = GRAMMARS[language]
    found_dates, spans = dates(grammar, text)
    assert [d.lower() for d in found_dates][: len(expected_dates)] == [d.lower() for d in expected_dates]
    found = numbers(grammar, text, spans)
    for expected in expected_numbers:
        assert any(f.startswith(expected) for f in found), found


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("uk", "Чи справді уряд виділив 5 млрд гривень на ремонт доріг?"),
        ("es", '"No me gusta nada, no está bien", dijo el ministro de Hacienda.'),
        ("de", "„Das gefällt mir nicht“, sagte der Minister am Montag in Berlin."),
    ],
)
def test_questions_and_opinions_are_never_claims(language, text):
    assert not any(c.is_claim for c in extract_claims(text, language=language))


def test_a_language_without_a_grammar_gives_no_claims():
    assert extract_claims("Il ministro ha detto che il 40% delle scuole è chiuso.", language="it") == []
