"""End to end in Debian's Chromium (Playwright, no browser download): sign in, register a family of three
on one screen, find them by search — by Latin name, by Arabic name, live as one types.

Screenshots of the register and person pages are written to $MIXMIG_SCREENSHOTS (default /tmp).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed: run `make browser-deps` (apt-get install chromium)",
    ),
]


@pytest.fixture
def browser_page(monkeypatch):
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright Python package is not installed"
    )
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def fill_member(row, **values):
    for label, value in values.items():
        field = row.get_by_label(label, exact=True)
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_register_a_family_of_three_and_find_them(browser_page, live_server, personas):
    from mixmig.apps.registry.models import GroupRelation, Registration

    page = browser_page
    shots = Path(os.environ.get("MIXMIG_SCREENSHOTS", "/tmp"))

    page.goto(live_server.url + "/login/")
    page.get_by_label("User name").fill("officer")
    page.get_by_label("Password").fill(personas.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")

    page.get_by_role("link", name="Register", exact=True).first.click()
    page.wait_for_url(re.compile(r".*/register/$"))
    add = page.get_by_role("button", name="Add a member of the group")
    add.click()
    page.locator("[data-member]").nth(1).wait_for()
    add.click()
    page.locator("[data-member]").nth(2).wait_for()
    rows = page.locator("[data-member]")

    fill_member(
        rows.nth(0),
        **{
            "Given name (Latin letters)": "Khalid",
            "Family name (Latin letters)": "Al-Sayed",
            "Given name (original script)": "خالد",
            "Family name (original script)": "السيد",
            "Script": "Arab",
            "Sex": "male",
            "Date of birth": "1983-06-14",
            "Nationalities": "SYR",
            "Languages": "ara",
            "Phone": "+963 944 555 010",
            "Number": "N7781234",
        },
    )
    rows.nth(0).get_by_role("button", name="Add a document").click()
    second_doc = rows.nth(0).locator(".document").nth(1)
    second_doc.wait_for()
    second_doc.get_by_label("Document", exact=True).select_option("national_id")
    second_doc.get_by_label("Number", exact=True).fill("SY-4455")
    fill_member(
        rows.nth(1),
        **{
            "Given name (Latin letters)": "Noor",
            "Family name (Latin letters)": "Al-Sayed",
            "Given name (original script)": "نور",
            "Sex": "female",
            "or year of birth": "1986",
            "Nationalities": "SYR",
            "Relation to member 1": "spouse",
        },
    )
    fill_member(
        rows.nth(2),
        **{
            "Given name (Latin letters)": "Yusuf",
            "Family name (Latin letters)": "Al-Sayed",
            "Sex": "male",
            "or estimated age": "7",
            "Nationalities": "SYR",
            "Relation to member 1": "m1_parent",
        },
    )
    page.get_by_label("Country of origin").fill("SYR")
    page.get_by_label("Transit countries").fill("TUR, LBY")
    page.get_by_label("Intended destination").fill("DEU")
    page.get_by_label("Main transport").select_option("sea")
    page.get_by_label("Conflict or violence").check()
    page.screenshot(path=str(shots / "mixmig-register.png"), full_page=True)

    page.locator("form.register button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/registrations/[0-9]+/screening-questions/$"))
    assert "Registered 3 people as one travel group" in page.locator(".messages").inner_text()
    page.screenshot(path=str(shots / "mixmig-screening-questions.png"), full_page=True)
    page.get_by_role("link", name="Skip for now").click()
    page.wait_for_url(re.compile(r".*/persons/[0-9A-Z-]+/$"))
    page.screenshot(path=str(shots / "mixmig-person.png"), full_page=True)
    numbers = sorted(r.person.number for r in Registration.objects.select_related("person"))
    assert len(numbers) == 3 and GroupRelation.objects.count() == 2
    khalid = Registration.objects.get(given_name="Khalid")
    assert sorted(d.number for d in khalid.documents.all()) == ["N7781234", "SY4455"]

    page.get_by_role("link", name="Search", exact=True).click()
    box = page.get_by_role("searchbox")
    box.fill("al-sayed")  # live results as one types (htmx), no submit
    page.locator("#results table").wait_for()
    found = sorted(page.locator("#results td a.number").all_inner_texts())
    assert found == numbers

    box.fill("خالد")
    page.locator("#results td a.number").first.wait_for()
    page.wait_for_function("document.querySelectorAll('#results td a.number').length === 1")
    page.locator("#results td a.number").first.click()
    assert "N7781234" in page.locator("main").inner_text()


def test_in_chinese_errors_show_next_to_the_fields_and_nothing_is_saved(browser_page, live_server, personas):
    from mixmig.apps.registry.models import Registration

    page = browser_page
    shots = Path(os.environ.get("MIXMIG_SCREENSHOTS", "/tmp"))
    page.goto(live_server.url + "/login/")
    page.locator("#language").select_option("zh-hans")  # submits itself
    page.wait_for_load_state()
    page.get_by_label("用户名").fill("officer")
    page.get_by_label("密码").fill(personas.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/register/")
    row = page.locator("[data-member]").first
    row.get_by_label("名（拉丁字母）").fill("Amina")
    row.get_by_label("出生日期").fill("2099-01-01")
    row.get_by_label("国籍").fill("XYZ")
    page.locator("form.register button[type=submit]").click()
    page.locator("#form-errors").wait_for()
    assert "未保存任何内容" in page.locator("#form-errors").inner_text()
    assert page.locator("[data-member] .field.invalid").count() == 2
    assert row.get_by_label("名（拉丁字母）").input_value() == "Amina"
    page.screenshot(path=str(shots / "mixmig-register-errors-zh.png"), full_page=False)
    assert not Registration.objects.exists()
