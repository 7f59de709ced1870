"""Reading referrals through the caller's role and scope; personal fields limited by data minimisation.

The referring side sees its referrals by the usual scope (own / team / agency / all); the receiving agency
sees referrals sent to it (never drafts) and only the field groups the referral shares. Reads that show
personal data are audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from mixmig.apps.access.roles import Scope, can
from mixmig.apps.audit import services as audit
from mixmig.apps.referrals import consent as ledger
from mixmig.apps.referrals import minimise
from mixmig.apps.referrals.models import Referral, ReferralTransition
from mixmig.apps.referrals.services import MACHINE, is_recipient, is_sender
from mixmig.apps.referrals.vocabularies import SHARED_STATUSES, WAITING_STATUSES, ReferralStatus
from mixmig.apps.registry.errors import NotPermitted, NotVisible


def _sender_scope(user) -> Q:
    if user.scope == Scope.ALL:
        return Q()
    if user.scope == Scope.OWN:
        return Q(created_by_id=user.pk)
    if user.scope == Scope.TEAM:
        return Q(from_team_id=user.team_id) if user.team_id else Q(created_by_id=user.pk)
    return Q(from_agency_id=user.agency_id)


def visible_referrals(user) -> QuerySet[Referral]:
    if not can(user, "referral.view"):
        return Referral.objects.none()
    condition = _sender_scope(user)
    if user.agency_id and user.scope != Scope.OWN:
        condition |= Q(to_agency_id=user.agency_id) & ~Q(status=ReferralStatus.DRAFT)
    return Referral.objects.filter(condition)


def overdue_referrals(user, now=None, limit: int = 50) -> list[Referral]:
    """Waiting referrals past their deadline that the user sent (by scope) or that wait for their agency,
    earliest deadline first (ties by number).

    Each waiting status of each side is read on its own: (sender scope or receiving agency, one status,
    deadline) is a prefix of an index, so every read walks it in deadline order and stops after ``limit``
    rows, where ``status IN (...)`` over an agency's sent referrals (tens of thousands at 1M) had to be
    sorted. The parts are merged; a referral on both sides appears once.
    """
    if not can(user, "referral.view"):
        return []
    now = now or timezone.now()
    parts = [
        Referral.objects.filter(_sender_scope(user), status=status, deadline_at__lt=now)
        for status in WAITING_STATUSES
    ]
    if user.agency_id and user.scope != Scope.OWN:
        parts.append(
            Referral.objects.filter(
                to_agency_id=user.agency_id, status=ReferralStatus.SENT, deadline_at__lt=now
            )
        )
    seen: dict[int, Referral] = {}
    for qs in parts:
        for ref in qs.select_related("service", "person").order_by("deadline_at", "id")[:limit]:
            seen[ref.pk] = ref
    return sorted(seen.values(), key=lambda r: (r.deadline_at, r.pk))[:limit]


def incoming_referrals(user) -> QuerySet[Referral]:
    if not can(user, "referral.view") or not user.agency_id:
        return Referral.objects.none()
    return (
        Referral.objects.filter(to_agency_id=user.agency_id, status=ReferralStatus.SENT)
        .select_related("service", "person")
        .order_by("deadline_at", "id")
    )


def referrals_of_person(user, person) -> QuerySet[Referral]:
    return visible_referrals(user).filter(person=person).select_related("service").order_by("-id")


@dataclass
class ReferralView:
    referral: Referral
    side: str  # "sender" | "recipient"
    fields: dict = field(default_factory=dict)
    transitions: list = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)


def recipient_may_see_data(referral: Referral) -> bool:
    if not referral.shares_personal_data or referral.status not in (
        *SHARED_STATUSES,
        ReferralStatus.COMPLETED,
    ):
        return False
    if referral.consent_override:
        return True
    return referral.consent is not None and ledger.is_valid(referral.consent)


def get_referral(user, referral_id: int) -> ReferralView:
    """One referral with its transitions; the receiving side gets only the shared field groups. Audited."""
    if not can(user, "referral.view"):
        raise NotPermitted("your role may not view referrals (referral.view)")
    with transaction.atomic():
        referral = (
            visible_referrals(user)
            .select_related(
                "service", "service__provider", "person", "consent", "from_agency", "to_agency", "created_by"
            )
            .filter(pk=referral_id)
            .first()
        )
        if referral is None:
            raise NotVisible(f"referral R{referral_id} not found")
        sender = is_sender(user, referral) and (
            user.scope != Scope.TEAM or referral.from_team_id in (None, user.team_id)
        )
        side = "sender" if sender else "recipient"
        fields: dict = {}
        shown: list[str] = []
        if side == "recipient" and recipient_may_see_data(referral):
            shown = list(referral.fields_shared)
            fields = minimise.shared_fields(referral.person, shown)
        elif side == "sender":
            shown = list(referral.fields_shared)
            fields = minimise.shared_fields(referral.person, shown)
        audit.record(user, "referral.viewed", "referral", referral.pk, side=side, fields=shown)
    allowed = [
        new
        for new in MACHINE.allowed_from(referral.status)
        if (
            is_recipient(user, referral)
            if new in ("accepted", "declined", "in_service", "completed")
            else sender
        )
    ]
    transitions = list(ReferralTransition.objects.filter(referral=referral).select_related("actor"))
    return ReferralView(referral, side, fields, transitions, allowed)


def transitions_of(referral_ids: list[int]) -> QuerySet[ReferralTransition]:
    return ReferralTransition.objects.filter(referral_id__in=referral_ids).select_related("actor")


def procedure_completed(person, service_type: str) -> bool:
    """Whether a referral of the person to ``service_type`` was completed (the procedure resolved it)."""
    return Referral.objects.filter(
        person=person, service_type=service_type, status=ReferralStatus.COMPLETED
    ).exists()
