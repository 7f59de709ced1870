"""Identity pages: the duplicate check on the registration form, the review queue, undoing a merge, batch runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mixmig.apps.identity.models import LinkageRun, PossibleMatch
from mixmig.apps.registry import services as registry
from mixmig.apps.registry.models import Person, PersonMerge, Registration

HTMX = {"HTTP_HX_REQUEST": "true"}

BOY_EARLIER = {
    "given_name": "Mohamed",
    "family_name": "Al Rashid",
    "given_name_original": "محمد",
    "family_name_original": "الرشيد",
    "sex": "male",
    "birth_year": 2009,
    "nationalities": ["SDN"],
}
BOY_NOW = {
    "given_name": "Muhammad",
    "family_name": "Rashid",
    "sex": "male",
    "birth_year": "2009",
    "nationalities": "SDN",
}


@pytest.fixture(autouse=True)
def _runs_inline(settings):
    settings.IDENTITY_RUN_IN_THREAD = False  # in-memory SQLite: no second connection for a thread


@pytest.fixture
def earlier(personas):
    """Journey 1: the boy, registered three weeks earlier under another spelling (and in Arabic script)."""
    three_weeks_ago = timezone.localdate() - timedelta(days=21)
    return registry.register_person(
        personas.officer, personas.site.code, BOY_EARLIER, registered_on=three_weeks_ago
    )


def _check(client, form, personas, htmx=True, **fields):
    post = form.post(personas.site.code, [form.member("a", **{**BOY_NOW, **fields})])
    return client.post("/register/check-duplicates/", post, **(HTMX if htmx else {}))


# --- the duplicate check on the registration form ---------------------------------------------------------


def test_duplicate_check_shows_the_earlier_spelling_with_reasons(signed_in, personas, form, earlier):
    client = signed_in(personas.officer)
    page = client.get("/register/").content.decode()
    assert "Check for duplicates" in page and 'hx-post="/register/check-duplicates/"' in page

    response = _check(client, form, personas)
    assert response.status_code == 200
    html = response.content.decode()
    assert earlier.person.number in html
    assert "Mohamed" in html and "محمد" in html  # the earlier spelling and script, shown before saving
    assert 'id="dup-a"' in html and 'hx-swap-oob="true"' in html  # one fragment per member row
    assert 'name="m-a-same_as"' in html and f'value="{earlier.person.number}"' in html
    for reason in ("Given name", "Family name", "Date of birth", "Why: field by field"):
        assert reason in html
    assert "match probability" in html
    assert Registration.objects.count() == 1  # the check saves nothing


def test_duplicate_check_works_without_javascript(signed_in, personas, form, earlier):
    response = _check(signed_in(personas.officer), form, personas, htmx=False)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" in html and 'action="/register/"' in html  # the whole form again, ready to register
    assert earlier.person.number in html and 'value="Muhammad"' in html


def test_same_person_saves_a_new_registration_of_the_known_person(signed_in, personas, form, earlier):
    client = signed_in(personas.officer)
    post = form.post(personas.site.code, [form.member("a", **BOY_NOW, same_as=earlier.person.number)])
    response = client.post("/register/", post)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.count() == 1
    assert Registration.objects.filter(person=earlier.person).count() == 2


def test_a_new_person_is_the_default(signed_in, personas, form, earlier):
    client = signed_in(personas.officer)
    response = client.post(
        "/register/", form.post(personas.site.code, [form.member("a", **BOY_NOW, same_as="")])
    )
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_a_foreign_agencys_person_never_appears_as_a_candidate(signed_in, personas, form, earlier):
    foreign = registry.register_person(personas.officer_b, personas.site_b.code, BOY_EARLIER)
    html = _check(signed_in(personas.officer), form, personas).content.decode()
    assert earlier.person.number in html
    assert foreign.person.number not in html
    html_b = _check(signed_in(personas.officer_b), form, personas).content.decode()
    assert foreign.person.number in html_b and earlier.person.number not in html_b


def test_no_candidates_is_said_plainly(signed_in, personas, form, earlier):
    html = _check(
        signed_in(personas.officer), form, personas, given_name="Li", family_name="Wei", birth_year="1970"
    ).content.decode()
    assert earlier.person.number not in html
    assert "No possible duplicates" in html


# --- batch run, review queue and decisions -------------------------------------------------------------


RUN_PEOPLE = [
    ("Mohamed", "Al Rashid", {"birth_year": 2009}),
    ("Muhammad", "Rashid", {"birth_year": 2009}),
    ("Fatima", "Haile", {"birth_date": "1990-03-04"}),
    ("Fatma", "Haile", {"birth_date": "1990-04-03"}),
    ("Yonas", "Tesfay", {"birth_year": 1985}),
    ("Ali", "Karimi", {"birth_date": "2001-07-12"}),
    ("Amina", "Osman", {"birth_year": 1998}),
    ("Sara", "Ahmadi", {"birth_date": "1979-11-02"}),
]


@pytest.fixture
def proposed(personas):
    """A batch run over a small registry proposes the boy's two registrations (two persons of agency A)."""
    from mixmig.apps.identity import services

    regs = [
        registry.register_person(
            personas.officer, personas.site.code, {"given_name": given, "family_name": family, **birth}
        )
        for given, family, birth in RUN_PEOPLE
    ]
    registry.register_person(
        personas.officer_b,
        personas.site_b.code,
        {"given_name": "Mohammed", "family_name": "Rashid", "birth_year": 2009},
    )
    run = services.start_run(personas.supervisor)
    assert run.status == LinkageRun.Status.DONE, run.error
    return PossibleMatch.objects.get(person_a=regs[0].person, person_b=regs[1].person)


def test_the_run_page_starts_a_run_and_shows_its_result(signed_in, personas, earlier):
    registry.register_person(personas.officer, personas.site.code, BOY_NOW)
    client = signed_in(personas.supervisor)
    page = client.get("/identity/runs/")
    assert page.status_code == 200 and "Start a run" in page.content.decode()
    response = client.post("/identity/runs/start/", follow=True)
    assert response.status_code == 200
    run = LinkageRun.objects.get()
    assert run.status == LinkageRun.Status.DONE and run.progress == 1.0, run.error
    html = response.content.decode()
    assert f"Linkage run {run.pk} started." in html
    assert "100%" in html and "Done" in html
    assert 'hx-trigger="every 2s"' not in html  # nothing running: no polling


def test_a_running_run_shows_progress_and_polls(signed_in, personas):
    LinkageRun.objects.create(
        started_by=personas.supervisor, status="running", progress=0.4, message="blocking 12 keys"
    )
    client = signed_in(personas.supervisor)
    html = client.get("/identity/runs/").content.decode()
    assert "40%" in html and "blocking 12 keys" in html and "Running" in html
    assert 'hx-trigger="every 2s"' in html
    fragment = client.get("/identity/runs/", **HTMX).content.decode()
    assert fragment.lstrip().startswith('<div id="runs"') and "<html" not in fragment
    # one run at a time: a second start is refused with a message, nothing queued
    response = client.post("/identity/runs/start/", follow=True)
    assert "No run was started" in response.content.decode()
    assert LinkageRun.objects.count() == 1


def test_queue_lists_the_pair_and_the_side_by_side_page_explains_it(signed_in, personas, proposed):
    client = signed_in(personas.supervisor)
    queue = client.get("/identity/review/").content.decode()
    assert proposed.person_a.number in queue and proposed.person_b.number in queue
    assert f"/identity/review/{proposed.pk}/" in queue
    page = client.get(f"/identity/review/{proposed.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("Mohamed", "Muhammad", "Why: field by field", "Same person (merge)", "Not the same person"):
        assert text in html
    assert "Lampedusa hotspot" in html and "Registered by" in html  # journey summary of both persons


def test_merge_needs_a_reason_then_the_merged_number_redirects(signed_in, personas, proposed):
    client = signed_in(personas.supervisor)
    url = f"/identity/review/{proposed.pk}/"
    refused = client.post(url, {"decision": "match", "reason": "  "})
    assert refused.status_code == 400 and "Give a reason" in refused.content.decode()
    assert PossibleMatch.objects.get(pk=proposed.pk).status == "pending"

    response = client.post(url, {"decision": "match", "reason": "same passport photo"}, follow=True)
    assert response.redirect_chain[-1][0] == "/identity/review/"
    assert "was merged into" in response.content.decode()
    assert f"/identity/review/{proposed.pk}/" not in response.content.decode()
    a, b = proposed.person_a.number, proposed.person_b.number
    redirected = client.get(f"/persons/{b}/")
    assert redirected.status_code == 302 and redirected["Location"] == f"/persons/{a}/"
    survivor = client.get(f"/persons/{b}/", follow=True).content.decode()
    assert f"person {b} was merged into {a}" in survivor  # the note
    assert "Undo merge" in survivor and "same passport photo" in survivor


def test_not_the_same_person_leaves_the_queue(signed_in, personas, proposed):
    client = signed_in(personas.supervisor)
    response = client.post(
        f"/identity/review/{proposed.pk}/",
        {"decision": "not_match", "reason": "different fathers' names"},
        follow=True,
    )
    assert "will not be proposed again" in response.content.decode()
    queue = client.get("/identity/review/").content.decode()
    assert f"/identity/review/{proposed.pk}/" not in queue
    assert PossibleMatch.objects.get(pk=proposed.pk).status == "not_match"
    assert not PersonMerge.objects.exists()


def test_undo_merge_restores_both_persons(signed_in, personas, proposed):
    client = signed_in(personas.dpo)
    a, b = proposed.person_a, proposed.person_b
    before = {p: set(Registration.objects.filter(person=p).values_list("pk", flat=True)) for p in (a, b)}
    client.post(f"/identity/review/{proposed.pk}/", {"decision": "match", "reason": "same document"})
    merge = PersonMerge.objects.get()

    refused = client.post(f"/merges/{merge.pk}/unmerge/", {"reason": ""}, follow=True)
    assert "The merge was not undone" in refused.content.decode()
    assert PersonMerge.objects.get().undone_at is None

    response = client.post(f"/merges/{merge.pk}/unmerge/", {"reason": "wrong child"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/persons/{b.number}/"
    assert "Merge undone" in response.content.decode()
    after = {p: set(Registration.objects.filter(person=p).values_list("pk", flat=True)) for p in (a, b)}
    assert after == before
    survivor_page = client.get(f"/persons/{a.number}/").content.decode()
    assert "wrong child" in survivor_page and "Undo merge" not in survivor_page


# --- access ---------------------------------------------------------------------------------------------


def test_without_person_merge_the_pages_are_forbidden(signed_in, personas, proposed):
    client = signed_in(personas.officer)
    assert client.get("/identity/review/").status_code == 403
    assert client.get(f"/identity/review/{proposed.pk}/").status_code == 403
    assert (
        client.post(f"/identity/review/{proposed.pk}/", {"decision": "match", "reason": "x"}).status_code
        == 403
    )
    assert client.get("/identity/runs/").status_code == 403
    assert client.post("/identity/runs/start/").status_code == 403
    home = client.get("/").content.decode()
    assert "/identity/review/" not in home
    assert PossibleMatch.objects.get(pk=proposed.pk).status == "pending"


def test_officer_sees_no_undo_button_and_may_not_unmerge(signed_in, personas, proposed):
    from mixmig.apps.identity import services

    services.decide(personas.supervisor, proposed.pk, "match", "same document")
    merge = PersonMerge.objects.get()
    client = signed_in(personas.officer)
    page = client.get(f"/persons/{proposed.person_a.number}/").content.decode()
    assert "Merged into this person" in page and "Undo merge" not in page
    assert client.post(f"/merges/{merge.pk}/unmerge/", {"reason": "x"}).status_code == 403
    assert PersonMerge.objects.get().undone_at is None


def test_a_foreign_pair_is_not_found(signed_in, personas):
    first = registry.register_person(personas.officer_b, personas.site_b.code, BOY_EARLIER)
    second = registry.register_person(personas.officer_b, personas.site_b.code, BOY_NOW)
    foreign = PossibleMatch.objects.create(
        person_a=first.person,
        person_b=second.person,
        registration_a=first,
        registration_b=second,
        probability=0.99,
        explanation=[],
    )
    client = signed_in(personas.supervisor)
    assert client.get(f"/identity/review/{foreign.pk}/").status_code == 404
    assert (
        client.post(f"/identity/review/{foreign.pk}/", {"decision": "match", "reason": "x"}).status_code
        == 404
    )
    assert first.person.number not in client.get("/identity/review/").content.decode()
    assert PossibleMatch.objects.get(pk=foreign.pk).status == "pending"


def test_navigation_links_for_reviewers(signed_in, personas):
    html = signed_in(personas.supervisor).get("/").content.decode()
    assert 'href="/identity/review/"' in html and 'href="/identity/runs/"' in html


def test_percent_never_rounds_to_certainty():
    from mixmig.web.templatetags.identity_web import percent

    assert [percent(p) for p in (0.0, 0.0004, 0.42, 0.9996, 1.0)] == ["0%", "0.1%", "42%", "99.9%", "100%"]
