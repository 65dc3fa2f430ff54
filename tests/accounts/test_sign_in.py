import re
from urllib.parse import quote

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from tests.conftest import PASSWORD, sign_in_as


def test_sign_in_with_email_and_password_opens_the_dashboard(client, create_user):
    user = create_user(Role.PARTICIPANT, email="amina@example.org", name="Amina Nakato")
    response = client.post("/sign-in", data={"email": "Amina@Example.org ", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    page = client.get("/dashboard")
    assert "Hello, Amina Nakato" in page.text
    assert user.email == "amina@example.org"


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(client, create_user):
    create_user(Role.PARTICIPANT, email="known@example.org")
    wrong_password = client.post(
        "/sign-in", data={"email": "known@example.org", "password": "not the password"}
    )
    unknown_email = client.post(
        "/sign-in", data={"email": "nobody@example.org", "password": "not the password"}
    )
    assert wrong_password.status_code == unknown_email.status_code == 400
    assert "The email or password is not right." in wrong_password.text

    # Apart from the echoed email and the CSRF token (it carries the second it was made), the
    # two pages are the same: nothing tells the email exists.
    def unique_parts_out(text: str, email: str) -> str:
        return re.sub(r'"X-CSRFToken": ?"[^"]+"', "", text.replace(email, "X@"))

    assert unique_parts_out(wrong_password.text, "known@") == unique_parts_out(
        unknown_email.text, "nobody@"
    )
    assert client.get("/dashboard").status_code == 302


def test_a_deactivated_account_cannot_sign_in(app, client, create_user):
    user = create_user(Role.PARTICIPANT)
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


def test_sign_out_ends_the_session(client, create_user):
    user = create_user(Role.FACILITATOR)
    sign_in_as(client, user)
    assert client.get("/dashboard").status_code == 200
    assert client.post("/sign-out").status_code == 302
    assert client.get("/dashboard").headers["Location"].startswith("/sign-in")


def test_sign_out_is_not_possible_over_get(client, create_user):
    sign_in_as(client, create_user(Role.FACILITATOR))
    assert client.get("/sign-out").status_code == 405
    assert client.get("/dashboard").status_code == 200


def test_pages_need_a_signed_in_user(client):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(client, create_user):
    user = create_user(Role.FACILITATOR)
    data = {"email": user.email, "password": PASSWORD}
    assert client.post("/sign-in?next=/profile", data=data).headers["Location"] == "/profile"
    client.post("/sign-out")
    response = client.post("/sign-in?next=//evil.example/", data=data)
    assert response.headers["Location"] == "/dashboard"


#: Targets a browser would take off site (it drops tab, CR and LF, and reads \ as /), or that
#: could split the response's headers; each must fall back to a page of Bru, never a 500.
#: (A NUL byte is refused with 400 before any view, like everywhere else.)
UNSAFE_NEXT = [
    "//evil.example/phish",
    "/\t/evil.example/phish",
    "/\n/evil.example/phish",
    "/\r\n/evil.example/phish",
    "/\\evil.example/phish",
    "\\evil.example/phish",
    "/\x7f/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    " //evil.example/",
    "/profile\r\nSet-Cookie: x=1",
    "",
]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_after_sign_in_an_unsafe_next_goes_to_the_dashboard(client, create_user, target):
    user = create_user(Role.FACILITATOR)
    data = {"email": user.email, "password": PASSWORD}
    response = client.post(f"/sign-in?next={quote(target, safe='')}", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_after_a_language_change_an_unsafe_next_goes_to_the_dashboard(client, target):
    response = client.post("/language", data={"locale": "nb", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_a_safe_next_keeps_its_query(client):
    response = client.post("/language", data={"locale": "nb", "next": "/journal?phase=mid"})
    assert response.headers["Location"] == "/journal?phase=mid"


def test_a_password_change_ends_the_users_other_sessions(app, client, create_user):
    from app.accounts.services import user_set_password

    user = create_user(Role.PARTICIPANT)
    other_device = app.test_client()
    sign_in_as(other_device, user)
    assert other_device.get("/dashboard").status_code == 200
    with app.app_context():
        user_set_password(user=db.session.get(User, user.id), password="a new long passphrase")
        db.session.commit()
    assert other_device.get("/dashboard").status_code == 302


def test_profile_saves_language_and_time_zone(app, client, create_user):
    user = create_user(Role.PARTICIPANT)
    sign_in_as(client, user)
    response = client.post(
        "/profile", data={"name": "New Name", "locale": "nn", "timezone": "Africa/Kampala"}
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.scalar(select(User).where(User.id == user.id))
        assert (saved.name, saved.locale, saved.timezone) == ("New Name", "nn", "Africa/Kampala")


def test_profile_refuses_an_unknown_time_zone_and_keeps_the_typed_name(client, create_user):
    sign_in_as(client, create_user(Role.PARTICIPANT))
    response = client.post(
        "/profile", data={"name": "Typed Name", "locale": "en", "timezone": "Mars/Olympus"}
    )
    assert response.status_code == 400
    assert 'value="Typed Name"' in response.text


def test_sign_in_takes_the_browsers_time_zone_until_the_user_picks_one(app, client, create_user):
    user = create_user(Role.PARTICIPANT)
    data = {"email": user.email, "password": PASSWORD, "timezone": "Asia/Kathmandu"}
    assert client.post("/sign-in", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).timezone == "Asia/Kathmandu"
    client.post("/sign-out")
    client.post("/sign-in", data=data | {"timezone": "Not/AZone"})
    with app.app_context():
        assert db.session.get(User, user.id).timezone == "Asia/Kathmandu"


def test_times_are_shown_in_the_users_time_zone(app, client, create_user, create_cohort):
    from datetime import datetime

    from flask_babel import format_datetime

    user = create_user(Role.PARTICIPANT)
    with app.app_context():
        db.session.get(User, user.id).timezone = "Asia/Kathmandu"
        db.session.commit()
    with app.test_request_context():
        from flask_login import login_user

        with app.app_context():
            login_user(db.session.get(User, user.id))
            shown = format_datetime(datetime(2026, 1, 1, 12, 0), "HH:mm")
    assert shown == "17:45"  # UTC+05:45
