"""Attribution measured on hand-labelled Wikinews statements: claimant accuracy and cue accuracy.

The labels (`tests/extraction/data/wikinews_attribution.json`) name, for each attributed statement, its article
(URL and title), the first words of its sentence, the claimant span and the cue. The articles themselves are not
in the repository: PATH is a folder of Wikinews CSV files (`url`, `title`, `text`), by default
../shared/data/news/wikinews. Each labelled article goes through extraction as ingestion runs it
(`article_candidates_extract`, no topic watched) and the candidate holding the statement's first words, flagged or
not, is compared with the label:

- claimant accuracy: share of statements whose claimant equals the label once both are normalised as the
  NewsClaims claimer score does (case, punctuation and a leading article ignored; a titled person compared by
  name, so "Police spokesman Mariusz Ciarka" = "Mariusz Ciarka").
- cue accuracy: share whose cue is the labelled word (case ignored).

The set was labelled to report on. Later rules were written looking at the errors of one half of its articles
only (those whose URL's SHA-1 is even: "studied"); the other half ("held out") is reported apart.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

from claims.evaluation.claims import claimer_tokens

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT.parent / "shared/data/news/wikinews"
LABELS_PATH = ROOT / "tests/extraction/data/wikinews_attribution.json"


def read_articles(path: Path) -> dict[str, tuple[str, str]]:
    """{url: (title, text)} from the Wikinews CSV files under PATH (or one such file)."""
    csv.field_size_limit(sys.maxsize)
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    articles = {}
    for file in files:
        with file.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                articles[row["url"]] = (row.get("title") or "", row["text"])
    return articles


def locate(text: str, locator: str) -> int:
    """Offset of a sentence's first words in the article (whitespace may differ), or -1."""
    found = re.search(r"\s+".join(re.escape(word) for word in locator.split()), text)
    return found.start() if found else -1


def half(url: str) -> str:
    """Which half of the set an article is in: "studied" (its URL's SHA-1 is even) or "held out"."""
    digest = hashlib.sha1(url.encode("utf-8"), usedforsecurity=False).hexdigest()
    return "held out" if int(digest, 16) % 2 else "studied"


def evaluate(path: Path = DEFAULT_PATH, *, labels_path: Path = LABELS_PATH) -> list[tuple[str, str]]:
    """Each labelled statement's claimant and cue on the candidate that holds it, extracted as ingestion extracts."""
    from claims.services.ingestion import article_candidates_extract  # (the halves and locators need no Django)

    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    articles = read_articles(path)
    total = right = cue_right = missing = 0
    by_half = {"studied": [0, 0], "held out": [0, 0]}  # statements, claimants right
    for article in labels["articles"]:
        if article["url"] not in articles:
            raise ValueError(f"{path}: no article {article['url']}")
        title, text = articles[article["url"]]
        candidates = article_candidates_extract(text=text, title=title, topics=())
        counts = by_half[half(article["url"])]
        for statement in article["statements"]:
            total += 1
            counts[0] += 1
            at = locate(text, statement["locator"])
            claim = next((c for c in candidates if c.start <= at < c.end), None) if at >= 0 else None
            if claim is None:
                missing += 1
                continue
            correct = claimer_tokens(claim.claimant) == claimer_tokens(statement["claimant"])
            right += correct
            counts[1] += correct
            cue_right += claim.cue.lower() == statement["cue"].lower()
    return [
        ("statements", f"{total} in {len(labels['articles'])} articles"),
        ("claimant accuracy", f"{right / total:.3f}" if total else "n/a"),
        ("cue accuracy", f"{cue_right / total:.3f}" if total else "n/a"),
        *(
            (f"  claimant accuracy, {name} half", f"{ok / n:.3f} of {n}" if n else "n/a")
            for name, (n, ok) in by_half.items()
        ),
        ("statements not found in the text", str(missing)),
    ]
