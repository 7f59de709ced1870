"""Transfer of a case to another agency: proposed by the owner's side, moves only when the receiver accepts.

A transfer carries personal data, so it passes the same consent ledger as referrals (purpose
``case_transfer``, recipient agency) or an audited override by a role holding ``referral.override_consent``.
proposed → accepted | declined (receiver) | cancelled (sender).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.cases.models import Case, CaseTransfer
from mixmig.apps.cases.services import managed_case, reason_given, require, store_transition
from mixmig.apps.cases.vocabularies import TransferStatus
from mixmig.apps.directory.vocabularies import FIELD_GROUP_VALUES
from mixmig.apps.notifications import services as notifications
from mixmig.apps.referrals import consent as ledger
from mixmig.apps.referrals.statemachine import Machine
from mixmig.apps.referrals.vocabularies import Purpose
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotVisible

X = TransferStatus


def actor_is_receiver(actor, transfer, **_) -> str | None:
    ok = can(actor, "case.transfer") and actor.agency_id == transfer.to_agency_id
    return None if ok else "only the receiving agency may accept or decline"


def actor_is_sender(actor, transfer, **_) -> str | None:
    ok = can(actor, "case.transfer") and actor.agency_id == transfer.from_agency_id
    return None if ok else "only the sending agency may cancel"


MACHINE = Machine(
    kind="case transfer",
    states=tuple(X.values),
    transitions={
        (X.PROPOSED, X.ACCEPTED): ("actor_is_receiver",),
        (X.PROPOSED, X.DECLINED): ("actor_is_receiver", "reason_given"),
        (X.PROPOSED, X.CANCELLED): ("actor_is_sender", "reason_given"),
    },
    guards={
        "actor_is_receiver": actor_is_receiver,
        "actor_is_sender": actor_is_sender,
        "reason_given": reason_given,
    },
)


def request_transfer(
    actor, case_id: int, to_agency, reason: str, fields: list[str] | None = None, override_reason: str = ""
) -> CaseTransfer:
    require(actor, "case.transfer")
    errors = []
    if to_agency is None or to_agency.pk == actor.agency_id:
        errors.append(FieldError("to_agency", "choose another agency"))
    if not (reason or "").strip():
        errors.append(FieldError("reason", "say why the case is transferred"))
    fields = list(dict.fromkeys(fields or sorted(FIELD_GROUP_VALUES)))
    if any(f not in FIELD_GROUP_VALUES for f in fields):
        errors.append(FieldError("fields", f"allowed: {', '.join(sorted(FIELD_GROUP_VALUES))}"))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        case = managed_case(actor, case_id)
        if CaseTransfer.objects.filter(case=case, status=X.PROPOSED).exists():
            raise InvalidInput([FieldError("case", "a transfer of this case is already waiting")])
        consent = None
        if case.person_id:
            consent = ledger.find_matching(
                case.person, Purpose.CASE_TRANSFER, agency=to_agency, fields=fields
            )
            if consent is None:
                if not override_reason.strip():
                    raise InvalidInput([FieldError(
                        "consent", "no consent covers a transfer of these fields to that agency; record it, "
                        "or a supervisor overrides with a reason",
                    )])  # fmt: skip
                require(actor, "referral.override_consent")
        transfer = CaseTransfer.objects.create(
            case=case, from_agency_id=case.agency_id, to_agency=to_agency, reason=reason.strip()[:500],
            fields_shared=fields, consent=consent, consent_override=case.person_id is not None and consent is None,
            requested_by=actor,
        )  # fmt: skip
        if transfer.consent_override:
            audit.record(
                actor,
                "case.transfer_consent_overridden",
                "case",
                case.pk,
                transfer=transfer.pk,
                fields=fields,
            )
        store_transition(actor, case, f"transfer:{transfer.pk}", "", X.PROPOSED, reason, timezone.now())
        audit.record(
            actor, "case.transfer_proposed", "case", case.pk, transfer=transfer.pk, to_agency=to_agency.code
        )
        notifications.notify(
            notifications.supervisors(to_agency.pk), "transfer.proposed",
            f"Case transfer proposed by {actor.agency.code}", "/cases/transfers/", "case_transfer", transfer.pk,
        )  # fmt: skip
    return transfer


def decide_transfer(actor, transfer_id: int, new: str, reason: str = "", team=None) -> CaseTransfer:
    require(actor, "case.transfer")
    with transaction.atomic():
        transfer = (
            CaseTransfer.objects.select_for_update().select_related("case").filter(pk=transfer_id).first()
        )
        if transfer is None or actor.agency_id not in (transfer.to_agency_id, transfer.from_agency_id):
            raise NotVisible(f"transfer {transfer_id} not found")
        old = transfer.status
        MACHINE.check(old, new, actor=actor, transfer=transfer, reason=reason)
        now = timezone.now()
        transfer.status = new
        transfer.decided_by = actor
        transfer.decided_at = now
        transfer.decision_reason = (reason or "").strip()[:500]
        transfer.save()
        case = Case.objects.select_for_update().get(pk=transfer.case_id)
        if new == X.ACCEPTED:
            if transfer.consent_id and not ledger.is_valid(transfer.consent):
                raise InvalidInput([FieldError("consent", "the consent for this transfer was withdrawn")])
            case.agency_id = transfer.to_agency_id
            case.team = team if team is not None and team.agency_id == actor.agency_id else None
            case.owner = None
            case.shared_fields = transfer.fields_shared
            case.save()
        store_transition(actor, case, f"transfer:{transfer.pk}", old, new, reason, now)
        audit.record(actor, f"case.transfer_{new}", "case", case.pk, transfer=transfer.pk)
        notifications.notify(
            [transfer.requested_by], f"transfer.{new}", f"Transfer of case {case.number} {new}",
            "/cases/transfers/", "case_transfer", transfer.pk,
        )  # fmt: skip
    return transfer


def incoming_transfers(actor):
    if not can(actor, "case.transfer"):
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(to_agency_id=actor.agency_id, status=X.PROPOSED).select_related(
        "case", "from_agency"
    )


def outgoing_transfers(actor):
    if not can(actor, "case.transfer"):
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(from_agency_id=actor.agency_id).select_related("case", "to_agency")
