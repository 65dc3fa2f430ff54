"""Single and multiple choice: one or more options are correct, each may carry feedback."""

from flask_babel import lazy_gettext as _l

from app.exercises.kinds.base import ExerciseKind, InvalidAnswer


class SingleChoice(ExerciseKind):
    name = "single_choice"
    graded = True
    fields = frozenset({"options"})
    required = frozenset({"options"})
    choices_field = "options"
    #: May the participant choose more than one option?
    multiple = False

    def validate_kind(self, d, where):
        problems = self.keyed_list(
            d, "options", where, {"text": True, "feedback": False, "correct": False}
        )
        if problems:
            return problems
        correct = [o for o in d["options"] if o.get("correct") is True]
        if not self.multiple and len(correct) != 1:
            return [(where("options"), "exactly one option must be correct")]
        if self.multiple and not correct:
            return [(where("options"), "at least one option must be correct")]
        return []

    def structure(self, d):
        return tuple((str(o["key"]), bool(o.get("correct"))) for o in d["options"])

    def correct_keys(self, d) -> set[str]:
        return {str(o["key"]) for o in d["options"] if o.get("correct") is True}

    def chosen(self, answer) -> list[str]:
        return [answer["choice"]]

    def parse_answer(self, d, form, context):
        return {"choice": self.key_at(d, form.get("choice"))}

    def grade(self, d, answer):
        return set(self.chosen(answer)) == self.correct_keys(d)

    def mistakes(self, d, answer):
        return frozenset(set(self.chosen(answer)) ^ self.correct_keys(d))

    def mistake_feedback(self, d, answer):
        """Before the answer is revealed only the chosen options' feedback is shown."""
        chosen = set(self.chosen(answer))
        return {
            str(o["key"]): o["feedback"]
            for o in d["options"]
            if str(o["key"]) in chosen and o.get("feedback")
        }

    def describe(self, d, answer):
        texts = {str(o["key"]): o["text"] for o in d["options"]}
        return "; ".join(texts[key] for key in self.chosen(answer) if key in texts)

    def demo_answer(self, d, rng, context):
        return {"choice": rng.choice(self.keys(d, "options"))}


class MultipleChoice(SingleChoice):
    name = "multiple_choice"
    multiple = True

    def chosen(self, answer):
        return list(answer["choices"])

    def parse_answer(self, d, form, context):
        posted = form.getlist("choice") if hasattr(form, "getlist") else form.get("choice", [])
        if not posted:
            raise InvalidAnswer(_l("Choose at least one option."))
        choices = {self.key_at(d, p) for p in posted}
        if len(choices) != len(posted):
            raise InvalidAnswer(_l("That answer is not valid."))
        return {"choices": sorted(choices)}

    def demo_answer(self, d, rng, context):
        keys = self.keys(d, "options")
        return {"choices": sorted(rng.sample(keys, rng.randint(1, len(keys))))}
