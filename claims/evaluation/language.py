"""Language detection measured on short sentences: accuracy per language and overall.

PATH is a folder of `<code>.txt` files (`uk.txt`, `pt.txt`, ...), one sentence per line, each in the language its
file is named after. The default is the set of 200 short news-style sentences per handled language kept with the
tests (written for this purpose, parallel in content across the languages).
"""

from __future__ import annotations

from pathlib import Path

from claims.extraction.language import detect_language

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "tests/extraction/data/languages"


def read_sentences(path: Path) -> dict[str, list[str]]:
    """Sentences by the language their file is named after."""
    files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{path}: no <language>.txt files")
    return {file.stem: [line.strip() for line in file.open(encoding="utf-8") if line.strip()] for file in files}


def accuracy(sentences: dict[str, list[str]]) -> dict[str, tuple[int, int]]:
    """(correct, total) per language."""
    return {code: (sum(detect_language(s) == code for s in lines), len(lines)) for code, lines in sentences.items()}


def evaluate(path: Path) -> list[tuple[str, str]]:
    results = accuracy(read_sentences(path))
    rows = [(code, f"{ok / total:.3f} ({ok}/{total})") for code, (ok, total) in results.items()]
    correct = sum(ok for ok, _ in results.values())
    total = sum(n for _, n in results.values())
    rows.append(("all", f"{correct / total:.3f} ({correct}/{total})"))
    return rows
