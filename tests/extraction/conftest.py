from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_916fa07feb4c464c.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def neutral_score(sentences):
    """A model that has no opinion: every sentence sits exactly at its threshold."""
    return [0.5] * len(sentences)


def news_leaning_worthy(sentences):
    """A news head one log-odd above its cut on every sentence alike: the evidence alone ranks them."""
    return [1.0] * len(sentences)
