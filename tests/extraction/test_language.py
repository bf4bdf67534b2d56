"""Language detection: accuracy on short sentences, tags from feeds and requests, and no network at run time."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claims.evaluation import language as evaluation
from claims.extraction.language import LANGUAGES, detect_language, normalise_language

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def results():
    return evaluation.accuracy(evaluation.read_sentences(evaluation.DEFAULT_PATH))


def test_every_handled_language_has_200_short_sentences(results):
    assert set(results) == set(LANGUAGES)
    assert all(total == 200 for _, total in results.values())


def test_short_sentences_are_told_apart(results):
    for code, (correct, total) in results.items():
        assert correct / total >= 0.9, f"{code}: {correct}/{total}"
    assert sum(ok for ok, _ in results.values()) / 1400 >= 0.95


def test_a_language_extraction_does_not_handle_is_kept_and_text_without_letters_has_none():
    assert detect_language("Il governo ha approvato ieri la nuova legge sul lavoro, dopo un lungo dibattito.") == "it"
    assert detect_language("12 345 — 2024") == ""


@pytest.mark.parametrize(("tag", "code"), [("pt-BR", "pt"), ("en_US", "en"), ("UK", "uk"), ("", ""), ("x", "")])
def test_tags_from_feeds_and_requests_reduce_to_the_language(tag, code):
    assert normalise_language(tag) == code


def test_the_model_ships_with_the_package_and_needs_no_network(tmp_path):
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network used")

        socket.socket.connect = socket.socket.connect_ex = refuse
        socket.getaddrinfo = refuse
        from claims.extraction.language import detect_language

        print(detect_language("Міністр закордонних справ заявив, що переговори тривають."))
        """
    )
    env = {"PATH": "/usr/bin:/bin", "FTLANG_CACHE": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "uk"
    assert not any(tmp_path.iterdir())
