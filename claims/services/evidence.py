"""Evidence for a claim: gathered automatically when research starts, and added by hand by checkers.

Gathering looks in three places: fact-checks published here or imported, passages of ingested articles, and the
external sources configured in FACTCHECK_EVIDENCE_SOURCES. Each piece of evidence has a fingerprint unique per
claim, so gathering again (a redelivered task, a reopened claim) never duplicates anything.
"""

from __future__ import annotations

import hashlib
import logging
import re
import urllib.parse
from dataclasses import dataclass

import snowballstemmer
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.errors import Conflict, InvalidInput, NotFound, TransitionForbidden
from claims.models import Article, Claim, ClaimMatch, Evidence, FactCheck
from claims.selectors.search import full_text_filter
from claims.services.evidence_sources import EvidenceSourceError, evidence_sources
from claims.states import OPEN_STATES
from claims.workflow import PERMISSION, evidence_refusal

logger = logging.getLogger(__name__)

FACTCHECK_LIMIT = 5
ARCHIVE_LIMIT = 5
EXTERNAL_LIMIT = 5
EXCERPT_CHARS = 600
MAX_KEYWORDS = 16
# Passages and fact-checks sharing fewer of the claim's content words than this are noise, not evidence.
MIN_RELEVANCE = 0.2

SOURCE_FACTCHECKS = "factchecks"
SOURCE_ARCHIVE = "archive"

_STOPWORD_TEXT = """
a about after again against all also am an and any are as at be because been before being between both but by
can could did do does doing down during each few for from further had has have having he her here hers him his
how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours
out over own said same says she should so some such than that the their them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you
your
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[^\W_][\w'\u2019-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)\]]))\s+")
_PARAGRAPH = re.compile(r"\n\s*\n")
_stemmer = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class GatherReport:
    created: int


def _keywords(text: str) -> list[str]:
    words = []
    for word in _WORD.findall(text.lower()):
        word = word.strip("'\u2019-")
        if word and word not in _STOPWORDS and (len(word) > 2 or word.isdigit()) and word not in words:
            words.append(word)
    return words[:MAX_KEYWORDS]


def _stems(text: str) -> set[str]:
    return set(_stemmer.stemWords([w.strip("'\u2019-") for w in _WORD.findall(text.lower())]))


def _overlap(query_stems: set[str], text: str) -> float:
    """Share of the claim's content words found in `text` (0..1): the relevance of a passage."""
    if not query_stems:
        return 0.0
    return round(len(query_stems & _stems(text)) / len(query_stems), 4)


def best_passage(text: str, query_stems: set[str], *, max_chars: int = EXCERPT_CHARS) -> tuple[str, float]:
    """The passage of `text` that best matches the query: its best sentence, with up to one neighbour on each
    side from the same paragraph while the passage stays within `max_chars`."""
    sentences: list[tuple[int, str]] = []  # (paragraph number, sentence)
    for number, paragraph in enumerate(_PARAGRAPH.split(text)):
        sentences += [(number, s.strip()) for s in _SENTENCE_END.split(paragraph) if s.strip()]
    if not sentences:
        return "", 0.0
    scores = [_overlap(query_stems, sentence) for _, sentence in sentences]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    paragraph = sentences[best][0]
    start, end = best, best + 1
    # Context helps the checker: the following sentence first, then the preceding one.
    for neighbour in (best + 1, best - 1):
        lo, hi = min(start, neighbour), max(end, neighbour + 1)
        if (
            0 <= neighbour < len(sentences)
            and sentences[neighbour][0] == paragraph
            and len(" ".join(sentence for _, sentence in sentences[lo:hi])) <= max_chars
        ):
            start, end = lo, hi
    passage = " ".join(sentence for _, sentence in sentences[start:end])
    if len(passage) > max_chars:
        passage = passage[: max_chars - 1].rsplit(" ", 1)[0] + "\u2026"
    return passage, _overlap(query_stems, passage)


def _normalise_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    return urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def evidence_fingerprint(*, url: str = "", source: str = "", excerpt: str = "") -> str:
    """The same evidence gets the same fingerprint: its URL when it has one, else its source and excerpt."""
    key = f"url:{_normalise_url(url)}" if url else f"text:{source}:{' '.join(excerpt.split()).lower()}"
    return hashlib.sha256(key.encode()).hexdigest()


def _search_query(keywords: list[str]) -> str:
    # Any of the claim's content words, ranked by how many match (websearch syntax); a whole-sentence query
    # would require every word.
    return " or ".join(keywords)


def _full_text(queryset, keywords: list[str]):
    return full_text_filter(queryset, _search_query(keywords), ranked=True).order_by("-rank")


def _factcheck_candidates(claim: Claim, keywords: list[str], query_stems: set[str]) -> list[Evidence]:
    suggested = {
        match.matched_factcheck_id: match.score
        for match in ClaimMatch.objects.filter(claim=claim, matched_factcheck__isnull=False).exclude(
            status=ClaimMatch.Status.REJECTED
        )
    }
    found = list(_full_text(FactCheck.objects.exclude(claim=claim), keywords)[: FACTCHECK_LIMIT * 4])
    found += list(FactCheck.objects.filter(pk__in=set(suggested) - {fc.pk for fc in found}))
    evidence = []
    for factcheck in found:
        text = f"{factcheck.claim_text} {factcheck.title}"
        relevance = max(_overlap(query_stems, text), min(max(suggested.get(factcheck.pk, 0.0), 0.0), 1.0))
        if relevance < MIN_RELEVANCE:
            continue
        rating = f"Rated {factcheck.rating}. " if factcheck.rating else ""
        evidence.append(
            Evidence(
                url=factcheck.url,
                title=(factcheck.title or factcheck.claim_text)[:1000],
                excerpt=f"{rating}{factcheck.claim_text}" + (f" — {factcheck.summary}" if factcheck.summary else ""),
                source=(f"{SOURCE_FACTCHECKS}:{factcheck.publisher}" if factcheck.publisher else SOURCE_FACTCHECKS)[
                    :100
                ],
                relevance=relevance,
            )
        )
    return sorted(evidence, key=lambda e: -e.relevance)[:FACTCHECK_LIMIT]


def _archive_candidates(claim: Claim, keywords: list[str], query_stems: set[str]) -> list[Evidence]:
    articles = _full_text(Article.objects.exclude(pk=claim.article_id), keywords).only("pk", "url", "title", "text")
    evidence = []
    for article in articles[: ARCHIVE_LIMIT * 4]:
        passage, relevance = best_passage(article.text, query_stems)
        if relevance < MIN_RELEVANCE:
            continue
        evidence.append(
            Evidence(
                url=article.url,
                title=article.title[:1000],
                excerpt=passage,
                source=SOURCE_ARCHIVE,
                relevance=relevance,
                # Articles without a URL are told apart by their id.
                fingerprint="" if article.url else evidence_fingerprint(source=f"article:{article.pk}"),
            )
        )
    return sorted(evidence, key=lambda e: -e.relevance)[:ARCHIVE_LIMIT]


def _external_candidates(claim: Claim, query_stems: set[str]) -> tuple[list[Evidence], list[OSError]]:
    evidence, transient = [], []
    for source in evidence_sources():
        try:
            hits = source.search(claim.text, limit=EXTERNAL_LIMIT)
        except EvidenceSourceError:
            logger.exception("claim %s: evidence source %s answered badly; skipped", claim.pk, source.name)
            continue
        except OSError as exc:
            logger.warning("claim %s: evidence source %s unreachable: %s", claim.pk, source.name, exc)
            transient.append(exc)
            continue
        for hit in hits:
            relevance = (
                hit.relevance if hit.relevance is not None else _overlap(query_stems, f"{hit.title} {hit.excerpt}")
            )
            evidence.append(
                Evidence(
                    url=hit.url, title=hit.title, excerpt=hit.excerpt, source=source.name[:100], relevance=relevance
                )
            )
    return evidence, transient


def evidence_gather(*, claim_id: int) -> GatherReport:
    """Gather evidence for a claim under work from fact-checks, the article archive and external sources.

    Idempotent: evidence already attached (same fingerprint) is kept as it is, stance included. If an external
    source is unreachable, what the others found is saved and the OSError is raised again so the task retries.
    """
    claim = Claim.objects.filter(pk=claim_id).first()
    if claim is None or claim.status not in OPEN_STATES:
        return GatherReport(created=0)
    keywords = _keywords(claim.text)
    query_stems = _stems(" ".join(keywords))
    candidates = []
    if keywords:
        candidates += _factcheck_candidates(claim, keywords, query_stems)
        candidates += _archive_candidates(claim, keywords, query_stems)
    external, transient = _external_candidates(claim, query_stems)
    candidates += external
    now = timezone.now()
    for item in candidates:
        item.claim = claim
        item.origin = Evidence.Origin.AUTO
        item.retrieved_at = now
        item.fingerprint = item.fingerprint or evidence_fingerprint(
            url=item.url, source=item.source, excerpt=item.excerpt
        )
    before = Evidence.objects.filter(claim=claim).count()
    # The unique (claim, fingerprint) constraint makes concurrent or repeated runs insert each item once.
    Evidence.objects.bulk_create(candidates, ignore_conflicts=True)
    created = Evidence.objects.filter(claim=claim).count() - before
    logger.info("claim %s: %s new evidence items from %s candidates", claim.pk, created, len(candidates))
    if transient:
        raise transient[0]
    return GatherReport(created=created)


def _check_may_change_evidence(claim: Claim, user) -> None:
    refused = evidence_refusal(claim, user)
    if refused is not None:
        kind, reason = refused
        raise (TransitionForbidden if kind == PERMISSION else Conflict)(reason)


def _clean_stance(stance: str) -> str:
    if stance not in Evidence.Stance.values:
        choices = ", ".join(value for value in Evidence.Stance.values if value)
        raise InvalidInput("Unknown stance.", fields={"stance": [f"One of: {choices} (or empty)."]})
    return stance


def evidence_add(
    *, claim_id: int, user, url: str = "", title: str = "", excerpt: str = "", stance: str = "", source: str = ""
) -> Evidence:
    """A checker (on their own claim) or an editor adds evidence by hand while the claim is under work."""
    url, title, excerpt, source = url.strip(), title.strip(), excerpt.strip(), source.strip()
    with transaction.atomic():
        # Locked as a transition locks it, so the claim cannot be published between the check and the write.
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if claim is None:
            raise NotFound(f"Claim {claim_id} does not exist.")
        _check_may_change_evidence(claim, user)
        fields: dict[str, list[str]] = {}
        if not url and not excerpt:
            fields["url"] = ["Give a URL or an excerpt."]
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                fields["url"] = ["Enter a valid http(s) URL."]
        for name, value, limit in (("url", url, 2000), ("title", title, 1000), ("source", source, 100)):
            if len(value) > limit:
                fields.setdefault(name, []).append(f"At most {limit} characters.")
        if fields:
            raise InvalidInput("Invalid evidence.", fields=fields)
        stance = _clean_stance(stance)
        try:
            with transaction.atomic():
                return Evidence.objects.create(
                    claim=claim,
                    url=url,
                    title=title,
                    excerpt=excerpt,
                    source=source or "manual",
                    stance=stance,
                    origin=Evidence.Origin.MANUAL,
                    retrieved_at=timezone.now(),
                    relevance=1.0,
                    fingerprint=evidence_fingerprint(url=url, source="manual", excerpt=excerpt),
                    added_by=user,
                )
        except IntegrityError:
            raise Conflict("This evidence is already attached to the claim.") from None


def evidence_set_stance(*, claim_id: int, evidence_id: int, user, stance: str) -> Evidence:
    """Record whether the evidence supports or refutes the claim, or gives context (checker on own claim, editor),
    while the claim is under work: a published fact-check's evidence changes only after a reopen."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if claim is None:
            raise NotFound(f"Claim {claim_id} does not exist.")
        # Evidence is reached only through its own claim, so no claim's evidence changes through another's.
        evidence = Evidence.objects.filter(pk=evidence_id, claim=claim).first()
        if evidence is None:
            raise NotFound(f"Claim {claim_id} has no evidence {evidence_id}.")
        _check_may_change_evidence(claim, user)
        evidence.stance = _clean_stance(stance)
        evidence.save(update_fields=["stance"])
    return evidence
