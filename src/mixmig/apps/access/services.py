"""Signing in (with throttling), API tokens and user administration."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixmig.apps.access.models import Agency, ApiToken, LoginFailure, Team, User
from mixmig.apps.access.roles import Role, Scope
from mixmig.apps.audit import services as audit


class LoginThrottled(Exception):
    """Too many failed sign-ins for this account in the last window."""


@dataclass(frozen=True)
class SignIn:
    user: User | None
    message: str = ""


def _recent_failures(username: str) -> int:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return LoginFailure.objects.filter(username__iexact=username, at__gte=since).count()


def sign_in(request, username: str, password: str, ip: str = "") -> SignIn:
    """Check credentials unless the account is throttled; record failures and successes in the audit log."""
    username = (username or "").strip()
    if _recent_failures(username) >= settings.LOGIN_MAX_FAILURES:
        with transaction.atomic():
            audit.record(username, "login.throttled", "user", username)
        return SignIn(
            None,
            _("Too many failed sign-in attempts for this account. Wait %(seconds)s seconds and try again.")
            % {"seconds": settings.LOGIN_FAILURE_WINDOW_SECONDS},
        )
    user = authenticate(request, username=username, password=password)
    with transaction.atomic():
        if user is None:
            LoginFailure.objects.create(username=username[:150], at=timezone.now(), ip=ip or None)
            audit.record(username, "login.failed", "user", username)
            return SignIn(None, _("Wrong user name or password."))
        audit.record(user, "login.succeeded", "user", user.pk)
    return SignIn(user)


def sign_out(request) -> None:
    """End the web session; audited."""
    from django.contrib.auth import logout

    user = request.user
    if getattr(user, "is_authenticated", False):
        with transaction.atomic():
            audit.record(user, "logout", "user", user.pk)
    logout(request)


def issue_token(user: User, name: str = "api") -> str:
    """Create an API token for ``user`` and return it; only its digest is kept."""
    token = "mxm_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.create(
            user=user,
            name=name,
            digest=ApiToken.digest_of(token),
            prefix=token[:8],
            expires_at=timezone.now() + timedelta(seconds=settings.API_TOKEN_TTL_SECONDS),
        )
        audit.record(user, "token.issued", "user", user.pk, name=name)
    return token


# Recently resolved tokens, per process: digest -> (user, token expiry, cached until). Revoking tokens or
# changing a user in this process drops the entry at once; other processes see it within the TTL.
_token_cache: dict[str, tuple[User, datetime, float]] = {}
_token_cache_lock = threading.Lock()


def _forget_user_tokens(user_id: int) -> None:
    with _token_cache_lock:
        for digest in [d for d, (u, _e, _t) in _token_cache.items() if u.pk == user_id]:
            del _token_cache[digest]


def user_for_token(token: str) -> User | None:
    if not token:
        return None
    digest = ApiToken.digest_of(token)
    now = timezone.now()
    cached = _token_cache.get(digest)
    if cached and cached[2] > time.monotonic() and cached[1] > now:
        return cached[0]
    found = (
        ApiToken.objects.select_related("user", "user__agency", "user__team")
        .filter(digest=digest, revoked=False, expires_at__gt=now)
        .first()
    )
    if found is None or not found.user.is_active:
        with _token_cache_lock:
            _token_cache.pop(digest, None)
        return None
    ttl = settings.API_TOKEN_CACHE_SECONDS
    if ttl:
        with _token_cache_lock:
            if len(_token_cache) > 10_000:
                _token_cache.clear()
            _token_cache[digest] = (found.user, found.expires_at, time.monotonic() + ttl)
    return found.user


def revoke_tokens(actor: User, user: User) -> int:
    with transaction.atomic():
        n = ApiToken.objects.filter(user=user, revoked=False).update(revoked=True)
        _forget_user_tokens(user.pk)
        audit.record(actor, "token.revoked", "user", user.pk, count=n)
    return n


def create_agency(code: str, name: str, country: str = "") -> Agency:
    with transaction.atomic():
        agency, created = Agency.objects.get_or_create(code=code, defaults={"name": name, "country": country})
        if created:
            audit.record("system", "agency.created", "agency", agency.pk)
    return agency


def create_team(agency: Agency, name: str) -> Team:
    with transaction.atomic():
        team, created = Team.objects.get_or_create(agency=agency, name=name)
        if created:
            audit.record("system", "team.created", "team", team.pk)
    return team


def create_user(
    actor,
    username: str,
    password: str,
    role: str,
    agency: Agency | None,
    team: Team | None = None,
    scope: str = "",
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    if role not in Role.values:
        raise ValueError(f"role {role!r} is not known; allowed: {', '.join(Role.values)}")
    if scope and scope not in Scope.values:
        raise ValueError(f"scope {scope!r} is not known; allowed: {', '.join(Scope.values)}")
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            agency=agency,
            team=team,
            scope=scope,
            email=email,
            first_name=first_name,
            last_name=last_name,
        )
        user.set_password(password)
        user.save()
        audit.record(actor, "user.created", "user", user.pk, role=role, scope=user.scope)
    return user


def login_throttled(username: str) -> bool:
    """True when ``username`` has reached the failure limit of the current window (faces answer 429)."""
    return _recent_failures((username or "").strip()) >= settings.LOGIN_MAX_FAILURES


def agency_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code=(code or "").strip()).first()


def other_agencies(agency_id: int | None) -> list[Agency]:
    """Every agency but ``agency_id`` (the choices of a case transfer), by name."""
    agencies = Agency.objects.all() if agency_id is None else Agency.objects.exclude(pk=agency_id)
    return list(agencies.order_by("name"))
