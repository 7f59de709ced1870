"""Signing in and out of the web UI: throttling, idle timeout, language switch, role-appropriate home."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.django_db


def test_login_page_then_home(client, personas):
    assert client.get("/").status_code == 302  # sign-in required
    page = client.get("/login/")
    assert page.status_code == 200 and b'name="csrfmiddlewaretoken"' in page.content
    response = client.post("/login/", {"username": "officer", "password": personas.password})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert "Register" in home.content.decode() and 'href="/search/"' in home.content.decode()


def test_wrong_password_is_refused_with_a_message(client, personas):
    response = client.post("/login/", {"username": "officer", "password": "nope"})
    assert response.status_code == 400
    assert "Wrong user name or password." in response.content.decode()


def test_six_failures_throttle_even_the_right_password(client, personas):
    for _ in range(6):
        client.post("/login/", {"username": "officer", "password": "wrong"})
    response = client.post("/login/", {"username": "officer", "password": personas.password})
    assert response.status_code == 400
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.get("/").status_code == 302


def test_next_is_followed_only_on_this_site(client, personas):
    response = client.post(
        "/login/?next=/search/", {"username": "officer", "password": personas.password, "next": "/search/"}
    )
    assert response["Location"] == "/search/"
    client.post("/logout/")
    response = client.post(
        "/login/", {"username": "officer", "password": personas.password, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_logout_is_post_only(signed_in, personas):
    client = signed_in(personas.officer)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/", follow=True)
    assert "You have signed out." in response.content.decode()
    assert client.get("/").status_code == 302


def test_idle_session_ends_with_a_message(signed_in, personas, settings):
    client = signed_in(personas.officer)
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/", follow=True)
    assert "idle for too long" in response.content.decode()


def test_analyst_home_shows_no_person_data(signed_in, personas, register):
    register(personas.officer, given_name="Selam", family_name="Tesfay")
    page = signed_in(personas.analyst).get("/").content.decode()
    assert "Selam" not in page and "/search/" not in page and "/register/" not in page
    assert "aggregate statistics only" in page


def test_officer_home_lists_latest_registrations(signed_in, personas, register):
    reg = register(personas.officer, given_name="Selam", family_name="Tesfay")
    page = signed_in(personas.officer).get("/").content.decode()
    assert reg.person.number in page and "Selam" in page


def test_language_switch_renders_chinese(signed_in, personas):
    client = signed_in(personas.officer)
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/register/"}, follow=True)
    page = response.content.decode()
    assert 'lang="zh-hans"' in page
    assert "登记" in page  # "Register"
    assert "出生日期" in page  # "Date of birth"
    assert "Date of birth" not in page


def test_login_page_in_chinese_via_accept_language(client, personas):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert "登录" in page and "密码" in page
