"""Portuguese: preterite reporting verbs (afirmou, disse), inverted pronouns (disse ele), "segundo X"."""

import re

from claims.extraction.grammar import Grammar, conjugate, words

_AR = ("ou", "aram", "a", "am", "ado", "ava", "avam")
_ER = ("eu", "eram", "e", "em", "ido", "ia", "iam")
_IR = ("iu", "iram", "e", "em", "ido", "ia", "iam")
_MONTH = r"(?:janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro)"
_WEEKDAY = r"(?:(?:segunda|terça|quarta|quinta|sexta)(?:-feira)?|sábado|domingo)"

GRAMMAR = Grammar(
    code="pt",
    verbs=conjugate(
        "afirm declar assegur sublinh salient explic acus neg anunci inform reiter alert confirm consider "
        "classific exort relat cont revel fris destac apont argument estim avis coment denunci critic acrescent "
        "contest ameaç adiant",
        _AR,
    )
    | conjugate("respond reconhec promet defend escrev", _ER)
    | conjugate("admit insist refer garant ped advert", _IR)
    | words("disse disseram diz dizem dito dizia diziam"),
    according_to=(("segundo",), ("de", "acordo", "com"), ("conforme",)),
    between=words("lhe lhes se me nos já também ainda depois não tem têm tinha tinham havia haviam terá teria"),
    person_pronouns=words("ele ela"),
    group_pronouns=words("eles elas"),
    complementizers=words("que"),
    conjunctions=words("e mas enquanto embora"),
    title_stems=(
        "president",
        "ministr",
        "primeiro",
        "general",
        "coronel",
        "comandante",
        "porta-voz",
        "chef",
        "embaixador",
        "chanceler",
        "secretári",
        "prefeit",
        "governador",
        "deputad",
        "senador",
        "assessor",
        "diretor",
        "líder",
        "sr.",
        "sra.",
        "dr.",
        "dra.",
    ),
    role_stems=("assessor", "porta-voz", "funcionári", "fonte", "especialista", "representante", "analista"),
    capitalised_stopwords=words(
        "O A Os As Um Uma Uns Umas Ao Aos À Às Do Da Dos Das De Em No Na Nos Nas Num Numa Com Por Pelo Pela Para "
        "Sem Sobre Após Depois Antes Desde Até Entre Segundo Mas E Ou Ainda Assim Este Esta Estes Estas Esse Essa "
        "Isso Isto Ele Ela Eles Elas Nós Eu Você Como Quando Onde Que Quem Ninguém Nada Nenhum Nenhuma Todos "
        "Cada Se Já Também Hoje Ontem Amanhã Não Outra Outro Mais Questionado Sublinhando Negando Num Temos Fiquei"
    ),
    time_words=words("segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo ontem hoje"),
    time_prepositions=words("na no"),
    abbreviations=words("sr sra dr dra prof etc pág nº art av gen cel ten p ex aprox eua"),
    date=re.compile(
        rf"\b(?:(?:entre\s+)?(?:o\s+|os\s+)?\d{{1,2}}(?:\s+(?:e|a)\s+\d{{1,2}})?\s+de\s+{_MONTH}\b(?:\s+de\s+\d{{4}})?)"
        rf"|\b(?:em\s+)?{_MONTH}\b\s+de\s+\d{{4}}"
        rf"|\b(?:na\s+|no\s+)?{_WEEKDAY}(?:\s+de\s+(?:manhã|tarde|noite))?"
        rf"|\b(?:ontem|hoje|amanhã|no\s+ano\s+passado|na\s+semana\s+passada)"
        rf"|(?<![\d,.])(?:19|20)\d\d(?![\d,])",
        re.IGNORECASE,
    ),
    number_words=words(
        "dois duas três quatro cinco seis sete oito nove dez vinte cem mil dezenas centenas milhares milhões"
    ),
    fractions=re.compile(r"\b(?:um\s+(?:quinto|quarto|terço)|a\s+metade|dois\s+terços)", re.IGNORECASE),
    percent=r"(?:\s?%|\s+por\s+cento)",
    scale=r"(?:\s+(?:milhões|milhão|mil\s+milhões|bilhões|mil))",
    stopwords=words("de do da dos das e que em no na a o os as com por para se seu sua um uma ao não"),
    opinion=re.compile(
        r"\b(?:não\s+gosto|fiquei\s+(?:muito\s+)?(?:zangado|irritado|contente)|acho\s+que|creio\s+que|"
        r"na\s+minha\s+opinião|uma\s+coisa\s+é|não\s+é\s+o\s+momento|não\s+é\s+bom)",
        re.IGNORECASE,
    ),
    harm=re.compile(r"\b(?:ferid|mort|vítima|dano|destruí|destruid)\w*", re.IGNORECASE),
    normative=re.compile(r"\b(?:deve|devem|devia|deviam|é\s+preciso|é\s+necessário|tem\s+de|têm\s+de)\b", re.I),
    articles=words("o a os as um uma"),
    name_particles=words("de da do dos das e"),
)
