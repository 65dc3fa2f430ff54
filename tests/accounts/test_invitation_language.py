"""The invitation page, the set-password page and the first messages after it are in the
invitation's language (issue 17, item 7), for one invitation and for a CSV file alike."""

import io

from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from tests.accounts.test_invitations import NEW_PASSWORD, invite, outbox
from tests.conftest import link_from, sign_in_as


def accept(client, link: str):
    page = client.get(link, headers={"Accept-Language": "en"})
    done = client.post(
        link,
        data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        headers={"Accept-Language": "en"},
        follow_redirects=True,
    )
    return page, done


def test_an_invitation_in_swahili_opens_and_welcomes_in_swahili(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    invite(client, locale="sw")
    client.post("/sign-out")
    [email] = outbox(app, "neema@example.org")
    page, done = accept(client, link_from(email.body))
    assert '<html lang="sw"' in page.text
    assert "Karibu Bru, Neema Kimaro" in page.text
    assert done.status_code == 200 and '<html lang="sw"' in done.text
    assert "Karibu Bru. Nenosiri lako limewekwa." in done.text


def test_a_language_chosen_on_the_invitation_page_is_kept(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    invite(client, locale="sw")
    client.post("/sign-out")
    [email] = outbox(app, "neema@example.org")
    link = link_from(email.body)
    client.get(link)
    client.post("/language", data={"locale": "fr", "next": link})
    page, done = accept(client, link)
    assert '<html lang="fr"' in page.text and '<html lang="fr"' in done.text
    with app.app_context():
        assert (
            db.session.scalar(select(User.locale).where(User.email == "neema@example.org")) == "fr"
        )


def test_a_csv_language_column_sets_the_invitations_language(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    data = "email,name,role,language\nines@example.org,Inês Costa,participant,pt\n"
    response = client.post(
        "/people/invite/csv",
        data={"file": (io.BytesIO(data.encode()), "people.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    [email] = outbox(app, "ines@example.org")
    assert email.language == "pt"
    client.post("/sign-out")
    page, done = accept(client, link_from(email.body))
    assert '<html lang="pt"' in page.text and '<html lang="pt"' in done.text
