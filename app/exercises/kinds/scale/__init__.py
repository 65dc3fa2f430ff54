"""Scale: a point between two labels (or one label per point); the cohort's average and
distribution are shown, and a point may carry feedback (e.g. where to find support)."""

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.content.loader import render_inline
from app.exercises.kinds.base import CohortSummary, ExerciseKind, InvalidAnswer


class Scale(ExerciseKind):
    name = "scale"
    fields = frozenset({"min", "max", "low_label", "high_label", "labels", "feedback"})
    summarised = True
    required = frozenset({"min", "max", "low_label", "high_label"})

    def validate_kind(self, d, where):
        low, high = d.get("min"), d.get("max")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
            return [(where("min"), "'min' and 'max' must be whole numbers")]
        if not 0 < high - low <= 10:
            return [(where("max"), "'max' must be above 'min' by at most 10")]
        problems = []
        labels = d.get("labels")
        if labels is not None and (
            not isinstance(labels, list | tuple)
            or len(labels) != high - low + 1
            or not all(isinstance(label, str) and label.strip() for label in labels)
        ):
            problems.append((where("labels"), "'labels' must give one text per point of the scale"))
        feedback = d.get("feedback")
        if feedback is not None:
            if not isinstance(feedback, list | tuple) or not feedback:
                return [*problems, (where("feedback"), "'feedback' must be a list of entries")]
            seen: set[int] = set()
            for i, entry in enumerate(feedback):
                values = entry.get("values") if isinstance(entry, dict) else None
                if (
                    not isinstance(values, list | tuple)
                    or not values
                    or not all(isinstance(v, int) and low <= v <= high for v in values)
                ):
                    problems.append(
                        (where("feedback", i), "each 'feedback' entry needs 'values' on the scale")
                    )
                    continue
                if seen & set(values):
                    problems.append((where("feedback", i), "a value has feedback twice"))
                seen |= set(values)
                text = entry.get("text")
                if (
                    not isinstance(text, str)
                    or not text.strip()
                    or set(entry) != {"values", "text"}
                ):
                    problems.append(
                        (where("feedback", i), "each 'feedback' entry has 'values' and 'text' only")
                    )
        return problems

    def structure(self, d):
        labels = len(d.get("labels") or ())
        feedback = tuple(tuple(entry["values"]) for entry in d.get("feedback") or ())
        return (d["min"], d["max"], labels, feedback)

    def points(self, d) -> list[tuple[int, str | None]]:
        """Every point of the scale with its own label, if the author gave one."""
        labels = d.get("labels") or [None] * (d["max"] - d["min"] + 1)
        return list(zip(range(d["min"], d["max"] + 1), labels, strict=True))

    def feedback_for(self, d, value: int) -> Markup | None:
        """The author's feedback for a value; it may link, e.g. to Report a concern."""
        text = next((e["text"] for e in d.get("feedback") or () if value in e["values"]), None)
        return render_inline(text) if text else None

    def parse_answer(self, d, form, context):
        value = form.get("value", "")
        # Whole numbers only, ASCII digits and a sign, never long enough to be costly.
        number = None
        if isinstance(value, str) and len(value) <= 3 and value.isascii():
            try:
                number = int(value)
            except ValueError:
                number = None
        if number is None or not d["min"] <= number <= d["max"]:
            raise InvalidAnswer(_l("Choose a point on the scale."))
        return {"value": number}

    def summarise(self, d, answers):
        values = [a["value"] for a in answers]
        average = round(sum(values) / len(values), 1) if values else None
        return CohortSummary(self.count(values).respondents, self.count(values).counts, average)

    def summary_key(self, answer):
        return answer["value"]

    def summary_rows(self, d):
        return [(f"{n} {label}" if label else str(n), n) for n, label in self.points(d)]

    def describe(self, d, answer):
        label = dict(self.points(d)).get(answer["value"])
        return f"{answer['value']} ({label})" if label else str(answer["value"])

    def demo_answer(self, d, rng, context):
        return {"value": rng.randint(d["min"], d["max"])}
