"""The grammars of the languages extraction handles besides English, by ISO 639-1 code."""

from __future__ import annotations

from claims.extraction.grammar import Grammar
from claims.extraction.languages import de, es, fr, pt, ru, uk

GRAMMARS: dict[str, Grammar] = {
    g.code: g for g in (uk.GRAMMAR, ru.GRAMMAR, es.GRAMMAR, fr.GRAMMAR, de.GRAMMAR, pt.GRAMMAR)
}
