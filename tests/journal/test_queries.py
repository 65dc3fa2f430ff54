"""Journal pages read in a fixed number of queries, however long the journal grows."""

from sqlalchemy import event

from app.extensions import db
from app.journal.models import Audience
from tests.conftest import sign_in_as


class QueryCounter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self.increment)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self.increment)

    def increment(self, *args):
        self.count += 1


def queries_for(app, client, url: str) -> int:
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_journal_pages_do_not_grow_queries_with_entries(app, world, create_entry):
    author, facilitator = app.test_client(), app.test_client()
    sign_in_as(author, world.author)
    sign_in_as(facilitator, world.facilitator)
    urls = ["/journal", "/journal/print", "/journal/then-and-now"]
    create_entry(world.author, audience=Audience.FACILITATORS)
    few = [queries_for(app, author, u) for u in urls]
    few.append(queries_for(app, facilitator, f"/journal/people/{world.author.id}"))
    for _ in range(8):
        create_entry(world.author, audience=Audience.FACILITATORS)
    many = [queries_for(app, author, u) for u in urls]
    many.append(queries_for(app, facilitator, f"/journal/people/{world.author.id}"))
    assert many == few
