"""Personal learning goals, set before, reviewed during and rated after the exchange. The
three goals exercises of one `goal_set` form a thread across the courses."""

from flask_babel import lazy_gettext as _l

from app.exercises.kinds.base import ExerciseKind, InvalidAnswer, whole_number

STAGES = ("set", "review", "final")


class Goals(ExerciseKind):
    name = "goals"
    fields = frozenset({"goal_set", "stage"})
    required = frozenset({"goal_set", "stage"})
    MAX_GOALS = 3
    RATINGS = range(1, 6)
    AT_HOME_MISSING = _l("Write what you will do with it at home.")

    def validate_kind(self, d, where):
        if d.get("stage") not in STAGES:
            return [(where("stage"), "'stage' must be set, review or final")]
        return []

    def structure(self, d):
        return (d["goal_set"], d["stage"])

    def context(self, *, user, course, exercise):
        """A review and the final look need the goals set in the preparatory course."""
        from app.exercises.kinds.goals.queries import goals_to_review

        return {"goals": goals_to_review(user, exercise)}

    def _rating(self, form, name) -> int | None:
        rating = whole_number(form.get(name, ""), below=self.RATINGS.stop)
        return rating if rating in self.RATINGS else None

    def _written(self, form) -> list[tuple[int, str]]:
        """The goals written in a setting form, by row number (1 to 3)."""
        rows = (
            (i, self.text(form, f"goal-{i}", required=False)) for i in range(1, self.MAX_GOALS + 1)
        )
        return [(i, text) for i, text in rows if text]

    def _rated_rows(self, d, form, context) -> list[int]:
        """The rows whose rating the answer needs: each goal written, or each reviewed."""
        if d["stage"] == "set":
            return [i for i, _ in self._written(form)]
        return list(range(1, len(context.get("goals") or ()) + 1))

    def field_errors(self, d, form, context):
        errors = {
            f"rating-{i}": _l("Rate this goal from 1 to 5.")
            for i in self._rated_rows(d, form, context)
            if self._rating(form, f"rating-{i}") is None
        }
        if d["stage"] == "final" and not str(form.get("at_home", "")).strip():
            errors["at_home"] = self.AT_HOME_MISSING
        return errors

    def _ratings(self, form, rows) -> list[int]:
        ratings = [self._rating(form, f"rating-{i}") for i in rows]
        valid = [rating for rating in ratings if rating is not None]
        if len(valid) < len(ratings):
            raise InvalidAnswer(_l("Rate each goal from 1 to 5."))
        return valid

    def parse_answer(self, d, form, context):
        if d["stage"] == "set":
            written = self._written(form)
            if not written:
                raise InvalidAnswer(_l("Write at least one goal."))
            ratings = self._ratings(form, [i for i, _ in written])
            return {
                "goals": [
                    {"text": text, "rating": rating}
                    for (_, text), rating in zip(written, ratings, strict=True)
                ]
            }
        previous = context.get("goals") or []
        if not previous:
            raise InvalidAnswer(_l("You have not set any goals yet."))
        ratings = self._ratings(form, range(1, len(previous) + 1))
        if d["stage"] == "review":
            return {"ratings": ratings, "comment": self.text(form, "comment", required=False)}
        at_home = self.text(form, "at_home", required=True, message=self.AT_HOME_MISSING)
        return {"ratings": ratings, "at_home": at_home}

    def describe(self, d, answer):
        if "goals" in answer:
            return "; ".join(f"{g['text']} ({g['rating']}/5)" for g in answer["goals"])
        ratings = ", ".join(f"{r}/5" for r in answer["ratings"])
        return " — ".join(
            part for part in (ratings, answer.get("comment") or answer.get("at_home")) if part
        )

    def demo_answer(self, d, rng, context):
        if d["stage"] == "set":
            return {
                "goals": [
                    {"text": "Learn how my host colleagues plan community work", "rating": 2},
                    {"text": "Become confident presenting in English", "rating": 3},
                ]
            }
        count = len(context.get("goals") or ()) or 2
        if d["stage"] == "review":
            return {
                "ratings": [3] * count,
                "comment": "Better than I expected; planning is still hard.",
            }
        return {
            "ratings": [4] * count,
            "at_home": "Share the planning method with my team at home.",
        }
