from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

CSV = "code,name,service_type,provider_code,agency,data_fields\ncp-1,Child protection,child_protection,p,unhcr,identity\n"


def test_directory_import_export_round_trip(personas, tmp_path, capsys):
    src = tmp_path / "dir.csv"
    src.write_text(CSV, encoding="utf-8")
    call_command("directory_import", str(src))
    assert "1 services created" in capsys.readouterr().out
    out = tmp_path / "out.csv"
    call_command("directory_export", "--output", str(out))
    assert "cp-1,Child protection,child_protection,p" in out.read_text(encoding="utf-8")


def test_directory_import_reports_row_and_field(personas, tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text(CSV.replace("child_protection,p", "kids,p"), encoding="utf-8")
    with pytest.raises(CommandError, match="row 2, service_type"):
        call_command("directory_import", str(src))


def test_escalate_notifies_supervisor_in_app_and_by_email(
    personas, register, capsys, mailoutbox, django_capture_on_commit_callbacks
):
    from mixmig.apps.directory import services as directory
    from mixmig.apps.notifications.models import Notification
    from mixmig.apps.referrals import services as referrals
    from mixmig.apps.referrals.models import Referral

    personas.supervisor.email = "sup@example.org"
    personas.supervisor.save()
    directory.save_service(
        "system",
        {
            "code": "cp-1",
            "name": "CP",
            "service_type": "child_protection",
            "provider_code": "p",
            "agency": "unhcr",
            "data_fields": "identity",
        },
    )
    person = register(personas.caseworker).person
    ref = referrals.create_referral(
        personas.caseworker, person.number, "cp-1", deadline_hours=1, shares_personal_data=False
    )
    Referral.objects.filter(pk=ref.pk).update(deadline_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("referrals_escalate")
    assert "1 overdue referral(s) escalated" in capsys.readouterr().out
    assert Notification.objects.filter(user=personas.supervisor, kind="referral.overdue").exists()
    assert mailoutbox and "overdue" in mailoutbox[0].subject and "Amina" not in mailoutbox[0].body
