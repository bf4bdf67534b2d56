"""French: reporting verbs in the passé composé (a déclaré), inverted after a quotation (a-t-il dit), "selon X"."""

import re

from claims.extraction.grammar import Grammar, conjugate, words

_ER = ("é", "a", "e", "ent", "ait", "aient", "èrent")
_IR = ("i", "it", "issent", "issait")
_MONTH = r"(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"

GRAMMAR = Grammar(
    code="fr",
    verbs=conjugate(
        "déclar affirm assur indiqu expliqu ajout soulign estim accus annonc insist confirm précis rappel "
        "signal racont exhort appel jug qualifi déplor dénonc avanc réitér martel comment confi observ not "
        "répét avou menac prévien dément",
        _ER,
    )
    | conjugate("avert", _IR)
    | words(
        "dit dis disent disait disaient nie nié nia nient niait répondu répond répondit répondent reconnu "
        "reconnaît reconnut admis admet admit écrit écrivit promis promet soutenu soutient prétendu prétend "
        "démenti dément prévenu prévient"
    ),
    according_to=(("selon",), ("d'après",), ("d’après",)),
    between=words(
        "a ont avait avaient aurait auraient lui leur l' l’ nous vous y en aussi également déjà encore ensuite "
        "toutefois néanmoins cependant pourtant notamment ainsi ne n' n’ pas jamais"
    ),
    person_pronouns=words("il elle a-t-il a-t-elle t-il t-elle"),
    group_pronouns=words("ils elles ont-ils ont-elles"),
    complementizers=words("que qu' qu’"),
    conjunctions=words("et mais tandis alors"),
    title_stems=(
        "président",
        "ministre",
        "premier",
        "général",
        "colonel",
        "commandant",
        "porte-parole",
        "chef",
        "ambassadeur",
        "chancelier",
        "secrétaire",
        "maire",
        "gouverneur",
        "député",
        "sénateur",
        "conseiller",
        "directeur",
        "dirigeant",
        "m.",
    ),
    role_stems=("conseill", "porte-parole", "responsable", "source", "expert", "représentant", "analyste", "proche"),
    capitalised_stopwords=words(
        "Le La Les L' L’ Un Une Des Du De D' D’ Au Aux En Dans Sur Sous Avec Par Pour Sans Selon Après Avant "
        "Lors Depuis Pendant Mais Et Ou Donc Or Ni Car Ce Cet Cette Ces Cela Ça Il Elle Ils Elles Nous Je Vous On "
        "Comme Quand Où Qui Que Personne Rien Aucun Aucune Tous Toutes Chaque Si Déjà Aussi Ensuite Puis "
        "Aujourd'hui Hier Demain Ne N' Encore Interrogé Soulignant Niant C' C’ Dimanche Lundi"
    ),
    time_words=words("lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd'hui aujourd’hui"),
    time_prepositions=words("le ce"),
    abbreviations=words("m mm mme mmes mlle dr pr st ste etc cf art av bd p ex env gén col"),
    date=re.compile(
        rf"\b(?:(?:le|les)\s+)?\d{{1,2}}(?:er)?(?:\s+(?:et|au)\s+\d{{1,2}})?\s+{_MONTH}\b(?:\s+\d{{4}})?"
        rf"|\b(?:en\s+)?{_MONTH}\b\s+\d{{4}}"
        rf"|\b{_WEEKDAY}(?:\s+(?:matin|soir|après-midi))?"
        rf"|\b(?:hier|aujourd['’]hui|demain|l['’]an\s+dernier|l['’]année\s+dernière|la\s+semaine\s+dernière)"
        rf"|(?<![\d,.])(?:19|20)\d\d(?![\d,])",
        re.IGNORECASE,
    ),
    number_words=words(
        "deux trois quatre cinq six sept huit neuf dix vingt cent mille dizaines centaines milliers millions"
    ),
    fractions=re.compile(r"\b(?:un\s+(?:cinquième|quart|tiers)|la\s+moitié|deux\s+tiers)", re.IGNORECASE),
    percent=r"(?:\s?%|\s+pour\s+cent)",
    scale=r"(?:\s+(?:millions?|milliards?|mille))",
    stopwords=words("de du des la le les et que qui en à au aux par pour sur se sa son ses un une ne"),
    opinion=re.compile(
        r"\b(?:je\s+n['’]aime\s+pas|j['’]étais\s+(?:très\s+)?(?:en\s+colère|content)|je\s+(?:pense|crois|trouve)|"
        r"à\s+mon\s+avis|c['’]est\s+une\s+chose|ce\s+n['’]est\s+pas\s+(?:le\s+moment|bien))",
        re.IGNORECASE,
    ),
    harm=re.compile(r"\b(?:bless|mort|tué|victime|dégât|détrui|endommag)\w*", re.IGNORECASE),
    normative=re.compile(r"\b(?:doit|doivent|devait|devaient|il\s+faut|il\s+est\s+nécessaire)\b", re.IGNORECASE),
    articles=words("le la les l' l’ un une"),
    name_particles=words("de du d' d’ la le"),
)
