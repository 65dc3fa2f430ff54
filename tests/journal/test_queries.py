"""Journal pages read in a fixed number of queries, however long the journal grows."""

from app.journal.models import Audience
from tests.conftest import count_queries, sign_in_as


def queries_for(app, client, url: str) -> int:
    return count_queries(app, lambda: client.get(url).status_code == 200)


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
