"""Every route, requested by every kind of user: the answer each one gets, in one table.

A route that is not in the table fails the test, so every new page has to say who may use it.
Outcomes: "o" the request reached the page (2xx, a redirect within Bru, or a 4xx about the
input, such as 400 or 410); "n" 404; "l" sent to sign in (302, or 401 for htmx); "f" 403.
"""

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.journal.models import Audience, JournalDraft
from app.journal.services import journal_entry_create
from app.organisations.models import Cohort, CohortMember, Exchange, MemberRole, Organisation

_fresh = itertools.count(1)

ACTORS = [
    "anonymous",
    "participant",
    "other_participant",
    "facilitator",
    "other_facilitator",
    "home_contact",
    "host_contact",
    "unrelated_contact",
    "admin",
    "safeguarding",
]

PUBLIC = "oooooooooo"
SIGNED_IN = "looooooooo"
PARTICIPANTS = "loonnnnnnn"
AUTHOR = "lonnnnnnnn"
STAFF = "lnnoonnnon"
COHORT_STAFF = "lnnonnnnon"
ADMIN = "lnnnnnnnon"
#: Participants walk participant courses; facilitators, admins and partner contacts preview them.
COURSE_READERS = "loooooooon"
#: Participants and partner contacts keep a journal.
LEARNERS = "loonnooonn"
PARTNER_CONTACTS = "lnnnnooonn"
HOST_CONTACT = "lnnnnnonnn"
ENTRY_READERS = "lononoonnn"
COMMENTERS = "lononnnnnn"
#: Safeguarding reports: officers, and (for one report) its reporter.
OFFICERS = "lnnnnnnnno"
REPORTER_AND_OFFICERS = "lonnnnnnno"

# (endpoint, method) -> expected outcome per actor, in ACTORS order.
EXPECTED = {
    ("static", "GET"): PUBLIC,
    ("health.healthz", "GET"): PUBLIC,
    ("health.ping", "GET"): PUBLIC,
    ("learning.index", "GET"): PUBLIC,  # a redirect: to sign in, or to the dashboard
    ("accounts.sign_in", "GET"): PUBLIC,
    ("accounts.sign_in", "POST"): PUBLIC,
    ("accounts.sign_out", "POST"): SIGNED_IN,
    ("accounts.request_password_reset", "GET"): PUBLIC,
    ("accounts.request_password_reset", "POST"): PUBLIC,
    ("accounts.reset_password", "GET"): PUBLIC,
    ("accounts.reset_password", "POST"): PUBLIC,
    ("accounts.accept_invitation", "GET"): PUBLIC,
    ("accounts.accept_invitation", "POST"): PUBLIC,
    ("accounts.choose_language", "POST"): PUBLIC,
    ("accounts.profile", "GET"): SIGNED_IN,
    ("accounts.profile", "POST"): SIGNED_IN,
    ("session_csrf_token", "GET"): SIGNED_IN,
    ("offline.web_app_manifest", "GET"): PUBLIC,
    ("offline.service_worker", "GET"): PUBLIC,
    ("offline.offline_page", "GET"): PUBLIC,
    #: Kept for offline use by the course's own learners only (a preview is read online).
    ("offline.kept_course_manifest", "GET"): PARTICIPANTS,  # an editor's token after a new sign-in
    ("accounts.invite", "GET"): STAFF,
    ("accounts.invite", "POST"): STAFF,
    ("accounts.invite_csv", "GET"): STAFF,
    ("accounts.invite_csv", "POST"): STAFF,
    ("learning.dashboard", "GET"): SIGNED_IN,
    ("learning.course", "GET"): COURSE_READERS,
    ("learning.module", "GET"): COURSE_READERS,
    ("learning.step", "GET"): COURSE_READERS,
    ("learning.step_done", "POST"): COURSE_READERS,
    ("exercises.answer", "POST"): PARTICIPANTS,
    ("exercises.goals", "GET"): PARTICIPANTS,
    ("journal.index", "GET"): LEARNERS,
    ("journal.new", "GET"): LEARNERS,
    ("journal.new", "POST"): LEARNERS,
    ("journal.save_draft", "POST"): LEARNERS,
    ("journal.discard_draft", "POST"): AUTHOR,
    ("journal.then_and_now", "GET"): LEARNERS,
    ("journal.print_view", "GET"): LEARNERS,
    ("journal.export", "GET"): LEARNERS,
    ("journal.entry", "GET"): ENTRY_READERS,
    ("journal.entry_download", "GET"): ENTRY_READERS,
    ("journal.person", "GET"): ENTRY_READERS,
    ("journal.edit", "GET"): AUTHOR,
    ("journal.edit", "POST"): AUTHOR,
    ("journal.share", "POST"): AUTHOR,
    ("journal.comment", "POST"): COMMENTERS,
    ("journal.admin_person", "GET"): ADMIN,
    ("journal.admin_read", "GET"): ADMIN,
    ("journal.admin_read", "POST"): ADMIN,
    ("follow_up.cohorts", "GET"): STAFF,
    ("follow_up.create", "GET"): STAFF,
    ("follow_up.create", "POST"): STAFF,
    ("follow_up.overview", "GET"): COHORT_STAFF,
    ("follow_up.export", "GET"): COHORT_STAFF,
    ("follow_up.organisations", "GET"): COHORT_STAFF,
    ("follow_up.participant", "GET"): COHORT_STAFF,
    ("follow_up.reminders", "GET"): COHORT_STAFF,
    ("follow_up.reminders", "POST"): COHORT_STAFF,
    ("follow_up.manage", "GET"): COHORT_STAFF,
    ("follow_up.manage", "POST"): COHORT_STAFF,
    ("follow_up.remove_member", "POST"): COHORT_STAFF,
    ("follow_up.add_facilitators", "POST"): ADMIN,
    ("follow_up.open_early", "POST"): COHORT_STAFF,
    ("follow_up.inbox", "GET"): "lnnoonnnnn",
    ("follow_up.answer_from_inbox", "POST"): "lnnonnnnnn",
    ("partners.organisation", "GET"): PARTNER_CONTACTS,
    ("partners.shared_entries", "GET"): PARTNER_CONTACTS,
    ("partners.participant", "GET"): "lnnnnoonnn",
    # Only the host partner answers the work plan and writes the mid-term view.
    ("partners.work_plan_review", "POST"): HOST_CONTACT,
    ("partners.mid_term_view_write", "POST"): HOST_CONTACT,
    # Asked from a step with a host-view exercise (tested with one in tests/partners).
    ("partners.mid_term_view_request", "POST"): "lnnnnnnnnn",
    ("admin.index", "GET"): ADMIN,
    ("admin.organisations", "GET"): ADMIN,
    ("admin.organisation_new", "GET"): ADMIN,
    ("admin.organisation_new", "POST"): ADMIN,
    ("admin.organisation_edit", "GET"): ADMIN,
    ("admin.organisation_edit", "POST"): ADMIN,
    ("admin.users", "GET"): ADMIN,
    ("admin.user_edit", "GET"): ADMIN,
    ("admin.user_edit", "POST"): ADMIN,
    ("admin.user_invitation_resend", "POST"): ADMIN,
    ("admin.cohorts", "GET"): ADMIN,
    ("admin.exchanges", "GET"): ADMIN,
    ("admin.exchange_new", "GET"): ADMIN,
    ("admin.exchange_new", "POST"): ADMIN,
    ("admin.exchange_edit", "GET"): ADMIN,
    ("admin.exchange_edit", "POST"): ADMIN,
    ("admin.content_status", "GET"): ADMIN,
    ("privacy.export", "GET"): SIGNED_IN,
    ("privacy.erasure", "GET"): SIGNED_IN,
    ("privacy.erasure", "POST"): SIGNED_IN,
    ("privacy.erasure_cancel", "POST"): SIGNED_IN,
    ("privacy.admin_requests", "GET"): ADMIN,
    ("privacy.admin_erase", "POST"): ADMIN,
    ("safeguarding.new", "GET"): SIGNED_IN,
    ("safeguarding.new", "POST"): SIGNED_IN,
    ("safeguarding.mine", "GET"): SIGNED_IN,
    # Safeguarding officers; a report: its reporter too. Not administrators.
    ("safeguarding.reports", "GET"): OFFICERS,
    ("safeguarding.report", "GET"): REPORTER_AND_OFFICERS,
    ("safeguarding.message", "POST"): REPORTER_AND_OFFICERS,
    ("safeguarding.status", "POST"): OFFICERS,
}


@pytest.fixture
def world(app, create_user, create_cohort, create_participant, create_organisation):
    facilitator = create_user(Role.FACILITATOR)
    other_facilitator = create_user(Role.FACILITATOR)
    cohort = create_cohort(facilitators=[facilitator])
    other_cohort = create_cohort(facilitators=[other_facilitator])
    home, host, unrelated = create_organisation(), create_organisation(), create_organisation()
    participant = create_participant(cohort, phase="post", home=home, host=host)
    other_participant = create_participant(
        other_cohort, phase="post", home=unrelated, host=create_organisation()
    )
    with app.app_context():
        author = db.session.get(User, participant.id)
        entry = journal_entry_create(
            author=author, title="Shared", body="Text", audience=Audience.PARTNERS
        )
        db.session.add(JournalDraft(author_id=author.id, draft_key="k" * 20, title="", body="x"))
        exchange_id = db.session.scalar(
            select(Exchange.id).where(Exchange.participant_id == author.id)
        )
        from app.privacy.models import ErasureRequest
        from app.safeguarding.models import SafeguardingReport

        report = SafeguardingReport(reporter_id=author.id, what_happened="A concern")
        # Asked by someone who is not an actor (every actor may withdraw their own request).
        leaving = User(email="leaving@example.org", name="Leaving", role=Role.PARTICIPANT)
        db.session.add(leaving)
        db.session.flush()
        erasure_request = ErasureRequest(user_id=leaving.id)
        db.session.add_all([report, erasure_request])
        db.session.commit()
        entry_id = entry.id
        report_id, request_id = report.id, erasure_request.id
    actors = {
        "participant": participant,
        "other_participant": other_participant,
        "facilitator": facilitator,
        "other_facilitator": other_facilitator,
        "home_contact": create_user(Role.PARTNER, organisation=home),
        "host_contact": create_user(Role.PARTNER, organisation=host),
        "unrelated_contact": create_user(Role.PARTNER, organisation=unrelated),
        "admin": create_user(Role.ADMIN),
        "safeguarding": create_user(Role.SAFEGUARDING),
    }
    values = {
        "cohort_id": cohort.id,
        "participant_id": participant.id,
        "user_id": participant.id,
        "entry_id": entry_id,
        "organisation_id": home.id,
        "exchange_id": exchange_id,
        "course_slug": "preparatory",
        "module_slug": "being-a-participant",
        "step_id": "welcome",
        "token": "not-a-real-token",
        "fmt": "csv",
        "name": "zip",
        "draft_key": "k" * 20,
        "filename": "css/bru.css",
        "report_id": report_id,
        "request_id": request_id,
    }
    return actors, values


def client_as(app, actor: User | None):
    client = app.test_client()
    if actor is not None:
        with app.app_context():
            version = db.session.get(User, actor.id).session_version  # sign-out bumps it
        with client.session_transaction() as session:
            session["_user_id"] = f"{actor.id}:{version}"
            session["_fresh"] = True
    return client


def outcome(response) -> str:
    if response.status_code == 404:
        return "n"
    if response.status_code == 403:
        return "f"
    if response.status_code == 401 or (
        response.status_code == 302 and "/sign-in?next=" in response.headers["Location"]
    ):
        return "l"
    if response.status_code in (200, 302, 400, 409, 410, 422):
        return "o"
    return f"?{response.status_code}"


def test_every_route_is_in_the_table(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    missing = sorted(routes - set(EXPECTED))
    assert missing == [], f"say who may use these routes in EXPECTED: {missing}"
    assert sorted(set(EXPECTED) - routes) == []


def test_every_route_answers_every_user_as_the_table_says(app, world):
    actors, values = world
    rules = {(r.endpoint, m): r for r in app.url_map.iter_rules() for m in r.methods}
    mismatches = []
    # GETs first, then POSTs (a POST may change state, e.g. sign out, discard a draft).
    for (endpoint, method), expected in sorted(EXPECTED.items(), key=lambda kv: kv[0][1]):
        rule = rules[(endpoint, method)]
        path = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        for actor_name, want in zip(ACTORS, expected, strict=True):
            client = client_as(app, actors.get(actor_name))
            with client.open(
                path, method=method, data={} if method == "POST" else None
            ) as response:
                got = outcome(response)
            if got != want:
                mismatches.append(f"{method} {path} as {actor_name}: expected {want}, got {got}")
    assert mismatches == [], "\n".join(mismatches)


def test_htmx_fragments_follow_the_same_rules(app, world):
    actors, values = world
    entry_id = values["entry_id"]
    requests = [
        ("GET", f"/cohorts/{values['cohort_id']}?organisation=1", COHORT_STAFF),
        ("POST", f"/journal/{entry_id}/comments", COMMENTERS),
        ("POST", "/journal/drafts", LEARNERS),
        ("POST", f"/feedback/{entry_id}", "lnnonnnnnn"),
    ]
    for method, path, expected in requests:
        for actor_name, want in zip(ACTORS, expected, strict=True):
            client = client_as(app, actors.get(actor_name))
            response = client.open(
                path, method=method, headers={"HX-Request": "true", "HX-Target": "matrix"}
            )
            assert outcome(response) == want, (method, path, actor_name, response.status_code)


def test_extra_form_fields_are_ignored(app, world):
    actors, _values = world
    participant = actors["participant"]
    home_id = db_value(app, User.organisation_id, participant.id)
    client = client_as(app, participant)
    response = client.post(
        "/profile",
        data={
            "name": "Still a participant",
            "locale": "en",
            "timezone": "UTC",
            "role": "admin",
            "organisation_id": "999",
            "active": "y",
            "session_version": "99",
            "user_id": actors["admin"].id,
            "email": "evil@example.org",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(User, participant.id)
        assert (saved.role, saved.organisation_id, saved.email) == (
            Role.PARTICIPANT,
            home_id,
            participant.email,
        )
    response = client.post(
        "/journal/new",
        data={
            "title": "Mine",
            "body": "Text",
            "audience": "private",
            "draft_key": "m" * 20,
            "author_id": actors["admin"].id,
            "user_id": actors["admin"].id,
            "shared_with": "everyone",
            "version": "99",
        },
    )
    assert response.status_code == 302
    from app.journal.models import JournalEntry

    with app.app_context():
        entry = db.session.scalar(select(JournalEntry).where(JournalEntry.title == "Mine"))
        assert entry.author_id == participant.id and entry.audience == Audience.PRIVATE


def db_value(app, column, user_id):
    with app.app_context():
        return db.session.scalar(select(column).where(User.id == user_id))


def test_course_phase_not_yet_open_is_403(app, create_cohort, create_participant):
    cohort = create_cohort()
    early = create_participant(cohort, phase="pre")
    client = client_as(app, early)
    assert outcome(client.get("/courses/homecoming")) == "f"
    assert date.today() + timedelta(days=1)


# Every action that changes who can see whom, tried by every actor, each on a fresh target:
# "y" the change is made, "-" it is refused and nothing changes. After a change, the test
# also checks its consequence (who can now open the participant's pages, who no longer can).
VISIBILITY_ACTIONS = {
    "add a participant nobody facilitates": "---y----y-",
    "add a participant another facilitator follows": "--------y-",
    "remove a participant from the cohort": "---y----y-",
    "invite someone new into the cohort": "---y----y-",
    "add a facilitator to the cohort": "--------y-",
    "remove a facilitator from the cohort": "--------y-",
    "make a participant a facilitator": "--------y-",
    # Safeguarding officers are appointed and revoked on the server (`flask safeguarding`).
    "give someone the safeguarding role": "----------",
    "give oneself the safeguarding role": "----------",
    "take the safeguarding role away": "----------",
    "create an exchange with another organisation": "--------y-",
    "move an exchange to another host": "--------y-",
}


@pytest.fixture
def visibility_world(app, world, create_user, create_participant, create_cohort):
    actors, values = world
    with app.app_context():
        cohort = db.session.get(Cohort, values["cohort_id"])
        other_cohort_id = db.session.scalar(
            select(CohortMember.cohort_id).where(
                CohortMember.user_id == actors["other_facilitator"].id
            )
        )
        other_cohort = db.session.get(Cohort, other_cohort_id)
        exchange = db.session.get(Exchange, values["exchange_id"])
        home, host = exchange.home_organisation_id, exchange.host_organisation_id
        unrelated = actors["unrelated_contact"].organisation_id
        for row in (cohort, other_cohort):
            db.session.expunge(row)
    return actors, cohort, other_cohort, home, host, unrelated


def is_member(app, cohort_id, user_id, role=None) -> bool:
    with app.app_context():
        query = select(CohortMember.id).where(
            CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id
        )
        if role is not None:
            query = query.where(CohortMember.role == role)
        return db.session.scalar(query) is not None


def role_of(app, user_id) -> Role:
    with app.app_context():
        return db.session.get(User, user_id).role


def test_every_action_that_changes_who_sees_whom_as_every_role(
    app, visibility_world, create_user, create_participant, create_organisation
):
    actors, cohort, other_cohort, home, host, unrelated = visibility_world
    facilitator, admin = actors["facilitator"], actors["admin"]
    today = date.today()

    def exchange_form(participant_id, host_id):
        return {
            "participant_id": participant_id,
            "home_organisation_id": home,
            "host_organisation_id": host_id,
            "departs_on": today.isoformat(),
            "returns_on": (today + timedelta(days=200)).isoformat(),
        }

    def sees(viewer, url) -> bool:
        return client_as(app, viewer).get(url).status_code == 200

    def add_unfollowed(client, actor):
        target = create_user(Role.PARTICIPANT)
        client.post(f"/cohorts/{cohort.id}/manage", data={"participant_ids": [target.id]})
        done = is_member(app, cohort.id, target.id)
        page = f"/cohorts/{cohort.id}/participants/{target.id}"
        assert sees(facilitator, page) == done
        return done

    def add_followed(client, actor):
        target = create_participant(other_cohort, phase="mid")
        client.post(f"/cohorts/{cohort.id}/manage", data={"participant_ids": [target.id]})
        done = is_member(app, cohort.id, target.id)
        assert sees(facilitator, f"/cohorts/{cohort.id}/participants/{target.id}") == done
        return done

    def remove_participant(client, actor):
        target = create_participant(cohort, phase="mid")
        client.post(f"/cohorts/{cohort.id}/remove", data={"user_id": target.id})
        done = not is_member(app, cohort.id, target.id)
        assert sees(facilitator, f"/cohorts/{cohort.id}/participants/{target.id}") != done
        return done

    def invite_into_cohort(client, actor):
        email = f"invited-{next(_fresh)}@example.org"
        client.post(
            "/people/invite",
            data={
                "email": email,
                "name": "Invited Person",
                "role": "participant",
                "organisation_id": 0,
                "cohort_id": cohort.id,
                "locale": "en",
            },
        )
        with app.app_context():
            invited = db.session.scalar(select(User.id).where(User.email == email))
        return invited is not None and is_member(app, cohort.id, invited)

    def add_facilitator(client, actor):
        target = create_user(Role.FACILITATOR)
        client.post(f"/cohorts/{cohort.id}/facilitators", data={"facilitator_ids": [target.id]})
        done = is_member(app, cohort.id, target.id, MemberRole.FACILITATOR)
        participant = actors["participant"]
        assert sees(target, f"/cohorts/{cohort.id}/participants/{participant.id}") == done
        return done

    def remove_facilitator(client, actor):
        target = create_user(Role.FACILITATOR)
        with app.app_context():
            db.session.add(
                CohortMember(cohort_id=cohort.id, user_id=target.id, role=MemberRole.FACILITATOR)
            )
            db.session.commit()
        client.post(f"/cohorts/{cohort.id}/remove", data={"user_id": target.id})
        done = not is_member(app, cohort.id, target.id)
        assert sees(target, f"/cohorts/{cohort.id}") != done
        return done

    def make_facilitator(client, actor):
        target = create_participant(cohort, phase="mid")
        client.post(
            f"/admin/users/{target.id}",
            data={"name": target.name, "role": "facilitator", "organisation_id": 0, "active": "y"},
        )
        done = role_of(app, target.id) == Role.FACILITATOR
        # Made a facilitator, they do not facilitate the cohort they were a participant of.
        assert sees(target, f"/cohorts/{cohort.id}") is False
        return done

    def give_safeguarding(client, actor):
        target = create_user(Role.PARTICIPANT)
        client.post(
            f"/admin/users/{target.id}",
            data={"name": target.name, "role": "safeguarding", "organisation_id": 0, "active": "y"},
        )
        return role_of(app, target.id) == Role.SAFEGUARDING

    def give_oneself_safeguarding(client, actor):
        target = actor or create_user(Role.PARTICIPANT)
        before = role_of(app, target.id)
        client.post(
            f"/admin/users/{target.id}",
            data={"name": target.name, "role": "safeguarding", "organisation_id": 0, "active": "y"},
        )
        return before != Role.SAFEGUARDING and role_of(app, target.id) == Role.SAFEGUARDING

    def take_safeguarding_away(client, actor):
        target = create_user(Role.SAFEGUARDING)
        client.post(
            f"/admin/users/{target.id}",
            data={"name": target.name, "role": "participant", "organisation_id": 0, "active": "y"},
        )
        return role_of(app, target.id) != Role.SAFEGUARDING

    def create_exchange(client, actor):
        target = create_user(Role.PARTICIPANT)
        client.post("/admin/exchanges/new", data=exchange_form(target.id, unrelated))
        with app.app_context():
            done = (
                db.session.scalar(select(Exchange.id).where(Exchange.participant_id == target.id))
                is not None
            )
        page = f"/organisation/participants/{target.id}"
        assert sees(actors["unrelated_contact"], page) == done
        return done

    def move_exchange(client, actor):
        target = create_participant(
            cohort, phase="mid", home=db_organisation(app, home), host=db_organisation(app, host)
        )
        with app.app_context():
            exchange_id = db.session.scalar(
                select(Exchange.id).where(Exchange.participant_id == target.id)
            )
        client.post(f"/admin/exchanges/{exchange_id}", data=exchange_form(target.id, unrelated))
        with app.app_context():
            done = db.session.get(Exchange, exchange_id).host_organisation_id == unrelated
        page = f"/organisation/participants/{target.id}"
        assert sees(actors["unrelated_contact"], page) == done
        assert sees(actors["host_contact"], page) != done
        return done

    actions = {
        "add a participant nobody facilitates": add_unfollowed,
        "add a participant another facilitator follows": add_followed,
        "remove a participant from the cohort": remove_participant,
        "invite someone new into the cohort": invite_into_cohort,
        "add a facilitator to the cohort": add_facilitator,
        "remove a facilitator from the cohort": remove_facilitator,
        "make a participant a facilitator": make_facilitator,
        "give someone the safeguarding role": give_safeguarding,
        "give oneself the safeguarding role": give_oneself_safeguarding,
        "take the safeguarding role away": take_safeguarding_away,
        "create an exchange with another organisation": create_exchange,
        "move an exchange to another host": move_exchange,
    }
    assert set(actions) == set(VISIBILITY_ACTIONS)
    mismatches = []
    for name, expected in VISIBILITY_ACTIONS.items():
        got = ""
        for actor_name in ACTORS:
            actor = actors.get(actor_name)
            got += "y" if actions[name](client_as(app, actor), actor) else "-"
        if got != expected:
            mismatches.append(f"{name}: expected {expected}, got {got}")
    assert mismatches == [], "\n".join(mismatches)
    assert admin.role == Role.ADMIN


def db_organisation(app, organisation_id):
    with app.app_context():
        organisation = db.session.get(Organisation, organisation_id)
        db.session.expunge(organisation)
        return organisation
