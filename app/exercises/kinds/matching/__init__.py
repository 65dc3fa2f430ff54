"""Matching: each term is given one of the matches, which are shown shuffled."""

from flask_babel import lazy_gettext as _l

from app.exercises.kinds.base import ExerciseKind, InvalidAnswer


class Matching(ExerciseKind):
    name = "matching"
    graded = True
    fields = frozenset({"pairs"})
    required = frozenset({"pairs"})
    choices_field = "pairs"

    def validate_kind(self, d, where):
        return self.keyed_list(d, "pairs", where, {"term": True, "match": True, "feedback": False})

    def structure(self, d):
        return tuple(self.keys(d, "pairs"))

    def parse_answer(self, d, form, context):
        matches = {}
        for key in self.keys(d, "pairs"):
            posted = form.get(f"match-{key}")
            if posted in (None, ""):
                raise InvalidAnswer(_l("Match every term."))
            matches[key] = self.key_at(d, posted)
        return {"matches": matches}

    def grade(self, d, answer):
        return all(term == match for term, match in answer["matches"].items())

    def mistakes(self, d, answer):
        """The terms given a wrong match."""
        return frozenset(term for term, match in answer["matches"].items() if term != match)

    def summary_rows(self, d):
        return []

    def describe(self, d, answer):
        pairs = {str(p["key"]): p for p in d["pairs"]}
        return "; ".join(
            f"{pairs[term]['term']}: {pairs[match]['match']}"
            for term, match in answer["matches"].items()
            if term in pairs and match in pairs
        )

    def demo_answer(self, d, rng, context):
        keys = self.keys(d, "pairs")
        shuffled = keys if rng.random() < 0.6 else rng.sample(keys, len(keys))
        return {"matches": dict(zip(keys, shuffled, strict=True))}
