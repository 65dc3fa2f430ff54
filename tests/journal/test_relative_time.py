"""Relative times ("3 days ago") as a reader sees them: something saved a moment ago was saved
"just now", never "in 0 seconds"."""

from datetime import UTC, datetime, timedelta

import pytest

from app.i18n import relative_time
from tests.conftest import sign_in_as


def save_a_draft(client, author) -> None:
    sign_in_as(client, author)
    response = client.post(
        "/journal/drafts",
        data={"draft_key": "draft-key-0001", "title": "Day one", "body": "The bus was late."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200


def test_a_draft_saved_a_moment_ago_was_saved_just_now(app, client, world):
    save_a_draft(client, world.author)
    page = client.get("/journal").text
    assert "last saved just now" in page
    assert "seconds" not in page


@pytest.mark.parametrize(
    ("language", "just_now"),
    [("nb", "akkurat nå"), ("nn", "akkurat no"), ("fr", "à l\u2019instant"), ("sw", "sasa hivi")],
)
def test_just_now_is_said_in_the_page_language(app, client, world, language, just_now):
    save_a_draft(client, world.author)
    client.post("/language", data={"locale": language})
    assert just_now in client.get("/journal").text


@pytest.mark.parametrize("seconds", [0, 1, 29, 31, 59, -59])
def test_anything_under_a_minute_either_way_is_just_now(app, seconds):
    with app.test_request_context():
        when = datetime.now(UTC) - timedelta(seconds=seconds)
        assert relative_time(when, "en") == "just now"


def test_a_minute_and_more_is_counted(app):
    with app.test_request_context():
        assert relative_time(datetime.now(UTC) - timedelta(seconds=90), "en") == "2 minutes ago"
        assert relative_time(datetime.now(UTC) - timedelta(days=3), "en") == "3 days ago"
        assert relative_time(datetime.now(UTC) + timedelta(hours=2), "en") == "in 2 hours"
