from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.learning.models import StepCompletion
from app.organisations.models import Cohort, Exchange, Organisation, Region


def test_flask_demo_creates_the_demo_accounts_and_a_realistic_data_set(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for email in (
        "participant@example.org",
        "facilitator@example.org",
        "partner@example.org",
        "admin@example.org",
    ):
        assert email in result.output
    with app.app_context():
        roles = dict(db.session.execute(select(User.email, User.role)).all())
        assert roles["participant@example.org"] == Role.PARTICIPANT
        assert roles["admin@example.org"] == Role.ADMIN
        assert db.session.scalar(select(func.count(Organisation.id))) >= 8
        assert set(db.session.scalars(select(Organisation.region))) == set(Region)
        # Three participant cohorts, one in each phase, and one of partner contacts.
        partner_courses = {c.slug for c in app.extensions["bru_catalog"].courses_for("partners")}
        audiences = sorted(
            {cc.course_slug for cc in cohort.courses} <= partner_courses
            for cohort in db.session.scalars(select(Cohort))
        )
        assert audiences == [False, False, False, True]
        participants = db.session.scalar(
            select(func.count(User.id)).where(User.role == Role.PARTICIPANT)
        )
        assert 25 <= participants <= 40
        assert db.session.scalar(select(func.count(Exchange.id))) == participants
        assert db.session.scalar(select(func.count(StepCompletion.id))) > 100
        assert db.session.scalar(select(func.count(ExerciseAnswer.id))) > 50

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 1 and "already has data" in again.output
    if_empty = runner.invoke(args=["demo", "--if-empty"])
    assert if_empty.exit_code == 0 and "already has data" in if_empty.output


def test_the_demo_participant_can_sign_in_with_the_printed_password(app, client):
    app.test_cli_runner().invoke(args=["demo"])
    response = client.post(
        "/sign-in", data={"email": "participant@example.org", "password": "demo-password"}
    )
    assert response.status_code == 302
    page = client.get("/dashboard").text
    assert "Your exchange:" in page and "Continue: " in page


def test_no_demo_data_exists_without_the_demo_command(app):
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_flask_demo_scale_large_fills_the_database_for_the_benchmark(app):
    result = app.test_cli_runner().invoke(args=["demo", "--scale", "large"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        participants = db.session.scalar(
            select(func.count(User.id)).where(User.role == Role.PARTICIPANT)
        )
        assert participants >= 6000
        assert db.session.scalar(select(func.count(ExerciseAnswer.id))) >= 50_000
