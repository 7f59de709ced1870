"""Transfer of a case to another agency: proposed by the owner's side, moves only when the receiver accepts.

A transfer carries personal data, so it passes the same consent ledger as referrals (purpose
``case_transfer``, recipient agency) or an audited override by a role holding ``referral.override_consent``.
proposed → accepted | declined (receiver) | cancelled (sender).

A transfer to an agency record that stands for an exchange partner (``exchange.Partner.remote_agency``)
travels to that partner instance (``AFTER_TRANSFER`` hook of the exchange app); only the partner's signed
answer decides it (``apply_partner_decision``), and on acceptance the sending case is closed here (the case
now lives in the partner instance) instead of moving to the other agency.
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
#: Called as ``hook(actor, transfer, old, new)`` inside the transaction of every transfer change (the
#: exchange app sends transfers to partner instances and tells them about cancellations).
AFTER_TRANSFER: list = []
#: Called as ``hook(agency_id)``; true when the agency stands for a partner instance (set by the exchange app).
REMOTE_AGENCY: list = []


def is_remote(agency_id) -> bool:
    return any(hook(agency_id) for hook in REMOTE_AGENCY)


def _after(actor, transfer, old, new) -> None:
    for hook in AFTER_TRANSFER:
        hook(actor, transfer, old, new)


def actor_is_receiver(actor, transfer, **_) -> str | None:
    if is_remote(transfer.to_agency_id):
        return "the partner instance decides this transfer; its answer arrives by the exchange"
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
        _after(actor, transfer, "", X.PROPOSED)
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
        _after(actor, transfer, old, new)
    return transfer


def apply_partner_decision(
    actor: str, transfer_id: int, agency_ids, new: str, reason: str = ""
) -> CaseTransfer:
    """The partner instance accepted or declined a transfer sent to it (inside the caller's transaction).

    ``agency_ids``: the local agency records standing for that partner (the transfer must be to one of them).
    On acceptance the sending case is closed with the transfer as reason; it is not moved to another agency.
    """
    from mixmig.apps.cases.vocabularies import ACTIVE_STATUSES, CaseStatus

    transfer = (
        CaseTransfer.objects.select_for_update().select_related("case")
        .filter(pk=transfer_id, to_agency_id__in=list(agency_ids)).first()
    )  # fmt: skip
    if transfer is None:
        raise NotVisible(f"transfer T{transfer_id} was not sent to this partner")
    old = transfer.status
    if old != X.PROPOSED or new not in (X.ACCEPTED, X.DECLINED):
        raise InvalidInput([FieldError("status", f"transfer T{transfer_id} is {old}; cannot become {new}")])
    now = timezone.now()
    transfer.status, transfer.decided_at = new, now
    transfer.decision_reason = (reason or new).strip()[:500]
    transfer.save()
    case = Case.objects.select_for_update().get(pk=transfer.case_id)
    store_transition(actor, case, f"transfer:{transfer.pk}", old, new, reason, now)
    if new == X.ACCEPTED and case.status in ACTIVE_STATUSES:
        closure = f"transferred to {transfer.to_agency.code} (T{transfer.pk})"
        case_old, case.status, case.status_changed_at, case.closure_reason = (
            case.status,
            CaseStatus.CLOSED,
            now,
            closure,
        )
        case.save()
        store_transition(actor, case, "case", case_old, CaseStatus.CLOSED, closure, now)
        audit.record(
            actor, "case.closed", "case", case.pk, old=case_old, new=CaseStatus.CLOSED, transfer=transfer.pk
        )
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
