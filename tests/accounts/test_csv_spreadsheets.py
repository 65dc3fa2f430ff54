"""CSV invitations read what spreadsheet programs write, say clearly what is wrong with a file,
and never lose the good rows because of a bad one."""

import io

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.extensions import db
from app.mail.models import OutboxEmail
from app.organisations.models import Exchange
from tests.conftest import sign_in_as


def upload(client, data: bytes):
    return client.post(
        "/people/invite/csv",
        data={"file": (io.BytesIO(data), "people.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def emails(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(OutboxEmail.recipient)))


def user(app, email: str) -> User:
    with app.app_context():
        found = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(found)
        return found


def test_norwegian_excel_semicolons_in_windows_1252_are_read(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    data = "email;name;role;language\r\nasa@example.org;Åsa Bjørnstad;participant;nn\r\n"
    response = upload(client, data.encode("cp1252"))
    assert response.status_code == 200
    assert user(app, "asa@example.org").name == "Åsa Bjørnstad"
    assert user(app, "asa@example.org").locale == "nn"


def test_tab_separated_utf8_with_a_bom_is_read(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    data = "\ufeffEmail\tName\tRole\nines@example.org\tInês Costa\tparticipant\n"
    assert upload(client, data.encode("utf-8")).status_code == 200
    assert user(app, "ines@example.org").name == "Inês Costa"


def test_a_comma_file_with_quoted_commas_and_semicolons_in_names_is_read(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    data = 'email,name,role\nbaraka@example.org,"Otieno; Baraka, Jr",participant\n'
    assert upload(client, data.encode()).status_code == 200
    assert user(app, "baraka@example.org").name == "Otieno; Baraka, Jr"


def test_a_wrong_header_says_which_columns_and_delimiter_were_read(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    response = upload(client, "E-post;Navn;Rolle\nasa@example.org;Åsa;participant\n".encode())
    assert response.status_code == 400
    assert "Missing columns: email, name, role." in response.text
    assert "separated by semicolons" in response.text
    assert "E-post, Navn, Rolle" in response.text
    assert emails(app) == set()


def test_a_file_that_is_not_text_is_explained(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    response = upload(client, b"PK\x03\x04\x14\x00\x06\x00\x81\x8d\x8f\x90\x9d")
    assert response.status_code == 400
    assert "spreadsheet file (.xlsx or .ods), not a CSV file" in response.text
    assert "Save as" in response.text


def test_good_rows_are_invited_and_bad_rows_are_listed(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    data = (
        "email,name,role,language\n"
        "ok@example.org,Okay Person,participant,sw\n"
        "not-an-email,Broken Row,participant,\n"
        "lang@example.org,Bad Language,participant,klingon\n"
        "fine@example.org,Fine Person,participant,\n"
    )
    response = upload(client, data.encode())
    assert response.status_code == 400
    assert "2 invitations sent." in response.text
    assert "Line 3: &#39;not-an-email&#39; is not an email address." in response.text
    assert "Line 4: &#39;klingon&#39; is not a language of Bru" in response.text
    assert emails(app) == {"ok@example.org", "fine@example.org"}


def test_an_address_already_invited_is_invited_again(app, client, create_user):
    create_user(Role.PARTICIPANT, email="pending@example.org", password=None)
    create_user(Role.PARTICIPANT, email="active@example.org")
    sign_in_as(client, create_user(Role.ADMIN))
    data = (
        "email,name,role\npending@example.org,Pending,participant\n"
        "active@example.org,Active,participant\n"
    )
    response = upload(client, data.encode())
    assert "1 invitation sent again" in response.text
    assert "Line 3: active@example.org already has an account" in response.text
    assert emails(app) == {"pending@example.org"}


def test_a_csv_sets_up_cohort_and_exchange_in_one_pass(
    app, client, create_user, create_organisation, create_cohort
):
    create_organisation(name="Norsk Folkehjelp")
    create_organisation(name="Kampala Youth Media Centre")
    cohort = create_cohort(name="Autumn 2026")
    sign_in_as(client, create_user(Role.ADMIN))
    data = (
        "email;name;role;organisation;cohort;language;host;departs;returns\n"
        "asa@example.org;Åsa;participant;Norsk Folkehjelp;Autumn 2026;nb;"
        "Kampala Youth Media Centre;15.08.2026;2027-06-30\n"
        "late@example.org;Late;participant;Norsk Folkehjelp;;;Kampala Youth Media Centre;"
        "2027-06-30;2026-08-15\n"
    )
    response = upload(client, data.encode())
    assert "Line 3: The return must be after the departure." in response.text
    asa = user(app, "asa@example.org")
    with app.app_context():
        exchange = db.session.scalar(select(Exchange).where(Exchange.participant_id == asa.id))
        assert str(exchange.departs_on) == "2026-08-15" and str(exchange.returns_on) == "2027-06-30"
        assert db.session.scalar(select(func.count(Exchange.id))) == 1
    assert cohort.id


def test_a_facilitators_file_cannot_set_up_exchanges(app, client, create_user, create_organisation):
    create_organisation(name="Home Org")
    create_organisation(name="Host Org")
    sign_in_as(client, create_user(Role.FACILITATOR))
    data = (
        "email,name,role,organisation,host,departs,returns\n"
        "a@example.org,A,participant,Home Org,Host Org,2026-08-15,2027-06-30\n"
        "b@example.org,B,participant,,,,\n"
    )
    response = upload(client, data.encode())
    assert "Line 2: Only an administrator sets up exchanges" in response.text
    assert emails(app) == {"b@example.org"}
    with app.app_context():
        assert db.session.scalar(select(func.count(Exchange.id))) == 0


def test_excels_unicode_text_and_a_header_alone_are_handled(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    unicode_text = "email\tname\trole\nsipho@example.org\tSipho Ndlovu\tparticipant\n"
    assert upload(client, unicode_text.encode("utf-16")).status_code == 200
    assert user(app, "sipho@example.org").name == "Sipho Ndlovu"
    header_only = upload(client, b"email,name,role\n")
    assert header_only.status_code == 400
    assert "The file has no rows to import." in header_only.text
