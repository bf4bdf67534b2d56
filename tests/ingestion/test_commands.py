"""`manage.py ingest` and `manage.py bootstrap`."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from claims.models import Article, IngestionItem, IngestionJob
from tests.support import record_sends

pytestmark = pytest.mark.django_db


def _run(*args, **kwargs) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "one.txt").write_text("The mayor said 12 buses were bought. Everyone cheered.", encoding="utf-8")
    (tmp_path / "two.html").write_text(
        "<html><head><title>Two</title></head><body><article><p>Prices rose 3% in May, the bank said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "latin.txt").write_bytes("Le café coûte 2 euros.".encode("cp1252"))
    (tmp_path / "news.csv").write_text(
        "url,date,title,text\n"
        'https://news.example/1,2020-01-02,First,"Officials counted 40 votes. Nothing else."\n'
        'https://news.example/2,2020-01-03,Second,"The river rose 2 metres overnight."\n',
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_ingest_files_and_wait_for_json(corpus, fake_extraction, eager_celery):
    output = _run("ingest", str(corpus), "--wait", "--json", "--timeout", "10")
    result = json.loads(output)
    (job,) = result["jobs"]
    assert job["status"] == "done"
    assert (job["total"], job["succeeded"], job["failed"]) == (5, 5, 0)
    assert job["claims_created"] == 5
    assert Article.objects.filter(source="file").count() == 5
    assert Article.objects.get(url="https://news.example/1").published_at.isoformat().startswith("2020-01-02")
    assert Article.objects.filter(text__contains="café coûte").exists()
    assert IngestionJob.objects.get().kind == "file"

    # The same files again: nothing new.
    again = json.loads(_run("ingest", str(corpus), "--wait", "--json", "--timeout", "10"))
    assert again["jobs"][0]["claims_created"] == 0
    assert Article.objects.count() == 5


def test_ingest_without_wait_only_queues(corpus):
    output = _run("ingest", str(corpus / "one.txt"))
    assert re.search(r"job \d+: queued, 1 items", output)
    assert IngestionItem.objects.get().status == "pending"


def test_ingest_gives_the_articles_a_language_when_told(corpus):
    _run("ingest", str(corpus / "one.txt"), "--language", "pt-BR")
    assert IngestionItem.objects.get().payload["language"] == "pt"
    with pytest.raises(CommandError, match="language"):
        _run("ingest", str(corpus / "one.txt"), "--language", "not a language")


def test_ingest_refuses_missing_paths(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        _run("ingest", str(tmp_path / "nope.txt"))


def test_ingest_csv_dates_become_iso_date_times(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(
        "url,date,title,text\n"
        "https://news.example/1,2024-05-13 10:00,One,First.\n"
        "https://news.example/2,2024-05-14,Two,Second.\n"
        "https://news.example/3,2024-05-15T08:30:00+02:00,Three,Third.\n",
        encoding="utf-8",
    )
    _run("ingest", str(path))
    assert [item.payload["published_at"] for item in IngestionItem.objects.order_by("position")] == [
        "2024-05-13T10:00:00+00:00",
        "2024-05-14T00:00:00+00:00",
        "2024-05-15T06:30:00+00:00",
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("https://news.example/1,2024-02-30,One,First.", "`published_at` is not a valid ISO 8601 date-time"),
        ("https://news.example/1,2024-02-30 10:00,One,First.", "`published_at` is not a valid ISO 8601 date-time"),
        ("https://news.example/1,2024-05-13,One,Fir\x00st.", "`text` contains a NUL character"),
    ],
)
def test_ingest_refuses_bad_csv_rows_with_a_message(tmp_path, row, message):
    path = tmp_path / "news.csv"
    path.write_text(f"url,date,title,text\n{row}\n", encoding="utf-8")
    with pytest.raises(CommandError, match=re.escape(message)):
        _run("ingest", str(path))
    assert not IngestionJob.objects.exists()


def test_bootstrap_creates_accounts_once_and_queues_seeds(tmp_path, django_capture_on_commit_callbacks, monkeypatch):
    sent = record_sends(monkeypatch, "workers.ingestion.ingestion_item_process")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "000_seed.txt").write_text("The minister said 91 drones were destroyed.", encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        output = _run("bootstrap", "--seeds", str(seeds))
    passwords = dict(re.findall(r"(?:superuser|demo user) (\w+).*? with password (\S+)", output))
    assert set(passwords) == {"admin", "editor", "checker"}
    assert len(set(passwords.values())) == 3
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    for username in ("admin", "editor", "checker"):
        assert authenticate(username=username, password=passwords[username]) is not None
    assert User.objects.get(username="editor").groups.filter(name="editor").exists()
    assert User.objects.get(username="checker").groups.filter(name="checker").exists()
    job = IngestionJob.objects.get()
    assert job.items.get().label == "seeds/000_seed.txt"
    assert sent == [job.items.get().pk]  # processed by a worker, not inline

    with django_capture_on_commit_callbacks(execute=True):
        second = _run("bootstrap", "--seeds", str(seeds))
    assert "password" not in second
    assert "already ingested" in second
    assert IngestionJob.objects.count() == 1
    assert len(sent) == 1


def test_bootstrap_never_uses_a_fixed_password(tmp_path):
    first = _run("bootstrap", "--seeds", str(tmp_path), "--no-demo-users")
    password = re.search(r"with password (\S+)", first).group(1)
    get_user_model().objects.all().delete()
    second = _run("bootstrap", "--seeds", str(tmp_path), "--no-demo-users")
    assert re.search(r"with password (\S+)", second).group(1) != password
