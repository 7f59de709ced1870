from datetime import date

import pytest

from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.cases import children, selectors, services, transfers
from mixmig.apps.cases.models import CaseTransition
from mixmig.apps.referrals import persons
from mixmig.apps.referrals import services as referrals
from mixmig.apps.referrals.statemachine import GuardFailed, IllegalTransition
from mixmig.apps.registry.errors import InvalidInput, NotPermitted, NotVisible


def test_status_machine_closure_needs_supervisor_approval(personas, adult):
    case = services.open_case(personas.caseworker, adult.number)
    services.change_status(personas.caseworker, case.pk, "in_progress")
    with pytest.raises(GuardFailed, match="approve the closure"):
        services.change_status(personas.caseworker, case.pk, "closed", "resolved")
    approval = services.request_approval(personas.caseworker, case.pk, "closure")
    with pytest.raises(NotPermitted):
        services.decide_approval(personas.caseworker, approval.pk, True)
    services.decide_approval(personas.supervisor, approval.pk, True)
    with pytest.raises(GuardFailed, match="reason"):
        services.change_status(personas.caseworker, case.pk, "closed", "")
    services.change_status(personas.caseworker, case.pk, "closed", "resolved")
    with pytest.raises(IllegalTransition):
        services.change_status(personas.caseworker, case.pk, "in_progress")
    services.change_status(personas.caseworker, case.pk, "reopened", "new facts")
    path = [(t.old, t.new) for t in CaseTransition.objects.filter(case=case, subject="case")]
    assert path == [("", "open"), ("open", "in_progress"), ("in_progress", "closed"), ("closed", "reopened")]
    assert AuditEvent.objects.filter(action="case.reopened", object_id=str(case.pk)).exists()


def test_supervisor_cannot_approve_own_request(personas, adult):
    case = services.open_case(personas.supervisor, adult.number)
    approval = services.request_approval(personas.supervisor, case.pk, "case_plan")
    with pytest.raises(NotPermitted, match="four eyes"):
        services.decide_approval(personas.supervisor, approval.pk, True)


def test_tasks_notes_and_timeline(personas, adult, catalogue):
    case = services.open_case(personas.caseworker, adult.number)
    services.add_task(personas.caseworker, case.pk, "Call the shelter")
    services.add_note(personas.caseworker, case.pk, "<script>alert(1)</script> spoke with her")
    referrals.create_referral(
        personas.caseworker, adult.number, catalogue.shelter_b.code, shares_personal_data=False
    )
    assert [t.title for t in selectors.my_tasks(personas.caseworker)] == ["Call the shelter"]
    view = selectors.get_case(personas.caseworker, case.pk)
    kinds = {kind for _, kind, _ in view.timeline}
    assert {"registration", "referral", "note", "transition", "task"} <= kinds
    assert AuditEvent.objects.filter(action="case.viewed", object_id=str(case.pk)).exists()


def test_case_scope(personas, adult):
    case = services.open_case(personas.caseworker, adult.number)
    for outsider in (personas.caseworker_other_team, personas.officer_b):
        with pytest.raises((NotVisible, NotPermitted)):
            selectors.get_case(outsider, case.pk)
        with pytest.raises((NotVisible, NotPermitted)):
            services.add_note(outsider, case.pk, "x")
    with pytest.raises(NotPermitted):
        services.open_case(personas.analyst, adult.number)
    assert selectors.get_case(personas.supervisor, case.pk).case == case


def test_bulk_reassign_all_or_nothing(personas, adult, register):
    other = register(personas.caseworker, given_name="Yonas").person
    a = services.open_case(personas.caseworker, adult.number)
    b = services.open_case(personas.caseworker, other.number)
    with pytest.raises(NotPermitted):
        services.bulk_reassign(personas.caseworker, [a.pk], personas.caseworker_other_team)
    with pytest.raises(NotVisible):
        services.bulk_reassign(personas.supervisor, [a.pk, 999999], personas.caseworker_other_team)
    services.bulk_reassign(personas.supervisor, [a.pk, b.pk], personas.caseworker_other_team)
    assert {c.pk for c in selectors.my_cases(personas.caseworker_other_team)} == {a.pk, b.pk}
    assert selectors.my_cases(personas.caseworker) == []


def test_transfer_needs_consent_and_receiver_acceptance(personas, adult, consent_for):
    from mixmig.apps.access import services as access

    sup_b = access.create_user("system", "sup_b", personas.password, "supervisor", personas.agency_b)
    case = services.open_case(personas.caseworker, adult.number)
    with pytest.raises(NotPermitted):
        transfers.request_transfer(personas.caseworker, case.pk, personas.agency_b, "specialised NGO")
    with pytest.raises(InvalidInput, match="consent"):
        transfers.request_transfer(
            personas.supervisor, case.pk, personas.agency_b, "specialised NGO", fields=["identity"]
        )
    consent_for(adult, agency=personas.agency_b, scope=["identity"], purpose="case_transfer")
    t = transfers.request_transfer(
        personas.supervisor, case.pk, personas.agency_b, "specialised NGO", fields=["identity"]
    )
    with pytest.raises(GuardFailed):
        transfers.decide_transfer(personas.supervisor, t.pk, "accepted")  # the sender cannot accept
    with pytest.raises(NotVisible):
        selectors.get_case(sup_b, case.pk)  # not yet moved
    transfers.decide_transfer(sup_b, t.pk, "accepted")
    view = selectors.get_case(sup_b, case.pk)
    assert view.person_fields["given_name"] == "Amina" and "contacts" not in view.person_fields
    with pytest.raises(NotVisible):
        selectors.get_case(personas.supervisor, case.pk)


def test_uasc_steps_benefit_of_doubt_guardian_bid(personas, register, catalogue):
    adultish = register(personas.caseworker, birth_date=date(2000, 1, 1)).person
    assert not persons.is_child(adultish)
    case = services.open_case(personas.caseworker, adultish.number, kind="child_protection")
    age = children.request_step(personas.caseworker, case.pk, "age_assessment")
    assert persons.is_child(adultish)  # benefit of the doubt while the assessment is pending
    with pytest.raises(GuardFailed, match="outcome"):
        children.move_step(personas.caseworker, age.pk, "done")
    children.move_step(personas.caseworker, age.pk, "done", outcome="inconclusive")
    assert persons.is_child(adultish)
    guardian = children.request_step(personas.caseworker, case.pk, "guardian_appointment")
    assert (guardian.due_at - guardian.requested_at).total_seconds() == 24 * 3600
    children.move_step(
        personas.caseworker, guardian.pk, "done", details={"organisation": "Municipal guardianship office"}
    )
    ret = referrals.create_referral(
        personas.caseworker, adultish.number, catalogue.avr.code, shares_personal_data=False
    )
    with pytest.raises(GuardFailed, match="best-interests"):
        referrals.send(personas.caseworker, ret.pk)
    bid = children.request_step(personas.caseworker, case.pk, "best_interests_determination")
    with pytest.raises(GuardFailed, match="assessment first"):
        children.move_step(personas.caseworker, bid.pk, "done", outcome="return in best interests")
    bia = children.request_step(personas.caseworker, case.pk, "best_interests_assessment")
    children.move_step(personas.caseworker, bia.pk, "done", outcome="assessed")
    with pytest.raises(GuardFailed, match="approve"):
        children.move_step(personas.caseworker, bid.pk, "done", outcome="reunify")
    approval = services.request_approval(personas.caseworker, case.pk, "best_interests_determination")
    services.decide_approval(personas.supervisor, approval.pk, True)
    children.move_step(personas.caseworker, bid.pk, "done", outcome="reunify")
    referrals.send(personas.caseworker, ret.pk)  # determination made: the guard no longer blocks
    tracing = children.request_step(personas.caseworker, case.pk, "family_tracing")
    assert tracing in selectors.overdue_steps(personas.caseworker) or tracing.due_at
