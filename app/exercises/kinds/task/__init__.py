"""Task: something to do away from the screen (at work, in the community, or with others in
the cohort), then written up; the write-up becomes a private journal entry like a reflection."""

from flask_babel import lazy_gettext as _l

from app.exercises.kinds.reflection import Reflection

MODES = ("field", "peer")
DEMO_TEXT = "I asked two colleagues. Their answers were different, which surprised me."


class Task(Reflection):
    name = "task"
    fields = frozenset({"task", "mode", "theme"})
    required = frozenset({"task", "mode"})
    empty_message = _l("Write what you found out first.")

    def validate_kind(self, d, where):
        if d.get("mode") not in MODES:
            return [(where("mode"), "'mode' must be field or peer")]
        if not isinstance(d.get("task"), str) or not d["task"].strip():
            return [(where("task"), "'task' must be text")]
        return []

    def structure(self, d):
        return (d["mode"],)

    def demo_answer(self, d, rng, context):
        return {"text": DEMO_TEXT}
