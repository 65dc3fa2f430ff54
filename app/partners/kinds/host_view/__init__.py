"""Host view: at the mid-term review the host partner's contact person writes their own short
view of how the exchange goes; the participant reads it here and answers how they see it."""

from flask_babel import lazy_gettext as _l

from app.exercises.kinds import ExerciseKind
from app.organisations.queries import current_exchange
from app.partners.models import HOST_VIEW_KIND
from app.partners.queries import mid_term_view

DEMO_TEXT = "Mostly I agree. I would like us to talk more often about what is not working."


class HostView(ExerciseKind):
    name = HOST_VIEW_KIND

    def context(self, *, user, course, exercise):
        """The host partner's view of the participant's current exchange, once asked for."""
        exchange = current_exchange(user)
        return {"exchange": exchange, "view": mid_term_view(exchange)}

    def parse_answer(self, d, form, context):
        message = _l("Write how you see it first.")
        return {"text": self.text(form, "text", required=True, message=message)}

    def describe(self, d, answer):
        return answer["text"]

    def demo_answer(self, d, rng, context):
        return {"text": DEMO_TEXT}
