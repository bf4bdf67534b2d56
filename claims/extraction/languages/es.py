"""Spanish: preterite reporting verbs (afirmó, dijo), subjects that may be dropped, "según X"."""

import re

from claims.extraction.grammar import Grammar, conjugate, words

_AR = ("ó", "aron", "a", "an", "ado", "aba", "aban")
_ER = ("ió", "ieron", "e", "en", "ido", "ía", "ían")
_MONTH = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
_WEEKDAY = r"(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)"

GRAMMAR = Grammar(
    code="es",
    verbs=conjugate(
        "afirm declar asegur señal indic explic acus neg inform anunci reiter subray destac denunci calific "
        "recalc apunt manifest confirm aleg cont relat coment estim consider inst replic agreg precis "
        "mencion revel argument conden critic",
        _AR,
    )
    | conjugate("añad respond reconoc admit insist sosten prometi", _ER)
    | words(
        "dijo dijeron dice dicen dicho decía decían advirtió advirtieron advierte sostuvo sostuvieron sostiene "
        "niega niegan pidió pidieron pide prometió aseveró insistió"
    ),
    according_to=(("según",), ("de", "acuerdo", "con"), ("a", "juicio", "de"), ("en", "palabras", "de")),
    between=words("le les lo la se me nos ya también además luego después incluso no ha han había habían habría"),
    person_pronouns=words("él ella"),
    group_pronouns=words("ellos ellas"),
    complementizers=words("que"),
    conjunctions=words("y e pero mientras aunque"),
    title_stems=(
        "president",
        "ministr",
        "primer",
        "general",
        "coronel",
        "comandante",
        "portavoz",
        "jef",
        "embajador",
        "canciller",
        "secretari",
        "alcald",
        "gobernador",
        "diputad",
        "senador",
        "asesor",
        "director",
        "líder",
        "mandatari",
        "vicepresident",
        "sr.",
        "sra.",
        "dr.",
        "dra.",
    ),
    role_stems=("asesor", "portavoz", "funcionari", "fuente", "experto", "representante", "analista", "mandatari"),
    capitalised_stopwords=words(
        "El La Los Las Un Una Unos Unas Al Del De En Con Por Para Sin Sobre Tras Desde Hasta Entre Según Pero Y "
        "E O Aun Aunque Así Sin Este Esta Estos Estas Ese Esa Eso Esto Él Ella Ellos Ellas Nosotros Yo Usted "
        "Como Cuando Donde Qué Quién Nadie Nada Ningún Ninguna Todos Cada Si Ya También Además Luego Después "
        "Hoy Ayer Mañana No Otra Otro Una Está Es Estas Estoy Tenemos Me Le Lo Preguntado Subrayando Tras"
    ),
    time_words=words("lunes martes miércoles jueves viernes sábado domingo ayer hoy"),
    time_prepositions=words("el este"),
    abbreviations=words("sr sra srta dr dra ee uu etc pág núm art ud uds gral cnel tte av p ej aprox"),
    date=re.compile(
        rf"\b(?:(?:el|los)\s+)?\d{{1,2}}(?:\s+(?:y|al|a)\s+(?:el\s+)?\d{{1,2}})?\s+de\s+{_MONTH}\b(?:\s+de\s+\d{{4}})?"
        rf"|\b(?:en\s+)?{_MONTH}\b\s+de\s+\d{{4}}"
        rf"|\b(?:el\s+)?{_WEEKDAY}(?:\s+por\s+la\s+(?:mañana|tarde|noche))?"
        rf"|\b(?:ayer|hoy|mañana|el\s+año\s+pasado|la\s+semana\s+pasada|este\s+año)"
        rf"|(?<![\d,.])(?:19|20)\d\d(?![\d,])",
        re.IGNORECASE,
    ),
    number_words=words(
        "dos tres cuatro cinco seis siete ocho nueve diez veinte cien mil decenas cientos miles millones"
    ),
    fractions=re.compile(
        r"\b(?:una\s+(?:quinta|cuarta|tercera)\s+parte|un\s+(?:quinto|cuarto|tercio)|la\s+mitad|dos\s+tercios)",
        re.IGNORECASE,
    ),
    percent=r"(?:\s?%|\s+por\s+ciento)",
    scale=r"(?:\s+(?:millones|millón|mil\s+millones|mil))",
    stopwords=words("de del la el los las y e que en a con por para se su sus un una al no"),
    opinion=re.compile(
        r"\b(?:no\s+me\s+gusta|me\s+(?:enfadé|alegré|gusta)|creo\s+que|espero\s+que|en\s+mi\s+opinión|"
        r"una\s+cosa\s+es|no\s+es\s+el\s+momento|no\s+está\s+bien)",
        re.IGNORECASE,
    ),
    harm=re.compile(r"\b(?:herid|muert|fallec|víctima|daño|destru)\w*", re.IGNORECASE),
    normative=re.compile(r"\b(?:debe|deben|debía|debían|hay\s+que|es\s+necesario|tiene\s+que|tienen\s+que)\b", re.I),
    articles=words("el la los las un una"),
    name_particles=words("de del la y"),
)
