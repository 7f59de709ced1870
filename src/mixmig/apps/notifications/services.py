"""Notify users in the app and by e-mail (Django's configured e-mail backend).

Subjects name record numbers and what happened, never a person's name or other personal data: e-mail
leaves the system.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from mixmig.apps.notifications.models import Notification

log = logging.getLogger(__name__)


def notify(users, kind: str, subject: str, link: str = "", object_type: str = "", object_id="") -> int:
    """Create one notification per distinct active user; e-mail those with an address after commit."""
    seen: set[int] = set()
    rows = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                user=user, kind=kind, subject=subject[:200], link=link, object_type=object_type,
                object_id=str(object_id), emailed=bool(user.email),
            )
        )  # fmt: skip
    Notification.objects.bulk_create(rows)
    recipients = [r.user.email for r in rows if r.user.email]
    if recipients:
        body = f"{subject}\n\n{link}\n" if link else f"{subject}\n"

        def _send() -> None:
            try:
                send_mail(f"[mixmig] {subject}", body, settings.DEFAULT_FROM_EMAIL, recipients)
            except Exception:  # a mail outage must not undo the change; the in-app notification stays
                log.exception("could not e-mail notification %s", kind)

        transaction.on_commit(_send)
    return len(rows)


def unread(user, limit: int = 20) -> list[Notification]:
    return list(Notification.objects.filter(user=user, read_at__isnull=True)[:limit])


def recent(user, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:limit])


def mark_read(user, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def staff(agency_id, roles: tuple[str, ...], team_id=None) -> list:
    """Active users of an agency (and team, when given) holding one of ``roles``: whom to notify."""
    from django.contrib.auth import get_user_model

    qs = get_user_model().objects.filter(agency_id=agency_id, role__in=roles, is_active=True)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    return list(qs)


def supervisors(agency_id, team_id=None) -> list:
    """Supervisors of the team (or, when the team has none, of the agency)."""
    found = staff(agency_id, ("supervisor",), team_id) if team_id is not None else []
    return found or staff(agency_id, ("supervisor",))
