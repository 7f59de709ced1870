import pytest
from django.utils import timezone

from mixmig.apps.audit import services as audit
from mixmig.apps.registry import services as registry
from mixmig.apps.registry.errors import InvalidInput, NotVisible
from mixmig.apps.screening import selectors, services
from mixmig.apps.screening.models import Screening
from mixmig.engines.policy import evaluate, resolve_pack

FAMILY_AND_BOY = [
    {
        "given_name": "Ahmad",
        "family_name": "Karimi",
        "sex": "male",
        "birth_year": "1985",
        "nationalities": "AFG",
        "reasons_for_leaving": "conflict_violence",
        "screening_answers": {"fear_of_return": True},
    },
    {
        "given_name": "Maryam",
        "family_name": "Karimi",
        "sex": "female",
        "birth_year": "1988",
        "nationalities": "AFG",
        "reasons_for_leaving": "conflict_violence",
        "screening_answers": {"fear_of_return": True},
    },
    {
        "given_name": "Ali",
        "family_name": "Karimi",
        "sex": "male",
        "age_estimate": "9",
        "nationalities": "AFG",
    },
    {
        "given_name": "Sara",
        "family_name": "Karimi",
        "sex": "female",
        "age_estimate": "6",
        "nationalities": "AFG",
    },
    {
        "given_name": "Yusuf",
        "family_name": "Rahimi",
        "sex": "male",
        "age_estimate": "16",
        "nationalities": "AFG",
    },
]
RELATIONS = [
    {"subject": 0, "other": 2, "relation": "parent"},
    {"subject": 0, "other": 3, "relation": "parent"},
    {"subject": 1, "other": 2, "relation": "parent"},
    {"subject": 1, "other": 3, "relation": "parent"},
    {"subject": 0, "other": 1, "relation": "spouse"},
    {"subject": 0, "other": 4, "relation": "unrelated_adult"},
]


@pytest.fixture
def group(personas):
    return registry.register_group(personas.officer, "lampedusa", FAMILY_AND_BOY, RELATIONS)


def current(registration):
    return Screening.objects.get(registration=registration, is_current=True)


def test_every_registration_is_screened_in_the_same_transaction(group):
    assert Screening.objects.filter(is_current=True).count() == 5
    s = current(group[0])
    assert s.pack_id == "baseline" and s.trigger == "registration"
    assert s.input["record_id"] == str(group[0].pk)


def test_journey_one_the_boy_is_an_unaccompanied_child_routed_to_child_protection(group):
    boy = current(group[4])
    assert "unaccompanied_child" in boy.profiles
    assert any(r["procedure"] == "best_interests_procedure" for r in boy.result["routes"])
    children = [current(group[2]), current(group[3])]
    assert all("unaccompanied_child" not in c.profiles for c in children)


def test_journey_one_the_parents_have_possible_protection_needs(group):
    father = current(group[0])
    assert "international_protection" in father.profiles
    assert "asylum" in father.route_procedures


def test_companions_are_seen_from_each_persons_side(group):
    child = current(group[2]).input["companions"]
    assert sorted(c["relation"] for c in child) == ["parent", "parent", "unknown", "unknown"]
    father = sorted(c["relation"] for c in current(group[0]).input["companions"])
    assert father == ["other_relative", "other_relative", "spouse", "unknown"]  # his children, wife, the boy
    boy = current(group[4]).input["companions"]
    assert sorted(c["relation"] for c in boy) == ["unknown", "unknown", "unknown", "unrelated_adult"]


def test_results_are_reproducible_from_what_was_stored(group):
    s = current(group[4])
    pack = resolve_pack(s.pack_id)
    assert str(pack.version) == s.pack_version
    again = evaluate(pack, s.input, trace=True)
    assert again == s.result


def test_answers_are_checked_against_the_pack_and_rescreen(group, personas):
    with pytest.raises(InvalidInput) as exc:
        services.answer_questions(
            personas.officer, group[1].pk, {"fear_of_retrun": True, "pregnant": "perhaps"}
        )
    fields = {e.field for e in exc.value.errors}
    assert fields == {"answers.fear_of_retrun", "answers.pregnant"}
    before = Screening.objects.filter(registration=group[1]).count()
    services.answer_questions(personas.officer, group[1].pk, {"pregnant": "yes"})
    assert Screening.objects.filter(registration=group[1]).count() == before + 1
    assert "pregnant" in [v["id"] for v in current(group[1]).result["vulnerabilities"]]
    assert Screening.objects.filter(registration=group[1], is_current=True).count() == 1


def test_answers_for_a_foreign_registration_are_not_visible(group, personas):
    with pytest.raises(NotVisible):
        services.answer_questions(personas.officer_b, group[0].pk, {"pregnant": "no"})


def test_rescreen_outdated_after_a_pack_change(group, personas, settings):
    settings.POLICY_PACK = "aurelia"
    n = services.rescreen_outdated("system")
    assert n == 5
    assert set(Screening.objects.filter(is_current=True).values_list("pack_id", flat=True)) == {"aurelia"}
    assert services.rescreen_outdated("system") == 0
    assert audit.verify().ok


def test_person_screenings_respect_scope(group, personas):
    person = group[4].person
    assert [s.registration_id for s in selectors.current_screenings(personas.officer, person)] == [
        group[4].pk
    ]
    assert selectors.current_screenings(personas.officer_b, person) == []


def test_questions_to_ask_skip_those_answered(group, personas):
    asked = {q["id"] for q in selectors.questions_for(personas.officer, group[0].pk, "en")}
    assert "fear_of_return" not in asked and "pregnant" in asked
    labels = {q["id"]: q["label"] for q in selectors.questions_for(personas.officer, group[0].pk, "zh-hans")}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in labels["pregnant"])


def test_screening_date_is_today(group):
    assert current(group[0]).input["screening_date"] == timezone.localdate().isoformat()


def test_the_registration_event_names_the_pack_that_screened_it(group):
    from mixmig.apps.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="registration.created", object_id=str(group[4].pk)).get()
    assert event.details["screening"] == {"pack": "baseline", "version": current(group[4]).pack_version}
    assert not AuditEvent.objects.filter(action="screening.created", object_id=str(group[4].pk)).exists()
