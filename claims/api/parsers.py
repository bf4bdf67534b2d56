"""Request body parsers. DRF loads this module while importing its own views (DEFAULT_PARSER_CLASSES): it must
not import views."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, answering 400 to nesting too deep for Python's decoder (`[[[[...`) instead of letting
    its RecursionError become a 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - the body is nested too deeply.") from None
