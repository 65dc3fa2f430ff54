"""A course translated into Swahili in part, for what a reader sees where a translation is
missing (the real courses are complete)."""

from pathlib import Path

import pytest

from tests.conftest import sign_in_as

HALF_TRANSLATED = Path(__file__).parent / "courses"


@pytest.fixture
def swahili_reader(serve_courses, create_cohort, create_participant):
    """A participant reading in Swahili a course whose first module has no Swahili text."""
    served = serve_courses(HALF_TRANSLATED)
    user = create_participant(create_cohort(courses=["half-translated"]), phase="mid")
    client = served.test_client()
    sign_in_as(client, user)
    client.post("/language", data={"locale": "sw"})
    return client
