"""`mixmig audit verify`, `mixmig createuser` and `mixmig token`."""

from __future__ import annotations

import pytest
from django.db import connection

from mixmig.apps.access import services as access
from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.audit.triggers import drop_statements

pytestmark = pytest.mark.django_db


def test_audit_verify_ok(personas, register, run):
    register(personas.officer)
    result = run("audit_verify", "--no-progress")
    assert result.code == 0
    assert result.out.strip() == f"OK: {AuditEvent.objects.count()} events verified"


def test_audit_verify_names_the_tampered_event(personas, register, run):
    register(personas.officer)
    register(personas.officer, given_name="Omar")
    victim = AuditEvent.objects.filter(action="registration.created").order_by("pk").first()
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)
        cursor.execute(
            "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["registration.viewed", victim.pk]
        )
    result = run("audit_verify", "--no-progress")
    assert result.code == 1
    assert f"BROKEN at event #{victim.pk}: content does not match its hash" in result.err


def test_createuser_with_password_file_and_token(personas, run, tmp_path, django_user_model):
    secret = tmp_path / "pw"
    secret.write_text("a-long-enough-password\n", encoding="utf-8")
    result = run(
        "createuser", "newofficer", "--role", "registration_officer", "--agency", "unhcr", "--team", "Border",
        "--password-file", str(secret),
    )  # fmt: skip
    assert result.code == 0, result.err
    user = django_user_model.objects.get(username="newofficer")
    assert (
        user.check_password("a-long-enough-password")
        and user.team.name == "Border"
        and user.scope == "agency"
    )
    token = run("token", "newofficer")
    assert token.code == 0
    assert access.user_for_token(token.out.strip()) == user


def test_createuser_refusals(personas, run, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("short\n", encoding="utf-8")
    args = ["--role", "analyst", "--agency", "unhcr", "--password-file", str(secret)]
    assert "at least 12 characters" in run("createuser", "x", *args).err
    assert "already exists" in run("createuser", "officer", *args).err
    missing = run(
        "createuser", "y", "--role", "analyst", "--agency", "nowhere", "--password-file", str(secret)
    )
    assert missing.code == 1 and "--agency-name" in missing.err


def test_docs_cli_describes_every_mixmig_command_and_its_options(docs_dir):
    import argparse
    import re

    from django.core.management import load_command_class

    doc = (docs_dir / "cli.md").read_text(encoding="utf-8")
    commands = {
        "demo": "mixmig demo",
        "import_registrations": "mixmig import registrations",
        "export_registrations": "mixmig export registrations",
        "audit_verify": "mixmig audit verify",
        "createuser": "mixmig createuser",
        "token": "mixmig token",
        "directory_import": "mixmig directory import",
        "directory_export": "mixmig directory export",
        "referrals_escalate": "mixmig referrals escalate",
        "screening_rescreen": "mixmig screening rescreen",
        "exchange_keygen": "mixmig exchange keygen",
        "exchange_add_partner": "mixmig exchange add-partner",
        "exchange_send_pending": "mixmig exchange send-pending",
    }
    for name, heading in commands.items():
        assert f"### `{heading}`" in doc, f"docs/cli.md lacks a section for {heading}"
        section = doc.split(f"### `{heading}`", 1)[1].split("\n### ", 1)[0]
        parser = load_command_class("mixmig.cli", name).create_parser("mixmig", name)
        for action in parser._actions:
            long = [o for o in action.option_strings if o.startswith("--")]
            if not long or long[0] in {
                "--help",
                "--version",
                "--verbosity",
                "--settings",
                "--pythonpath",
                "--traceback",
                "--no-color",
                "--force-color",
                "--skip-checks",
            }:
                continue
            assert long[0] in section, f"docs/cli.md: {heading} does not describe {long[0]}"
    assert re.search(r"\| 3 \| Not permitted", doc)
    assert isinstance(parser, argparse.ArgumentParser)
