"""Health data stays out of shared caches and the browser's back-forward disk cache."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Every page and API answer says `Cache-Control: no-store` unless it chose otherwise.

    Static files never reach it (WhiteNoise answers them first, with long cache lives).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
