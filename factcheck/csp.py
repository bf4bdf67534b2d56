"""A Content-Security-Policy header on every response (public pages, the admin, the API and its Swagger UI).

The policy is one fixed set of directives (SECURE_CSP, written in the form Django 6.0's own CSP middleware
reads): every script and stylesheet comes from this site's static files, so no nonce or hash is needed and a
middleware of a few lines does what a package would. A view may send its own header; it is left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def policy_header(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = policy_header(settings.SECURE_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header and HEADER not in response:
            response[HEADER] = self.header
        return response
