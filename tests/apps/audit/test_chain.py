import pytest
from django.db import connection, transaction

from mixmig.apps.audit import services as audit
from mixmig.apps.audit.models import AuditEvent


def _events(n, actor="system"):
    for i in range(n):
        with transaction.atomic():
            audit.record(actor, "test.event", "thing", i, index=i)


@pytest.mark.django_db
def test_chain_verifies_when_untouched():
    _events(5)
    result = audit.verify()
    assert result.ok and result.checked == 5


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside transaction"):
        audit.record("system", "test.event")


def test_events_cannot_be_changed_or_deleted_through_the_orm(db):
    _events(1)
    event = AuditEvent.objects.get()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_database_refuses_update_and_delete(audit_triggers):
    _events(1)
    for statement in ("UPDATE audit_auditevent SET action = 'forged'", "DELETE FROM audit_auditevent"):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)


@pytest.mark.django_db
def test_verify_names_the_first_altered_event():
    _events(5)
    third = AuditEvent.objects.order_by("id")[2]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = 'forged' WHERE id = %s", [third.id])
    result = audit.verify()
    assert not result.ok
    assert result.first_broken_id == third.id
    assert "altered" in result.reason


@pytest.mark.django_db
def test_verify_names_the_event_after_a_removed_one():
    _events(5)
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [ids[1]])
    result = audit.verify()
    assert not result.ok and result.first_broken_id == ids[2]


@pytest.mark.django_db
def test_verify_notices_truncated_tail():
    _events(3)
    last = AuditEvent.objects.order_by("-id").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [last.id])
    result = audit.verify()
    assert not result.ok and "removed" in result.reason


@pytest.mark.django_db
def test_events_carry_actor_and_origin(personas):
    from mixmig.apps.audit.context import origin

    with origin("203.0.113.9", "web"), transaction.atomic():
        event = audit.record(personas.officer, "person.viewed", "person", "X")
    assert event.actor_username == "officer"
    assert event.agency_code == "unhcr"
    assert event.origin == "203.0.113.9" and event.channel == "web"
