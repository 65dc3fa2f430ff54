"""An administrator sets up a participant in one pass at 1366 x 768 (invitation, cohort,
exchange, language), finds them on the paginated list, sends the invitation again, and the
participant accepts it in Swahili; a CSV saved by Norwegian Excel is read. axe-core checks
every page on the way."""

from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.organisations.models import Exchange
from tests.browser.a11y import audit
from tests.browser.conftest import sign_in
from tests.browser.test_journeys import outbox
from tests.conftest import link_from

DESKTOP = {"width": 1366, "height": 768}
NEW_PASSWORD = "baobab shade at noon"


def test_an_administrator_sets_up_a_participant_who_accepts_in_swahili(
    open_browser, app, live_server, create_user, create_organisation, create_cohort, tmp_path
):
    admin = create_user(Role.ADMIN, name="Aisha Admin")
    home = create_organisation(name="Norsk Folkehjelp")
    host = create_organisation(name="Kampala Youth Media Centre")
    cohort = create_cohort(name="Autumn 2026")
    for n in range(55):
        create_user(Role.PARTICIPANT, name=f"Zz Listed {n:02d}")

    page = open_browser(viewport=DESKTOP)
    sign_in(page, live_server, admin.email)
    page.goto(f"{live_server}/people/invite")
    page.get_by_label("Email").fill("neema@example.org")
    page.get_by_label("Full name").fill("Neema Kimaro")
    page.get_by_label("Role").select_option("participant")
    page.get_by_label("Organisation", exact=True).select_option(label=home.name)
    page.get_by_label("Cohort").select_option(label=cohort.name)
    page.get_by_label("Language of the invitation").select_option("sw")
    page.get_by_label("Host organisation (receiving)").select_option(label=host.name)
    page.get_by_label("Departure").fill("2026-08-15")
    # The return date forgotten: the page says so, and keeps everything typed.
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("Give the return date.")
    expect(page.get_by_label("Full name")).to_have_value("Neema Kimaro")
    audit(page, "invite, an exchange half given")
    page.get_by_label("Return").fill("2027-06-30")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to neema@example.org.")).to_be_visible()
    audit(page, "invite, sent")

    # The list of people goes on past 50 rows, and says where it stands.
    page.goto(f"{live_server}/admin/users")
    expect(page.get_by_text("Page 1 of 2 (58 people)")).to_be_visible()
    audit(page, "people, page 1")
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text("Page 2 of 2 (58 people)")).to_be_visible()
    page.goto(f"{live_server}/admin/users?q=neema")
    page.get_by_role("link", name="Neema Kimaro").click()
    for fact in ("Kiswahili", "Invitation pending", cohort.name, f"{home.name} → {host.name}"):
        expect(page.locator("dl")).to_contain_text(fact)
    audit(page, "a person's page")
    page.get_by_role("button", name="Send the invitation again").click()
    expect(page.get_by_text("A new invitation is sent to neema@example.org.")).to_be_visible()

    with app.app_context():
        neema = db.session.scalar(select(User).where(User.email == "neema@example.org"))
        exchange = db.session.scalar(select(Exchange).where(Exchange.participant_id == neema.id))
        assert str(exchange.departs_on) == "2026-08-15"

    # Neema follows the newest link, in a browser of her own that asks for English.
    first, second = outbox(app, "neema@example.org", "")[:2]
    invitee = open_browser(viewport=DESKTOP)
    invitee.goto(live_server + link_from(first.body))
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Kiungo hiki hakifanyi kazi tena")
    expect(invitee.get_by_role("link", name="Umesahau nenosiri?").first).to_be_visible()
    audit(invitee, "the replaced link, in Swahili")
    invitee.goto(live_server + link_from(second.body))
    expect(invitee.locator("html")).to_have_attribute("lang", "sw")
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Karibu Bru, Neema Kimaro")
    audit(invitee, "accept the invitation, in Swahili")
    invitee.locator("#password").fill(NEW_PASSWORD)
    invitee.locator("#confirm").fill(NEW_PASSWORD)
    invitee.locator("form button[type=submit]").last.click()
    expect(invitee.get_by_text("Karibu Bru. Nenosiri lako limewekwa.")).to_be_visible()
    expect(invitee.locator("html")).to_have_attribute("lang", "sw")

    # A CSV as Norwegian Excel saves it: semicolons, Windows-1252; one row is wrong.
    csv_file = tmp_path / "deltakere.csv"
    csv_file.write_bytes(
        "email;name;role;organisation;cohort;language;host;departs;returns\r\n"
        "asa@example.org;Åsa Bjørnstad;participant;Norsk Folkehjelp;Autumn 2026;nn;"
        "Kampala Youth Media Centre;15.08.2026;30.06.2027\r\n"
        "ola@example.org;Ola Nordmann;deltaker;;;;;;\r\n".encode("cp1252")
    )
    page.goto(f"{live_server}/people/invite/csv")
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Upload and invite").click()
    expect(page.get_by_role("alert")).to_contain_text("1 invitation sent.")
    expect(page.get_by_role("alert")).to_contain_text(
        "Line 3: 'deltaker' is not a role you can invite."
    )
    audit(page, "CSV, one row wrong")
    page.goto(f"{live_server}/admin/users?q=Bj%C3%B8rnstad")
    expect(page.get_by_role("link", name="Åsa Bjørnstad")).to_be_visible()
