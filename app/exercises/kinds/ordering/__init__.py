"""Ordering: items written in the correct order, shown shuffled, each given its place."""

from collections import Counter

from flask_babel import lazy_gettext as _l

from app.exercises.kinds.base import ExerciseKind, InvalidAnswer, Shown, whole_number


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

    @staticmethod
    def field(item: Shown) -> str:
        return f"position-{item.position}"

    def places(self, d, form) -> list[tuple[Shown, int | None]]:
        """Each shown item with the place posted for it (1 first), None when there is none."""
        shown = self.shown(d)
        return [
            (item, whole_number(form.get(self.field(item)), below=len(shown) + 1) or None)
            for item in shown
        ]

    def field_errors(self, d, form, context):
        places = self.places(d, form)
        given = Counter(place for _, place in places if place)
        errors = {}
        for item, place in places:
            if place is None:
                errors[self.field(item)] = _l("Choose a place for this item.")
            elif given[place] > 1:
                errors[self.field(item)] = _l(
                    "Place %(n)d is given to more than one item.", n=place
                )
        return errors

    def parse_answer(self, d, form, context):
        places = self.places(d, form)
        placed = [(item, place) for item, place in places if place is not None]
        if len(placed) < len(places):
            raise InvalidAnswer(_l("Give every item a place in the order."))
        if sorted(place for _, place in placed) != list(range(1, len(placed) + 1)):
            raise InvalidAnswer(_l("Use each place in the order once."))
        return {"order": [item.key for item, _ in sorted(placed, key=lambda pair: pair[1])]}

    def grade(self, d, answer):
        return answer["order"] == self.keys(d, "items")

    def mistakes(self, d, answer):
        """The items not in their place."""
        right = self.keys(d, "items")
        return frozenset(
            key for key, place in zip(answer["order"], right, strict=False) if key != place
        )

    def comes_earlier(self, d, answer, key: str) -> bool:
        """Whether an item out of place belongs before the place it was given."""
        return self.keys(d, "items").index(key) < answer["order"].index(key)

    def describe(self, d, answer):
        texts = {str(i["key"]): i["text"] for i in d["items"]}
        return " → ".join(texts.get(key, key) for key in answer["order"])

    def demo_answer(self, d, rng, context):
        keys = self.keys(d, "items")
        return {"order": keys if rng.random() < 0.6 else rng.sample(keys, len(keys))}
