"""Small forms for the workbench: the input a transition, an evidence item or a bulk action needs.

They only shape input; every rule (who, when, what is valid) is checked by the services they feed.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model

from claims.extraction.language import normalise_language
from claims.models import ApiToken, CheckerProfile, Evidence
from claims.ratings import rating_choices
from claims.workflow import CHECKER, role_holders

TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 60})


def active_checkers():
    return get_user_model().objects.filter(role_holders(CHECKER)).distinct().order_by("username")


class CheckerProfileForm(forms.ModelForm):
    """Languages as the codes assignment and the queue compare with a claim's: `uk, ru` or ["uk", "ru"]."""

    languages = forms.CharField(
        required=False,
        help_text="Languages this checker reads, as ISO 639-1 codes separated by commas (uk, ru); blank: any.",
    )

    class Meta:
        model = CheckerProfile
        fields = ["user", "is_available", "languages", "topics"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = ", ".join(self.instance.languages or [])

    def clean_languages(self) -> list[str]:
        codes = [code for code in re.split(r"[\s,;\[\]\"']+", self.cleaned_data["languages"]) if code]
        wrong = [code for code in codes if not normalise_language(code)]
        if wrong:
            raise forms.ValidationError(f"Not language codes: {', '.join(wrong)}.")
        return list(dict.fromkeys(normalise_language(code) for code in codes))


class TransitionForm(forms.Form):
    """A transition without input; subclasses add the fields whose values become the transition's data."""

    def transition_data(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class RejectForm(TransitionForm):
    reason = forms.CharField(widget=TEXTAREA, help_text="Why the claim is not worth checking.")


class AssignForm(TransitionForm):
    assignee = forms.ModelChoiceField(queryset=active_checkers(), empty_label="Choose a checker")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = active_checkers()

    def transition_data(self) -> dict:
        return {"assignee": self.cleaned_data["assignee"].pk}


class MarkDuplicateForm(TransitionForm):
    duplicate_of = forms.IntegerField(required=False, min_value=1, label="Claim id")
    duplicate_of_factcheck = forms.IntegerField(required=False, min_value=1, label="or fact-check id")


class RequestChangesForm(TransitionForm):
    note = forms.CharField(widget=TEXTAREA, help_text="What the checker should change.")


class PublishForm(TransitionForm):
    correction_note = forms.CharField(
        widget=TEXTAREA, required=False, help_text="Required when republishing a correction."
    )


class VerdictForm(TransitionForm):
    rating = forms.ChoiceField(choices=())
    summary = forms.CharField(widget=TEXTAREA)
    explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "cols": 60}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "Choose a rating"), *rating_choices()]


TRANSITION_FORMS: dict[str, type[TransitionForm]] = {
    "reject": RejectForm,
    "assign": AssignForm,
    "mark_duplicate": MarkDuplicateForm,
    "request_changes": RequestChangesForm,
    "publish": PublishForm,
    "submit_verdict": VerdictForm,
}


def transition_form(name: str, data=None) -> TransitionForm:
    return TRANSITION_FORMS.get(name, TransitionForm)(data, prefix=name)


class EvidenceForm(forms.Form):
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https")
    title = forms.CharField(required=False, max_length=1000)
    excerpt = forms.CharField(required=False, widget=TEXTAREA)
    source = forms.CharField(required=False, max_length=100)
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, required=False)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("url") or cleaned.get("excerpt")):
            raise forms.ValidationError("Give a URL or an excerpt.")
        return cleaned


class StanceForm(forms.Form):
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, required=False)


class BulkRejectForm(forms.Form):
    reason = forms.CharField(widget=TEXTAREA, help_text="Recorded on every rejected claim.")


class BulkAssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=active_checkers(), empty_label="Choose a checker")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = active_checkers()


class ApiTokenCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiToken
        fields = ["name", "user", "scopes"]


class IngestForm(forms.Form):
    """Articles to ingest now: URLs to fetch (one per line) or one pasted text."""

    urls = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        label="URLs",
        help_text="One http(s) URL per line; each page is fetched, parsed and its claims extracted.",
    )
    title = forms.CharField(required=False, max_length=1000, help_text="For pasted text.")
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 10, "cols": 80}), label="Or paste a text"
    )

    def clean(self):
        cleaned = super().clean()
        urls = [line.strip() for line in cleaned.get("urls", "").splitlines() if line.strip()]
        if bool(urls) == bool(cleaned.get("text", "").strip()):
            raise forms.ValidationError("Give either URLs or a text.")
        cleaned["url_list"] = urls
        return cleaned

    def job(self) -> tuple[str, list[dict]]:
        """The job kind and items for the ingestion service."""
        if self.cleaned_data["url_list"]:
            return "url", [{"url": url} for url in self.cleaned_data["url_list"]]
        return "text", [{"title": self.cleaned_data["title"], "text": self.cleaned_data["text"]}]
