"""`flask privacy purge`: participants back from their exchange for longer than the retention
period are listed, and erased with --apply, through the same code as an erasure request."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.audit.models import AuditEvent
from app.extensions import db
from app.organisations.services import exchange_create
from app.privacy.models import ErasureOrigin, ErasureRequest, ErasureStatus


@pytest.fixture
def add_exchange(app, create_organisation):
    def add(user, returned_days_ago: int):
        returns = date.today() - timedelta(days=returned_days_ago)
        with app.app_context():
            exchange_create(
                participant=db.session.get(User, user.id),
                home=create_organisation(),
                host=create_organisation(),
                departs_on=returns - timedelta(days=200),
                returns_on=returns,
            )
            db.session.commit()

    return add


@pytest.fixture
def people(create_user, add_exchange):
    old = create_user(Role.PARTICIPANT, name="Long Ago")
    add_exchange(old, 6 * 365)
    recent = create_user(Role.PARTICIPANT, name="Lately Back")
    add_exchange(recent, 365)
    # The latest exchange counts: back twice, the second time recently.
    twice = create_user(Role.PARTICIPANT, name="Went Twice")
    add_exchange(twice, 7 * 365)
    add_exchange(twice, 100)
    never = create_user(Role.PARTICIPANT, name="Never Left")
    return {"old": old, "recent": recent, "twice": twice, "never": never}


def names(app) -> dict[int, str]:
    with app.app_context():
        return dict(db.session.execute(select(User.id, User.name)).all())


def test_the_default_retention_is_five_years(app):
    assert app.config["PRIVACY_RETENTION_DAYS"] == 5 * 365


def test_a_dry_run_lists_who_would_be_erased_and_changes_nothing(app, people):
    before = names(app)
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "Would erase 1 participant(s)" in result.output
    assert "Long Ago" in result.output
    for name in ("Lately Back", "Went Twice", "Never Left"):
        assert name not in result.output
    assert "--apply" in result.output
    assert names(app) == before
    with app.app_context():
        assert db.session.scalar(select(ErasureRequest)) is None


def test_apply_erases_them_once_and_records_it(app, people):
    result = app.test_cli_runner().invoke(args=["privacy", "purge", "--apply"])
    assert result.exit_code == 0, result.output
    assert "Erasing 1 participant(s)" in result.output
    after = names(app)
    assert after[people["old"].id] == "Erased participant"
    assert after[people["recent"].id] == "Lately Back"
    with app.app_context():
        request = db.session.scalar(select(ErasureRequest))
        assert (request.user_id, request.status, request.origin, request.completed_by_id) == (
            people["old"].id,
            ErasureStatus.DONE,
            ErasureOrigin.RETENTION,
            None,
        )
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "user.erase_retention")
        )
        assert (event.actor_id, event.object_id) == (None, people["old"].id)
    # Already erased: not listed again.
    again = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert "Would erase 0 participant(s)" in again.output


def test_the_retention_period_is_configurable(app, people):
    app.config["PRIVACY_RETENTION_DAYS"] = 30
    try:
        result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    finally:
        app.config["PRIVACY_RETENTION_DAYS"] = 5 * 365
    assert "Would erase 3 participant(s)" in result.output
    assert "Never Left" not in result.output
