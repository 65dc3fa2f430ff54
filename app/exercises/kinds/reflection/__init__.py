"""Reflection: a free text that becomes a private journal entry; a `theme` shared with
reflections in other courses shows them side by side as "then and now"."""

from flask_babel import lazy_gettext as _l

from app.exercises.kinds.base import ExerciseKind

DEMO_TEXT = "I expect to learn as much as I give, and to be challenged in good ways."


class Reflection(ExerciseKind):
    name = "reflection"
    fields = frozenset({"theme"})
    #: Message when the text is missing.
    empty_message = _l("Write your reflection first.")

    def parse_answer(self, d, form, context):
        return {"text": self.text(form, "text", required=True, message=self.empty_message)}

    def journal_text(self, answer):
        return answer["text"]

    def describe(self, d, answer):
        return answer["text"]

    def demo_answer(self, d, rng, context):
        return {"text": DEMO_TEXT}
