"""The page header: on a 360 x 640 phone one compact line, whose menu (and the language
switcher in it) opens without JavaScript and with the keyboard; on a 1366 x 768 desktop the
menu and the switcher stay in view, with no button."""

from playwright.sync_api import expect

from tests.browser.a11y import audit
from tests.browser.conftest import sign_in
from tests.browser.report import note
from tests.browser.test_accessibility import FOCUSED, assert_focus_visible, tab_to

PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1366, "height": 768}
#: A phone header taller than this leaves too little of a 640 px screen for the page.
PHONE_HEADER_MAX = 56
PAGES = ["/dashboard", "/journal", "/profile", "/safeguarding/report"]
SECTION = "Header height (px)"


def header_height(page) -> float:
    return page.locator("header.site").bounding_box()["height"]


def menu_link(page, name):
    return page.locator("header.site nav").get_by_role("link", name=name)


def test_on_a_phone_the_header_is_one_line_and_its_menu_opens(page, live_server, participant):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, participant.email)
    for path in PAGES:
        page.goto(live_server + path)
        height = header_height(page)
        note(SECTION, f"phone 360 x 640 {path}: {height:.0f}")
        assert height <= PHONE_HEADER_MAX, f"the header takes {height} px on {path}"
        expect(menu_link(page, "Journal")).to_be_hidden()
        expect(page.locator("#language-switcher")).to_be_hidden()
    audit(page, "phone, menu folded")

    page.locator(".menu-button").click()
    expect(menu_link(page, "Journal")).to_be_visible()
    expect(page.locator("#language-switcher")).to_be_visible()
    assert header_height(page) <= PHONE_HEADER_MAX  # the open menu lies over the page
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    audit(page, "phone, menu open")
    menu_link(page, "Journal").click()
    page.wait_for_url(f"{live_server}/journal")


def test_the_menu_and_the_language_work_with_javascript_switched_off(
    browser, live_server, participant
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, participant.email)
        assert header_height(page) <= PHONE_HEADER_MAX
        page.locator(".menu-button").click()
        expect(menu_link(page, "Journal")).to_be_visible()
        # The language is sent with its button when no script sends it on change.
        page.locator("#language-switcher").select_option("sw")
        page.locator("header.site .language button").click()
        expect(page.locator("html")).to_have_attribute("lang", "sw")
        assert header_height(page) <= PHONE_HEADER_MAX
        page.locator(".menu-button").click()
        expect(menu_link(page, "Shajara")).to_be_visible()  # "Journal" in Swahili
    finally:
        context.close()


def test_on_a_phone_the_menu_opens_and_is_walked_with_the_keyboard(page, live_server, participant):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, participant.email)
    page.goto(f"{live_server}/journal")
    tab_to(page, lambda f: f["tag"] == "summary" and f["text"] == "Menu")
    page.keyboard.press("Enter")
    expect(menu_link(page, "Dashboard")).to_be_visible()
    reached = tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Dashboard")
    assert not reached["inMain"]
    tab_to(page, lambda f: f["tag"] == "select" and f["name"] == "locale")
    # Closed again from its button (Shift+Tab back to it, then Space).
    tab_to(page, lambda f: f["tag"] == "summary", shift=True)
    page.keyboard.press(" ")
    expect(menu_link(page, "Dashboard")).to_be_hidden()
    assert_focus_visible(page.evaluate(FOCUSED))


def test_on_a_desktop_the_menu_and_the_language_stay_in_view(page, live_server, participant):
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, participant.email)
    for path in PAGES:
        page.goto(live_server + path)
        height = header_height(page)
        note(SECTION, f"desktop 1366 x 768 {path}: {height:.0f}")
        assert height <= 70, f"the desktop header wraps: {height} px on {path}"
        expect(page.locator(".menu-button")).to_be_hidden()
        expect(menu_link(page, "Journal")).to_be_visible()
        expect(page.locator("#language-switcher")).to_be_visible()
    # From the brand, the next stop is the first menu entry: no hidden button in between.
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Bru")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == "Dashboard"
    audit(page, "desktop")
