from datetime import timedelta

import pytest
from django.utils import timezone

from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.notifications.models import Notification
from mixmig.apps.referrals import consent as ledger
from mixmig.apps.referrals import selectors, services
from mixmig.apps.referrals.models import Referral
from mixmig.apps.referrals.statemachine import GuardFailed, IllegalTransition
from mixmig.apps.registry.errors import InvalidInput, NotPermitted, NotVisible


def test_full_lifecycle_across_agencies_is_stored_and_audited(personas, catalogue, adult, consent_for):
    consent_for(adult, service=catalogue.shelter_b)
    ref = _make(personas, adult, catalogue.shelter_b)
    assert ref.deadline_at is not None and ref.to_agency_id == personas.agency_b.pk
    services.send(personas.caseworker, ref.pk)
    cw_b = _cw_b(personas)
    services.accept(cw_b, ref.pk)
    services.start_service(cw_b, ref.pk)
    services.complete(cw_b, ref.pk, "placed in shelter")
    ref.refresh_from_db()
    assert ref.status == "completed" and ref.outcome == "placed in shelter"
    steps = [(t.old, t.new) for t in ref.transitions.all()]
    assert steps == [
        ("", "draft"),
        ("draft", "sent"),
        ("sent", "accepted"),
        ("accepted", "in_service"),
        ("in_service", "completed"),
    ]
    actions = list(
        AuditEvent.objects.filter(object_type="referral", object_id=str(ref.pk)).values_list(
            "action", flat=True
        )
    )
    for new in ("draft", "sent", "accepted", "in_service", "completed"):
        assert f"referral.{new}" in actions
    assert Notification.objects.filter(user=personas.caseworker, kind="referral.accepted").exists()


def _make(personas, person, service, **kw):
    return services.create_referral(personas.caseworker, person.number, service.code, **kw)


def _cw_b(personas):
    from mixmig.apps.access import services as access

    return access.create_user(
        "system", "cw_b", personas.password, "caseworker", personas.agency_b, personas.agency_b.teams.first()
    )


def test_no_consent_no_sending_personal_data(personas, catalogue, adult):
    ref = _make(personas, adult, catalogue.shelter_b)
    with pytest.raises(GuardFailed) as exc:
        services.send(personas.caseworker, ref.pk)
    assert exc.value.guard == "consent_or_override"
    ref.refresh_from_db()
    assert ref.status == "draft"


def test_caseworker_may_not_override_supervisor_may_with_audit(personas, catalogue, adult):
    ref = _make(personas, adult, catalogue.shelter_b)
    with pytest.raises(GuardFailed, match="override"):
        services.send(personas.caseworker, ref.pk, override_reason="urgent")
    services.send(personas.supervisor, ref.pk, override_reason="life at risk; consent to follow")
    ref.refresh_from_db()
    assert ref.consent_override and ref.status == "sent"
    assert AuditEvent.objects.filter(action="referral.consent_overridden", object_id=str(ref.pk)).exists()


def test_consent_must_match_recipient_and_fields(personas, catalogue, adult, consent_for):
    consent_for(adult, service=catalogue.child_protection, scope=["identity", "contact"])
    consent_for(adult, agency=personas.agency_b, scope=["identity"])  # does not cover contact
    ref = _make(personas, adult, catalogue.shelter_b)
    with pytest.raises(GuardFailed):
        services.send(personas.caseworker, ref.pk)
    narrowed = _make(personas, adult, catalogue.shelter_b, fields=["identity"])
    services.send(personas.caseworker, narrowed.pk)


def test_referral_without_personal_data_needs_no_consent(personas, catalogue, adult):
    ref = _make(personas, adult, catalogue.shelter_b, shares_personal_data=False)
    services.send(personas.caseworker, ref.pk)
    cw_b = _cw_b(personas)
    view = selectors.get_referral(cw_b, ref.pk)
    assert view.side == "recipient" and view.fields == {}


def test_fields_beyond_what_the_service_needs_are_refused(personas, catalogue, adult):
    with pytest.raises(InvalidInput, match="not needed"):
        _make(personas, adult, catalogue.shelter_b, fields=["identity", "screening"])


def test_recipient_sees_only_shared_field_groups(personas, catalogue, register, consent_for):
    person = register(personas.caseworker, phones=["+393331234567"], nationalities=["ERI"]).person
    consent_for(person, service=catalogue.shelter_b, scope=["identity", "contact", "nationality"])
    ref = _make(personas, person, catalogue.shelter_b)
    services.send(personas.caseworker, ref.pk)
    view = selectors.get_referral(_cw_b(personas), ref.pk)
    assert view.fields["given_name"] == "Amina" and view.fields["contacts"]
    assert "nationalities" not in view.fields and "screening_answers" not in view.fields


def test_withdrawn_consent_revokes_and_hides_data(personas, catalogue, adult, consent_for):
    consent = consent_for(adult, service=catalogue.shelter_b)
    ref = _make(personas, adult, catalogue.shelter_b)
    services.send(personas.caseworker, ref.pk)
    ledger.withdraw_consent(personas.caseworker, consent.pk, "person asked")
    ref.refresh_from_db()
    assert ref.status == "revoked"
    cw_b = _cw_b(personas)
    assert selectors.get_referral(cw_b, ref.pk).fields == {}


def test_child_consent_must_come_from_guardian_or_authority(personas, catalogue, child, consent_for):
    with pytest.raises(InvalidInput, match="guardian"):
        consent_for(child, service=catalogue.child_protection, scope=["identity"])
    consent_for(
        child,
        service=catalogue.child_protection,
        scope=["identity", "nationality", "group"],
        given_by="child_protection_authority",
    )
    ref = _make(personas, child, catalogue.child_protection)
    assert ref.deadline_at - ref.created_at <= timedelta(
        hours=24, seconds=1
    )  # child → child protection in 24 h
    services.send(personas.caseworker, ref.pk)


def test_route_deadline_wins_over_service_default(personas, catalogue, adult):
    ref = _make(personas, adult, catalogue.shelter_b, deadline_hours=6, route_id="trafficking_nrm")
    assert abs((ref.deadline_at - ref.created_at) - timedelta(hours=6)) < timedelta(seconds=2)


def test_illegal_transitions_raise_and_change_nothing(personas, catalogue, adult):
    ref = _make(personas, adult, catalogue.shelter_b, shares_personal_data=False)
    with pytest.raises(IllegalTransition, match="allowed from 'draft'"):
        services.accept(personas.caseworker, ref.pk)
    with pytest.raises(IllegalTransition):
        services.complete(personas.caseworker, ref.pk)
    services.send(personas.caseworker, ref.pk)
    with pytest.raises(GuardFailed, match="receiving agency"):
        services.accept(personas.caseworker, ref.pk)  # the sender cannot accept for the recipient
    with pytest.raises(GuardFailed, match="reason"):
        services.decline(_cw_b(personas), ref.pk, "")
    ref.refresh_from_db()
    assert ref.status == "sent"


def test_non_refoulement_blocks_return_while_asylum_open(personas, catalogue, adult):
    asylum = _make(personas, adult, catalogue.asylum, shares_personal_data=False)
    services.send(personas.caseworker, asylum.pk)
    ret = _make(personas, adult, catalogue.avr, shares_personal_data=False)
    with pytest.raises(GuardFailed, match="non-refoulement"):
        services.send(personas.supervisor, ret.pk, override_reason="try")


def test_non_refoulement_blocks_return_of_unaccompanied_child(personas, catalogue, child):
    ret = _make(personas, child, catalogue.avr, shares_personal_data=False)
    with pytest.raises(GuardFailed, match="best-interests"):
        services.send(personas.caseworker, ret.pk)


def test_non_refoulement_on_declared_persecution(personas, catalogue, register):
    person = register(personas.caseworker, reasons_for_leaving=["persecution"]).person
    ret = _make(personas, person, catalogue.avr, shares_personal_data=False)
    with pytest.raises(GuardFailed, match="international-protection"):
        services.send(personas.caseworker, ret.pk)


def test_return_allowed_when_nothing_unresolved(personas, catalogue, register):
    person = register(personas.caseworker, reasons_for_leaving=["economic"]).person
    ret = _make(personas, person, catalogue.avr, shares_personal_data=False)
    services.send(personas.caseworker, ret.pk)


def test_overdue_referrals_escalate_once_to_supervisor(personas, catalogue, adult):
    ref = _make(personas, adult, catalogue.shelter_b, deadline_hours=1, shares_personal_data=False)
    later = timezone.now() + timedelta(hours=2)
    assert services.escalate_overdue(now=later) == 1
    assert services.escalate_overdue(now=later) == 0
    assert Notification.objects.filter(user=personas.supervisor, kind="referral.overdue").count() == 1
    assert list(selectors.overdue_referrals(personas.caseworker, now=later)) == [
        Referral.objects.get(pk=ref.pk)
    ]


def test_scope_hides_foreign_referrals(personas, catalogue, adult):
    ref = _make(personas, adult, catalogue.child_protection, shares_personal_data=False)
    with pytest.raises(NotVisible):
        selectors.get_referral(personas.officer_b, ref.pk)
    with pytest.raises(NotVisible):
        services.send(personas.officer_b, ref.pk)
    with pytest.raises(NotPermitted):
        services.create_referral(personas.analyst, adult.number, catalogue.child_protection.code)
    # drafts are not visible to the receiving agency
    draft = _make(personas, adult, catalogue.shelter_b, shares_personal_data=False)
    with pytest.raises(NotVisible):
        selectors.get_referral(_cw_b(personas), draft.pk)
