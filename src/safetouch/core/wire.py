"""Reading JSON off the wire the way JSON Schema counts: 3.0 is the integer 3."""

from __future__ import annotations

import json
from decimal import Decimal

from django.http import HttpRequest
from ninja.parser import Parser


def _number(literal: str) -> int | float:
    # JSON has one number type; JSON Schema calls 3.0 an integer, so the API does too.
    # Without this, a client that writes every number as a float (many do) gets 422s.
    value = float(literal)
    if value.is_integer() and abs(value) < 2**63:
        exact = Decimal(literal)
        if exact == exact.to_integral_value():
            return int(exact)
    return value


def wire_json(body: bytes | str) -> object:
    """Parse a request body; raises ValueError (JSONDecodeError, UnicodeDecodeError)."""
    try:
        return json.loads(body, parse_float=_number)
    except RecursionError:  # "[[[[..." thousands deep
        raise ValueError("nested too deeply") from None


class WireParser(Parser):
    def parse_body(self, request: HttpRequest):
        return wire_json(request.body)
