"""System checks: network settings and workflow effects that would otherwise fail only when first used (a request,
a fetch, a webhook registration, a transition) are reported by `manage.py check`, which `migrate` and `runserver`
run before anything else."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

from claims.ingestion.fetch import parse_allowed_network
from claims.states import UNCLOSED_STATES
from claims.workflow import TRANSITIONS


@register()
def network_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for value in settings.FACTCHECK_TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            errors.append(Error(f"FACTCHECK_TRUSTED_PROXIES: {exc}", hint="A CIDR, e.g. 10.0.0.0/8.", id="claims.E001"))
    for name in ("FACTCHECK_FETCH_ALLOWED_NETWORKS", "FACTCHECK_WEBHOOK_ALLOWED_NETWORKS"):
        for value in getattr(settings, name):
            try:
                parse_allowed_network(value)
            except ValueError as exc:
                errors.append(
                    Error(
                        f"{name}: {exc}",
                        hint="CIDR (ports 80 and 443), ADDRESS:PORT/PREFIX or ADDRESS:*/PREFIX.",
                        id="claims.E002",
                    )
                )
    return errors


@register()
def transition_effects(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for transition in TRANSITIONS.values():
        if not transition.effect:
            continue
        try:
            effect = import_string(transition.effect)
        except ImportError as exc:
            effect, problem = None, str(exc)
        else:
            problem = "" if callable(effect) else f"{transition.effect} is not a function."
        if problem:
            errors.append(
                Error(
                    f"The {transition.name!r} transition's effect: {problem}",
                    hint="A dotted path to a service function (claim, user, data) -> payload.",
                    id="claims.E003",
                )
            )
    return errors


@register()
def cluster_transitions(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """A transition applied to clusters fires on the members still open (UNCLOSED_STATES): one that starts from a
    closed state would pass over members in that state without saying so."""
    return [
        Error(
            f"The {transition.name!r} transition applies to clusters but starts from closed states: "
            f"{', '.join(sorted(transition.sources - UNCLOSED_STATES))}.",
            hint="Clusters take transitions from open states only; fire this one per claim.",
            id="claims.E004",
        )
        for transition in TRANSITIONS.values()
        if transition.applies_to_cluster and not transition.sources <= UNCLOSED_STATES
    ]
