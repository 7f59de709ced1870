import pytest

from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.registry import selectors
from mixmig.apps.registry.errors import NotPermitted, NotVisible


def numbers(user, query):
    return [p.number for p in selectors.search_persons(user, query).persons]


@pytest.fixture
def people(personas, register):
    return {
        "mohamed": register(
            personas.officer,
            given_name="Mohamed",
            family_name="Abdelrahman",
            given_name_original="محمد",
            family_name_original="عبد الرحمن",
            phones="+218912345678",
            documents=[{"kind": "passport", "number": "LY1234567"}],
        ).person,
        "jose": register(personas.officer, given_name="José", family_name="Núñez").person,
        "wang": register(
            personas.officer,
            given_name="Xiaoming",
            family_name="Wang",
            given_name_original="小明",
            family_name_original="王",
        ).person,
        "alexey": register(
            personas.officer,
            given_name="Aleksey",
            family_name="Ivanov",
            given_name_original="Алексей",
            family_name_original="Иванов",
        ).person,
        "foreign": register(personas.officer_b, given_name="Mohamed", family_name="Said").person,
    }


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("mohamed", "mohamed"),
        ("MOH", "mohamed"),
        ("محمد", "mohamed"),
        ("عبد", "mohamed"),
        ("mhmd", "mohamed"),
        ("jose nunez", "jose"),
        ("JOSÉ", "jose"),
        ("núñ", "jose"),
        ("王", "wang"),
        ("wang xiao", "wang"),
        ("Алексей", "alexey"),
        ("алекс", "alexey"),
        ("LY 123 4567", "mohamed"),
        ("+218 91 234 5678", "mohamed"),
    ],
)
def test_search_any_script_partial_accent_case_insensitive(people, personas, query, who):
    assert numbers(personas.officer, query) == [people[who].number]


def test_search_never_shows_another_agencys_person(people, personas):
    assert people["foreign"].number not in numbers(personas.officer, "mohamed")
    assert numbers(personas.officer_b, "mohamed") == [people["foreign"].number]
    assert numbers(personas.officer_b, people["mohamed"].number) == []


def test_search_by_person_number_with_typos_in_confusables(people, personas):
    number = people["jose"].number
    assert numbers(personas.officer, number.lower().replace("-", "")) == [number]


def test_empty_and_unmatched_queries(people, personas):
    assert numbers(personas.officer, "") == []
    assert numbers(personas.officer, "zzzz") == []


def test_team_scope_sees_only_its_teams_registrations(people, personas, register):
    other = register(personas.caseworker_other_team, given_name="Leila").person
    assert numbers(personas.caseworker, "leila") == []
    assert numbers(personas.caseworker_other_team, "leila") == [other.number]
    assert people["jose"].number in numbers(personas.caseworker, "jose")  # same team (Border) as officer


def test_own_scope(people, personas):
    personas.supervisor.scope = "own"
    assert numbers(personas.supervisor, "jose") == []


def test_all_scope_sees_every_agency(people, personas):
    personas.dpo.scope = "all"
    assert set(numbers(personas.dpo, "mohamed")) == {people["mohamed"].number, people["foreign"].number}


@pytest.mark.parametrize("who", ["analyst", "admin"])
def test_roles_without_person_view_get_permission_errors(people, personas, who):
    with pytest.raises(NotPermitted):
        selectors.search_persons(getattr(personas, who), "mohamed")
    with pytest.raises(NotPermitted):
        selectors.get_person(getattr(personas, who), people["mohamed"].number)


def test_reading_a_person_is_audited_and_foreign_is_not_found(people, personas):
    before = AuditEvent.objects.filter(action="person.viewed").count()
    selectors.get_person(personas.officer, people["mohamed"].number)
    assert AuditEvent.objects.filter(action="person.viewed").count() == before + 1
    with pytest.raises(NotVisible):
        selectors.get_person(personas.officer, people["foreign"].number)


def test_filter_registrations(people, personas):
    regs = selectors.filter_registrations(personas.officer, site="lampedusa")
    assert people["foreign"].pk not in {r.person_id for r in regs}
    assert selectors.filter_registrations(personas.officer, nationality="ZZZ").count() == 0


def test_search_results_are_audited_without_the_query(people, personas):
    numbers(personas.officer, "mohamed")
    event = AuditEvent.objects.filter(action="person.searched").latest("id")
    assert event.details["ids"] == [people["mohamed"].number]
    assert "mohamed" not in str(event.details).lower()
