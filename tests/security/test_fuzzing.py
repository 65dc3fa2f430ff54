"""Whatever is sent, Bru answers with a clear 4xx, never a 500.

The property test walks the app itself: every route of its url_map and method, and every form
its pages show to each role (found by reading those pages). Each form is sent with generated
values in place of some of its fields (text, invalid UTF-8, odd and huge numbers, dates at the
edges, repeated fields, files), with ids and names in the URL replaced by generated ones and
extra fields and query parameters added, as every role. It runs on both databases; a fixed
seed (derandomize) keeps it repeatable and its cost bounded.
"""

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, quote_from_bytes, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from werkzeug.exceptions import HTTPException
from werkzeug.routing.converters import NumberConverter
from wtforms.fields.core import UnboundField

from app import create_app
from app.accounts.models import Role, User
from app.extensions import db
from app.forms import BruForm
from app.journal.services import journal_draft_save, journal_entry_create
from app.privacy.services import erasure_request_create
from app.safeguarding.services import safeguarding_report_create
from tests.conftest import sign_in_as
from tests.exercises.helpers import find, url

ROLES = ("anonymous", *(role.value for role in Role))
#: An app of its own to read the routes and forms from (its views import every form).
ROUTES_APP = create_app("test", SQLALCHEMY_DATABASE_URI="sqlite://")
#: Routes whose use removes the people the other routes are tried with: tried last.
LAST = ("/sign-out", "/admin/privacy/requests/<int:request_id>/erase")

# Byte strings a browser or an attacker might send: NUL, lone surrogates (CESU-8), overlong
# UTF-8, combining-character floods, very long text, odd and huge numbers, dates at the edges.
ODD = [
    b"",
    b"\x00",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\xe0\x80\xaf",
    ("e" + "\u0301" * 5000).encode(),
    b"9" * 5000,
    "²".encode(),
    "٣".encode(),
    b"-1",
    b"0",
    b"1",
    b"2147483648",
    b"9223372036854775808",
    b"1e999",
    b"x" * 300_000,
    b"\r\n\t\x0b\x07",
    b"9999-12-31",
    b"0001-01-01",
    b"2026-02-30",
    b"//evil.example/",
]
VALUE = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.binary(max_size=200),
)
HUGE_IDS = [0, 2**31 - 1, 2**31, 2**63, 10**30]
QUERY_NAMES = [
    *("organisation", "phase", "status", "sort", "q", "role", "draft", "fresh", "again"),
    *("next", "v", "finished", "select", "locale", "from"),
]


def _form_field_names() -> list[str]:
    """Every field name of every form class, and the fields the exercise kinds read."""
    names = {"csrf_token", "next", "select", "choice", "why", "text", "value", "comment"}
    pending = [BruForm]
    while pending:
        form = pending.pop()
        pending += form.__subclasses__()
        names |= {n for n in dir(form) if isinstance(getattr(form, n, None), UnboundField)}
    return sorted(names | {f"{f}-{i}" for f in ("position", "goal", "rating") for i in range(4)})


FIELD_NAMES = _form_field_names()


@dataclass
class Form:
    """A form as a page shows it: where it posts, and each field with the values offered."""

    path: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    has_file: bool = False


class FormReader(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__()
        self.page_path = page_path
        self.forms: list[Form] = []
        self.open: Form | None = None
        self.also_posts_to: list[str] = []
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.open = Form(path=a.get("action") or self.page_path)
            self.also_posts_to = [a["hx-post"]] if a.get("hx-post") else []
            return
        if self.open is None:
            return
        if a.get("hx-post"):
            self.also_posts_to.append(a["hx-post"])
        name = a.get("name")
        if tag in ("input", "textarea", "button") and name:
            self.open.fields.setdefault(name, []).append(a.get("value") or "")
            self.open.has_file |= a.get("type") == "file"
        elif tag == "select" and name:
            self.select = name
            self.open.fields.setdefault(name, [])
        elif tag == "option" and self.select:
            self.open.fields[self.select].append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form" and self.open is not None:
            self.forms.append(self.open)
            for path in self.also_posts_to:
                self.forms.append(Form(path, dict(self.open.fields), self.open.has_file))
            self.open = None


@dataclass
class World:
    users: dict
    clients: dict
    #: route -> real paths of it, and route -> the forms that post to it, as found on pages.
    paths: dict = field(default_factory=dict)
    forms: dict = field(default_factory=dict)


def _route_of(path: str) -> str | None:
    adapter = ROUTES_APP.url_map.bind("localhost")
    for method in ("POST", "GET"):
        try:
            rule, _args = adapter.match(urlsplit(path).path, method=method, return_rule=True)
        except HTTPException:
            continue
        return rule.rule
    return None


def _sign_in_again(app, world: World, role: str):
    """The role's client signed in afresh: an earlier request may have signed it out."""
    client = world.clients[role]
    if role != "anonymous":
        with app.app_context():
            user = db.session.get(User, world.users[role].id)
        if user is not None:
            sign_in_as(client, user)
    return client


def _restore(app, world: World) -> None:
    """Undo what generated admin edits may have done to the people of the world."""
    with app.app_context():
        for role, user in world.users.items():
            db.session.execute(
                update(User).where(User.id == user.id).values(role=Role(role), active=True)
            )
        db.session.commit()


@pytest.fixture
def world(app, catalog, create_user, create_cohort, create_participant, create_organisation):
    facilitator = create_user(Role.FACILITATOR)
    cohort = create_cohort(facilitators=[facilitator])
    home = create_organisation()
    participant = create_participant(cohort, phase="post", home=home)
    users = {
        "participant": participant,
        "facilitator": facilitator,
        "partner": create_user(Role.PARTNER, organisation=home),
        "admin": create_user(Role.ADMIN),
        "safeguarding": create_user(Role.SAFEGUARDING),
    }
    with app.test_request_context():
        author = db.session.get(User, participant.id)
        entry = journal_entry_create(author=author, title="T", body="B")
        journal_draft_save(author=author, draft_key="fuzzdraft01", title="", body="D")
        report = safeguarding_report_create(reporter=author, what_happened="Something")
        erasure_request_create(user=author)
        db.session.commit()
    world = World(users=users, clients={role: app.test_client() for role in ROLES})
    for role in ROLES:
        _sign_in_again(app, world, role)
    # Goals set before departure, so the later goal forms show their fields.
    course, module, step, _exercise = find(catalog, "goals", stage="set")
    world.clients["participant"].post(
        url(course, module, step), data={"goal-1": "Learn Swahili", "rating-1": "2"}
    )
    seeds = [f"/journal/{entry.id}", f"/journal/{entry.id}/edit", "/journal/new?draft=fuzzdraft01"]
    seeds += [f"/safeguarding/reports/{report.id}", f"/cohorts/{cohort.id}/manage"]
    seeds += [f"/cohorts/{cohort.id}/reminders", f"/admin/users/{participant.id}"]
    seeds += [f"/cohorts/{cohort.id}/participants/{participant.id}", "/admin/privacy"]
    seeds += [f"/organisation/participants/{participant.id}", f"/journal/people/{participant.id}"]
    for rule in ROUTES_APP.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments:
            seeds.append(rule.rule)
    for course in catalog.courses:
        for module in course.modules:
            seeds += [f"/courses/{course.slug}/{module.slug}/{s}" for s in module.step_ids]
    for role in ROLES:
        for seed in seeds:
            page = world.clients[role].get(seed)
            if page.status_code != 200 or page.mimetype != "text/html":
                continue
            world.paths.setdefault(_route_of(seed), set()).add(urlsplit(seed).path)
            reader = FormReader(seed)
            reader.feed(page.text)
            for form in reader.forms:
                route = _route_of(form.path)
                if route:
                    world.forms.setdefault(route, []).append(form)
                    world.paths.setdefault(route, set()).add(urlsplit(form.path).path)
    _restore(app, world)
    return world


def _encode(pairs) -> bytes:
    return b"&".join(quote(k).encode() + b"=" + quote_from_bytes(v).encode() for k, v in pairs)


def _path_for(draw, rule, real_paths: list[str]) -> str:
    """A real path of the route with some of its parts generated, or one made from scratch."""
    base = draw(st.sampled_from(real_paths)) if real_paths else None
    args = {}
    if base is not None:
        _rule, args = ROUTES_APP.url_map.bind("localhost").match(
            base, method="POST" if "POST" in rule.methods else "GET", return_rule=True
        )
    path = rule.rule
    for name, converter in rule._converters.items():
        spec = path[path.index("<") : path.index(">") + 1]
        if name in args and draw(st.booleans()):
            value = str(args[name])
        elif isinstance(converter, NumberConverter):
            value = str(draw(st.one_of(st.sampled_from(HUGE_IDS), st.integers(1, 10**40))))
        else:
            text = draw(st.text(min_size=1, max_size=40))
            value = quote(text.encode("utf-8", "surrogatepass"), safe="")
        path = path.replace(spec, value, 1)
    return path


@st.composite
def requests(draw, rule, form: Form | None, real_paths: list[str]):
    if form is not None and draw(st.integers(0, 3)):
        path = urlsplit(form.path).path
    else:
        path = _path_for(draw, rule, real_paths)
    query = draw(st.lists(st.tuples(st.sampled_from(QUERY_NAMES), VALUE), max_size=3))
    fields = []
    for name, offered in (form.fields if form else {}).items():
        choice = draw(st.sampled_from(["real", "real", "generated", "omitted", "twice"]))
        real = draw(st.sampled_from(offered)).encode() if offered else b""
        if choice == "real":
            fields.append((name, real))
        elif choice == "generated":
            fields.append((name, draw(VALUE)))
        elif choice == "twice":
            fields += [(name, draw(VALUE)), (name, real)]
    fields += draw(st.lists(st.tuples(st.sampled_from(FIELD_NAMES), VALUE), max_size=3))
    names = sorted({n for n, _v in fields}) or ["file"]
    as_files = draw(st.sets(st.sampled_from(names), max_size=2)) if draw(st.booleans()) else set()
    if form is not None and form.has_file:
        as_files.add("file")
        fields.append(("file", draw(st.sampled_from([*ODD, b"email,name,role\r\na,b,c"]))))
    htmx = draw(st.booleans())
    return path + ("?" + _encode(query).decode() if query else ""), fields, as_files, htmx


NO_SERVER_ERROR = settings(
    max_examples=4,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def _send(client, method, path, fields, as_files, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    if method == "GET":
        return client.get(path, headers=headers)
    if as_files:
        data: dict[str, list] = {}
        for name, value in fields:
            if name in as_files:
                data.setdefault(name, []).append((io.BytesIO(value), "upload.csv"))
            else:
                data.setdefault(name, []).append(value.decode("utf-8", "replace"))
        return client.post(path, data=data, headers=headers, content_type="multipart/form-data")
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return client.post(path, data=_encode(fields), headers=headers)


def _check(app, world, rule, method, form, real_paths):
    @NO_SERVER_ERROR
    @given(request=requests(rule, form, real_paths))
    def check(request):
        path, fields, as_files, htmx = request
        for role in ROLES:
            client = _sign_in_again(app, world, role)
            response = _send(client, method, path, fields, as_files, htmx)
            assert response.status_code < 500, (role, method, path, fields)

    check()


def test_generated_requests_to_every_route_and_form_as_every_role_never_cause_a_server_error(
    app, world
):
    rules = sorted(
        (r for r in ROUTES_APP.url_map.iter_rules() if r.endpoint not in ("static", "health.ping")),
        key=lambda r: (r.rule in LAST, r.rule),
    )
    assert len(rules) > 60 and world.forms  # the walk found the app's routes and forms
    failures = []
    for rule in rules:
        real_paths = sorted(world.paths.get(rule.rule, ()))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            # Each distinct form (by its fields) that posts here, or none for a bare route.
            shapes = {}
            for form in world.forms.get(rule.rule, []) if method == "POST" else []:
                shapes.setdefault(tuple(sorted(form.fields)), form)
            for form in list(shapes.values()) or [None]:
                try:
                    _check(app, world, rule, method, form, real_paths)
                except Exception as failure:
                    failures.append(f"{method} {rule.rule}: {str(failure)[:500]}")
                _restore(app, world)
    assert not failures, "\n".join(failures)


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
