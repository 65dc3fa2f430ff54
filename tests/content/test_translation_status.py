"""Translation status: share of steps per language, and stale translations found by fingerprint."""

from app.accounts.models import Role
from app.content.loader import fingerprint, load_catalog
from app.content.status import translation_stamp, translation_status
from app.exercises.kinds import EXERCISE_KINDS
from tests.conftest import sign_in_as
from tests.content.test_loader import GOOD_MODULE, LANGUAGES, write_course


def status_for(courses, language):
    catalog = load_catalog(courses, LANGUAGES, EXERCISE_KINDS)
    return next(r for r in translation_status(catalog, LANGUAGES) if r.language == language)


def test_a_translation_made_from_the_current_source_is_not_stale(tmp_path):
    stamped = GOOD_MODULE.replace(
        "minutes: 10", f"minutes: 10\ntranslated_from: {fingerprint(GOOD_MODULE)}"
    )
    courses = write_course(tmp_path, {"en.md": GOOD_MODULE, "nb.md": stamped})
    row = status_for(courses, "nb")
    assert row.percent == 100 and row.stale_modules == () and row.unstamped_modules == ()


def test_a_translation_is_stale_once_the_source_changes(tmp_path):
    stamped = GOOD_MODULE.replace(
        "minutes: 10", f"minutes: 10\ntranslated_from: {fingerprint(GOOD_MODULE)}"
    )
    changed_source = GOOD_MODULE.replace(
        "Both partners give and both gain.", "Both partners give and gain."
    )
    courses = write_course(tmp_path, {"en.md": changed_source, "nb.md": stamped})
    assert status_for(courses, "nb").stale_modules == ("intro",)


def test_stamping_marks_a_translation_current_again(tmp_path):
    old = GOOD_MODULE.replace("minutes: 10", "minutes: 10\ntranslated_from: 000000000000")
    courses = write_course(tmp_path, {"en.md": GOOD_MODULE, "nb.md": old})
    catalog = load_catalog(courses, LANGUAGES, EXERCISE_KINDS)
    assert status_for(courses, "nb").stale_modules == ("intro",)
    translation_stamp(catalog, str(courses), "demo/intro", "nb")
    assert status_for(courses, "nb").stale_modules == ()


def test_partial_and_missing_languages_are_counted_by_words_exercises_included(tmp_path):
    only_first = GOOD_MODULE.split("## Check")[0]
    courses = write_course(tmp_path, {"en.md": GOOD_MODULE, "nb.md": only_first})
    row = status_for(courses, "nb")
    # The reading step (9 words) is translated; the exercise step (12 words) is not.
    assert (row.translated_steps, row.total_steps) == (1, 2)
    assert (row.translated_words, row.total_words) == (9, 21)
    assert row.percent == 42
    assert status_for(courses, "nb").unstamped_modules == ("intro",)
    assert status_for(courses, "sw").percent == 0


def test_every_course_is_translated_stamped_and_current_in_every_language(catalog):
    rows = translation_status(catalog, LANGUAGES)
    assert len(rows) == len(catalog.courses) * len(LANGUAGES)
    unfinished = [
        (r.course_slug, r.language, r.percent, r.stale_modules, r.unstamped_modules)
        for r in rows
        if r.percent < 100 or r.stale_modules or r.unstamped_modules
    ]
    assert unfinished == []


def test_the_admin_page_shows_the_same_status(client, create_user, catalog):
    sign_in_as(client, create_user(Role.ADMIN))
    page = client.get("/admin/content")
    assert page.status_code == 200
    rows = translation_status(catalog, LANGUAGES)
    swahili = next(r for r in rows if r.language == "sw" and r.course_slug == "preparatory")
    assert "Kiswahili" in page.text and f"{swahili.percent} %" in page.text


def test_flask_content_status_prints_a_row_per_course_and_language(app):
    result = app.test_cli_runner().invoke(args=["content", "status"])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.startswith("preparatory")]
    assert len(lines) == len(LANGUAGES)
