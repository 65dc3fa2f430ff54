"""Responses that show personal data are kept by no browser cache and no proxy."""

import pytest

from app.accounts.models import Role
from tests.conftest import link_from, sign_in_as


def assert_private(response, url):
    cache = response.headers.get("Cache-Control", "")
    assert "private" in cache and "no-store" in cache, (url, cache)


@pytest.fixture
def people(create_user, create_cohort, create_participant, create_organisation):
    facilitator = create_user(Role.FACILITATOR)
    cohort = create_cohort(facilitators=[facilitator])
    home = create_organisation()
    participant = create_participant(cohort, phase="mid", home=home)
    return {
        "cohort": cohort,
        "participant": participant,
        "facilitator": facilitator,
        "partner": create_user(Role.PARTNER, organisation=home),
        "admin": create_user(Role.ADMIN),
        "officer": create_user(Role.SAFEGUARDING),
    }


def test_signed_in_pages_fragments_and_exports_are_private_and_not_stored(client, people):
    cohort_id, participant_id = people["cohort"].id, people["participant"].id
    visits = {
        "participant": [
            "/dashboard",
            "/profile",
            "/goals",
            "/courses/preparatory",
            "/courses/preparatory/being-a-participant/welcome",
            "/privacy/export",
            "/safeguarding/mine",
        ],
        "facilitator": [
            "/cohorts",
            f"/cohorts/{cohort_id}",
            f"/cohorts/{cohort_id}/participants/{participant_id}",
            f"/cohorts/{cohort_id}/export.csv",
            f"/cohorts/{cohort_id}/export.xlsx",
            f"/cohorts/{cohort_id}/manage",
            "/feedback",
        ],
        "partner": ["/organisation", f"/organisation/participants/{participant_id}"],
        "admin": ["/admin/users", f"/admin/users/{participant_id}", "/admin/exchanges"],
        "officer": ["/safeguarding/reports"],
    }
    for who, urls in visits.items():
        sign_in_as(client, people[who])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_private(response, url)
    sign_in_as(client, people["facilitator"])
    fragment = client.get(
        f"/cohorts/{cohort_id}?status=overdue",
        headers={"HX-Request": "true", "HX-Target": "matrix"},
    )
    assert "<html" not in fragment.text
    assert_private(fragment, "matrix fragment")


def test_pages_with_a_persons_name_before_sign_in_are_not_stored_either(app, client, people):
    from sqlalchemy import select

    from app.extensions import db
    from app.mail.models import OutboxEmail

    sign_in_as(client, people["admin"])
    client.post(
        "/people/invite",
        data={
            "email": "neema@example.org",
            "name": "Neema Kimaro",
            "role": "participant",
            "organisation_id": 0,
            "cohort_id": 0,
            "locale": "en",
        },
    )
    with app.app_context():
        body = db.session.scalar(select(OutboxEmail.body).order_by(OutboxEmail.id.desc()))
    invitee = app.test_client()
    page = invitee.get(link_from(body))
    assert "Neema Kimaro" in page.text and "neema@example.org" in page.text
    assert_private(page, "invitation link")
    assert_private(invitee.get("/sign-in"), "/sign-in")
