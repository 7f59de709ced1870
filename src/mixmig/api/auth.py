"""Token authentication: get a token with a user name and password, send it as a Bearer header."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from ninja import Router, Status
from ninja.security import HttpBearer

from mixmig.api.errors import ApiError, responses
from mixmig.api.schemas import MeOut, RevokedOut, TokenIn, TokenOut
from mixmig.apps.access import services as access
from mixmig.apps.access.middleware import client_ip
from mixmig.apps.access.roles import PERMISSIONS, can


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; the token comes from ``POST /api/v1/auth/token``."""

    def authenticate(self, request, token: str):
        return access.user_for_token(token)


router = Router(tags=["auth"])


@router.post("/auth/token", auth=None, response={201: TokenOut, **responses(401, 422, 429)})
def create_token(request, payload: TokenIn):
    """Exchange a user name and password for an API token (shown once).

    Six failed attempts for an account within the window refuse further attempts with 429.
    """
    throttled = access.login_throttled(payload.username)
    result = access.sign_in(request, payload.username, payload.password, client_ip(request))
    if result.user is None:
        raise ApiError(429 if throttled else 401, str(result.message))
    token = access.issue_token(result.user, payload.name)
    expires = timezone.now() + timedelta(seconds=settings.API_TOKEN_TTL_SECONDS)
    return Status(201, {"token": token, "expires_at": expires.isoformat(timespec="seconds")})


@router.delete("/auth/token", response={200: RevokedOut, **responses(401)})
def revoke_tokens(request):
    """Revoke every API token of the caller (including the one used for this request)."""
    return {"revoked": access.revoke_tokens(request.auth, request.auth)}


@router.get("/me", response={200: MeOut, **responses(401)})
def me(request):
    """Who the token belongs to: role, scope, agency, team and the permissions the role grants."""
    user = request.auth
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "role": user.role,
        "scope": user.scope,
        "agency": user.agency.code if user.agency_id else None,
        "team": user.team.name if user.team_id else None,
        "permissions": sorted(p for p in PERMISSIONS if can(user, p)),
    }
