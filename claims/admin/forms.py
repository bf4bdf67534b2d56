"""Small forms for the workbench: the input a transition (alone or in bulk) or an evidence item needs.

They only shape input; every rule (who, when, what is valid) is checked by the services they feed.
"""

from __future__ import annotations

import re

from django import forms
from django.db.models import Model

from claims.extraction.language import normalise_language
from claims.models import MAX_ID, ApiToken, CheckerProfile, Evidence
from claims.workflow import TRANSITIONS, Transition
from claims.workflow.inputs import Choice, Id, Input, RoleHolder, Text

TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 60})


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


def input_field(declared: Input) -> forms.Field:
    """The admin's form field of one typed input."""
    common = {"required": declared.required, "label": declared.title, "help_text": declared.help_text}
    if isinstance(declared, Text):
        widget = forms.Textarea(attrs={"rows": declared.lines, "cols": 60})
        return forms.CharField(widget=widget, max_length=declared.max_length, **common)
    if isinstance(declared, Choice):
        # The options as configured now (the rating scale is a setting).
        choices = [("", f"Choose a {declared.title.lower()}"), *declared.choices()]
        return forms.ChoiceField(choices=choices, **common)
    if isinstance(declared, RoleHolder):
        return forms.ModelChoiceField(
            queryset=declared.holders().order_by("username"), empty_label=f"Choose a {declared.role}", **common
        )
    if isinstance(declared, Id):
        return forms.IntegerField(min_value=1, max_value=MAX_ID, **common)
    raise TypeError(f"The admin has no field for a {type(declared).__name__} input.")


class TransitionForm(forms.Form):
    """The input a transition reads, one field per typed input it declares; a transition without inputs is a
    button."""

    def __init__(self, transition: Transition, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        for declared in transition.inputs:
            self.fields[declared.name] = input_field(declared)

    def transition_data(self) -> dict:
        """The cleaned values as the transition service takes them (a chosen user as their id)."""
        return {
            key: value.pk if isinstance(value, Model) else value
            for key, value in self.cleaned_data.items()
            if value not in (None, "")
        }


def transition_form(name: str, data=None, *, bulk: bool = False) -> TransitionForm:
    """The form of the transition `name`. On the claim page several share the page, so their fields carry the
    transition's name as a prefix; a bulk action's page holds one form."""
    return TransitionForm(TRANSITIONS[name], data, prefix=None if bulk else name)


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
