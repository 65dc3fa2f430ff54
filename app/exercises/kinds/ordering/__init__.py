"""Ordering: items written in the correct order, shown shuffled, each given its place."""

from flask_babel import lazy_gettext as _l

from app.exercises.kinds.base import ExerciseKind, InvalidAnswer, whole_number


class Ordering(ExerciseKind):
    name = "ordering"
    graded = True
    fields = frozenset({"items"})
    required = frozenset({"items"})
    choices_field = "items"

    def validate_kind(self, d, where):
        return self.keyed_list(d, "items", where, {"text": True, "feedback": False})

    def structure(self, d):
        return tuple(self.keys(d, "items"))

    def parse_answer(self, d, form, context):
        shown = self.shown(d)
        places = []
        for item in shown:
            place = whole_number(form.get(f"position-{item.position}"), below=len(shown) + 1)
            if not place:
                raise InvalidAnswer(_l("Give every item a place in the order."))
            places.append(place)
        if sorted(places) != list(range(1, len(shown) + 1)):
            raise InvalidAnswer(_l("Use each place in the order once."))
        order = [item.key for _, item in sorted(zip(places, shown, strict=True))]
        return {"order": order}

    def grade(self, d, answer):
        return answer["order"] == self.keys(d, "items")

    def mistakes(self, d, answer):
        """The items not in their place."""
        right = self.keys(d, "items")
        return frozenset(
            key for key, place in zip(answer["order"], right, strict=False) if key != place
        )

    def describe(self, d, answer):
        texts = {str(i["key"]): i["text"] for i in d["items"]}
        return " → ".join(texts.get(key, key) for key in answer["order"])

    def demo_answer(self, d, rng, context):
        keys = self.keys(d, "items")
        return {"order": keys if rng.random() < 0.6 else rng.sample(keys, len(keys))}
