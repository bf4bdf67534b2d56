"""What every API view shares: one JSON error shape (and its OpenAPI description), pagination."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, pagination, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

from claims.errors import DomainError

logger = logging.getLogger(__name__)


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return body


# How long a client is told to wait when the database cannot be reached (or refuses work for a moment).
DATABASE_RETRY_AFTER_SECONDS = 30
DATABASE_UNAVAILABLE = "The database is unavailable for a moment; try again shortly."


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error leaves the API as {"error": {"code", "message", "fields"?}} with a matching status."""
    if isinstance(exc, OperationalError | InterfaceError):
        # A lost connection, a restart, a deadlock or a timeout: nothing the client sent is wrong, and the same
        # request may succeed later.
        logger.warning("Database unavailable: %s", exc.__class__.__name__, exc_info=True)
        response = Response(
            error_body("database_unavailable", DATABASE_UNAVAILABLE), status=status.HTTP_503_SERVICE_UNAVAILABLE
        )
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status_code)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            error_body("payload_too_large", "The request body is too large."),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        response.data = error_body("invalid", "The request is not valid.", fields)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        message = str(detail) if not isinstance(detail, dict | list) else "Request failed."
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        response.data = error_body(code, message)
    return response


# --- OpenAPI: the error shape, declared once and reused by every view's annotations ----------------------


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(required=False, help_text="Field name -> messages (400 only).")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """OpenAPI responses for the given error statuses (401, 403 and 429 apply to every authenticated view)."""
    descriptions = {
        400: "Invalid input: `error.fields` names each invalid field.",
        401: "Not authenticated.",
        403: "Not allowed for this user or token scope.",
        404: "Not found.",
        409: "The claim is not in a state this transition starts from.",
        413: "The request body is too large.",
        429: "Too many requests.",
        503: "Temporarily unavailable (see `Retry-After`).",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=descriptions[code]) for code in codes}


def allow_empty_query_values(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Schema post-processing: an empty query parameter (`?status=`) means "not given", as django-filter and
    the paginator treat it; say so with `allowEmptyValue`."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result


# --- Strict input fields: JSON types as the schema declares them, no silent coercion ---------------------


class StrictCharField(serializers.CharField):
    """A string, not a number or boolean turned into text."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer, not a numeric string, a float or a boolean."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """JSON true/false only, not 0, 1 or "yes"."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


# --- Pagination -----------------------------------------------------------------------------------------


class PageNumberPagination(pagination.PageNumberPagination):
    """Page-number pagination whose `count` is exact up to COUNT_CAP rows and capped above.

    An exact COUNT(*) over a million matching rows costs more than the page itself, so larger result sets
    report `count: COUNT_CAP` with `count_exact: false`; `next` is still right because one extra row is
    fetched to tell whether another page exists.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    COUNT_CAP = 1_000
    MAX_PAGE = 10**9

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None, *, values: Sequence[str] | None = None
    ) -> list[Any]:
        """The page's rows: model instances, or dicts of the `values` columns when given (the capped count is
        taken from `queryset` before those columns add their joins)."""
        self.request = request
        size = self.get_page_size(request) or self.page_size
        raw_page = request.query_params.get(self.page_query_param) or "1"
        try:
            number = int(raw_page)
        except (TypeError, ValueError):
            number = 0
        if number < 1 or number > self.MAX_PAGE:
            raise exceptions.NotFound("Invalid page.")
        offset = (number - 1) * size
        # The capped count rides along with the page as an uncorrelated subquery: one round trip, not two.
        # Its SQL is the ORM's own compilation of the same queryset, with the values still bound separately.
        capped = queryset.order_by().values("pk")[: self.COUNT_CAP + 1]
        count_sql, count_params = capped.query.sql_with_params()
        count_expression = RawSQL(f"SELECT COUNT(*) FROM ({count_sql}) AS capped", count_params)  # noqa: S608, S611
        page = (queryset if values is None else queryset.values(*values)).annotate(_capped_count=count_expression)
        rows = list(page[offset : offset + size + 1])
        if number > 1 and not rows:
            raise exceptions.NotFound("Invalid page.")
        self.size, self.number = size, number
        self.has_next = len(rows) > size
        rows = rows[:size]
        capped_count = 0
        if rows:
            # Model rows carry the annotation as an attribute, values() rows as a key.
            first = rows[0]
            capped_count = first["_capped_count"] if isinstance(first, dict) else first._capped_count
        self.count_exact = capped_count <= self.COUNT_CAP
        self.count = min(capped_count, self.COUNT_CAP)
        return rows

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.number + 1)

    def get_previous_link(self) -> str | None:
        if self.number <= 1:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_data(self, data: list[Any]) -> dict[str, Any]:
        return {
            "count": self.count,
            "count_exact": self.count_exact,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        }

    def get_paginated_response(self, data: list[Any]) -> Response:
        return Response(self.get_paginated_data(data))

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "count_exact", "results"],
            "properties": {
                "count": {"type": "integer", "description": f"Exact up to {self.COUNT_CAP}, capped above."},
                "count_exact": {"type": "boolean", "description": "False when `count` is capped."},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1, "maximum": self.MAX_PAGE},
            # Larger sizes are served as max_page_size, not refused.
            self.page_size_query_param: {"minimum": 1},
        }
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], **bounds.get(parameter["name"], {})}
        return parameters

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        try:
            size = int(raw)
        except (TypeError, ValueError):
            raise exceptions.ValidationError({"page_size": ["A whole number is required."]}) from None
        if size < 1:
            raise exceptions.ValidationError({"page_size": ["Must be at least 1."]})
        return min(size, self.max_page_size)
