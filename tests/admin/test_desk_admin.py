"""Every model in the admin, the dashboard, feeds, API tokens, and the admin's share of intake and publishing."""

import hashlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from claims.admin.charts import bar_chart_svg
from claims.models import ApiToken, CheckerProfile, ClaimEvent, Feed, IngestionItem, IngestionJob, Webhook
from claims.selectors.dashboard import claims_published_per_week
from claims.workflow import State

pytestmark = pytest.mark.django_db


def test_every_model_is_registered_and_its_pages_open(client, admin_user, make_claim):
    make_claim()
    for model in apps.get_app_config("claims").get_models():
        assert admin.site.is_registered(model), model
    assert admin.site.is_registered(PeriodicTask)
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:django_celery_beat_periodictask_changelist") in index
    assert reverse("admin:claims_dashboard") in index
    for model in [*apps.get_app_config("claims").get_models(), PeriodicTask]:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_periodic_tasks_are_editable_by_superusers(client, admin_user):
    from django_celery_beat.models import IntervalSchedule

    schedule = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    task = PeriodicTask.objects.create(name="poll", task="workers.ingestion.feeds_poll_due", interval=schedule)
    client.force_login(admin_user)
    response = client.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"]


def test_article_page_marks_its_claims_and_ingestion(client, editor, make_claim):
    claim = make_claim(text="Exports rose 7%.")
    job = IngestionJob.objects.create(kind="text", status="done", total=1, succeeded=1)
    IngestionItem.objects.create(job=job, position=0, status="done", article=claim.article)
    client.force_login(editor)
    html = client.get(reverse("admin:claims_article_change", args=[claim.article_id])).content.decode()
    assert '<mark class="fc-quote" title="Claim' in html
    assert "Exports rose 7%.</mark>" in html
    assert reverse("admin:claims_claim_change", args=[claim.pk]) in html
    assert reverse("admin:claims_ingestionjob_change", args=[job.pk]) in html
    listing = client.get(reverse("admin:claims_article_changelist"))
    assert listing.context["cl"].result_list[0].n_claims == 1


def test_ingestion_job_shows_item_errors(client, editor):
    job = IngestionJob.objects.create(kind="url", status="done", total=2, succeeded=1, failed=1)
    IngestionItem.objects.create(job=job, position=0, status="done", label="https://ok.example")
    IngestionItem.objects.create(
        job=job, position=1, status="failed", label="https://bad.example", error="Refused: private address"
    )
    client.force_login(editor)
    html = client.get(reverse("admin:claims_ingestionjob_change", args=[job.pk])).content.decode()
    assert "Refused: private address" in html
    listing = client.get(reverse("admin:claims_ingestionjob_changelist"), {"errors": "yes"})
    assert list(listing.context["cl"].result_list) == [job]


def test_feeds_are_added_through_the_service_and_paused_and_resumed(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:claims_feed_add"),
        {"url": "https://News.Example/feed.xml", "title": "News", "is_active": "on", "poll_interval_minutes": 15},
    )
    assert response.status_code == 302
    feed = Feed.objects.get()
    assert (feed.title, feed.poll_interval_minutes, feed.created_by) == ("News", 15, editor)
    changelist = reverse("admin:claims_feed_changelist")
    client.post(changelist, {"action": "pause", helpers.ACTION_CHECKBOX_NAME: [feed.pk], "index": 0})
    feed.refresh_from_db()
    assert not feed.is_active
    feed.consecutive_failures = 4
    feed.save()
    client.post(changelist, {"action": "resume", helpers.ACTION_CHECKBOX_NAME: [feed.pk], "index": 0})
    feed.refresh_from_db()
    assert feed.is_active
    assert feed.consecutive_failures == 0  # resuming clears the backoff (feeds service)


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("ftp://news.example/feed", "must be an http(s) URL"),
        ("https://news.example:99999/feed", "The feed URL is malformed"),
        ("https://NEWS.example/feed?utm_source=x", "Feed with this Url already exists."),
    ],
)
def test_feed_urls_the_service_refuses_are_form_errors(client, editor, url, error):
    Feed.objects.create(url="https://news.example/feed")
    client.force_login(editor)
    response = client.post(reverse("admin:claims_feed_add"), {"url": url, "poll_interval_minutes": 30})
    assert response.status_code == 200
    assert error in str(response.context["adminform"].form.errors["url"])
    assert Feed.objects.count() == 1


def test_api_token_key_is_shown_once(client, admin_user, editor):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:claims_apitoken_add"), {"name": "CMS importer", "user": editor.pk, "scopes": ["ingest"]}
    )
    assert response.status_code == 200
    key = response.context["key"]
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.scopes == ["ingest"]
    assert key in response.content.decode()
    page = client.get(reverse("admin:claims_apitoken_change", args=[token.pk])).content.decode()
    assert key not in page


def test_webhook_secret_is_generated_and_not_echoed(client, admin_user):
    client.force_login(admin_user)
    client.post(
        reverse("admin:claims_webhook_add"),
        {
            "name": "Partner",
            "url": "https://partner.example/hook",
            "events": ["factcheck.published"],
            "is_active": "on",
        },
    )
    webhook = Webhook.objects.get()
    assert len(webhook.secret) >= 32
    page = client.get(reverse("admin:claims_webhook_change", args=[webhook.pk])).content.decode()
    assert webhook.secret not in page


def test_webhook_edited_with_the_secret_left_blank_keeps_it(client, admin_user):
    client.force_login(admin_user)
    client.post(
        reverse("admin:claims_webhook_add"),
        {"name": "Partner", "url": "https://partner.example/hook", "secret": "shared-secret"},
    )
    webhook = Webhook.objects.get()
    assert (webhook.secret, webhook.is_active) == ("shared-secret", False)  # created paused, as asked
    change = reverse("admin:claims_webhook_change", args=[webhook.pk])
    response = client.post(
        change, {"name": "Partner 2", "url": "https://partner.example/hook", "secret": "", "is_active": "on"}
    )
    assert response.status_code == 302
    webhook.refresh_from_db()
    assert (webhook.name, webhook.secret, webhook.is_active) == ("Partner 2", "shared-secret", True)
    client.post(change, {"name": "Partner 2", "url": "https://partner.example/hook", "secret": "rotated"})
    webhook.refresh_from_db()
    assert webhook.secret == "rotated"


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("ftp://partner.example/hook", "must use http or https"),
        ("https://user:pw@partner.example/hook", "must not carry credentials"),
    ],
)
def test_webhook_urls_the_service_refuses_are_form_errors(client, admin_user, url, error):
    client.force_login(admin_user)
    response = client.post(reverse("admin:claims_webhook_add"), {"name": "Partner", "url": url})
    assert response.status_code == 200
    assert error in str(response.context["adminform"].form.errors["url"])
    assert not Webhook.objects.exists()


def test_dashboard(client, editor, checker, other_checker, make_claim):
    make_claim(text="A new one.")
    make_claim(
        text="A late one.",
        status=State.RESEARCHING,
        assignee=checker,
        due_at=timezone.now() - timedelta(hours=2),
        overdue_since=timezone.now() - timedelta(hours=2),
    )
    published = make_claim(text="A published one.", status=State.PUBLISHED)
    ClaimEvent.objects.create(
        claim=published, actor=editor, transition="publish", from_state="in_review", to_state="published"
    )
    Feed.objects.create(url="https://broken.example/rss", consecutive_failures=3, last_error="HTTP 500 from server")
    IngestionJob.objects.create(kind="url", status="failed", total=1, failed=1, error="Fetch timed out")
    client.force_login(editor)
    response = client.get(reverse("admin:claims_dashboard"))
    html = response.content.decode()
    states = {s["state"]: s["count"] for s in response.context["states"]}
    assert (states["new"], states["researching"], states["published"], states["rejected"]) == (1, 1, 1, 0)
    assert response.context["overdue"] == 1
    workloads = {w["username"]: (w["open"], w["overdue"]) for w in response.context["workloads"]}
    assert workloads == {"chris": (1, 1), "charlie": (0, 0)}
    assert "<svg" in html and "Claims published per week" in html
    assert response.context["published_total"] == 1
    assert "HTTP 500 from server" in html
    assert "Fetch timed out" in html
    assert "Every task has been handed to the workers." in html


def test_dashboard_shows_how_long_the_oldest_unsent_task_has_waited(client, editor):
    from claims.models import OutboxMessage

    waiting = timezone.now() - timedelta(minutes=7)
    OutboxMessage.objects.create(task="workers.ingestion.feed_poll", args=[1], available_at=waiting)
    OutboxMessage.objects.create(task="workers.ingestion.feed_poll", args=[2], available_at=timezone.now())
    client.force_login(editor)
    html = client.get(reverse("admin:claims_dashboard")).content.decode()
    assert "2 tasks not yet handed to the workers; the oldest has waited 7 min." in html


def test_dashboard_needs_claim_access(client, django_user_model):
    staff = django_user_model.objects.create_user(username="intern", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:claims_dashboard")).status_code == 403


def test_published_per_week_counts_distinct_claims_per_week(editor, make_claim):
    claim = make_claim(status=State.PUBLISHED)
    now = timezone.now()
    for _ in range(2):  # a correction republished in the same week counts once
        ClaimEvent.objects.create(
            claim=claim, actor=editor, transition="publish", from_state="in_review", to_state="published"
        )
    weeks = claims_published_per_week(weeks=4, now=now)
    assert len(weeks) == 4
    assert weeks[-1][1] == 1
    assert sum(count for _week, count in weeks) == 1
    assert weeks[-1][0].weekday() == 0


def test_bar_chart_escapes_labels_and_scales_bars():
    svg = str(bar_chart_svg([("<a>", 2), ("b", 4)], title="T & T"))
    assert "&lt;a&gt;" in svg and "<a>" not in svg
    assert "T &amp; T" in svg
    assert 'height="160.0"' in svg  # the largest bar fills the plot height (220 - 24 - 36)
    assert 'height="80.0"' in svg


def test_editors_ingest_urls_or_text_through_the_ingestion_service(client, editor):
    client.force_login(editor)
    add = reverse("admin:claims_ingestionjob_add")
    refused = client.post(add, {"urls": "", "text": ""})
    assert "Give either URLs or a text." in refused.content.decode()
    response = client.post(add, {"urls": "https://news.example/a\n\nhttps://news.example/b\n"})
    job = IngestionJob.objects.get()
    assert response.url == reverse("admin:claims_ingestionjob_change", args=[job.pk])
    assert (job.kind, job.total, job.created_by) == ("url", 2, editor)
    assert list(job.items.values_list("payload", flat=True)) == [
        {"url": "https://news.example/a"},
        {"url": "https://news.example/b"},
    ]
    invalid = client.post(add, {"urls": "ftp://news.example/c"})
    assert "must be an http(s) URL" in invalid.content.decode()


def test_checkers_cannot_ingest(client, checker):
    client.force_login(checker)
    assert client.get(reverse("admin:claims_ingestionjob_add")).status_code == 403


def test_a_checkers_languages_are_entered_as_codes(client, editor, checker):
    profile = CheckerProfile.objects.create(user=checker)
    client.force_login(editor)
    url = f"/admin/claims/checkerprofile/{profile.pk}/change/"
    data = {"user": checker.pk, "is_available": "on", "topics": "[]"}
    refused = client.post(url, {**data, "languages": "uk, Ukrainian!"})
    assert refused.status_code == 200 and "Not language codes" in refused.content.decode()
    assert client.post(url, {**data, "languages": "UK, ru-RU"}).status_code == 302
    profile.refresh_from_db()
    assert profile.languages == ["uk", "ru"]
    assert "uk, ru" in client.get(url).content.decode()


def test_checkers_are_closed_and_opened_to_assignment_in_bulk(client, admin_user, checker, other_checker):
    from claims.models import CheckerProfile

    profiles = [CheckerProfile.objects.get_or_create(user=user)[0] for user in (checker, other_checker)]
    url = reverse("admin:claims_checkerprofile_changelist")
    client.force_login(admin_user)
    selected = [str(profile.pk) for profile in profiles]
    response = client.post(url, {"action": "make_unavailable", "_selected_action": selected}, follow=True)
    assert "2 checker(s) no longer get new assignments." in response.content.decode()
    assert not CheckerProfile.objects.filter(is_available=True).exists()
    client.post(url, {"action": "make_available", "_selected_action": selected[:1]})
    assert list(CheckerProfile.objects.filter(is_available=True)) == profiles[:1]
