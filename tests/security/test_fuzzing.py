"""Whatever is posted to a form, Bru answers with a clear 4xx, never a 500."""

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.accounts.models import Role
from tests.conftest import sign_in_as

# Byte strings a browser or an attacker might send: NUL, lone surrogates (CESU-8), overlong
# UTF-8, combining-character floods, very long text, numbers and ordinary words.
NASTY = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=200).map(lambda b: b),
    st.sampled_from(
        [
            b"\x00",
            b"\xed\xa0\x80",
            b"\xc0\xaf",
            b"\xe0\x80\xaf",
            ("e" + "\u0301" * 5000).encode(),
            b"9" * 30,
            b"-1",
            b"0",
            b"x" * 300_000,
        ]
    ),
)
FIELDS = st.dictionaries(
    st.sampled_from(
        [
            "email",
            "password",
            "name",
            "role",
            "locale",
            "timezone",
            "choice",
            "why",
            "text",
            "value",
            "goal-1",
            "rating-1",
            "comment",
            "at_home",
            "title",
            "body",
            "audience",
            "organisation_id",
            "cohort_id",
            "participant_ids",
            "template",
            "message",
            "courses",
            "starts_on",
            "ends_on",
            "country",
            "region",
            "draft_key",
            "version",
            "entry_id",
            "position-0",
            "match-a",
            "next",
            "user_id",
            "shared_with",
        ]
    ),
    NASTY,
    max_size=8,
)


def encode(fields: dict) -> bytes:
    parts = []
    for key, value in fields.items():
        raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        parts.append(f"{key}=".encode() + quote_from_bytes(raw).encode())
    return b"&".join(parts)


FORMS = {
    "anonymous": ["/sign-in", "/reset-password", "/language", "/invitation/not-a-token"],
    "participant": [
        "/profile",
        "/language",
        "/courses/preparatory/being-a-participant/your-goals/answer",
        "/courses/preparatory/being-a-participant/reciprocity/answer",
        "/courses/preparatory/intercultural-adjustment/adjustment-curve/answer",
        "/courses/during-exchange/work-plan/roles/answer",
        "/journal/new",
        "/journal/drafts",
    ],
    "facilitator": [
        "/people/invite",
        "/cohorts/new",
        "/cohorts/{cohort}/reminders",
        "/cohorts/{cohort}/manage",
    ],
    "admin": ["/admin/organisations/new", "/admin/exchanges/new", "/admin/users/{participant}"],
}
ACCEPTABLE = {200, 302, 400, 401, 404, 409, 410, 413, 422}


@pytest.fixture
def actors(app, create_user, create_cohort, create_participant):
    lead = create_user(Role.FACILITATOR)
    cohort = create_cohort(facilitators=[lead])
    participant = create_participant(cohort, phase="post")
    clients = {"anonymous": app.test_client()}
    for name, user in (
        ("participant", participant),
        ("facilitator", lead),
        ("admin", create_user(Role.ADMIN)),
    ):
        clients[name] = app.test_client()
        sign_in_as(clients[name], user)
    return clients, {"cohort": cohort.id, "participant": participant.id}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fields=FIELDS, htmx=st.booleans())
def test_generated_posts_to_every_form_never_cause_a_server_error(actors, fields, htmx):
    clients, ids = actors
    body = encode(fields)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if htmx:
        headers["HX-Request"] = "true"
    for actor, urls in FORMS.items():
        for url in urls:
            response = clients[actor].post(url.format(**ids), data=body, headers=headers)
            assert response.status_code in ACCEPTABLE, (actor, url, fields, response.status_code)


def test_a_nul_byte_is_a_clear_400(actors):
    clients, _ids = actors
    response = clients["participant"].post(
        "/profile",
        data=b"name=A%00B&locale=en&timezone=UTC",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert "Something in the request was not right" in response.text


def test_unknown_language_codes_and_ids_are_clear_errors(actors):
    clients, _ids = actors
    assert clients["participant"].post("/language", data={"locale": "xx-YY"}).status_code == 400
    assert clients["facilitator"].get("/cohorts/99999999").status_code == 404
    assert clients["admin"].get("/admin/users/99999999").status_code == 404
    assert clients["participant"].get("/courses/no-such-course").status_code == 404
