"""The seed article in six translations written for these tests (tests/extraction/data/seed/): each yields at least
80% of the claims the English original yields, each with the right claimant.

Row n of every table is the same claim: a phrase of it in that language and the claimant extraction should name.
"""

import math
from pathlib import Path

import pytest

from claims.extraction import extract_claims

SEEDS = Path(__file__).resolve().parent / "data" / "seed"
TRUMP, LAVROV, ZELENSKYY = (
    "U.S. President Donald Trump",
    "Russian Foreign Minister Sergei Lavrov",
    ("Ukrainian President Volodymyr Zelenskyy"),
)

ENGLISH = [
    ("Russia accused Ukraine", "Russia"),
    ("Putin had told him about the alleged attack", TRUMP),
    ("getting a lot closer", TRUMP),
    ("invaded Ukraine in February 2022", "an aide"),
    ("he had no further information", TRUMP),
    ("the conversation with Putin was productive", TRUMP),
    ("91 long-range drones", LAVROV),
    ("No one was injured", LAVROV),
    ("Such reckless actions will not go unanswered", LAVROV),
    ("Lavrov did not offer any evidence", ""),
    ("the attack took place during negotiations", LAVROV),
    ("preparing the ground to strike government buildings", ZELENSKYY),
    ("we had a meeting with Trump yesterday", ZELENSKYY),
    ("the attack was a fabrication", "Ukrainian Foreign Minister Andrii Sybiha"),
    ("a bilateral agreement had been outlined", ZELENSKYY),
    ("only 95% ready", TRUMP),
    ("50-year security deal", ZELENSKYY),
    ("two main issues in a 20-point peace proposal", ZELENSKYY),
    ("Russia controls about a fifth of Ukraine", ""),
    ("Moscow already controls around 75%", "President Vladimir Putin"),
    ("15 km (9.3 miles)", "Colonel-General Mikhail Teplinsky"),
]

TRANSLATIONS = {
    "uk": [
        ("Росія звинуватила Україну", "Росія"),
        ("Путін розповів йому про ймовірну атаку", "Дональд Трамп"),
        ("набагато ближче", "Дональд Трамп"),
        ("вторглася в Україну в лютому 2022 року", "один із помічників"),
        ("не має додаткової інформації", "Дональд Трамп"),
        ("розмова з Путіним була продуктивною", "Дональд Трамп"),
        ("91 безпілотником", "Сергій Лавров"),
        ("Ніхто не постраждав", "Сергій Лавров"),
        ("Такі безрозсудні дії", "Сергій Лавров"),
        ("Лавров не навів жодних доказів", ""),
        ("атака відбулася під час переговорів", "Сергій Лавров"),
        ("готує ґрунт для ударів по урядових будівлях", "Зеленський"),
        ("вчора в нас була зустріч із Трампом", "Зеленський"),
        ("атака є вигадкою", "Андрій Сибіга"),
        ("окреслено двосторонню угоду", "Зеленський"),
        ("готові лише на 95%", "Дональд Трамп"),
        ("безпекової угоди на 50 років", "Зеленський"),
        ("з 20 пунктів", "Зеленський"),
        ("Росія контролює приблизно п'яту частину", ""),
        ("75% якої Москва вже контролює", "Путін"),
        ("15 км (9,3 милі)", "Михайло Теплінський"),
    ],
    "ru": [
        ("Россия обвинила Украину", "Россия"),
        ("Путин рассказал ему о предполагаемой атаке", "Дональд Трамп"),
        ("гораздо ближе", "Дональд Трамп"),
        ("вторгшаяся в Украину в феврале 2022 года", "один из помощников"),
        ("нет дополнительной информации", "Дональд Трамп"),
        ("разговор с Путиным был продуктивным", "Дональд Трамп"),
        ("91 беспилотника", "Сергей Лавров"),
        ("Никто не пострадал", "Сергей Лавров"),
        ("Такие безрассудные действия", "Сергей Лавров"),
        ("Лавров не привёл никаких доказательств", ""),
        ("атака произошла во время переговоров", "Сергей Лавров"),
        ("готовит почву для ударов по правительственным зданиям", "Зеленский"),
        ("вчера у нас была встреча с Трампом", "Зеленский"),
        ("атака является выдумкой", "Андрей Сибига"),
        ("намечено двустороннее соглашение", "Зеленский"),
        ("готовы лишь на 95%", "Дональд Трамп"),
        ("соглашения о безопасности на 50 лет", "Зеленский"),
        ("из 20 пунктов", "Зеленский"),
        ("Россия контролирует около пятой части", ""),
        ("около 75% которой Москва уже контролирует", "Путин"),
        ("15 км (9,3 мили)", "Михаил Теплинский"),
    ],
    "es": [
        ("Rusia acusó el lunes a Ucrania", "Rusia"),
        ("Putin le había hablado del supuesto ataque", "Donald Trump"),
        ("mucho más cerca", "Donald Trump"),
        ("invadió Ucrania en febrero de 2022", "un asesor"),
        ("no tenía más información", "Donald Trump"),
        ("la conversación con Putin había sido productiva", "Donald Trump"),
        ("91 drones de largo alcance", "Serguéi Lavrov"),
        ("No hubo heridos ni daños", "Serguéi Lavrov"),
        ("Estas acciones temerarias", "Serguéi Lavrov"),
        ("Lavrov no ofreció ninguna prueba", ""),
        ("el ataque se produjo en plena negociación", "Serguéi Lavrov"),
        ("preparando el terreno para atacar edificios gubernamentales", "Volodímir Zelenski"),
        ("ayer tuvimos una reunión con Trump", "Volodímir Zelenski"),
        ("el ataque era una invención", "Andrí Sibiga"),
        ("se había esbozado con Trump un acuerdo bilateral", "Volodímir Zelenski"),
        ("solo estaban preparados al 95%", "Donald Trump"),
        ("acuerdo de seguridad a 50 años", "Volodímir Zelenski"),
        ("propuesta de paz de 20 puntos", "Volodímir Zelenski"),
        ("Rusia controla alrededor de una quinta parte", ""),
        ("Moscú ya controla en torno al 75%", "Vladímir Putin"),
        ("15 km (9,3 millas)", "Mijaíl Teplinski"),
    ],
    "fr": [
        ("La Russie a accusé lundi l'Ukraine", "Russie"),
        ("Poutine lui avait parlé de l'attaque présumée", "Donald Trump"),
        ("beaucoup plus proches", "Donald Trump"),
        ("a envahi l'Ukraine en février 2022", "un conseiller"),
        ("ne disposait pas d'autres informations", "Donald Trump"),
        ("la conversation avec Poutine avait été productive", "Donald Trump"),
        ("91 drones à longue portée", "Sergueï Lavrov"),
        ("Personne n'a été blessé", "Sergueï Lavrov"),
        ("De telles actions irresponsables", "Sergueï Lavrov"),
        ("Lavrov n'a fourni aucune preuve", ""),
        ("l'attaque avait eu lieu pendant des négociations", "Sergueï Lavrov"),
        ("préparer le terrain pour frapper des bâtiments gouvernementaux", "Volodymyr Zelensky"),
        ("nous avons eu une réunion avec Trump hier", "Volodymyr Zelensky"),
        ("l'attaque était une invention", "Andriï Sybiha"),
        ("un accord bilatéral sur des garanties de sécurité", "Volodymyr Zelensky"),
        ("prêts qu'à 95 %", "Donald Trump"),
        ("accord de sécurité de 50 ans", "Volodymyr Zelensky"),
        ("proposition de paix en 20 points", "Volodymyr Zelensky"),
        ("La Russie contrôle environ un cinquième", ""),
        ("Moscou contrôle déjà environ 75 %", "Vladimir Poutine"),
        ("15 km (9,3 miles)", "Mikhaïl Teplinski"),
    ],
    "de": [
        ("Russland hat der Ukraine am Montag vorgeworfen", "Russland"),
        ("Putin habe ihm in einem Telefonat", "Donald Trump"),
        ("viel näher gekommen", "Donald Trump"),
        ("im Februar 2022 in die Ukraine einmarschiert", "ein Berater"),
        ("er habe keine weiteren Informationen", "Donald Trump"),
        ("das Gespräch mit Putin sei produktiv gewesen", "Donald Trump"),
        ("91 Langstreckendrohnen", "Sergej Lawrow"),
        ("Niemand sei verletzt worden", "Sergej Lawrow"),
        ("Solche rücksichtslosen Handlungen", "Sergej Lawrow"),
        ("Lawrow legte in seiner Erklärung keine Beweise", ""),
        ("der Angriff habe während der Verhandlungen", "Sergej Lawrow"),
        ("den Boden für Angriffe auf Regierungsgebäude", "Wolodymyr Selenskyj"),
        ("wir gestern ein Treffen mit Trump hatten", "Wolodymyr Selenskyj"),
        ("der Angriff sei eine Erfindung", "Andrij Sybiha"),
        ("ein bilaterales Abkommen über Sicherheitsgarantien", "Wolodymyr Selenskyj"),
        ("erst zu 95 % so weit", "Donald Trump"),
        ("Sicherheitsabkommen über 50 Jahre", "Wolodymyr Selenskyj"),
        ("20-Punkte-Friedensplan", "Wolodymyr Selenskyj"),
        ("Russland kontrolliert etwa ein Fünftel", ""),
        ("Moskau bereits rund 75 % kontrolliert", "Wladimir Putin"),
        ("15 km (9,3 Meilen)", "Michail Teplinski"),
    ],
    "pt": [
        ("A Rússia acusou na segunda-feira a Ucrânia", "Rússia"),
        ("Putin lhe tinha falado do alegado ataque", "Donald Trump"),
        ("muito mais perto", "Donald Trump"),
        ("invadiu a Ucrânia em fevereiro de 2022", "um assessor"),
        ("não tinha mais informações", "Donald Trump"),
        ("a conversa com Putin foi produtiva", "Donald Trump"),
        ("91 drones de longo alcance", "Serguei Lavrov"),
        ("Ninguém ficou ferido", "Serguei Lavrov"),
        ("Ações tão imprudentes", "Serguei Lavrov"),
        ("Lavrov não apresentou qualquer prova", ""),
        ("o ataque ocorreu durante as negociações", "Serguei Lavrov"),
        ("preparar o terreno para atacar edifícios do governo", "Volodymyr Zelensky"),
        ("ontem tivemos uma reunião com Trump", "Volodymyr Zelensky"),
        ("o ataque foi uma invenção", "Andrii Sybiha"),
        ("foi esboçado com Trump um acordo bilateral", "Volodymyr Zelensky"),
        ("apenas 95% prontos", "Donald Trump"),
        ("acordo de segurança de 50 anos", "Volodymyr Zelensky"),
        ("proposta de paz de 20 pontos", "Volodymyr Zelensky"),
        ("A Rússia controla cerca de um quinto", ""),
        ("Moscovo já controla cerca de 75%", "Vladimir Putin"),
        ("15 km (9,3 milhas)", "Mikhail Teplinsky"),
    ],
}
REQUIRED = math.ceil(0.8 * len(ENGLISH))


def found(claims, table) -> list[bool]:
    """Per row: a claim holds the phrase and names the expected claimant."""
    return [any(phrase in c.text and c.claimant == claimant for c in claims) for phrase, claimant in table]


def test_every_row_is_a_claim_of_the_english_seed(seed_text):
    claims = [c for c in extract_claims(seed_text) if c.is_claim]
    assert all(found(claims, ENGLISH))


@pytest.mark.parametrize("language", sorted(TRANSLATIONS))
def test_a_translation_yields_the_english_claims_with_their_claimants(language):
    table = TRANSLATIONS[language]
    assert len(table) == len(ENGLISH)
    text = (SEEDS / f"{language}.txt").read_text(encoding="utf-8")
    candidates = extract_claims(text, language=language)
    claims = [c for c in candidates if c.is_claim]
    hits = found(claims, table)
    missed = [row for row, hit in zip(table, hits, strict=True) if not hit]
    assert sum(hits) >= REQUIRED, f"{language}: {sum(hits)}/{len(table)}; missed {missed}"
    for claim in candidates:
        assert text[claim.start : claim.end] == claim.quote
    assert not any(c.text.isupper() for c in claims), "a heading was taken for a claim"
