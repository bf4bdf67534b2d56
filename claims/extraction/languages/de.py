"""German: reporting verbs in second position (sagte, erklärte), separable ones (warf ... vor, fügte ... hinzu),
inverted after a quotation (sagte Lawrow), "laut X"; every noun is capitalised."""

import re

from claims.extraction.grammar import Grammar, conjugate, words

_WEAK = ("te", "ten", "t", "en")
_WEAK_T = ("ete", "eten", "et", "en")
_MONTH = r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
_WEEKDAY = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)"

GRAMMAR = Grammar(
    code="de",
    verbs=conjugate(
        "sag erklär beton warn versicher bekräftig kritisier forder bestätig erzähl mein verkünd "
        "dementier beschuldig wiederhol teil füg kündig räum mahn zitier",
        _WEAK,
    )
    | conjugate("bericht antwort bezeichn behaupt", _WEAK_T)
    | words(
        "gesagt erklärt betont behauptet berichtet gewarnt versichert bekräftigt gefordert bestätigt "
        "warf wirft werfen vorgeworfen bestritt bestritten bestreitet bestreiten wies weist zurückgewiesen "
        "schrieb schrieben schreibt geschrieben versprach verspricht unterstrich unterstreicht betonte "
        "räumte"
    )
    - words("meinen sagen teilen"),
    according_to=(("laut",), ("nach", "angaben"), ("so",), ("zufolge",)),
    between=words(
        "hat haben hatte hatten habe auch zudem außerdem allerdings bereits schon jedoch dennoch nun noch "
        "erneut zuvor später nicht ihm ihr ihnen"
    ),
    person_pronouns=words("er sie"),
    group_pronouns=words(""),
    complementizers=words("dass ob"),
    conjunctions=words("und aber während doch"),
    title_stems=(
        "präsident",
        "minister",
        "kanzler",
        "general",
        "oberst",
        "kommandeur",
        "sprecher",
        "chef",
        "botschafter",
        "sekretär",
        "bürgermeister",
        "gouverneur",
        "abgeordnete",
        "senator",
        "berater",
        "direktor",
        "leiter",
        "vorsitzende",
        "herr",
        "frau",
    ),
    role_stems=("berater", "sprecher", "beamte", "quelle", "experte", "vertreter", "analyst", "insider"),
    capitalised_stopwords=words(
        "Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Am Im Ins Vom Zum Zur In An Auf Aus Bei Mit "
        "Nach Von Vor Zu Über Unter Seit Während Nachdem Bevor Aber Und Oder Doch Dennoch Denn Dieser Diese "
        "Dieses Jene Er Sie Es Wir Ich Ihr Man Wie Wann Wo Wer Was Niemand Nichts Kein Keine Alle Jeder Jede "
        "Laut Wenn Ob Dass Auch Bereits Schon Heute Gestern Morgen Nicht Solche"
    ),
    time_words=words("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag gestern heute"),
    time_prepositions=words("am"),
    abbreviations=words("dr prof st nr bzw usw ca z b u a d h vgl inkl evtl gen abs jh mio mrd"),
    date=re.compile(
        rf"\b(?:am\s+)?\d{{1,2}}\.(?:\s+(?:und|bis)\s+\d{{1,2}}\.)?\s+{_MONTH}\b(?:\s+\d{{4}})?"
        rf"|\b(?:im\s+)?{_MONTH}\b\s+\d{{4}}"
        rf"|\b(?:am\s+)?{_WEEKDAY}(?:morgen|abend|nachmittag)?"
        rf"|\b(?:gestern|heute|morgen|im\s+vergangenen\s+Jahr|letzte\s+Woche)"
        rf"|(?<![\d,.])(?:19|20)\d\d(?![\d,])",
        re.IGNORECASE,
    ),
    number_words=words(
        "zwei drei vier fünf sechs sieben acht neun zehn zwanzig hundert tausend Dutzende Hunderte Tausende Millionen"
    ),
    fractions=re.compile(r"\b(?:ein\s+(?:Fünftel|Viertel|Drittel)|die\s+Hälfte|zwei\s+Drittel)", re.IGNORECASE),
    percent=r"(?:\s?%|\s+Prozent)",
    scale=r"(?:\s+(?:Millionen|Million|Milliarden|Milliarde|Mio\.|Mrd\.))",
    stopwords=words("der die das den dem des und oder von vom zu zum zur in im an am auf mit für bei sich ein eine"),
    opinion=re.compile(
        r"\b(?:das\s+gefällt\s+mir\s+nicht|ich\s+war\s+(?:sehr\s+)?(?:wütend|froh)|ich\s+(?:glaube|denke|finde)|"
        r"meiner\s+meinung\s+nach|es\s+ist\s+eine\s+sache|nicht\s+der\s+richtige\s+zeitpunkt|das\s+ist\s+nicht\s+gut)",
        re.IGNORECASE,
    ),
    harm=re.compile(r"\b(?:verletz|getötet|tote|opfer|schäden|schaden|zerstör|beschädig)\w*", re.IGNORECASE),
    normative=re.compile(r"\b(?:muss|müssen|soll|sollen|sollte|sollten|ist\s+es\s+notwendig)\b", re.IGNORECASE),
    name_endings=("s",),
    articles=words("der die das den dem des ein eine einen einem einer"),
    name_particles=words("von van der de"),
    prepositions=words("mit von vom nach vor zu zum zur bei für über gegen aus in im an am auf seit unter"),
    perfect_auxiliaries=words("hat haben hatte hatten habe"),
    capitalised_nouns=True,
    ordinal_dot=True,
)
