"""Choosing a time zone on the profile, on a phone and on a desktop: places grouped by
country in the page's language, the likely one chosen already, no pseudo-zones; a value the
list does not offer is refused with a message and the typed name kept."""

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import audit
from tests.browser.conftest import sign_in

SIZES = {"phone": {"width": 360, "height": 640}, "desktop": {"width": 1366, "height": 768}}


@pytest.mark.parametrize("size", SIZES)
def test_a_participant_finds_their_zone_by_country_and_saves_it(
    page, live_server, participant, size
):
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_server, participant.email)
    page.goto(f"{live_server}/profile")
    zone = page.get_by_label("Time zone")
    # The participant's organisation is in Norway: its zone is first, and chosen.
    expect(zone).to_have_value("Europe/Oslo")
    expect(zone.locator("optgroup").first).to_have_attribute("label", "Likely for you")
    assert zone.locator("option").first.inner_text() == "Oslo (Norway)"
    expect(zone.locator("optgroup[label=Uganda] option")).to_have_text(["Kampala"])
    for pseudo in ("Factory", "localtime", "Etc/GMT+5"):
        expect(zone.locator(f'option[value="{pseudo}"]')).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    audit(page, f"time zone, {size}")

    zone.select_option("Africa/Kampala")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_have_text("Your profile is saved.")
    expect(zone).to_have_value("Africa/Kampala")
    assert zone.locator("option").first.inner_text() == "Kampala (Uganda)"


def test_the_countries_are_named_in_the_page_language(page, live_server, participant):
    page.set_viewport_size(SIZES["phone"])
    sign_in(page, live_server, participant.email)
    page.goto(f"{live_server}/profile")
    page.locator(".menu-button").click()
    with page.expect_navigation():
        page.locator("#language-switcher").select_option("fr")
    zone = page.get_by_label("Fuseau horaire")
    assert zone.locator("option").first.inner_text() == "Oslo (Norvège)"
    expect(zone.locator("optgroup[label=Ouganda] option")).to_have_text(["Kampala"])
    audit(page, "time zone, French")


def test_a_zone_not_on_the_list_is_refused_with_a_message(page, live_server, participant):
    page.set_viewport_size(SIZES["phone"])
    sign_in(page, live_server, participant.email)
    page.goto(f"{live_server}/profile")
    page.get_by_label("Full name").fill("A Name Typed Here")
    # What a tampered form or an old page could send.
    page.locator('#timezone option[value="Europe/Oslo"]').evaluate("o => o.value = 'Factory'")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Time zone: Choose your time zone from the list.")
    expect(page.get_by_label("Full name")).to_have_value("A Name Typed Here")
    audit(page, "time zone refused")
