"""The desk's rating scale: slugs stored on verdicts, labels shown to readers, and the published numbers.

The scale comes from `settings.FACTCHECK_RATING_SCALE` as (slug, label, value) rows; `value` is an integer on
the numeric scale (higher is more accurate) or None for ratings outside it, such as "misleading". ClaimReview
carries `ratingValue`/`bestRating`/`worstRating` only for numeric ratings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Rating:
    slug: str
    label: str
    value: int | None


def rating_scale() -> list[Rating]:
    """The configured scale, validated: unique slugs, and integer or None values."""
    scale = [
        Rating(slug=str(slug), label=str(label), value=value) for slug, label, value in settings.FACTCHECK_RATING_SCALE
    ]
    slugs = [rating.slug for rating in scale]
    if len(set(slugs)) != len(slugs):
        raise ImproperlyConfigured("FACTCHECK_RATING_SCALE has duplicate slugs.")
    for rating in scale:
        if rating.value is not None and (isinstance(rating.value, bool) or not isinstance(rating.value, int)):
            raise ImproperlyConfigured(f"FACTCHECK_RATING_SCALE: the value of {rating.slug!r} must be an int or None.")
    return scale


def rating_slugs() -> list[str]:
    return [rating.slug for rating in rating_scale()]


def rating_choices() -> list[tuple[str, str]]:
    return [(rating.slug, rating.label) for rating in rating_scale()]


def rating_get(name: str) -> Rating | None:
    """The rating whose slug or label is `name` (case-insensitive), or None if it is not on the scale."""
    wanted = name.strip().casefold()
    for rating in rating_scale():
        if wanted in (rating.slug.casefold(), rating.label.casefold()):
            return rating
    return None


def rating_label(name: str) -> str:
    """The label readers see: the scale's label for a known rating, else the text as given (imported ratings)."""
    rating = rating_get(name)
    return rating.label if rating else name


def rating_bounds() -> tuple[int, int] | None:
    """(best, worst) of the numeric scale, or None when no rating is numeric."""
    values = [rating.value for rating in rating_scale() if rating.value is not None]
    if not values:
        return None
    return max(values), min(values)
