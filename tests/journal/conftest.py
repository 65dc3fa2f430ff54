"""A small world around one participant's journal: everyone who may or may not read it."""

from dataclasses import dataclass

import pytest

from app.accounts.models import Role, User
from app.extensions import db
from app.journal.models import Audience, JournalEntry
from app.journal.services import journal_entry_create
from app.organisations.models import Organisation, Region


@dataclass
class World:
    author: User
    home: Organisation
    host: Organisation
    facilitator: User
    other_facilitator: User
    other_participant: User
    home_contact: User
    host_contact: User
    unrelated_contact: User
    admin: User


@pytest.fixture
def world(create_user, create_cohort, create_participant, create_organisation) -> World:
    facilitator = create_user(Role.FACILITATOR)
    other_facilitator = create_user(Role.FACILITATOR)
    cohort = create_cohort(facilitators=[facilitator])
    other_cohort = create_cohort(facilitators=[other_facilitator])
    home = create_organisation(region=Region.NORWAY, country="NO")
    host = create_organisation()
    author = create_participant(cohort, phase="mid", home=home, host=host)
    # In the same cohort, but a journal is not shared with fellow participants.
    other_participant = create_participant(cohort, phase="mid")
    create_participant(other_cohort, phase="mid")
    return World(
        author=author,
        home=home,
        host=host,
        facilitator=facilitator,
        other_facilitator=other_facilitator,
        other_participant=other_participant,
        home_contact=create_user(Role.PARTNER, organisation=home),
        host_contact=create_user(Role.PARTNER, organisation=host),
        unrelated_contact=create_user(Role.PARTNER, organisation=create_organisation()),
        admin=create_user(Role.ADMIN),
    )


@pytest.fixture
def create_entry(app):
    def create(author, audience=Audience.PRIVATE, title="On arriving", body="It *rained*.", **kw):
        with app.app_context():
            author = db.session.get(User, author.id)
            entry = journal_entry_create(
                author=author, title=title, body=body, audience=audience, **kw
            )
            db.session.commit()
            db.session.refresh(entry)
            db.session.expunge(entry)
            return entry

    return create


def reload_entry(app, entry_id: int) -> JournalEntry | None:
    with app.app_context():
        entry = db.session.get(JournalEntry, entry_id)
        if entry is not None:
            db.session.expunge(entry)
        return entry
