"""Admins manage organisations, people, cohorts and exchanges; nobody else can."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.organisations.models import Exchange, Organisation, Region
from tests.conftest import sign_in_as

ADMIN_URLS = [
    "/admin/organisations",
    "/admin/organisations/new",
    "/admin/users",
    "/admin/cohorts",
    "/admin/exchanges",
    "/admin/exchanges/new",
]


@pytest.fixture
def admin_client(client, create_user):
    admin = create_user(Role.ADMIN)
    sign_in_as(client, admin)
    client.admin = admin
    return client


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FACILITATOR, Role.PARTNER])
def test_only_admins_reach_administration(client, create_user, role):
    sign_in_as(client, create_user(role))
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 404, url


def test_create_search_and_edit_an_organisation(app, admin_client):
    response = admin_client.post(
        "/admin/organisations/new",
        data={"name": "Matagalpa Youth", "country": "NI", "region": "latin_america"},
    )
    assert response.status_code == 302
    found = admin_client.get("/admin/organisations?q=matag").text
    assert "Matagalpa Youth" in found
    assert "Matagalpa Youth" not in admin_client.get("/admin/organisations?q=kampala").text
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.name == "Matagalpa Youth"))
        assert (org.country, org.region) == ("NI", Region.LATIN_AMERICA)
        org_id = org.id
    edit = admin_client.post(
        f"/admin/organisations/{org_id}",
        data={"name": "Matagalpa Youth Network", "country": "NI", "region": "latin_america"},
    )
    assert edit.status_code == 302
    with app.app_context():
        assert db.session.get(Organisation, org_id).name == "Matagalpa Youth Network"


def test_an_organisation_needs_a_unique_name_a_country_and_a_region(
    admin_client, create_organisation
):
    create_organisation(name="Taken Name")
    duplicate = admin_client.post(
        "/admin/organisations/new", data={"name": "taken name", "country": "NO", "region": "norway"}
    )
    assert duplicate.status_code == 400 and "already exists" in duplicate.text
    bad = admin_client.post(
        "/admin/organisations/new", data={"name": "X", "country": "ZZ", "region": "mars"}
    )
    assert bad.status_code == 400 and 'value="X"' in bad.text


def test_search_treats_wildcards_literally(admin_client, create_organisation):
    create_organisation(name="Plain Org")
    assert "Plain Org" not in admin_client.get("/admin/organisations?q=%25").text


def test_an_admin_changes_a_role_and_deactivates_an_account(app, admin_client, client, create_user):
    person = create_user(Role.PARTICIPANT, name="Role Changer")
    assert "Role Changer" in admin_client.get("/admin/users?q=changer").text
    response = admin_client.post(
        f"/admin/users/{person.id}",
        data={"name": "Role Changer", "role": "facilitator", "organisation_id": 0},
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(User, person.id)
        assert saved.role == Role.FACILITATOR and saved.active is False


def test_an_admin_cannot_lock_themselves_out(app, admin_client):
    admin = admin_client.admin
    response = admin_client.post(
        f"/admin/users/{admin.id}",
        data={"name": admin.name, "role": "participant", "organisation_id": 0, "active": "y"},
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(User, admin.id).role == Role.ADMIN


def test_create_and_edit_an_exchange(app, admin_client, create_user, create_organisation):
    person = create_user(Role.PARTICIPANT)
    home, host = create_organisation(), create_organisation()
    today = date.today()
    data = {
        "participant_id": person.id,
        "home_organisation_id": home.id,
        "host_organisation_id": host.id,
        "departs_on": today.isoformat(),
        "returns_on": (today + timedelta(days=180)).isoformat(),
    }
    assert admin_client.post("/admin/exchanges/new", data=data).status_code == 302
    same_org = admin_client.post(
        "/admin/exchanges/new", data=data | {"host_organisation_id": home.id}
    )
    assert same_org.status_code == 400 and "must be different" in same_org.text
    backwards = admin_client.post("/admin/exchanges/new", data=data | {"returns_on": "2000-01-01"})
    assert backwards.status_code == 400 and "after the departure" in backwards.text
    with app.app_context():
        exchange = db.session.scalar(select(Exchange))
        exchange_id = exchange.id
    page = admin_client.get("/admin/exchanges").text
    assert person.name in page
    later = (today + timedelta(days=365)).isoformat()
    assert (
        admin_client.post(
            f"/admin/exchanges/{exchange_id}", data=data | {"returns_on": later}
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.get(Exchange, exchange_id).returns_on.isoformat() == later


def test_unknown_ids_are_404(admin_client):
    for url in ("/admin/organisations/999999", "/admin/users/999999", "/admin/exchanges/999999"):
        assert admin_client.get(url).status_code == 404
