"""Casework pages: dashboards, case page (notes escaped), referral page (minimised), bulk reassign, 403/404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def world(personas, register):
    from mixmig.apps.cases import services as cases
    from mixmig.apps.directory import services as directory
    from mixmig.apps.referrals import services as referrals

    directory.save_service(
        "system",
        {
            "code": "cp-a",
            "name": "Child protection A",
            "service_type": "child_protection",
            "provider_code": "a",
            "agency": "unhcr",
            "data_fields": "identity",
        },
    )
    person = register(personas.caseworker).person
    case = cases.open_case(personas.caseworker, person.number)
    cases.add_note(personas.caseworker, case.pk, "<script>alert('x')</script> met her")
    cases.add_task(
        personas.caseworker, case.pk, "Call the guardian", due_at=timezone.now() + timedelta(days=1)
    )
    ref = referrals.create_referral(
        personas.caseworker, person.number, "cp-a", deadline_hours=1, shares_personal_data=False
    )
    from mixmig.apps.referrals.models import Referral

    Referral.objects.filter(pk=ref.pk).update(deadline_at=timezone.now() - timedelta(hours=1))
    return {"person": person, "case": case, "referral": ref}


def test_caseworker_dashboard_lists_cases_tasks_overdue(signed_in, personas, world):
    page = signed_in(personas.caseworker).get("/work/").content.decode()
    assert (
        f"C{world['case'].pk}" in page and "Call the guardian" in page and f"R{world['referral'].pk}" in page
    )


def test_case_page_escapes_notes_and_is_audited(signed_in, personas, world):
    from mixmig.apps.audit.models import AuditEvent

    page = signed_in(personas.caseworker).get(f"/cases/{world['case'].pk}/").content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert AuditEvent.objects.filter(action="case.viewed", object_id=str(world["case"].pk)).exists()


def test_note_form_and_illegal_status_message(signed_in, personas, world):
    client = signed_in(personas.caseworker)
    pk = world["case"].pk
    client.post(f"/cases/{pk}/act/", {"action": "note", "text": "second note"})
    r = client.post(
        f"/cases/{pk}/act/", {"action": "status", "status": "closed", "reason": "done"}, follow=True
    )
    page = r.content.decode()
    assert "second note" in page and "approve the closure" in page


def test_supervisor_bulk_reassign(signed_in, personas, world):
    client = signed_in(personas.supervisor)
    assert "Team caseload" in client.get("/work/team/").content.decode()
    client.post("/work/team/", {"case": [world["case"].pk], "owner": personas.caseworker_other_team.pk})
    world["case"].refresh_from_db()
    assert world["case"].owner_id == personas.caseworker_other_team.pk


def test_referral_page_and_send(signed_in, personas, world):
    client = signed_in(personas.caseworker)
    pk = world["referral"].pk
    assert "Draft" in client.get(f"/referrals/{pk}/").content.decode()
    client.post(f"/referrals/{pk}/act/", {"action": "sent"})
    world["referral"].refresh_from_db()
    assert world["referral"].status == "sent"


@pytest.mark.parametrize(
    "persona, url, status",
    [
        ("analyst", "/work/", 403),
        ("officer", "/work/team/", 403),
        ("caseworker", "/work/team/", 403),
        ("caseworker_other_team", "case", 404),
        ("officer_b", "referral", 404),
        ("analyst", "referral", 403),
    ],
)
def test_access_matrix_pages(signed_in, personas, world, persona, url, status):
    if url == "case":
        url = f"/cases/{world['case'].pk}/"
    elif url == "referral":
        url = f"/referrals/{world['referral'].pk}/"
    assert signed_in(getattr(personas, persona)).get(url).status_code == status
