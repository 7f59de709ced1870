"""Exchange fixtures: two key pairs (this instance "alpha", the partner "beta") and a partner service."""

from __future__ import annotations

from types import SimpleNamespace

import pytest


@pytest.fixture
def keys():
    from mixmig.apps.exchange import crypto

    return SimpleNamespace(alpha=crypto.KeyPair.generate(), beta=crypto.KeyPair.generate())


@pytest.fixture
def instance(settings, keys):
    """This process is instance "alpha"; loopback is allowlisted for the tests."""
    settings.EXCHANGE_INSTANCE_ID = "alpha"
    settings.EXCHANGE_PRIVATE_KEY = keys.alpha.dumps()
    settings.EXCHANGE_ALLOWED_HOSTS = ["private:127.0.0.1"]
    settings.EXCHANGE_ALLOW_INSECURE_LOOPBACK = True
    return settings


@pytest.fixture
def beta(instance, personas, keys):
    """Partner "beta" registered here; referrals it sends go to agency B."""
    from mixmig.apps.exchange import services

    return services.add_partner(
        "system", "beta", "Beta instance", "http://127.0.0.1:9/", keys.beta.signing_public,
        keys.beta.encryption_public, "ngo-b",
    )  # fmt: skip


@pytest.fixture
def partner_service(personas):
    from mixmig.apps.directory import services as directory

    return directory.save_service(
        "system",
        {
            "code": "beta-shelter", "name": "Beta shelter", "service_type": "national_referral_mechanism",
            "provider_code": "beta-ngo", "provider_name": "Beta NGO", "agency": "",
            "data_fields": ["identity", "contact"], "exchange_partner": "beta",
        },
    )  # fmt: skip


def envelope_from_beta(keys, content, **kwargs):
    from mixmig.apps.exchange import crypto

    kwargs.setdefault("recipient", "alpha")
    return crypto.seal(
        content,
        sender="beta",
        keys=keys.beta,
        recipient_encryption_key=keys.alpha.encryption_public,
        **kwargs,
    )


@pytest.fixture
def consent_for(personas):
    from mixmig.apps.referrals import consent as ledger

    def _consent(person, service, scope=("identity",)):
        return ledger.record_consent(
            personas.caseworker, person.number, "referral", list(scope), "person", recipient_service=service
        )

    return _consent
