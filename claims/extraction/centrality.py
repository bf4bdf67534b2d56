"""How central a sentence is to its article: lexical cosine to the rest of the text, as a z-score.

Claims an article is about share its vocabulary; boilerplate, captions and asides do not. Computed from
word counts within the article only (no model, no corpus statistics), so it costs a few microseconds a
sentence.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from claims.extraction import lexicon as lx

_WORD = re.compile(r"[a-z][a-z\-]+")
_STOP = lx.FUNCTION_WORDS | lx.DETERMINERS | lx.PREPOSITIONS | lx.SPEECH_VERBS | lx.ADVERBS_BEFORE_VERB


def _bag(text: str, word: re.Pattern[str], stop: frozenset[str]) -> Counter[str]:
    words = (w for w in word.findall(text.lower()) if len(w) > 2 and w not in stop)
    # a crude stem so that "vaccine" and "vaccines" count as one word
    return Counter(w[:-1] if len(w) > 4 and w.endswith("s") else w for w in words)


def centrality(texts: list[str], *, word: re.Pattern[str] = _WORD, stop: frozenset[str] = _STOP) -> list[float]:
    """Z-scores (mean 0, sd 1 over the article) of each text's similarity to all the others; `word` and `stop`
    say what a word is and which words to ignore (English by default)."""
    if len(texts) < 3:
        return [0.0] * len(texts)
    bags = [_bag(t, word, stop) for t in texts]
    total: Counter[str] = Counter()
    for bag in bags:
        total.update(bag)
    raw = []
    for bag in bags:
        rest = total - bag
        dot = sum(n * rest[w] for w, n in bag.items())
        norm = math.sqrt(sum(n * n for n in bag.values()) * sum(n * n for n in rest.values()))
        raw.append(dot / norm if norm else 0.0)
    mean = sum(raw) / len(raw)
    sd = math.sqrt(sum((r - mean) ** 2 for r in raw) / len(raw))
    return [(r - mean) / sd if sd else 0.0 for r in raw]
