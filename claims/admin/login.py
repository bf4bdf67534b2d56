"""The admin's login form is limited by the same rule as the API's password logins (claims.api.throttles):
per client address and per username, refused with 429 over the rate and with 503 while the limit cannot be
checked."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from claims.api.throttles import LimiterUnavailable, LoginThrottle


def _refusal(message: str, status: int, retry_after: float) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(max(1, math.ceil(retry_after)))
    return response


def login_limited(login_view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(login_view)
    def view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method == "POST":
            throttle = LoginThrottle()
            try:
                allowed = throttle.allow_request(request, None)
            except LimiterUnavailable as exc:
                return _refusal(str(exc.detail), exc.status_code, exc.wait)
            if not allowed:
                wait = throttle.wait()
                message = f"Too many login attempts. Try again in {max(1, math.ceil(wait))} seconds."
                return _refusal(message, 429, wait)
        return login_view(request, *args, **kwargs)

    return view
