"""An administrator sets up a participant in one pass, finds everyone on paginated lists, and
reads on a person's page where they stand."""

import logging
import re
import secrets
from datetime import date

from sqlalchemy import select

from app import create_app
from app.accounts.models import Role, User
from app.extensions import db
from app.organisations.models import CohortMember, Exchange
from app.organisations.services import exchange_create
from tests.accounts.test_invitations import outbox
from tests.conftest import PASSWORD, link_from, sign_in_as


def setup(client, **fields):
    data = {
        "email": "amani@example.org",
        "name": "Amani Juma",
        "role": "participant",
        "organisation_id": 0,
        "cohort_id": 0,
        "locale": "sw",
        "host_organisation_id": 0,
        "departs_on": "",
        "returns_on": "",
    } | fields
    return client.post("/people/invite", data=data)


def test_a_participant_is_invited_with_cohort_exchange_and_language_at_once(
    app, client, create_user, create_organisation, create_cohort
):
    home, host = create_organisation(), create_organisation()
    cohort = create_cohort()
    sign_in_as(client, create_user(Role.ADMIN))
    response = setup(
        client,
        organisation_id=home.id,
        cohort_id=cohort.id,
        host_organisation_id=host.id,
        departs_on="2026-08-15",
        returns_on="2027-06-30",
    )
    assert response.status_code == 302
    with app.app_context():
        amani = db.session.scalar(select(User).where(User.email == "amani@example.org"))
        exchange = db.session.scalar(select(Exchange).where(Exchange.participant_id == amani.id))
        assert (exchange.home_organisation_id, exchange.host_organisation_id) == (home.id, host.id)
        assert exchange.departs_on == date(2026, 8, 15)
        assert (
            db.session.scalar(
                select(CohortMember.cohort_id).where(CohortMember.user_id == amani.id)
            )
            == cohort.id
        )
        amani_id = amani.id
    page = client.get(f"/admin/users/{amani_id}").text
    assert cohort.name in page and home.name in page and host.name in page
    assert "Kiswahili" in page and "Invitation pending" in page


def test_half_an_exchange_is_refused_and_the_typed_text_survives(
    app, client, create_user, create_organisation
):
    host = create_organisation()
    sign_in_as(client, create_user(Role.ADMIN))
    response = setup(client, host_organisation_id=host.id, departs_on="2026-08-15")
    assert response.status_code == 400
    assert "Amani Juma" in response.text and "2026-08-15" in response.text
    assert "Choose the home organisation" in response.text
    assert "Give the return date" in response.text
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "amani@example.org")) is None


def test_the_new_exchange_form_preselects_nobody_and_marks_who_has_one(
    app, client, create_user, create_organisation
):
    with_exchange = create_user(Role.PARTICIPANT, name="Aaron Has-One")
    create_user(Role.PARTICIPANT, name="Zola Without")
    with app.app_context():
        exchange_create(
            participant=with_exchange,
            home=create_organisation(),
            host=create_organisation(),
            departs_on=date(2026, 1, 1),
            returns_on=date(2026, 12, 1),
        )
        db.session.commit()
    sign_in_as(client, create_user(Role.ADMIN))
    page = client.get("/admin/exchanges/new").text
    select_html = re.search(r'<select[^>]*name="participant_id".*?</select>', page, re.S).group(0)
    assert re.findall(r"<option selected value=\"(\d+)\"", select_html) == ["0"]
    assert re.search(r"Aaron Has-One[^<]*\(has an exchange\)", select_html)
    preselected = client.get(f"/admin/exchanges/new?participant={with_exchange.id}").text
    assert f'<option selected value="{with_exchange.id}"' in preselected


def test_lists_are_paginated_and_say_so(app, client, create_user):
    admin = create_user(Role.ADMIN, name="Aardvark Admin")
    for n in range(55):
        create_user(Role.PARTICIPANT, name=f"Person {n:02d}")
    sign_in_as(client, admin)
    first = client.get("/admin/users").text
    assert "Page 1 of 2" in first and "56 people" in first
    assert "Person 54" not in first
    second = client.get("/admin/users?page=2").text
    assert "Page 2 of 2" in second and "Person 54" in second
    searched = client.get("/admin/users?q=person&page=2").text
    assert "Page 2 of 2" in searched and 'href="/admin/users?q=person&amp;page=1"' in searched
    assert client.get("/admin/users?page=99").status_code == 200
    assert client.get("/admin/users?page=abc").status_code == 200


def test_production_warns_at_start_when_public_url_is_not_set(caplog, monkeypatch):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    key = secrets.token_hex(32)
    with caplog.at_level(logging.WARNING):
        create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://", SECRET_KEY=key)
    assert any("PUBLIC_URL" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        create_app(
            "production",
            SQLALCHEMY_DATABASE_URI="sqlite://",
            SECRET_KEY=key,
            PUBLIC_URL="https://bru.example.org",
        )
    assert not any("PUBLIC_URL" in r.getMessage() for r in caplog.records)


def test_a_facilitator_invites_without_setting_up_an_exchange(client, create_user):
    sign_in_as(client, create_user(Role.FACILITATOR))
    page = client.get("/people/invite").text
    assert "Language of the invitation" in page and "Host organisation" not in page


def test_a_participant_set_up_in_one_pass_sees_when_their_later_courses_open(
    app, client, create_user, create_organisation, create_cohort
):
    home, host = create_organisation(), create_organisation()
    cohort = create_cohort()
    sign_in_as(client, create_user(Role.ADMIN))
    setup(
        client,
        locale="en",
        organisation_id=home.id,
        cohort_id=cohort.id,
        host_organisation_id=host.id,
        departs_on="2030-08-15",
        returns_on="2031-06-30",
    )
    client.post("/sign-out")
    [email] = outbox(app, "amani@example.org")
    link = link_from(email.body)
    client.post(link, data={"password": PASSWORD, "confirm": PASSWORD})
    homecoming = client.get("/courses/homecoming").text
    assert "It opens on Jun 30, 2031, by the dates of your exchange." in homecoming
    assert "It opens later in your exchange." not in homecoming
