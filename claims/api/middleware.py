"""Errors that happen outside DRF views still leave /api/ in the one JSON error shape."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from claims.api.common import DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE, error_body

logger = logging.getLogger(__name__)

_STATUS_CODES = {
    400: ("invalid", "The request is not valid."),
    403: ("permission_denied", "You do not have permission to perform this action."),
    404: ("not_found", "Not found."),
    405: ("method_not_allowed", "Method not allowed."),
    413: ("payload_too_large", "The request body is too large."),
    500: ("server_error", "Internal server error."),
}


def _too_large() -> JsonResponse:
    code, message = _STATUS_CODES[413]
    return JsonResponse(error_body(code, message), status=413)


def _null_parameters(request: HttpRequest) -> list[str]:
    """Query parameters whose name or value holds a NUL character, which no filter can mean and PostgreSQL
    refuses in any string."""
    return sorted(
        {
            key.replace("\x00", "\\x00")
            for key, values in request.GET.lists()
            for value in [key, *values]
            if "\x00" in value
        }
    )


class ApiErrorMiddleware:
    """Refuse oversized bodies with 413 before anything reads them, query strings with NUL characters with 400,
    answer 503 with Retry-After when the database cannot be reached, and turn Django's HTML error pages under
    /api/ (unknown URL, CSRF failure, crash) into JSON.

    The Content-Length check matters because DRF's parsers read the stream directly and so never hit
    DATA_UPLOAD_MAX_MEMORY_SIZE; multipart uploads are left to Django's own upload limits. The NUL check covers
    every filter of every page, the admin's too, at once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and not request.content_type.startswith("multipart/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return _too_large()
        if "%00" in request.META.get("QUERY_STRING", "") and (nulls := _null_parameters(request)):
            message = "Query parameters must not contain NUL characters."
            if not request.path.startswith("/api/"):
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
            fields = {name: ["Null characters are not allowed."] for name in nulls}
            return JsonResponse(error_body("invalid", message, fields), status=400)
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in _STATUS_CODES
            and not response.get("Content-Type", "").startswith("application/json")
            and not getattr(response, "streaming", False)
            # DRF responses already carry the error shape (or the browsable API's own page).
            and not hasattr(response, "accepted_renderer")
        ):
            code, message = _STATUS_CODES[response.status_code]
            json_response = JsonResponse(error_body(code, message), status=response.status_code)
            for header in ("Allow", "WWW-Authenticate"):
                if header in response:
                    json_response[header] = response[header]
            return json_response
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return _too_large()
        if isinstance(exception, OperationalError | InterfaceError):
            # Views outside DRF (the admin, public pages); DRF's own are answered by its exception handler.
            logger.warning("Database unavailable for %s", request.path, exc_info=True)
            if request.path.startswith("/api/"):
                response: HttpResponse = JsonResponse(
                    error_body("database_unavailable", DATABASE_UNAVAILABLE), status=503
                )
            else:
                response = HttpResponse(DATABASE_UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
            return response
        return None
