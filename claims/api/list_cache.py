"""Rendered pages of the claim list, cached per user and URL until the desk's data changes.

A desk polls the same few queue pages all day; building one (filters, a query over a million claims, fifty
rows, their transitions, JSON) costs several times what serving stored bytes does. A page is stored under the
data version it was built from (claims.data_version.DESK), so any committed write to claims, articles, evidence,
verdicts or users makes every stored page out of date at once; nothing is served that a fresh build would not
return.

The key holds what else a page depends on: the user (available transitions, four-eyes rules), their roles,
whether the token may fire transitions, and the full URL (filters, page, and the host in `next`/`previous`).
Pages with time-relative filters (`overdue`) and any non-JSON rendering (the browsable API) are not cached.
Every page carries an ETag, so a client polling with If-None-Match gets 304 without a body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.permissions import may_fire_transitions, request_roles
from claims.data_version import DESK

TIME_RELATIVE_FILTERS = frozenset({"overdue"})
JSON = "application/json"


def _cacheable(request: Request) -> bool:
    return (
        settings.FACTCHECK_LIST_CACHE_SECONDS > 0
        and request.accepted_media_type == JSON
        and isinstance(request.accepted_renderer, JSONRenderer)
        and request.user.is_authenticated
        and not TIME_RELATIVE_FILTERS.intersection(request.query_params)
        and not DESK.has_pending_writes(connection)
    )


def _key(request: Request) -> str:
    may_transition = may_fire_transitions(request)
    identity = "|".join((str(request.user.pk), ",".join(sorted(request_roles(request))), str(may_transition)))
    digest = hashlib.sha256(f"{identity}|{request.build_absolute_uri()}".encode()).hexdigest()
    return f"claims:list-page:{digest}"


def _respond(request: Request, body: bytes, etag: str) -> HttpResponse:
    not_modified = get_conditional_response(request._request, etag=etag)
    response = not_modified or HttpResponse(body, content_type=JSON)
    response["ETag"] = etag
    # Per user, and to be revalidated (cheaply, with the ETag) before each reuse.
    response["Cache-Control"] = "private, no-cache"
    return response


def cached_page(request: Request, build: Callable[[], dict[str, Any]]) -> HttpResponse:
    """The page whose data `build()` returns, served from the cache when the desk's data has not changed
    since it was stored."""
    if not _cacheable(request):
        return Response(build())
    key = _key(request)
    version, stored = DESK.read(key)
    if stored is None:
        body = JSONRenderer().render(build())
        stored = (f'"{hashlib.sha256(body).hexdigest()[:32]}"', body)
        DESK.write(key, version, stored, settings.FACTCHECK_LIST_CACHE_SECONDS)
    etag, body = stored
    return _respond(request, body, etag)
