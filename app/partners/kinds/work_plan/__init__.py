"""Work plan: the participant writes their plan in a few parts; the host partner's contact
person reads it and confirms it or comments, and nothing else of the journal is shown."""

from flask_babel import lazy_gettext as _l

from app.exercises.kinds import ExerciseKind, InvalidAnswer
from app.exercises.queries import latest_answer
from app.organisations.queries import current_exchange
from app.partners.models import WORK_PLAN_KIND
from app.partners.queries import work_plan_review
from app.partners.services import work_plan_submitted

DEMO_PLAN = {
    "tasks": "Run the weekly radio workshop with two colleagues; plan the youth debate in March.",
    "learning": "How my hosts involve listeners in choosing topics.",
    "contribution": "My experience with mobile recording and editing.",
    "support": "A colleague to co-host, and time in the studio on Thursdays.",
    "measures": "Two programmes made by the young people themselves before I leave.",
}


class WorkPlan(ExerciseKind):
    name = WORK_PLAN_KIND
    fields = frozenset({"sections"})
    required = frozenset({"sections"})
    MAX_SECTIONS = 6

    def validate_kind(self, d, where):
        problems = self.keyed_list(d, "sections", where, {"label": True})
        if not problems and len(d["sections"]) > self.MAX_SECTIONS:
            problems.append((where("sections"), "a work plan has at most 6 sections"))
        return problems

    def structure(self, d):
        return tuple(self.keys(d, "sections"))

    def parse_answer(self, d, form, context):
        sections = {
            key: self.text(form, f"section-{key}", required=False)
            for key in self.keys(d, "sections")
        }
        if not all(sections.values()):
            raise InvalidAnswer(_l("Write something in each part of the plan."))
        return {"sections": sections}

    def context(self, *, user, course, exercise):
        """The host partner's answer to the latest version of the plan, if any."""
        latest = latest_answer(user, course.slug, exercise.id)
        return {"review": work_plan_review(latest) if latest else None}

    def after_answer(self, *, user, course, module, step_id, exercise, record):
        """The host partner's contact persons are told that a plan waits for them."""
        work_plan_submitted(answer=record, exchange=current_exchange(user))

    def describe(self, d, answer):
        labels = {str(s["key"]): s["label"] for s in d["sections"]}
        return "\n".join(
            f"{labels[key]}: {text}" for key, text in answer["sections"].items() if key in labels
        )

    def demo_answer(self, d, rng, context):
        return {
            "sections": {
                key: DEMO_PLAN.get(key, "To agree with my contact person in the first weeks.")
                for key in self.keys(d, "sections")
            }
        }
