"""Course files: the real courses load; every kind of broken file is named by file and line."""

import textwrap
from pathlib import Path

import pytest

from app import create_app
from app.content.loader import ContentError, load_catalog
from app.exercises.kinds import EXERCISE_KINDS

LANGUAGES = ["en", "nb", "nn", "fr", "es", "pt", "sw"]
COURSES = Path(__file__).resolve().parents[2] / "courses"

GOOD_MODULE = """\
---
title: Reciprocity
minutes: 10
---
## What it means {#what}

Both partners give and both gain.

## Check {#check}

```exercise
id: check
kind: single_choice
prompt: Who sets the goals?
options:
  - key: a
    text: Both partners.
    correct: true
    feedback: Yes.
  - key: b
    text: The Norwegian partner.
    feedback: No.
```
"""


def write_course(root: Path, files: dict[str, str]) -> Path:
    course = root / "courses" / "demo"
    (course / "intro").mkdir(parents=True)
    (course / "course.yaml").write_text(
        textwrap.dedent(
            """\
            phase: pre
            default_language: en
            title:
              en: Demo
            modules:
              - intro
            """
        )
    )
    for name, text in files.items():
        (course / "intro" / name).write_text(text)
    return root / "courses"


def problems_for(tmp_path, files) -> list[str]:
    with pytest.raises(ContentError) as error:
        load_catalog(write_course(tmp_path, files), LANGUAGES)
    return error.value.problems


def test_the_demo_courses_load_with_three_phases_and_three_modules_each():
    catalog = load_catalog(COURSES, LANGUAGES)
    assert {c.phase for c in catalog.courses} == {"pre", "mid", "post"}
    for course in catalog.courses:
        assert len(course.modules) >= 3
        for module in course.modules:
            # en, nb and nn in full: every step of the source exists in each.
            for language in ("en", "nb", "nn"):
                text = module.versions[language]
                assert [s.id for s in text.steps] == list(module.step_ids), (module.key, language)


def test_the_demo_courses_use_every_exercise_kind_in_en_nb_and_nn():
    catalog = load_catalog(COURSES, LANGUAGES)
    for language in ("en", "nb", "nn"):
        kinds = {
            step.exercise.kind
            for course in catalog.courses
            for module in course.modules
            for step in module.versions[language].steps
            if step.exercise
        }
        assert kinds == set(EXERCISE_KINDS), language


def test_a_good_module_loads(tmp_path):
    catalog = load_catalog(write_course(tmp_path, {"en.md": GOOD_MODULE}), LANGUAGES)
    module = catalog.module("demo", "intro")
    assert module.step_ids == ("what", "check")
    assert module.exercise("check").kind == "single_choice"
    assert "<p>Both partners give and both gain.</p>" in module.source.steps[0].body_html


def test_a_step_without_an_id_is_named_by_file_and_line(tmp_path):
    text = GOOD_MODULE.replace("## What it means {#what}", "## What it means")
    assert problems_for(tmp_path, {"en.md": text}) == [
        "courses/demo/intro/en.md:5: step heading has no id, write '## Title {#id}'"
    ]


def test_a_duplicate_step_id_is_named_by_file_and_line(tmp_path):
    text = GOOD_MODULE.replace("{#check}", "{#what}")
    assert problems_for(tmp_path, {"en.md": text}) == [
        "courses/demo/intro/en.md:9: duplicate step id 'what' (first on line 5)"
    ]


def test_an_unknown_field_is_named_by_file_and_line(tmp_path):
    in_front_matter = GOOD_MODULE.replace("minutes: 10", "minutes: 10\nauthor: me")
    assert problems_for(tmp_path, {"en.md": in_front_matter}) == [
        "courses/demo/intro/en.md:4: unknown field 'author' in front matter"
    ]


def test_an_unknown_field_in_an_exercise_is_named_by_its_line(tmp_path):
    text = GOOD_MODULE.replace("prompt: Who sets the goals?", "prompt: Who?\nhint: none")
    problems = problems_for(tmp_path, {"en.md": text})
    assert problems == [
        "courses/demo/intro/en.md:15: unknown field 'hint' for kind 'single_choice'"
    ]


def test_an_exercise_with_no_correct_option_is_refused(tmp_path):
    text = GOOD_MODULE.replace("    correct: true\n", "")
    assert problems_for(tmp_path, {"en.md": text}) == [
        "courses/demo/intro/en.md:15: exactly one option must be correct"
    ]


def test_a_translation_may_not_change_the_correct_answer(tmp_path):
    translated = GOOD_MODULE.replace("    correct: true\n", "").replace(
        "    text: The Norwegian partner.\n",
        "    text: The Norwegian partner.\n    correct: true\n",
    )
    problems = problems_for(tmp_path, {"en.md": GOOD_MODULE, "nb.md": translated})
    assert problems == [
        "courses/demo/intro/nb.md:11: exercise 'check' differs from courses/demo/intro/en.md "
        "in its keys or answers; a translation may change only text"
    ]


def test_a_translation_may_not_add_steps(tmp_path):
    translated = GOOD_MODULE + "\n## Extra {#extra}\n\nMore.\n"
    assert problems_for(tmp_path, {"en.md": GOOD_MODULE, "nb.md": translated}) == [
        "courses/demo/intro/nb.md:25: step 'extra' is not in courses/demo/intro/en.md"
    ]


def test_a_partial_translation_falls_back_per_step(tmp_path):
    only_first = GOOD_MODULE.split("## Check")[0].replace("Reciprocity", "Gjensidighet")
    catalog = load_catalog(
        write_course(tmp_path, {"en.md": GOOD_MODULE, "nb.md": only_first}), LANGUAGES
    )
    localized = catalog.module("demo", "intro").localized("nb")
    assert localized.title == "Gjensidighet" and not localized.is_fallback
    assert [(s.step.id, s.language, s.is_fallback) for s in localized.steps] == [
        ("what", "nb", False),
        ("check", "en", True),
    ]
    missing = catalog.module("demo", "intro").localized("sw")
    assert missing.is_fallback and missing.language == "en"


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    text = GOOD_MODULE.replace("kind: single_choice", "kind: [single_choice")
    problems = problems_for(tmp_path, {"en.md": text})
    assert len(problems) == 1 and problems[0].startswith("courses/demo/intro/en.md:")
    assert "invalid YAML" in problems[0]


def test_a_broken_file_stops_start_up_and_the_check_command_reports_it(tmp_path):
    courses = write_course(tmp_path, {"en.md": GOOD_MODULE.replace("{#check}", "{#what}")})
    with pytest.raises(ContentError) as error:
        create_app("test", CONTENT_DIR=str(courses), SQLALCHEMY_DATABASE_URI="sqlite://")
    assert "courses/demo/intro/en.md:9: duplicate step id 'what'" in str(error.value)


def test_flask_content_check_passes_on_the_real_courses(app):
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "Content is valid: 3 courses" in result.output


def test_flask_content_check_fails_when_a_file_breaks_after_start_up(tmp_path):
    courses = write_course(tmp_path, {"en.md": GOOD_MODULE})
    app = create_app("test", CONTENT_DIR=str(courses), SQLALCHEMY_DATABASE_URI="sqlite://")
    (courses / "demo" / "intro" / "en.md").write_text(GOOD_MODULE.replace("{#what}", ""))
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 1, result.output
    assert "courses/demo/intro/en.md:5: step heading has no id" in result.output
