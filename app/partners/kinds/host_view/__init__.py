"""Host view: at the mid-term review the host partner's contact person writes their own short
view of how the exchange goes; the participant reads it here and answers how they see it."""

from flask_babel import lazy_gettext as _l

from app.exercises.kinds import ExerciseKind

DEMO_TEXT = "Mostly I agree. I would like us to talk more often about what is not working."


class HostView(ExerciseKind):
    name = "host_view"

    def parse_answer(self, d, form, context):
        message = _l("Write how you see it first.")
        return {"text": self.text(form, "text", required=True, message=message)}

    def describe(self, d, answer):
        return answer["text"]

    def demo_answer(self, d, rng, context):
        return {"text": DEMO_TEXT}
