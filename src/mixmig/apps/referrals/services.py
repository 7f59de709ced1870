"""Referrals: create from a screening route or by hand, then move through the explicit state machine.

draft → sent → accepted | declined;  accepted → in_service → completed;
draft | sent | accepted | in_service → revoked;  sent | accepted → expired.

Sending personal data passes the consent gate (a matching consent in the ledger, or an audited override by a
role holding ``referral.override_consent``) and the non-refoulement guard. Every transition is stored
(old, new, reason, actor, time) and audited in the same transaction.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.directory import selectors as directory
from mixmig.apps.directory.vocabularies import ServiceType
from mixmig.apps.notifications import services as notifications
from mixmig.apps.referrals import consent as ledger
from mixmig.apps.referrals import guards, persons
from mixmig.apps.referrals.models import Referral, ReferralTransition
from mixmig.apps.referrals.statemachine import Machine
from mixmig.apps.referrals.vocabularies import (
    WAITING_STATUSES,
    Priority,
    Purpose,
    ReferralStatus,
)
from mixmig.apps.registry import selectors as registry
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted, NotVisible

S = ReferralStatus
#: Called as ``hook(actor, referral, old, new)`` inside the transaction of every stored transition (the
#: exchange app tells partner instances about referrals sent to them).
AFTER_TRANSITION: list = []
CHILD_SERVICE_TYPES = frozenset(
    {ServiceType.CHILD_PROTECTION, ServiceType.BEST_INTERESTS_PROCEDURE, ServiceType.GUARDIANSHIP}
)


def _label(actor) -> str:
    return actor if isinstance(actor, str) else actor.get_username()


def _is_partner(actor, referral) -> bool:
    return (
        isinstance(actor, str)
        and bool(referral.exchange_partner)
        and actor == f"partner:{referral.exchange_partner}"
    )


def is_sender(actor, referral) -> bool:
    return (
        not isinstance(actor, str)
        and can(actor, "referral.create")
        and actor.agency_id == referral.from_agency_id
    )


def is_recipient(actor, referral) -> bool:
    if _is_partner(actor, referral):
        return True
    if isinstance(actor, str):
        return False
    if referral.to_agency_id is None and not referral.exchange_partner:  # provider outside mixmig
        return is_sender(actor, referral)
    return can(actor, "referral.respond") and actor.agency_id == referral.to_agency_id


# ---- named guards -------------------------------------------------------------------------------------


def actor_is_sender(actor, referral, **_) -> str | None:
    return None if is_sender(actor, referral) else "only the referring agency may do this"


def actor_is_recipient(actor, referral, **_) -> str | None:
    return None if is_recipient(actor, referral) else "only the receiving agency may do this"


def actor_is_sender_or_system(actor, referral, **_) -> str | None:
    return (
        None if actor == "system" or is_sender(actor, referral) else "only the referring agency may do this"
    )


def reason_given(reason: str = "", **_) -> str | None:
    return None if (reason or "").strip() else "give a reason"


def service_active(referral, **_) -> str | None:
    return None if referral.service.active else f"service {referral.service.code} is no longer active"


def consent_or_override(actor, referral, consent=None, override_reason: str = "", **_) -> str | None:
    """Nothing leaves without consent and purpose (principle 5)."""
    if not referral.shares_personal_data:
        return None
    if consent is not None:
        return None
    if override_reason.strip() and can(actor, "referral.override_consent"):
        return None
    if override_reason.strip():
        return "your role may not override the consent requirement (referral.override_consent)"
    return (
        "no consent in the ledger covers this referral (purpose referral, recipient "
        f"{referral.service.code}, fields {', '.join(referral.fields_shared) or '—'}); record the consent "
        "first, or send without personal data"
    )


def non_refoulement(referral, **_) -> str | None:
    if not guards.is_return(referral.service_type):
        return None
    reasons = guards.unresolved_indications(referral.person, exclude_referral_id=referral.pk)
    return ("non-refoulement: " + "; ".join(reasons)) if reasons else None


MACHINE = Machine(
    kind="referral",
    states=tuple(S.values),
    transitions={
        (S.DRAFT, S.SENT): ("actor_is_sender", "service_active", "non_refoulement", "consent_or_override"),
        (S.SENT, S.ACCEPTED): ("actor_is_recipient",),
        (S.SENT, S.DECLINED): ("actor_is_recipient", "reason_given"),
        (S.ACCEPTED, S.IN_SERVICE): ("actor_is_recipient",),
        (S.IN_SERVICE, S.COMPLETED): ("actor_is_recipient",),
        (S.DRAFT, S.REVOKED): ("actor_is_sender", "reason_given"),
        (S.SENT, S.REVOKED): ("actor_is_sender", "reason_given"),
        (S.ACCEPTED, S.REVOKED): ("actor_is_sender", "reason_given"),
        (S.IN_SERVICE, S.REVOKED): ("actor_is_sender", "reason_given"),
        (S.SENT, S.EXPIRED): ("actor_is_sender_or_system", "reason_given"),
        (S.ACCEPTED, S.EXPIRED): ("actor_is_sender_or_system", "reason_given"),
    },
    guards={
        "actor_is_sender": actor_is_sender,
        "actor_is_recipient": actor_is_recipient,
        "actor_is_sender_or_system": actor_is_sender_or_system,
        "reason_given": reason_given,
        "service_active": service_active,
        "consent_or_override": consent_or_override,
        "non_refoulement": non_refoulement,
    },
)


def _store(actor, referral: Referral, old: str, new: str, reason: str, at) -> None:
    ReferralTransition.objects.create(
        referral=referral,
        old=old,
        new=new,
        reason=(reason or "").strip()[:500],
        actor=None if isinstance(actor, str) else actor,
        actor_label=_label(actor),
        at=at,
    )
    audit.record(
        actor, f"referral.{new}", "referral", referral.pk, old=old, new=new, person=referral.person.number
    )


def _deadline_hours(person, service, deadline_hours: int | None) -> int | None:
    if deadline_hours is not None:
        return deadline_hours
    if service.default_deadline_hours is not None:
        return service.default_deadline_hours
    if service.service_type in CHILD_SERVICE_TYPES and persons.is_child(person):
        return getattr(settings, "REFERRAL_CHILD_DEADLINE_HOURS", 24)
    return None


def create_referral(
    actor,
    person_number: str,
    service_code: str,
    *,
    purpose: str = "",
    fields: list[str] | None = None,
    shares_personal_data: bool = True,
    deadline_hours: int | None = None,
    priority: str = Priority.NORMAL,
    route_id: str = "",
) -> Referral:
    """A draft referral of a person the actor can see to a directory service.

    ``fields`` defaults to what the service needs and may only narrow it (data minimisation).
    ``deadline_hours`` comes from the screening route; else the service's default; else 24 h for a child
    sent to child protection.
    """
    if not can(actor, "referral.create"):
        raise NotPermitted("your role may not make referrals (referral.create)")
    person = registry.visible_persons(actor).filter(number=person_number).first()
    if person is None:
        raise NotVisible(f"person {person_number} not found")
    errors: list[FieldError] = []
    try:
        service = directory.get_service(service_code)
    except NotVisible:
        raise InvalidInput(
            [FieldError("service", f"no service with code {service_code!r} in the directory")]
        ) from None
    needed = list(service.data_fields)
    chosen = needed if fields is None else list(dict.fromkeys(fields))
    if not shares_personal_data:
        chosen = []
    extra = [f for f in chosen if f not in needed]
    if extra:
        errors.append(
            FieldError(
                "fields",
                f"{', '.join(extra)} not needed by {service.code}; it may receive only: {', '.join(needed) or 'nothing'}",
            )
        )
    if shares_personal_data and not chosen:
        errors.append(FieldError("fields", "choose the field groups to share, or send without personal data"))
    if priority not in Priority.values:
        errors.append(FieldError("priority", f"allowed: {', '.join(Priority.values)}"))
    if deadline_hours is not None and not (0 < deadline_hours <= 24 * 365):
        errors.append(FieldError("deadline_hours", "must be between 1 and 8760 hours"))
    if not service.active:
        errors.append(FieldError("service", f"service {service.code} is no longer active"))
    if errors:
        raise InvalidInput(errors)
    now = timezone.now()
    hours = _deadline_hours(person, service, deadline_hours)
    with transaction.atomic():
        referral = Referral.objects.create(
            person=person,
            service=service,
            service_type=service.service_type,
            from_agency_id=actor.agency_id,
            from_team_id=actor.team_id,
            created_by=actor,
            to_agency_id=service.provider.agency_id,
            exchange_partner=service.exchange_partner,
            status=S.DRAFT,
            status_changed_at=now,
            priority=priority,
            deadline_at=now + timedelta(hours=hours) if hours else None,
            route_id=route_id[:80],
            purpose=purpose.strip()[:300],
            shares_personal_data=shares_personal_data,
            fields_shared=chosen,
        )
        _store(actor, referral, "", S.DRAFT, "created", now)
    return referral


def _locked(referral_id: int) -> Referral:
    referral = (
        Referral.objects.select_for_update()
        .select_related("service", "service__provider", "person")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise NotVisible(f"referral R{referral_id} not found")
    return referral


def _visible_or_404(actor, referral_id: int) -> None:
    from mixmig.apps.referrals.selectors import visible_referrals

    if isinstance(actor, str):
        return
    if not visible_referrals(actor).filter(pk=referral_id).exists():
        raise NotVisible(f"referral R{referral_id} not found")


def transition(
    actor, referral_id: int, new: str, reason: str = "", override_reason: str = "", outcome: str = ""
) -> Referral:
    """Move a referral to ``new``; raises IllegalTransition/GuardFailed, NotVisible or NotPermitted."""
    _visible_or_404(actor, referral_id)
    with transaction.atomic():
        referral = _locked(referral_id)
        old = referral.status
        context = {"actor": actor, "referral": referral, "reason": reason, "override_reason": override_reason}
        if new == S.SENT and referral.shares_personal_data:
            context["consent"] = ledger.find_matching(
                referral.person,
                Purpose.REFERRAL,
                referral.to_agency,
                referral.service,
                referral.fields_shared,
            )
        MACHINE.check(old, new, **context)
        now = timezone.now()
        if new == S.SENT and referral.shares_personal_data:
            referral.consent = context["consent"]
            if referral.consent is None:
                referral.consent_override = True
                referral.override_reason = override_reason.strip()[:500]
                audit.record(
                    actor, "referral.consent_overridden", "referral", referral.pk,
                    person=referral.person.number, fields=referral.fields_shared,
                )  # fmt: skip
        if new == S.DECLINED:
            referral.decline_reason = reason.strip()[:500]
        if new == S.COMPLETED:
            referral.outcome = (outcome or reason).strip()[:500]
        referral.status = new
        referral.status_changed_at = now
        referral.save()
        _store(actor, referral, old, new, reason, now)
        _notify(referral, new)
        for hook in AFTER_TRANSITION:
            hook(actor, referral, old, new)
    return referral


def _notify(referral: Referral, new: str) -> None:
    link = f"/referrals/{referral.pk}/"
    if new == S.SENT and referral.to_agency_id:
        users = notifications.staff(referral.to_agency_id, ("supervisor", "caseworker"))
        notifications.notify(
            users,
            "referral.received",
            f"Referral R{referral.pk} received ({referral.service.name})",
            link,
            "referral",
            referral.pk,
        )
    elif new in (S.ACCEPTED, S.DECLINED, S.COMPLETED, S.EXPIRED):
        notifications.notify(
            [referral.created_by],
            f"referral.{new}",
            f"Referral R{referral.pk} {new}",
            link,
            "referral",
            referral.pk,
        )


def send(actor, referral_id: int, override_reason: str = "") -> Referral:
    return transition(actor, referral_id, S.SENT, reason="sent", override_reason=override_reason)


def accept(actor, referral_id: int, reason: str = "") -> Referral:
    return transition(actor, referral_id, S.ACCEPTED, reason=reason or "accepted")


def decline(actor, referral_id: int, reason: str) -> Referral:
    return transition(actor, referral_id, S.DECLINED, reason=reason)


def start_service(actor, referral_id: int, reason: str = "") -> Referral:
    return transition(actor, referral_id, S.IN_SERVICE, reason=reason or "service started")


def complete(actor, referral_id: int, outcome: str = "") -> Referral:
    return transition(actor, referral_id, S.COMPLETED, reason=outcome or "completed", outcome=outcome)


def revoke(actor, referral_id: int, reason: str) -> Referral:
    return transition(actor, referral_id, S.REVOKED, reason=reason)


def expire(actor, referral_id: int, reason: str) -> Referral:
    return transition(actor, referral_id, S.EXPIRED, reason=reason)


def revoke_relying_on(actor, consent) -> int:
    """Revoke the open referrals that share data under ``consent`` (it was withdrawn). Call inside a transaction."""
    n = 0
    for referral in Referral.objects.select_for_update().filter(consent=consent, consent_override=False):
        if (referral.status, S.REVOKED) in MACHINE.transitions:
            old = referral.status
            referral.status = S.REVOKED
            referral.status_changed_at = timezone.now()
            referral.save()
            _store(actor, referral, old, S.REVOKED, "consent withdrawn", referral.status_changed_at)
            for hook in AFTER_TRANSITION:
                hook(actor, referral, old, S.REVOKED)
            n += 1
    return n


def escalate_overdue(now=None, limit: int = 10_000) -> int:
    """Mark waiting referrals past their deadline as escalated and notify the supervisors (once each)."""
    now = now or timezone.now()
    due = Referral.objects.filter(
        status__in=WAITING_STATUSES, deadline_at__lt=now, escalated_at__isnull=True
    ).select_related("service", "person")[:limit]
    n = 0
    for referral in due:
        with transaction.atomic():
            updated = Referral.objects.filter(pk=referral.pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if not updated:
                continue
            audit.record("system", "referral.escalated", "referral", referral.pk, status=referral.status)
            users = notifications.supervisors(referral.from_agency_id, referral.from_team_id)
            if referral.status == S.SENT and referral.to_agency_id:
                users += notifications.supervisors(referral.to_agency_id)
            hours = int((now - referral.deadline_at).total_seconds() // 3600)
            notifications.notify(
                users, "referral.overdue",
                f"Referral R{referral.pk} to {referral.service.name} is overdue ({referral.status}, {hours} h past deadline)",
                f"/referrals/{referral.pk}/", "referral", referral.pk,
            )  # fmt: skip
            n += 1
    return n
