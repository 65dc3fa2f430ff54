import io

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.extensions import db
from app.mail.models import OutboxEmail
from tests.conftest import sign_in_as


def upload(client, text: str):
    return client.post(
        "/people/invite/csv",
        data={"file": (io.BytesIO(text.encode()), "people.csv")},
        content_type="multipart/form-data",
    )


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_csv_invites_everyone_in_it(app, client, create_user, create_organisation, create_cohort):
    org = create_organisation(name="Kampala Youth Media Centre")
    cohort = create_cohort(name="Autumn 2026")
    sign_in_as(client, create_user(Role.ADMIN))
    response = upload(
        client,
        "email,name,role,organisation,cohort\n"
        "baraka@example.org,Baraka Otieno,participant,Kampala Youth Media Centre,Autumn 2026\n"
        "patrick@example.org,Patrick Partner,partner,kampala youth media centre,\n",
    )
    assert response.status_code == 302
    with app.app_context():
        baraka = db.session.scalar(select(User).where(User.email == "baraka@example.org"))
        assert baraka.role == Role.PARTICIPANT and baraka.organisation_id == org.id
        assert db.session.scalar(select(func.count(OutboxEmail.id))) == 2
    assert cohort.id


def test_a_malformed_row_is_reported_with_its_line_and_the_good_rows_are_invited(
    app, client, create_user
):
    sign_in_as(client, create_user(Role.ADMIN))
    users_before = count(app, User)
    response = upload(
        client,
        "email,name,role,organisation,cohort\n"
        "ok@example.org,Okay Person,participant,,\n"
        "not-an-email,Broken Row,participant,,\n"
        "x@example.org,Someone,king,,\n",
    )
    assert response.status_code == 400
    assert "Line 3: &#39;not-an-email&#39; is not an email address." in response.text
    assert "Line 4: &#39;king&#39; is not a role you can invite." in response.text
    assert count(app, User) == users_before + 1
    assert count(app, OutboxEmail) == 1


def test_a_csv_with_duplicate_emails_or_missing_columns_is_refused(app, client, create_user):
    create_user(Role.PARTICIPANT, email="taken@example.org")
    sign_in_as(client, create_user(Role.ADMIN))
    duplicate = upload(client, "email,name,role\ntaken@example.org,A,participant\n")
    assert (
        duplicate.status_code == 400
        and "Line 2: taken@example.org already has an account" in duplicate.text
    )
    missing = upload(client, "email,name\na@example.org,A\n")
    assert missing.status_code == 400 and "Missing columns: role." in missing.text
    assert count(app, OutboxEmail) == 0


def test_a_facilitator_cannot_use_another_facilitators_cohort(
    app, client, create_user, create_cohort
):
    create_cohort(name="Not mine")
    sign_in_as(client, create_user(Role.FACILITATOR))
    response = upload(
        client, "email,name,role,organisation,cohort\na@example.org,A,participant,,Not mine\n"
    )
    assert response.status_code == 400
    assert "No cohort is called &#39;Not mine&#39;." in response.text


def upload_bytes(client, data: bytes):
    return client.post(
        "/people/invite/csv",
        data={"file": (io.BytesIO(data), "people.csv")},
        content_type="multipart/form-data",
    )


def test_a_file_with_bare_cr_line_endings_is_read_like_any_other(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    response = upload_bytes(
        client,
        b"email,name,role\r"
        b"amani@example.org,Amani Juma,participant\r"
        b"ines@example.org,In\xc3\xaas Costa,participant\r",
    )
    assert response.status_code == 302
    assert count(app, OutboxEmail) == 2


def test_unreadable_or_oversized_cells_are_reported_per_line_and_only_good_rows_are_stored(
    app, client, create_user
):
    sign_in_as(client, create_user(Role.ADMIN))
    users_before = count(app, User)
    huge = "x" * (200 * 1024)
    cases = {
        # A cell past the CSV reader's 128 KiB limit.
        f"email,name,role\nok@example.org,Okay,participant\na@example.org,{huge},participant\n": (
            "Line 3: This row could not be read"
        ),
        # A NUL byte, which no name or address may hold.
        "email,name,role\nok@example.org,Okay,participant\nb@example.org,Nu\x00ll,participant\n": (
            "Line 3: This row holds a character that cannot be stored"
        ),
        # A name longer than a name may be.
        "email,name,role\nok@example.org,Okay,participant\n"
        f"c@example.org,{'N' * 201},participant\n": (
            "Line 3: The name is longer than 200 characters."
        ),
        # A quote left open to the end of the file.
        'email,name,role\nok@example.org,Okay,participant\nd@example.org,"Open,participant\n': (
            "Line 3: This row could not be read"
        ),
    }
    for n, (text, message) in enumerate(cases.items()):
        response = upload_bytes(client, text.replace("ok@", f"ok{n}@").encode())
        assert response.status_code == 400, message
        assert message in response.text
        assert count(app, User) == users_before + n + 1
        assert count(app, OutboxEmail) == n + 1
