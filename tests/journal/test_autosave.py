"""Never lose a word: drafts autosave, come back after signing in again, and survive conflicts."""

import json
import re

from sqlalchemy import select

from app.extensions import db
from app.journal.models import JournalDraft, JournalEntry
from tests.conftest import PASSWORD, sign_in_as
from tests.journal.conftest import reload_entry

HTMX = {"HX-Request": "true"}
KEY = "draft-key-0001"


def drafts(app):
    with app.app_context():
        rows = db.session.scalars(select(JournalDraft).order_by(JournalDraft.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def test_the_editor_autosaves_with_htmx_into_a_draft(app, world):
    client = app.test_client()
    sign_in_as(client, world.author)
    page = client.get("/journal/new", follow_redirects=True).get_data(as_text=True)
    assert 'hx-post="/journal/drafts"' in page
    assert 'hx-trigger="input changed delay:1500ms, blur' in page
    key = re.search(r'name="draft_key"[^>]*value="([^"]+)"', page) or re.search(
        r'id="draft_key" name="draft_key" type="hidden" value="([^"]+)"', page
    )
    assert key

    response = client.post(
        "/journal/drafts",
        data={"draft_key": key.group(1), "title": "Day one", "body": "The bus was late."},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Saved" in response.get_data(as_text=True)
    (draft,) = drafts(app)
    assert (draft.title, draft.body, draft.entry_id) == ("Day one", "The bus was late.", None)

    # The next autosave of the same editor overwrites its draft.
    client.post(
        "/journal/drafts",
        data={"draft_key": key.group(1), "title": "Day one", "body": "The bus was late. Then"},
        headers=HTMX,
    )
    (draft,) = drafts(app)
    assert draft.body == "The bus was late. Then"


def test_a_draft_comes_back_after_signing_in_again(app, world):
    first = app.test_client()
    sign_in_as(first, world.author)
    first.post(
        "/journal/drafts",
        data={"draft_key": KEY, "title": "Unfinished", "body": "Half a thought about home"},
        headers=HTMX,
    )
    first.post("/sign-out")

    second = app.test_client()  # another browser, signing in with the password
    signed_in = second.post("/sign-in", data={"email": world.author.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    page = second.get("/journal/new", follow_redirects=True).get_data(as_text=True)
    assert "Half a thought about home" in page
    assert 'value="Unfinished"' in page
    assert "is restored" in page
    assert KEY in page  # the same draft goes on being saved
    # The journal lists it too, until it is saved or discarded.
    assert "Unfinished" in second.get("/journal").get_data(as_text=True)


def test_each_new_entry_editor_has_an_address_that_brings_its_draft_back(app, world):
    client = app.test_client()
    sign_in_as(client, world.author)
    client.post("/journal/drafts", data={"draft_key": KEY, "body": "Kept"}, headers=HTMX)
    # A reload of the editor's own address brings its draft back.
    assert "Kept" in client.get(f"/journal/new?draft={KEY}").get_data(as_text=True)
    # Plain /journal/new resumes the latest draft; "write a new entry" starts a fresh one.
    assert client.get("/journal/new").headers["Location"].endswith(f"draft={KEY}")
    fresh = client.get("/journal/new?fresh=1").headers["Location"]
    assert "draft=" in fresh and KEY not in fresh
    assert "Kept" not in client.get(fresh).get_data(as_text=True)
    # A made-up key is not an editor.
    assert client.get("/journal/new?draft=<script>").status_code == 302


def test_a_draft_of_an_existing_entry_comes_back_in_its_editor(app, world, create_entry):
    entry = create_entry(world.author, body="First words.")
    client = app.test_client()
    sign_in_as(client, world.author)
    client.post(
        "/journal/drafts",
        data={
            "draft_key": KEY,
            "entry_id": entry.id,
            "version": entry.version,
            "title": entry.title,
            "body": "First words. And more.",
        },
        headers=HTMX,
    )
    other = app.test_client()
    sign_in_as(other, world.author)
    page = other.get(f"/journal/{entry.id}/edit").get_data(as_text=True)
    assert "First words. And more." in page
    assert "is restored" in page


def test_htmx_requests_from_a_signed_out_user_get_401_not_a_redirect(app, world):
    client = app.test_client()
    response = client.post(
        "/journal/drafts", data={"draft_key": KEY, "body": "Still typing"}, headers=HTMX
    )
    assert response.status_code == 401
    assert "Location" not in response.headers
    # A plain page still goes to the sign-in form.
    assert "/sign-in" in client.get("/journal/new").headers["Location"]


def test_another_participant_cannot_write_a_draft_into_an_entry(app, world, create_entry):
    entry = create_entry(world.author)
    client = app.test_client()
    sign_in_as(client, world.other_participant)
    response = client.post(
        "/journal/drafts",
        data={"draft_key": KEY, "entry_id": entry.id, "body": "Mine now"},
        headers=HTMX,
    )
    assert response.status_code == 404
    assert drafts(app) == []


def test_a_draft_is_validated_on_the_server(app, world):
    client = app.test_client()
    sign_in_as(client, world.author)
    response = client.post(
        "/journal/drafts", data={"draft_key": "../../etc", "body": "x"}, headers=HTMX
    )
    assert response.status_code == 422
    assert drafts(app) == []


def test_saving_a_new_entry_settles_its_draft(app, world):
    client = app.test_client()
    sign_in_as(client, world.author)
    client.post("/journal/drafts", data={"draft_key": KEY, "body": "Draft text"}, headers=HTMX)
    response = client.post(
        "/journal/new",
        data={"draft_key": KEY, "title": "", "body": "Final text", "audience": "private"},
    )
    assert response.status_code == 302
    # An autosave still on its way for that editor is refused, not left as a stray draft.
    late = client.post("/journal/drafts", data={"draft_key": KEY, "body": "Final"}, headers=HTMX)
    assert late.status_code == 422
    assert "Unsaved drafts" not in client.get("/journal").get_data(as_text=True)
    assert "Final text" not in client.get("/journal/new", follow_redirects=True).get_data(
        as_text=True
    )


def test_a_save_from_a_stale_tab_is_a_conflict_and_both_texts_are_kept(app, world, create_entry):
    entry = create_entry(world.author, title="Market day", body="Original.")
    client = app.test_client()
    sign_in_as(client, world.author)

    # Tab A saves first.
    first = client.post(
        f"/journal/{entry.id}/edit",
        data={"draft_key": "tab-a-key-01", "version": 1, "title": "Market day", "body": "Tab A"},
    )
    assert first.status_code == 302
    assert reload_entry(app, entry.id).version == 2

    # Tab B still holds version 1.
    second = client.post(
        f"/journal/{entry.id}/edit",
        data={"draft_key": "tab-b-key-01", "version": 1, "title": "Market day", "body": "Tab B"},
    )
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    assert "Tab A" in page and "Tab B" in page
    assert "changed in another window" in page
    assert reload_entry(app, entry.id).body == "Tab A"
    (draft,) = drafts(app)
    assert (draft.body, draft.is_conflict, draft.entry_id) == ("Tab B", True, entry.id)
    # Saving again from the conflict page keeps the participant's choice.
    assert re.search(r'name="version" type="hidden" value="2"', page)

    # Opening the editor later shows both again; the entry page points there.
    assert "Compare and choose" in client.get(f"/journal/{entry.id}").get_data(as_text=True)
    assert "Tab B" in client.get(f"/journal/{entry.id}/edit").get_data(as_text=True)

    resolved = client.post(
        f"/journal/{entry.id}/edit",
        data={"draft_key": "tab-b-key-01", "version": 2, "title": "Market day", "body": "Tab B"},
    )
    assert resolved.status_code == 302
    assert reload_entry(app, entry.id).body == "Tab B"
    assert drafts(app) == []


def test_keeping_the_saved_version_discards_the_conflicting_text(app, world, create_entry):
    entry = create_entry(world.author, body="Saved.")
    client = app.test_client()
    sign_in_as(client, world.author)
    client.post(
        f"/journal/{entry.id}/edit",
        data={"draft_key": "tab-a-key-01", "version": 1, "title": "", "body": "Newer"},
    )
    client.post(
        f"/journal/{entry.id}/edit",
        data={"draft_key": "tab-b-key-01", "version": 1, "title": "", "body": "Losing"},
    )
    response = client.post("/journal/drafts/tab-b-key-01/discard")
    assert response.status_code == 302
    assert drafts(app) == []
    assert reload_entry(app, entry.id).body == "Newer"


def test_an_autosave_notices_the_entry_changed_elsewhere(app, world, create_entry):
    entry = create_entry(world.author, body="v1")
    client = app.test_client()
    sign_in_as(client, world.author)
    client.post(
        f"/journal/{entry.id}/edit",
        data={"draft_key": "tab-a-key-01", "version": 1, "title": "", "body": "v2"},
    )
    response = client.post(
        "/journal/drafts",
        data={"draft_key": "tab-b-key-01", "entry_id": entry.id, "version": 1, "body": "B"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "changed in another window" in response.get_data(as_text=True)
    # And the editor, opened again, shows both texts to choose from.
    page = client.get(f"/journal/{entry.id}/edit").get_data(as_text=True)
    assert "Saved version" in page and "v2" in page
    assert re.search(r">\s*B</textarea>", page)


def test_a_failed_validation_keeps_every_word(app, world):
    client = app.test_client()
    sign_in_as(client, world.author)
    title = "T" * 201
    body = "A long reflection, " * 50
    response = client.post(
        "/journal/new",
        data={"draft_key": KEY, "title": title, "body": body, "audience": "facilitators"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'value="{title}"' in page
    assert body.strip() in page
    assert re.search(r'checked[^>]*value="facilitators"|value="facilitators"[^>]*checked', page)
    with app.app_context():
        assert db.session.scalars(select(JournalEntry)).all() == []


def test_an_empty_entry_is_refused_with_the_title_kept(app, world, create_entry):
    entry = create_entry(world.author)
    client = app.test_client()
    sign_in_as(client, world.author)
    response = client.post(
        f"/journal/{entry.id}/edit",
        data={"draft_key": KEY, "version": 1, "title": "Kept title", "body": ""},
    )
    assert response.status_code == 400
    assert 'value="Kept title"' in response.get_data(as_text=True)
    assert reload_entry(app, entry.id).title == "On arriving"


def test_journal_pages_are_not_stored_anywhere(app, world, create_entry):
    entry = create_entry(world.author)
    client = app.test_client()
    sign_in_as(client, world.author)
    for url in ("/journal", "/journal/new", f"/journal/{entry.id}", "/journal/then-and-now"):
        response = client.get(url, follow_redirects=True)
        assert response.headers["Cache-Control"] == "no-store"
        assert 'hx-history="false"' in response.get_data(as_text=True)
    draft = client.post("/journal/drafts", data={"draft_key": KEY, "body": "x"}, headers=HTMX)
    assert draft.headers["Cache-Control"] == "no-store"


def test_with_csrf_on_a_stale_autosave_is_401_when_signed_out_and_a_marked_400_after_a_new_sign_in(
    app, world
):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        page = client.get("/sign-in").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        client.post(
            "/sign-in",
            data={"email": world.author.email, "password": PASSWORD, "csrf_token": token},
        )
        editor = client.get("/journal/new", follow_redirects=True).get_data(as_text=True)
        old = re.search(r'"X-CSRFToken": "([^"]+)"', editor).group(1)
        headers = {**HTMX, "X-CSRFToken": old}
        assert (
            client.post(
                "/journal/drafts", data={"draft_key": KEY, "body": "a"}, headers=headers
            ).status_code
            == 200
        )

        client.post("/sign-out", data={"csrf_token": old})  # in another tab
        signed_out = client.post(
            "/journal/drafts", data={"draft_key": KEY, "body": "b"}, headers=headers
        )
        assert signed_out.status_code == 401 and signed_out.get_data(as_text=True) == ""
        assert client.get("/session/csrf-token").status_code == 401

        page = client.get("/sign-in").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        client.post(
            "/sign-in",
            data={"email": world.author.email, "password": PASSWORD, "csrf_token": token},
        )
        stale = client.post(
            "/journal/drafts", data={"draft_key": KEY, "body": "c"}, headers=headers
        )
        assert stale.status_code == 400 and stale.headers["X-Bru-Error"] == "csrf"
        fresh = client.get("/session/csrf-token")
        assert "no-store" in fresh.headers["Cache-Control"]
        assert fresh.get_json()["user"] == world.author.id
        renewed = {**HTMX, "X-CSRFToken": fresh.get_json()["csrf_token"]}
        saved = client.post(
            "/journal/drafts", data={"draft_key": KEY, "body": "c"}, headers=renewed
        )
        assert saved.status_code == 200
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    (draft,) = drafts(app)
    assert draft.body == "c"


def autosave(client, revision, body, entry=None, key=KEY):
    data = {"draft_key": key, "draft_revision": revision, "body": body}
    if entry is not None:
        data |= {"entry_id": entry.id, "version": entry.version}
    response = client.post("/journal/drafts", data=data, headers=HTMX)
    assert response.status_code == 200
    saved = json.loads(response.headers["HX-Trigger"])["bru:draftSaved"]
    return response.get_data(as_text=True), saved["key"], saved["revision"]


def test_a_window_behind_on_a_shared_draft_gets_a_draft_of_its_own(app, world, create_entry):
    entry = create_entry(world.author, body="Saved once.")
    client = app.test_client()
    sign_in_as(client, world.author)
    _page, key, first = autosave(client, "", "Tab A", entry)
    assert key == KEY
    # Tab B opens the editor on that draft, with its revision, and writes first.
    page = client.get(f"/journal/{entry.id}/edit").get_data(as_text=True)
    assert f'value="{first}"' in page and KEY in page
    _page, key, second = autosave(client, first, "Tab B", entry)
    assert key == KEY and second != first
    # Tab A, still at the first revision, does not write over it: its text goes apart.
    page, apart, _revision = autosave(client, first, "Tab A, more", entry)
    assert apart != KEY and "kept as a draft of its own" in page
    assert sorted((d.draft_key == KEY, d.body) for d in drafts(app)) == [
        (False, "Tab A, more"),
        (True, "Tab B"),
    ]
    # Tab B saves the entry: its own draft is done, tab A's is kept to compare with.
    saved = client.post(
        f"/journal/{entry.id}/edit",
        data={"draft_key": KEY, "draft_revision": second, "version": 1, "body": "Tab B"},
    )
    assert saved.status_code == 302
    [kept] = drafts(app)
    assert (kept.body, kept.is_conflict, kept.draft_key) == ("Tab A, more", True, apart)
    # A reload of tab A (its address names its draft) shows both texts.
    page = client.get(f"/journal/{entry.id}/edit?draft={apart}").get_data(as_text=True)
    assert "This entry was changed in another window" in page
    assert "Tab A, more" in page and "Tab B" in page
