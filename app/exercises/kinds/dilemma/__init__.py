"""Dilemma: no right answer; the participant chooses and says why, then reads the course's
discussion of every option and sees how the cohort chose."""

from flask_babel import lazy_gettext as _l

from app.exercises.kinds.base import ExerciseKind

REASONS = [
    "It respects my colleague and keeps me within the guidelines.",
    "I would rather ask my host partner before deciding anything.",
    "This is how I would want to be treated myself.",
]


class Dilemma(ExerciseKind):
    name = "dilemma"
    fields = frozenset({"options"})
    summarised = True
    required = frozenset({"options"})
    choices_field = "options"

    def validate_kind(self, d, where):
        return self.keyed_list(d, "options", where, {"text": True, "discussion": True})

    def structure(self, d):
        return tuple(self.keys(d, "options"))

    def parse_answer(self, d, form, context):
        choice = self.key_at(d, form.get("choice"))
        why = self.text(
            form, "why", required=True, message=_l("Write a few words about why you chose this.")
        )
        return {"choice": choice, "why": why}

    def summarise(self, d, answers):
        return self.count([self.summary_key(a) for a in answers])

    def summary_key(self, answer):
        return answer["choice"]

    def describe(self, d, answer):
        texts = {str(o["key"]): o["text"] for o in d["options"]}
        return f"{texts.get(answer['choice'], answer['choice'])} — {answer['why']}"

    def demo_answer(self, d, rng, context):
        return {"choice": rng.choice(self.keys(d, "options")), "why": rng.choice(REASONS)}
