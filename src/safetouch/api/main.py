"""The NinjaAPI instance: version 1, its error handlers and its OpenAPI document."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from safetouch.api import checkins, endpoints, exports, plan
from safetouch.api.auth import API_AUTH
from safetouch.clients.services import LimitLocked
from safetouch.core.errors import FieldError, error_body, field_errors, plain_error
from safetouch.core.wire import WireParser
from safetouch.engine import schema as engine_schema


class SafeTouchAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # The plan body is read raw (so the engine speaks for itself); publish its shape.
        components = engine_schema.components(plan.SCHEMAS)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(components)
        return schema


api = SafeTouchAPI(
    title="SafeTouch API",
    version="1",
    description=(
        "A client's body map, limits, session log and plan. Authenticate with a personal "
        "access token (`Authorization: Bearer st_...`, made at /account/tokens/). Errors "
        'are always `{"detail": "<field>: <message>", "errors": [{"field", "message"}]}`.'
    ),
    auth=API_AUTH,
    parser=WireParser(),
    urls_namespace="api-v1",
)
api.add_router("", endpoints.router)
api.add_router("", plan.router)
api.add_router("", checkins.router)
api.add_router("", exports.router)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    body = error_body(field_errors(exc.errors, strip_location=True))
    return api.create_response(request, body, status=422)


@api.exception_handler(DjangoValidationError)
def _invalid_model(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = [
        FieldError(field=field if field != "__all__" else "body", message=message)
        for field, messages in getattr(exc, "message_dict", {"body": exc.messages}).items()
        for message in messages
    ]
    return api.create_response(request, error_body(errors), status=422)


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = f"larger than {limit / 1024 / 1024:.1f} MB; send less at a time"
    body = error_body([FieldError(field="body", message=message)])
    return api.create_response(request, body, status=413)


@api.exception_handler(LimitLocked)
def _limit_locked(request: HttpRequest, exc: LimitLocked) -> HttpResponse:
    body = error_body([FieldError(field=exc.field, message=exc.message)])
    return api.create_response(request, body, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # A stranger's records and missing records look the same, so ids reveal nothing.
    return api.create_response(request, plain_error("not found"), status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, plain_error(str(exc) or "forbidden"), status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = "authorization: send a valid personal access token as 'Bearer st_...'"
    return api.create_response(request, plain_error(detail), status=401)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        body = error_body([FieldError(field="body", message="not valid JSON")])
        return api.create_response(request, body, status=400)
    return api.create_response(request, plain_error(str(exc)), status=exc.status_code)
