import threading

import pytest
from django.db import connection

from mixmig.apps import group_commit
from mixmig.apps.registry import services
from mixmig.apps.registry.models import Person, Registration, Site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def group_commit_on(settings):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("the writer thread needs a database file or server, not the in-memory test database")
    settings.GROUP_COMMIT = True
    yield
    group_commit.stop()


def test_concurrent_registrations_are_all_committed_and_returned(personas, group_commit_on):
    results, errors = [], []

    def worker(n):
        try:
            for i in range(5):
                reg = services.register_person(
                    personas.officer, "lampedusa", {"given_name": f"Person{n}x{i}"}
                )
                results.append(reg.pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 40 == len(set(results))
    assert Registration.objects.filter(pk__in=results).count() == 40
    assert Person.objects.count() == 40


def test_a_failing_write_is_rolled_back_alone(personas, group_commit_on):
    def make_site(code, fail):
        Site.objects.create(code=code, name=code, kind="office", country="ITA")
        if fail:
            raise ValueError("refused")
        return code

    outcomes = {}

    def worker(code, fail):
        try:
            outcomes[code] = group_commit.write(make_site, code, fail)
        except ValueError as exc:
            outcomes[code] = exc

    threads = [threading.Thread(target=worker, args=(f"s{i}", i == 3)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert isinstance(outcomes["s3"], ValueError)
    assert set(Site.objects.filter(code__startswith="s").values_list("code", flat=True)) >= {
        "s0",
        "s1",
        "s2",
        "s4",
        "s5",
    }
    assert not Site.objects.filter(code="s3").exists()


def test_disabled_runs_in_the_callers_transaction(settings, db):
    settings.GROUP_COMMIT = False
    assert group_commit.write(lambda: connection.in_atomic_block) is True
