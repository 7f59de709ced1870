"""Two mixmig instances on the loopback interface: "alpha" (this test's live server) refers a person to a
service of "beta" (a second instance started as a subprocess with its own data directory, agency, users and
keys); beta's caseworker accepts it over beta's API; alpha's referral becomes accepted (closed loop). The
same for a case transfer: alpha's supervisor transfers a case to beta, beta's supervisor accepts it, alpha's
transfer becomes accepted and the case is closed there.
Only 127.0.0.1 is contacted."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

SETUP_BETA = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixmig.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from mixmig.apps.access import services as access
from mixmig.apps.exchange import services as exchange
agency = access.create_agency("beta-ngo", "Beta NGO", "GRC")
access.create_user("system", "beta_cw", sys.argv[1], "caseworker", agency)
access.create_user("system", "beta_sup", sys.argv[1], "supervisor", agency)
exchange.add_partner("system", "alpha", "Alpha", sys.argv[2], sys.argv[3], sys.argv[4], "beta-ngo")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(method, url, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback only)
        return json.loads(response.read())


def _wait(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def beta_instance(tmp_path, live_server, keys, instance, personas):
    assert live_server.url.startswith("http://127.0.0.1:") or live_server.url.startswith("http://localhost:")
    alpha_url = live_server.url.replace("localhost", "127.0.0.1")
    key_file = tmp_path / "beta.key"
    key_file.write_text(keys.beta.dumps())
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("MIXMIG_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        MIXMIG_DATA_DIR=str(tmp_path / "beta-data"), MIXMIG_ENV="development", MIXMIG_DEBUG="off",
        MIXMIG_EXCHANGE_INSTANCE_ID="beta", MIXMIG_EXCHANGE_PRIVATE_KEY_FILE=str(key_file),
        MIXMIG_EXCHANGE_ALLOWED_HOSTS="private:127.0.0.1", MIXMIG_EXCHANGE_ALLOW_INSECURE_LOOPBACK="on",
        MIXMIG_ALLOWED_HOSTS="127.0.0.1", DJANGO_SETTINGS_MODULE="mixmig.settings",
    )  # fmt: skip
    (tmp_path / "beta-data").mkdir()
    subprocess.run(
        [sys.executable, "-c", SETUP_BETA, personas.password, alpha_url, keys.alpha.signing_public,
         keys.alpha.encryption_public],
        env=env, check=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    mixmig = Path(sys.executable).with_name("mixmig")
    log = open(tmp_path / "beta.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(mixmig), "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=tmp_path,
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:

        def up():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return True
            except OSError:
                return False

        assert _wait(up, 30), (tmp_path / "beta.log").read_text()
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_referral_to_another_instance_and_back(beta_instance, personas, register, keys):
    from django.db import transaction

    from mixmig.apps.directory import services as directory
    from mixmig.apps.exchange import services as exchange
    from mixmig.apps.exchange.models import OutboundMessage
    from mixmig.apps.referrals import consent as ledger
    from mixmig.apps.referrals import services as referrals
    from mixmig.apps.referrals.models import Referral

    exchange.add_partner(
        "system",
        "beta",
        "Beta",
        beta_instance,
        keys.beta.signing_public,
        keys.beta.encryption_public,
        "ngo-b",
    )
    service = directory.save_service(
        "system",
        {
            "code": "beta-shelter", "name": "Beta shelter", "service_type": "national_referral_mechanism",
            "provider_code": "beta-ngo", "provider_name": "Beta NGO", "agency": "",
            "data_fields": ["identity", "contact"], "exchange_partner": "beta",
        },
    )  # fmt: skip
    person = register(personas.caseworker, birth_date=date(1990, 1, 1), sex="female").person
    ledger.record_consent(
        personas.caseworker, person.number, "referral", ["identity"], "person", recipient_service=service
    )
    referral = referrals.create_referral(
        personas.caseworker, person.number, service.code, fields=["identity"]
    )
    assert not transaction.get_connection().in_atomic_block
    referrals.send(personas.caseworker, referral.pk)  # delivered to beta after commit
    outbound = OutboundMessage.objects.get()
    assert outbound.status == "sent", outbound.last_error

    token = _call(
        "POST", f"{beta_instance}/api/v1/auth/token", {"username": "beta_cw", "password": personas.password}
    )["token"]
    inbound = _call("GET", f"{beta_instance}/api/v1/exchange/inbound", token=token)
    assert [(m["remote_reference"], m["status"], m["partner"]) for m in inbound] == [
        (referral.number, "received", "alpha")
    ]
    assert "person" not in inbound[0]
    detail = _call("GET", f"{beta_instance}/api/v1/exchange/inbound/{inbound[0]['id']}", token=token)
    assert detail["person"]["given_name"] == "Amina" and detail["fields_shared"] == ["identity"]
    assert "contacts" not in detail["person"]  # consent covered identity only

    accepted = _call(
        "POST",
        f"{beta_instance}/api/v1/exchange/inbound/{inbound[0]['id']}/accept",
        {"reason": "place found"},
        token,
    )
    assert accepted["status"] == "accepted"
    assert _wait(lambda: Referral.objects.get(pk=referral.pk).status == "accepted"), "status never came back"
    last = Referral.objects.get(pk=referral.pk).transitions.last()
    assert (last.actor_label, last.reason) == ("partner:beta", "place found")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_case_transfer_to_another_instance_and_back(beta_instance, personas, register, keys):
    from mixmig.apps.access import services as access
    from mixmig.apps.cases import services as cases
    from mixmig.apps.cases import transfers
    from mixmig.apps.cases.models import Case, CaseTransfer
    from mixmig.apps.exchange import services as exchange
    from mixmig.apps.exchange.models import OutboundMessage
    from mixmig.apps.referrals import consent as ledger

    beta_agency = access.create_agency("beta-ngo", "Beta NGO (partner instance)", "GRC")
    exchange.add_partner(
        "system", "beta", "Beta", beta_instance, keys.beta.signing_public, keys.beta.encryption_public,
        "ngo-b", "beta-ngo",
    )  # fmt: skip
    person = register(personas.caseworker, birth_date=date(1990, 1, 1), sex="female").person
    case = cases.open_case(personas.caseworker, person.number)
    ledger.record_consent(
        personas.caseworker,
        person.number,
        "case_transfer",
        ["identity"],
        "person",
        recipient_agency=beta_agency,
    )
    transfer = transfers.request_transfer(
        personas.supervisor, case.pk, beta_agency, "family moved to Greece", fields=["identity"]
    )
    outbound = OutboundMessage.objects.get(kind="transfer")
    assert outbound.status == "sent", outbound.last_error

    token = _call(
        "POST", f"{beta_instance}/api/v1/auth/token", {"username": "beta_sup", "password": personas.password}
    )["token"]
    inbound = _call("GET", f"{beta_instance}/api/v1/exchange/inbound?kind=transfer", token=token)
    assert [(m["kind"], m["remote_reference"], m["status"]) for m in inbound] == [
        ("transfer", f"T{transfer.pk}", "received")
    ]
    assert inbound[0]["case"]["number"] == case.number and "person" not in inbound[0]
    detail = _call("GET", f"{beta_instance}/api/v1/exchange/inbound/{inbound[0]['id']}", token=token)
    assert detail["person"]["given_name"] == "Amina" and "contacts" not in detail["person"]
    caseworker_token = _call(
        "POST", f"{beta_instance}/api/v1/auth/token", {"username": "beta_cw", "password": personas.password}
    )["token"]
    assert (
        _call("GET", f"{beta_instance}/api/v1/exchange/inbound?kind=transfer", token=caseworker_token) == []
    )

    accepted = _call(
        "POST",
        f"{beta_instance}/api/v1/exchange/inbound/{inbound[0]['id']}/accept",
        {"reason": "we take it"},
        token,
    )
    assert accepted["status"] == "accepted"
    assert _wait(lambda: CaseTransfer.objects.get(pk=transfer.pk).status == "accepted"), (
        "status never came back"
    )
    case = Case.objects.get(pk=case.pk)
    assert case.status == "closed" and f"T{transfer.pk}" in case.closure_reason
    last = case.transitions.filter(subject=f"transfer:{transfer.pk}").last()
    assert (last.actor_label, last.reason) == ("partner:beta", "we take it")
