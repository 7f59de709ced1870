"""Casework fixtures shared by the referral, case and exchange tests (exchange overrides some).

Services at agency A, at agency B and a return service; an adult and a child; consents.
"""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def catalogue(personas):
    from types import SimpleNamespace

    from mixmig.apps.directory import services as directory

    def make(code, stype, agency, fields, **extra):
        return directory.save_service(
            "system",
            {
                "code": code,
                "name": code.replace("-", " ").title(),
                "service_type": stype,
                "provider_code": f"prov-{agency}",
                "provider_name": f"Provider {agency}",
                "agency": agency,
                "data_fields": fields,
                **extra,
            },
        )

    return SimpleNamespace(
        child_protection=make(
            "cp-lampedusa", "child_protection", "unhcr", ["identity", "nationality", "group"]
        ),
        shelter_b=make(
            "nrm-shelter-b",
            "national_referral_mechanism",
            "ngo-b",
            ["identity", "contact"],
            default_deadline_hours=72,
        ),
        asylum=make("asylum-ita", "asylum_procedure", "unhcr", ["identity", "nationality", "documents"]),
        avr=make("avr-ita", "assisted_voluntary_return", "unhcr", ["identity", "documents"]),
    )


@pytest.fixture
def adult(personas, register):
    return register(personas.caseworker, birth_date=date(1990, 1, 1), sex="female").person


@pytest.fixture
def child(personas, register):
    return register(
        personas.caseworker, birth_date=date.today().replace(year=date.today().year - 16), sex="male"
    ).person


@pytest.fixture
def consent_for(personas):
    from mixmig.apps.referrals import consent as ledger

    def _consent(
        person,
        service=None,
        agency=None,
        scope=("identity", "contact"),
        given_by="person",
        purpose="referral",
        actor=None,
    ):
        return ledger.record_consent(
            actor or personas.caseworker,
            person.number,
            purpose,
            list(scope),
            given_by,
            recipient_agency=agency,
            recipient_service=service,
        )

    return _consent
