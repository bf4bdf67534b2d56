"""The claim page as a workbench: article context, evidence, verdict, matches, history and one button per
transition. Every write goes through a service (the workflow, evidence and matching services), exactly as the
API does; a refusal comes back as an admin error message with the service's reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone

from claims.admin.forms import EvidenceForm, StanceForm, transition_form
from claims.admin.highlight import quote_in_context
from claims.errors import DomainError
from claims.intelligence import triage
from claims.models import Claim, FactCheck
from claims.selectors.matching import similar_for_claim
from claims.services.evidence import evidence_add, evidence_set_stance
from claims.services.matching import claim_match_confirm, claim_match_reject
from claims.services.publishing import factcheck_public_url
from claims.services.transitions import claim_transition_with_cluster
from claims.services.triage import triage_weights
from claims.states import claim_is_overdue
from claims.workflow import TRANSITIONS, evidence_refusal, refusal
from claims.workflow.roles import EDITOR, user_roles

# Transitions whose input is the verdict panel's form rather than a button of its own.
PANEL_TRANSITIONS = {"submit_verdict"}


def domain_error_message(exc: DomainError) -> str:
    """The service's reason, with any per-field messages it carries."""
    details = [
        f"{field}: {' '.join(str(m) for m in field_messages)}"
        for field, field_messages in exc.fields.items()
        if " ".join(str(m) for m in field_messages) not in exc.message
    ]
    return " ".join([exc.message, *details]) if details else exc.message


def cluster_outcome_messages(model_admin, request, label: str, applied: list[int], skipped: list) -> None:
    """Say what a transition fired on a canonical claim did to its cluster's open members."""
    if applied:
        model_admin.message_user(
            request,
            f"{label}: also {len(applied)} claim{'s' if len(applied) != 1 else ''} of its cluster "
            f"({', '.join(str(pk) for pk in applied)}).",
            messages.SUCCESS,
        )
    for pk, reason in skipped:
        model_admin.message_user(request, f"{label} skipped for claim {pk} of its cluster: {reason}", messages.WARNING)


def triage_score(claim: Claim) -> float | None:
    """The triage score shown now (claims.intelligence.triage), or None before the claim is scored."""
    if claim.triage_rank is None:
        return None
    return triage.score_at(claim.triage_rank, timezone.now(), triage_weights())


def form_error_message(form) -> str:
    errors = []
    for field, field_errors in form.errors.items():
        label = form.fields[field].label or field if field in form.fields else ""
        prefix = f"{str(label).capitalize()}: " if label else ""
        errors.append(prefix + " ".join(field_errors))
    return " ".join(errors)


class ClaimWorkbenchMixin:
    """Adds the workbench panels to the claim change page, and the POST views behind their buttons."""

    def get_workbench_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/transition/<str:name>/",
                wrap(self.transition_view),
                name="claims_claim_transition",
            ),
            path("<int:object_id>/evidence/add/", wrap(self.evidence_add_view), name="claims_claim_evidence_add"),
            path(
                "<int:object_id>/evidence/<int:evidence_id>/stance/",
                wrap(self.evidence_stance_view),
                name="claims_claim_evidence_stance",
            ),
            path(
                "<int:object_id>/matches/<int:match_id>/<str:decision>/",
                wrap(self.match_decide_view),
                name="claims_claim_match_decide",
            ),
        ]

    # --- reading ------------------------------------------------------------------------------------------

    def workbench_context(self, request, claim: Claim) -> dict:
        user = request.user
        roles = user_roles(user)
        transitions, blocked = [], []
        for name, transition in TRANSITIONS.items():
            refused = refusal(claim, user, name)
            if refused is None:
                if name not in PANEL_TRANSITIONS:
                    transitions.append(
                        {
                            "name": name,
                            "label": transition.label,
                            "description": transition.description,
                            "form": transition_form(name),
                            "url": reverse("admin:claims_claim_transition", args=[claim.pk, name]),
                        }
                    )
            elif claim.status in transition.sources and roles & transition.roles:
                # The user's role could fire it from this state, but a rule stands in the way: say which.
                blocked.append({"label": transition.label, "reason": refused[1]})
        evidence = list(claim.evidence.select_related("added_by"))
        # Offered to whoever may change the evidence now, by the rule the evidence service enforces.
        can_research = evidence_refusal(claim, user) is None
        article = claim.article
        factcheck = FactCheck.objects.filter(claim=claim).first()
        return {
            "workbench": {
                "claim": claim,
                "overdue": claim_is_overdue(claim),
                "transitions": transitions,
                "blocked": blocked,
                "context": quote_in_context(article.text, start=claim.start, end=claim.end, quote=claim.quote),
                "article": article,
                "evidence": [
                    {
                        "item": item,
                        "stance_form": StanceForm(initial={"stance": item.stance}, prefix=f"evidence-{item.pk}")
                        if can_research
                        else None,
                        "stance_url": reverse("admin:claims_claim_evidence_stance", args=[claim.pk, item.pk]),
                    }
                    for item in evidence
                ],
                "evidence_form": EvidenceForm(prefix="evidence") if can_research else None,
                "evidence_url": reverse("admin:claims_claim_evidence_add", args=[claim.pk]),
                "factcheck": factcheck,
                "factcheck_public_url": factcheck_public_url(factcheck) if factcheck else "",
                "verdicts": list(claim.verdicts.select_related("author", "published_by")),
                "verdict_form": transition_form("submit_verdict")
                if refusal(claim, user, "submit_verdict") is None
                else None,
                "verdict_url": reverse("admin:claims_claim_transition", args=[claim.pk, "submit_verdict"]),
                # Deciding on matches is the editors' call (the matching service enforces it).
                "can_decide_matches": EDITOR in roles,
                "matches": [
                    {
                        "match": match,
                        "confirm_url": reverse("admin:claims_claim_match_decide", args=[claim.pk, match.pk, "confirm"]),
                        "reject_url": reverse("admin:claims_claim_match_decide", args=[claim.pk, match.pk, "reject"]),
                    }
                    for match in similar_for_claim(claim)[:20]
                ],
                "events": list(claim.events.select_related("actor")),
                "triage_score": triage_score(claim),
                "cluster": claim.canonical if claim.canonical_id else claim,
                "cluster_url": reverse("admin:claims_claim_changelist") + f"?cluster={claim.canonical_id or claim.pk}",
            }
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id) if str(object_id).isdigit() else None
        if claim is not None and self.has_view_permission(request, claim):
            extra_context = {**(extra_context or {}), **self.workbench_context(request, claim)}
        return super().change_view(request, object_id, form_url, extra_context)

    # --- writing ------------------------------------------------------------------------------------------

    def _claim_for_post(self, request, object_id: int) -> Claim:
        claim = self.get_object(request, str(object_id))
        if claim is None:
            raise Http404("No such claim.")
        if not self.has_view_permission(request, claim):
            raise PermissionDenied
        return claim

    def _back(self, claim: Claim, anchor: str = "") -> HttpResponseRedirect:
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)

    def transition_view(self, request, object_id: int, name: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if name not in TRANSITIONS:
            raise Http404("No such transition.")
        claim = self._claim_for_post(request, object_id)
        label = TRANSITIONS[name].label
        form = transition_form(name, request.POST)
        if not form.is_valid():
            self.message_user(request, f"{label}: {form_error_message(form)}", messages.ERROR)
            return self._back(claim, "fc-actions")
        try:
            outcome = claim_transition_with_cluster(
                claim_id=claim.pk, transition=name, user=request.user, data=form.transition_data()
            )
        except DomainError as exc:
            self.message_user(request, f"{label} refused: {domain_error_message(exc)}", messages.ERROR)
        else:
            claim = outcome.claim
            self.message_user(
                request, f"{label}: the claim is now {claim.get_status_display().lower()}.", messages.SUCCESS
            )
            cluster_outcome_messages(self, request, label, outcome.applied, outcome.skipped)
        return self._back(claim)

    def evidence_add_view(self, request, object_id: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        claim = self._claim_for_post(request, object_id)
        form = EvidenceForm(request.POST, prefix="evidence")
        if not form.is_valid():
            self.message_user(request, f"Evidence not added: {form_error_message(form)}", messages.ERROR)
            return self._back(claim, "fc-evidence")
        try:
            evidence_add(claim_id=claim.pk, user=request.user, **form.cleaned_data)
        except DomainError as exc:
            self.message_user(request, f"Evidence not added: {domain_error_message(exc)}", messages.ERROR)
        else:
            self.message_user(request, "Evidence added.", messages.SUCCESS)
        return self._back(claim, "fc-evidence")

    def evidence_stance_view(self, request, object_id: int, evidence_id: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        claim = self._claim_for_post(request, object_id)
        form = StanceForm(request.POST, prefix=f"evidence-{evidence_id}")
        if not form.is_valid():
            self.message_user(request, f"Stance not set: {form_error_message(form)}", messages.ERROR)
            return self._back(claim, "fc-evidence")
        try:
            evidence_set_stance(
                claim_id=claim.pk, evidence_id=evidence_id, user=request.user, stance=form.cleaned_data["stance"]
            )
        except DomainError as exc:
            self.message_user(request, f"Stance not set: {domain_error_message(exc)}", messages.ERROR)
        else:
            self.message_user(request, "Stance set.", messages.SUCCESS)
        return self._back(claim, "fc-evidence")

    def match_decide_view(self, request, object_id: int, match_id: int, decision: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        decide = {"confirm": claim_match_confirm, "reject": claim_match_reject}.get(decision)
        claim = self._claim_for_post(request, object_id)
        if decide is None:
            raise Http404("No such decision.")
        try:
            decide(claim_id=claim.pk, match_id=match_id, user=request.user)
        except DomainError as exc:
            self.message_user(request, f"Match not {decision}ed: {domain_error_message(exc)}", messages.ERROR)
        else:
            done = "confirmed: the claim is a duplicate" if decision == "confirm" else "rejected"
            self.message_user(request, f"Match {done}.", messages.SUCCESS)
        return self._back(claim)
