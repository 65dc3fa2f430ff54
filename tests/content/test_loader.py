"""Course files: the real courses load; every kind of broken file is named by file and line."""

import re
from pathlib import Path

import pytest

from app import create_app
from app.content.loader import ContentError, load_catalog
from app.exercises.kinds import EXERCISE_KINDS

LANGUAGES = list(create_app("test").config["LANGUAGES"])
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


COURSE_YAML = """\
phase: pre
default_language: en
title:
  en: Demo
modules:
  - intro
"""


def write_course(root: Path, files: dict[str, str], course_yaml: str = COURSE_YAML) -> Path:
    course = root / "courses" / "demo"
    (course / "intro").mkdir(parents=True)
    (course / "course.yaml").write_text(course_yaml)
    for name, text in files.items():
        (course / "intro" / name).write_text(text)
    return root / "courses"


def problems_for(tmp_path, files) -> list[str]:
    with pytest.raises(ContentError) as error:
        load_catalog(write_course(tmp_path, files), LANGUAGES, EXERCISE_KINDS)
    return error.value.problems


def test_the_real_courses_cover_each_phase_for_each_audience_in_every_language(catalog):
    for audience in ("participants", "partners"):
        courses = catalog.courses_for(audience)
        assert {c.phase for c in courses} == {"pre", "mid", "post"}, audience
        for course in courses:
            assert len(course.modules) >= 3
            for module in course.modules:
                # Every language in full: every step and exercise of the source exists in each.
                for language in LANGUAGES:
                    text = module.versions[language]
                    assert [s.id for s in text.steps] == list(module.step_ids), (
                        module.key,
                        language,
                    )
                    assert [s.exercise and s.exercise.id for s in text.steps] == [
                        s.exercise and s.exercise.id for s in module.source.steps
                    ], (module.key, language)


def test_the_real_courses_use_every_registered_kind_in_every_language(catalog):
    for language in LANGUAGES:
        kinds = {
            step.exercise.kind
            for course in catalog.courses
            for module in course.modules
            for step in module.versions[language].steps
            if step.exercise
        }
        assert kinds == set(EXERCISE_KINDS), language


def test_every_safeguarding_link_in_the_real_courses_leads_to_the_report_form(catalog):
    """Each language's link text may differ; the address must be the form's, or a
    participant in danger follows a link that goes nowhere."""
    linking = 0
    for course in catalog.courses:
        for module in course.modules:
            for language in LANGUAGES:
                for step in module.versions[language].steps:
                    for target in re.findall(r'href="(/safeguarding[^"]*)"', step.body_html):
                        assert target == "/safeguarding/report", (module.key, language, target)
                        linking += 1
    assert linking >= 6 * len(LANGUAGES)  # both safety modules and the partner courses link


def test_the_real_french_courses_have_no_plain_spaces_where_french_wants_no_break_ones(app):
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0 and "warning" not in result.output.lower(), result.output


def test_a_good_module_loads(tmp_path):
    catalog = load_catalog(
        write_course(tmp_path, {"en.md": GOOD_MODULE}), LANGUAGES, EXERCISE_KINDS
    )
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
        write_course(tmp_path, {"en.md": GOOD_MODULE, "nb.md": only_first}),
        LANGUAGES,
        EXERCISE_KINDS,
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
    assert (
        f"Content is valid: {len(app.extensions['bru_catalog'].courses)} courses" in result.output
    )


def test_flask_content_check_fails_when_a_file_breaks_after_start_up(tmp_path):
    courses = write_course(tmp_path, {"en.md": GOOD_MODULE})
    app = create_app("test", CONTENT_DIR=str(courses), SQLALCHEMY_DATABASE_URI="sqlite://")
    (courses / "demo" / "intro" / "en.md").write_text(GOOD_MODULE.replace("{#what}", ""))
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 1, result.output
    assert "courses/demo/intro/en.md:5: step heading has no id" in result.output


def exercise_module(block: str) -> str:
    """A one-step module whose step holds `block` (the exercise's YAML)."""
    return f"---\ntitle: T\nminutes: 5\n---\n## Step {{#step}}\n\n```exercise\n{block}```\n"


def test_a_translation_must_translate_every_text_of_an_exercise(tmp_path):
    nb = GOOD_MODULE.replace("    feedback: No.\n", "").replace("Who sets", "Hvem setter")
    assert problems_for(tmp_path, {"en.md": GOOD_MODULE, "nb.md": nb}) == [
        "courses/demo/intro/nb.md:11: exercise 'check' lacks 'options.1.feedback', which "
        "courses/demo/intro/en.md has"
    ]


def test_a_course_is_for_participants_unless_it_says_partners(tmp_path):
    catalog = load_catalog(
        write_course(tmp_path, {"en.md": GOOD_MODULE}), LANGUAGES, EXERCISE_KINDS
    )
    assert catalog.course("demo").audience == "participants"
    assert catalog.courses_for("partners") == ()
    wrong = COURSE_YAML + "audience: everyone\n"
    with pytest.raises(ContentError) as error:
        load_catalog(
            write_course(tmp_path / "x", {"en.md": GOOD_MODULE}, wrong), LANGUAGES, EXERCISE_KINDS
        )
    assert error.value.problems == [
        "courses/demo/course.yaml:7: 'audience' must be one of participants, partners"
    ]


SCALE = """\
id: feel
kind: scale
prompt: How at home do you feel?
min: 1
max: 3
low_label: like a stranger
high_label: at home
labels: [A stranger, In between, At home]
feedback:
  - values: [1]
    text: Talk to someone.
"""


def test_a_scale_may_label_each_point_and_give_feedback_per_value(tmp_path):
    catalog = load_catalog(
        write_course(tmp_path, {"en.md": exercise_module(SCALE)}), LANGUAGES, EXERCISE_KINDS
    )
    exercise = catalog.module("demo", "intro").exercise("step")
    scale = EXERCISE_KINDS["scale"]
    assert scale.points(exercise.definition) == [
        (1, "A stranger"),
        (2, "In between"),
        (3, "At home"),
    ]
    assert scale.feedback_for(exercise.definition, 1) == "Talk to someone."
    assert scale.feedback_for(exercise.definition, 2) is None


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("labels: [A stranger, In between, At home]", "labels: [One, Two]"),
        ("  - values: [1]", "  - values: [4]"),
    ],
)
def test_scale_labels_and_feedback_must_fit_the_scale(tmp_path, change, problem):
    problems = problems_for(tmp_path, {"en.md": exercise_module(SCALE.replace(change, problem))})
    assert len(problems) == 1
    assert (
        "'labels' must give one text per point" in problems[0]
        or "'values' on the scale" in problems[0]
    )


def test_a_task_says_what_to_do_and_whether_in_the_field_or_with_peers(tmp_path):
    task = "id: ask\nkind: task\nmode: field\ntask: Ask a colleague.\nprompt: What did they say?\n"
    catalog = load_catalog(
        write_course(tmp_path, {"en.md": exercise_module(task)}), LANGUAGES, EXERCISE_KINDS
    )
    assert catalog.module("demo", "intro").exercise("step").kind == "task"
    problems = problems_for(
        tmp_path / "x", {"en.md": exercise_module(task.replace("field", "alone"))}
    )
    assert problems == ["courses/demo/intro/en.md:10: 'mode' must be field or peer"]


def test_content_check_warns_about_plain_spaces_in_french_typography(tmp_path, app):
    nbsp = "\u00a0"
    fr = GOOD_MODULE.replace("Both partners give and both gain.", "Qui donne ? « Les deux »")
    fr = fr.replace("Who sets the goals?", f"Qui fixe les objectifs{nbsp}?")
    fr = fr.replace("text: Both partners.", f"text: «{nbsp}Les deux{nbsp}»")
    fr = fr.replace(
        "feedback: No.", "feedback: >-\n      Non:\n      pas seulement\n      ; jamais."
    )
    courses = write_course(tmp_path, {"en.md": GOOD_MODULE, "fr.md": fr})
    app.config["CONTENT_DIR"], saved = str(courses), app.config["CONTENT_DIR"]
    try:
        result = app.test_cli_runner().invoke(args=["content", "check"])
    finally:
        app.config["CONTENT_DIR"] = saved
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if line.startswith("warning")] == [
        "warning: courses/demo/intro/fr.md:7: a plain space before '?': use a no-break space",
        "warning: courses/demo/intro/fr.md:7: a plain space after '«': use a no-break space",
        "warning: courses/demo/intro/fr.md:7: a plain space before '»': use a no-break space",
        "warning: courses/demo/intro/fr.md:23: no space before ':': put a no-break space",
        "warning: courses/demo/intro/fr.md:25: the line starts with ';': keep it on the line "
        "before",
    ]


def test_an_exercise_kind_written_as_a_list_is_named_not_a_crash(tmp_path):
    text = GOOD_MODULE.replace("kind: single_choice", "kind: [single_choice]")
    problems = problems_for(tmp_path, {"en.md": text})
    assert len(problems) == 1
    assert problems[0].startswith("courses/demo/intro/en.md:13: unknown exercise kind")


def test_a_default_language_written_as_a_list_is_named_not_a_crash(tmp_path):
    course_yaml = COURSE_YAML.replace("default_language: en", "default_language: [en]")
    with pytest.raises(ContentError) as error:
        load_catalog(
            write_course(tmp_path, {"en.md": GOOD_MODULE}, course_yaml), LANGUAGES, EXERCISE_KINDS
        )
    assert "courses/demo/course.yaml:2: unsupported language ['en']" in error.value.problems
