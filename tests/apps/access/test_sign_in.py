import pytest
from django.test import RequestFactory

from mixmig.apps.access import services as access
from mixmig.apps.access.roles import PERMISSIONS, Role, can
from mixmig.apps.audit.models import AuditEvent


@pytest.fixture
def request_():
    return RequestFactory().post("/login")


def test_passwords_are_hashed_with_argon2(personas):
    assert personas.officer.password.startswith("argon2")


def test_sign_in_succeeds_and_is_audited(personas, request_):
    result = access.sign_in(request_, "officer", personas.password)
    assert result.user == personas.officer
    assert AuditEvent.objects.filter(action="login.succeeded", actor_username="officer").exists()


def test_six_failures_within_a_minute_refuse_even_the_right_password(personas, request_):
    for _ in range(6):
        assert access.sign_in(request_, "officer", "wrong").user is None
    refused = access.sign_in(request_, "officer", personas.password)
    assert refused.user is None
    assert "Too many failed sign-in attempts" in refused.message
    # another account is not affected
    assert access.sign_in(request_, "caseworker", personas.password).user is not None


def test_five_failures_do_not_lock(personas, request_):
    for _ in range(5):
        access.sign_in(request_, "officer", "wrong")
    assert access.sign_in(request_, "officer", personas.password).user is not None


def test_tokens_are_stored_as_digests_and_revocable(personas):
    token = access.issue_token(personas.officer)
    assert access.user_for_token(token) == personas.officer
    assert not personas.officer.api_tokens.filter(digest=token).exists()
    access.revoke_tokens(personas.admin, personas.officer)
    assert access.user_for_token(token) is None
    assert access.user_for_token("") is None
    assert access.user_for_token("mxm_unknown") is None


def test_default_scopes_by_role(personas):
    assert personas.officer.scope == "agency"
    assert personas.caseworker.scope == "team"


def test_unknown_permission_is_an_error(personas):
    with pytest.raises(KeyError):
        can(personas.officer, "person.teleport")


@pytest.mark.parametrize("role", Role.values)
def test_every_role_has_some_permission(role):
    assert any(role in roles for roles in PERMISSIONS.values())


def test_analyst_and_admin_see_no_personal_data(personas):
    assert not can(personas.analyst, "person.view")
    assert not can(personas.admin, "person.view")
    assert can(personas.analyst, "stats.view")


def test_inactive_user_can_nothing(personas):
    personas.officer.is_active = False
    assert not can(personas.officer, "person.view")


def test_create_user_refuses_unknown_role(personas):
    with pytest.raises(ValueError, match="allowed"):
        access.create_user("system", "x", personas.password, "wizard", personas.agency_a)


def test_token_cache_forgets_revoked_tokens_and_changed_users(personas, settings):
    settings.API_TOKEN_CACHE_SECONDS = 60
    token = access.issue_token(personas.officer)
    assert access.user_for_token(token) == personas.officer
    assert access.user_for_token(token) == personas.officer  # from the cache
    personas.officer.is_active = False
    personas.officer.save()
    assert access.user_for_token(token) is None
    personas.officer.is_active = True
    personas.officer.save()
    assert access.user_for_token(token) == personas.officer
    access.revoke_tokens(personas.admin, personas.officer)
    assert access.user_for_token(token) is None
