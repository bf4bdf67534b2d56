"""Errors that happen outside DRF views still leave /api/ in the one JSON error shape."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from claims.api.common import error_body

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


class ApiErrorMiddleware:
    """Refuse oversized bodies with 413 before anything reads them, and turn Django's HTML error pages under
    /api/ (unknown URL, CSRF failure, crash) into JSON.

    The Content-Length check matters because DRF's parsers read the stream directly and so never hit
    DATA_UPLOAD_MAX_MEMORY_SIZE; multipart uploads are left to Django's own upload limits.
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
        return None
