"""The consent ledger: record, withdraw and match consents (DESIGN.md principle 5).

Referrals check it before personal data is sent; case transfers and exports check the same ledger with
``find_matching`` and their own purpose.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.directory.vocabularies import FIELD_GROUP_VALUES
from mixmig.apps.referrals import persons
from mixmig.apps.referrals.models import Consent
from mixmig.apps.referrals.vocabularies import CHILD_CONSENT_GIVERS, ConsentGiver, Purpose
from mixmig.apps.registry import selectors as registry
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted, NotVisible


def _require(actor, permission: str) -> None:
    if not can(actor, permission):
        raise NotPermitted(f"your role may not do this ({permission})")


def record_consent(
    actor,
    person_number: str,
    purpose: str,
    scope: list[str],
    given_by: str,
    recipient_agency=None,
    recipient_service=None,
    given_on: date | None = None,
    valid_until: date | None = None,
) -> Consent:
    """Record a consent the person (or, for a child, the guardian or child-protection authority) gave."""
    _require(actor, "consent.record")
    person = registry.visible_persons(actor).filter(number=person_number).first()
    if person is None:
        raise NotVisible(f"person {person_number} not found")
    errors: list[FieldError] = []
    if purpose not in Purpose.values:
        errors.append(
            FieldError("purpose", f"{purpose!r} is not known; allowed: {', '.join(Purpose.values)}")
        )
    if given_by not in ConsentGiver.values:
        errors.append(
            FieldError("given_by", f"{given_by!r} is not known; allowed: {', '.join(ConsentGiver.values)}")
        )
    scope = list(dict.fromkeys(scope or []))
    unknown = [s for s in scope if s not in FIELD_GROUP_VALUES]
    if unknown or not scope:
        errors.append(
            FieldError(
                "scope", f"name one or more field groups; allowed: {', '.join(sorted(FIELD_GROUP_VALUES))}"
            )
        )
    if recipient_agency is None and recipient_service is None:
        errors.append(FieldError("recipient", "name the recipient agency or service the consent is for"))
    today = timezone.localdate()
    given_on = given_on or today
    if given_on > today:
        errors.append(FieldError("given_on", "cannot be in the future"))
    if valid_until and valid_until < given_on:
        errors.append(FieldError("valid_until", "must be on or after the date consent was given"))
    if not errors and given_by == ConsentGiver.PERSON and persons.is_child(person):
        errors.append(
            FieldError(
                "given_by",
                "the person is a child (or the age is not yet assessed): consent must be given by the "
                "guardian or the child-protection authority",
            )
        )
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        consent = Consent.objects.create(
            person=person,
            purpose=purpose,
            recipient_agency=recipient_agency,
            recipient_service=recipient_service,
            scope=scope,
            given_by=given_by,
            given_on=given_on,
            valid_until=valid_until,
            agency_id=actor.agency_id,
            recorded_by=actor,
        )
        audit.record(
            actor, "consent.recorded", "consent", consent.pk, person=person.number, purpose=purpose,
            scope=scope, given_by=given_by,
        )  # fmt: skip
    return consent


def withdraw_consent(actor, consent_id: int, reason: str) -> Consent:
    """Withdraw a consent; open referrals relying on it are revoked in the same transaction."""
    _require(actor, "consent.record")
    if not (reason or "").strip():
        raise InvalidInput([FieldError("reason", "say why (or at whose request) the consent is withdrawn")])
    visible = registry.visible_persons(actor).values("pk")
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(pk=consent_id, person_id__in=visible).first()
        if consent is None:
            raise NotVisible(f"consent {consent_id} not found")
        if consent.withdrawn_at:
            raise InvalidInput([FieldError("consent", "this consent was already withdrawn")])
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor
        consent.withdrawal_reason = reason.strip()[:500]
        consent.save()
        audit.record(actor, "consent.withdrawn", "consent", consent.pk)
        from mixmig.apps.referrals import services as referrals

        referrals.revoke_relying_on(actor, consent)
    return consent


def is_valid(consent: Consent, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    return consent.withdrawn_at is None and (consent.valid_until is None or consent.valid_until >= on)


def mismatch(consent: Consent, person, purpose: str, agency, service, fields: list[str]) -> str | None:
    """Why ``consent`` does not cover this disclosure (None when it does)."""
    if consent.person_id != person.pk:
        return "the consent is for another person"
    if consent.purpose != purpose:
        return f"the consent is for {consent.purpose}, not {purpose}"
    if consent.recipient_service_id is not None:
        if service is None or consent.recipient_service_id != service.pk:
            return "the consent names another recipient service"
    elif agency is None or consent.recipient_agency_id != agency.pk:
        return "the consent names another recipient agency"
    if not is_valid(consent):
        return "the consent was withdrawn or has expired"
    missing = sorted(set(fields) - set(consent.scope))
    if missing:
        return f"the consent does not cover {', '.join(missing)}"
    if persons.is_child(person) and consent.given_by not in CHILD_CONSENT_GIVERS:
        return "the person is a child: consent must come from the guardian or the child-protection authority"
    return None


def find_matching(person, purpose: str, agency=None, service=None, fields: list[str] = ()) -> Consent | None:
    """The newest valid consent covering ``fields`` for ``purpose`` towards ``agency``/``service``."""
    recipient = Q(recipient_service=service) if service is not None else Q(pk__in=[])
    if agency is not None:
        recipient |= Q(recipient_agency=agency, recipient_service__isnull=True)
    candidates = Consent.objects.filter(recipient, person=person, purpose=purpose, withdrawn_at__isnull=True)
    for consent in candidates.order_by("-given_on", "-id"):
        if mismatch(consent, person, purpose, agency, service, list(fields)) is None:
            return consent
    return None


def consents_of(actor, person) -> list[Consent]:
    _require(actor, "consent.record")
    return list(Consent.objects.filter(person=person).select_related("recipient_agency", "recipient_service"))
