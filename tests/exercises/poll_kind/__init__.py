"""An exercise kind made outside app/, as a contributor would start one: a quick poll with a
cohort summary. Everything it needs is here: the class and its two templates."""

from app.exercises.kinds import ExerciseKind, InvalidAnswer


class Poll(ExerciseKind):
    name = "poll"
    fields = frozenset({"choices"})
    required = frozenset({"choices"})
    choices_field = "choices"
    summarised = True

    def validate_kind(self, d, where):
        return self.keyed_list(d, "choices", where, {"text": True})

    def structure(self, d):
        return tuple(self.keys(d, "choices"))

    def parse_answer(self, d, form, context):
        if not form.get("choice"):
            raise InvalidAnswer("Pick one.")
        return {"choice": self.key_at(d, form.get("choice"))}

    def summarise(self, d, answers):
        return self.count([a["choice"] for a in answers])

    def summary_key(self, answer):
        return answer["choice"]

    def describe(self, d, answer):
        return next(c["text"] for c in d["choices"] if str(c["key"]) == answer["choice"])

    def demo_answer(self, d, rng, context):
        return {"choice": rng.choice(self.keys(d, "choices"))}
