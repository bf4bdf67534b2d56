"""The extract and evaluate commands, run as a desk would run them (real model, no database)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.evaluation.topics import COVID_TOPICS_PATH
from tests.extraction.conftest import SEED


def test_extract_json_prints_one_line_per_file_with_only_claims(tmp_path):
    other = tmp_path / "short.txt"
    other.write_text("OPINION\n\nI think this is wonderful.\n", encoding="utf-8")
    out = StringIO()
    call_command("extract", str(SEED), str(other), "--json", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    seed, short = (json.loads(line) for line in lines)
    assert seed["path"] == str(SEED) and seed["language"] == "en"
    assert short == {"path": str(other), "language": "en", "claims": []}
    text = SEED.read_text(encoding="utf-8")
    assert len(seed["claims"]) >= 12
    for claim in seed["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["quote"]
        assert set(claim) == {
            "text", "quote", "start", "end", "claimant", "cue", "checkworthiness", "numbers", "dates", "entities",
        }  # fmt: skip
    assert any("91 long-range drones" in c["numbers"] for c in seed["claims"])


def test_extract_listing_is_readable():
    out = StringIO()
    call_command("extract", str(SEED), stdout=out)
    listing = out.getvalue()
    assert "Russian Foreign Minister Sergei Lavrov (said)" in listing
    assert "TERRITORIAL ISSUES UNRESOLVED" not in listing


def test_extract_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match=r"missing\.txt"):
        call_command("extract", str(tmp_path / "missing.txt"))


def _newsclaims(folder: Path) -> Path:
    sentences = [
        "Health officials said 40 people were infected in March.",
        "The weather was pleasant.",
        '"Masks cut transmission by half," Dr. Ann Lee told reporters.',
        '"Wash your hands often.',
        'Soap kills the virus," she added.',
    ]
    offsets, position = {}, 0
    for n, sentence in enumerate(sentences):
        offsets[f"doc-{n}"] = {"start_char": position, "end_char": position + len(sentence) - 1, "sentence": sentence}
        position += len(sentence) + 1
    claims = {
        "doc-0": {"sentence": sentences[0], "has_claimer": True, "claimer": "Health officials"},
        "doc-2": {"sentence": sentences[2], "has_claimer": True, "claimer": "Ann Lee"},
        "doc-4": {"sentence": sentences[4], "has_claimer": True, "claimer": "Ann Lee", "claimer_in_sentence": False},
    }
    (folder / "sentences.json").write_text(json.dumps({"doc": offsets}), encoding="utf-8")
    (folder / "claims.json").write_text(json.dumps({"doc": claims}), encoding="utf-8")
    return folder


def test_evaluate_claims_prints_the_table(tmp_path):
    out = StringIO()
    call_command("evaluate", "claims", str(_newsclaims(tmp_path)), stdout=out)
    rows = dict(line.rsplit(None, 1) for line in out.getvalue().splitlines()[1:])
    rows = {name.strip(): value for name, value in rows.items()}
    assert rows["gold claims"] == "3"
    assert rows["claim recall"] == "1.000"
    assert float(rows["claimer score"]) >= 0.8


def test_evaluate_claims_watches_newsclaims_topics_unless_told_otherwise(tmp_path):
    def watched(*options: str) -> str:
        out = StringIO()
        call_command("evaluate", "claims", str(_newsclaims(tmp_path)), *options, stdout=out)
        return next(line for line in out.getvalue().splitlines() if line.startswith("watched topics"))

    assert watched().endswith("Origin, Transmission, Cure, Protection")
    assert watched("--no-topics").endswith("none")
    masks = tmp_path / "masks.json"
    masks.write_text(json.dumps({"topics": [{"name": "Masks", "statements": ["Masks work."]}]}), encoding="utf-8")
    assert watched("--watch", str(masks)).endswith("Masks")
    with pytest.raises(CommandError, match="apply to claims only"):
        call_command("evaluate", "attribution", "--no-topics")
    masks.write_text(json.dumps({"topics": [{"name": "Masks", "statements": "Masks work."}]}), encoding="utf-8")
    with pytest.raises(CommandError, match="not a list"):
        call_command("evaluate", "claims", str(tmp_path), "--watch", str(masks))


def test_extract_watches_topics_from_a_file_without_the_database(tmp_path):
    out = StringIO()
    call_command("extract", str(SEED), "--json", "--watch", str(COVID_TOPICS_PATH), stdout=out)
    assert json.loads(out.getvalue())["claims"]
    with pytest.raises(CommandError, match="No such file"):
        call_command("extract", str(SEED), "--watch", str(tmp_path / "missing.json"))


def test_evaluate_refuses_a_missing_path(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("evaluate", "claims", str(tmp_path / "nowhere"))


@pytest.mark.parametrize(
    ("kind", "files", "message"),
    [
        ("claims", {"sentences.json": "{not json", "claims.json": "{}"}, "Expecting property name"),
        ("claims", {"sentences.json": "{}"}, "No such file or directory"),
        (
            "claims",
            {"sentences.json": json.dumps({"doc": {"s1": {"sentence": "A."}}}), "claims.json": "{}"},
            "a record lacks the field 'start_char'",
        ),
        ("claims", {"sentences.json": b"\xff\xfe{}", "claims.json": "{}"}, "can't decode byte"),
        ("checkworthiness", {"data.tsv": "id\tsentence\n1\tA claim.\n"}, "no Text column"),
    ],
)
def test_evaluate_reports_a_malformed_data_set(tmp_path, kind, files, message):
    for name, content in files.items():
        target = tmp_path / name
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(CommandError, match=message):
        call_command("evaluate", kind, str(tmp_path))
