"""One error format for every API failure, and the mapping from service exceptions to HTTP statuses.

Every 4xx answer has the body ``{"detail": "...", "errors": [{"field": ..., "message": ...}]}``:
``detail`` says what went wrong as a whole, ``errors`` names each wrong field (empty when no field is to blame).

  400 the body is not JSON        401 no valid token        403 the role may not do this
  404 missing *or* outside scope  413 the body is too large 422 one or more fields are wrong
  429 too many failed sign-ins
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted, NotVisible


class FieldErrorOut(Schema):
    field: str
    message: str
    row: int | None = None


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = []


class ApiError(Exception):
    """Raised by handlers to answer ``status`` with ``detail`` (and optional field errors)."""

    def __init__(self, status: int, detail: str, errors: list[FieldError] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []


def responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error part of an operation's ``response=`` mapping, for the OpenAPI description."""
    return {status: ErrorOut for status in statuses}


def field_path(loc) -> str:
    """A pydantic location such as ``('body', 'payload', 'members', 0, 'sex')`` as ``members[0].sex``."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "body"


def _body(detail: str, errors: list[FieldError] | list[dict] = ()) -> dict:
    items = [e.as_dict() if isinstance(e, FieldError) else e for e in errors]
    return {"detail": detail, "errors": items}


def install(api) -> None:
    """Register the exception handlers on ``api``."""

    def answer(request, status: int, detail: str, errors=()):
        return api.create_response(request, _body(detail, errors), status=status)

    @api.exception_handler(ApiError)
    def _api_error(request, exc: ApiError):
        return answer(request, exc.status, exc.detail, exc.errors)

    @api.exception_handler(InvalidInput)
    def _invalid(request, exc: InvalidInput):
        return answer(
            request, 422, "Some fields are wrong; nothing was saved. Fix them and send again.", exc.errors
        )

    @api.exception_handler(RequestValidationError)
    def _validation(request, exc: RequestValidationError):
        errors = [
            {"field": field_path(e.get("loc", ())), "message": e.get("msg", "is not valid")}
            for e in exc.errors
        ]
        return answer(
            request, 422, "Some fields are wrong; nothing was saved. Fix them and send again.", errors
        )

    @api.exception_handler(NotPermitted)
    def _forbidden(request, exc: NotPermitted):
        return answer(request, 403, f"Forbidden: {exc}")

    @api.exception_handler(NotVisible)
    def _not_found(request, exc: NotVisible):
        return answer(request, 404, "Not found (it does not exist or is outside what you may see).")

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc: AuthenticationError):
        response = answer(
            request,
            401,
            "Missing, expired or revoked token. Get one with POST /api/v1/auth/token and send it as "
            "'Authorization: Bearer <token>'.",
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        cause = exc.__cause__
        if isinstance(cause, json.JSONDecodeError):
            detail = f"The body is not valid JSON ({cause.msg} at line {cause.lineno}, column {cause.colno})."
            return answer(request, 400, detail)
        if isinstance(cause, UnicodeDecodeError):
            return answer(request, 400, "The body is not UTF-8 encoded JSON; send it as UTF-8.")
        return answer(request, exc.status_code, str(exc))

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request, exc: RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return answer(
            request,
            413,
            f"The request body is larger than the limit of {limit} bytes (MIXMIG_MAX_UPLOAD_BYTES); "
            "send fewer people per request.",
        )
