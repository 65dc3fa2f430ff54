"""Exercise kinds: one small class per kind, all with the same contract.

A kind knows four things about an exercise declared in a course file:

- `validate(definition, where)`  -> problems in the author's YAML, each `(line, message)`;
- `structure(definition)`        -> what a translation must keep identical (keys, answers);
- `parse_answer(definition, form, context)` -> the participant's answer as plain JSON data,
  or `InvalidAnswer` with a message the participant can read;
- `grade(definition, answer)`    -> True / False for graded kinds, None otherwise.

Correct answers never leave the server before the participant has answered: choice
lists and ordering items are shown in a stable shuffled order and posted back by their
position in that order (`display_order`), never by a key that gives the answer away.
"""

import hashlib
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l

Where = Callable[..., int]  # where("options", 2, "key") -> line of that node in the file

COMMON_FIELDS = {"id", "kind", "prompt", "explanation", "retry", "complete_when"}
MAX_TEXT = 20_000


class InvalidAnswer(ValueError):
    """The posted answer does not fit the exercise (tampered, malformed or empty)."""


def display_order(exercise_id: str, keys: list[str]) -> list[str]:
    """A stable shuffle of `keys` that is never the authored (correct) order."""
    shuffled = sorted(keys, key=lambda k: hashlib.sha256(f"{exercise_id}:{k}".encode()).digest())
    if len(keys) > 1 and shuffled == list(keys):
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


class ExerciseKind:
    name: ClassVar[str]
    graded: ClassVar[bool] = False
    #: Fields this kind accepts beyond the common ones, and which of them are required.
    fields: ClassVar[set[str]] = set()
    required: ClassVar[set[str]] = set()

    def validate(self, d: Mapping, where: Where) -> list[tuple[int, str]]:
        problems = []
        for name in sorted(set(d) - COMMON_FIELDS - self.fields):
            problems.append((where(name), f"unknown field '{name}' for kind '{self.name}'"))
        for name in sorted(({"id", "prompt"} | self.required) - set(d)):
            problems.append((where(), f"missing field '{name}'"))
        if "prompt" in d and not _is_text(d["prompt"]):
            problems.append((where("prompt"), "'prompt' must be text"))
        if "retry" in d and not isinstance(d["retry"], bool):
            problems.append((where("retry"), "'retry' must be true or false"))
        complete_when = d.get("complete_when", "answered")
        if complete_when not in ("answered", "correct"):
            problems.append((where("complete_when"), "'complete_when' must be answered or correct"))
        elif complete_when == "correct" and not self.graded:
            problems.append(
                (where("complete_when"), f"kind '{self.name}' has no correct answer to require")
            )
        return problems + self.validate_kind(d, where)

    def validate_kind(self, d: Mapping, where: Where) -> list[tuple[int, str]]:
        return []

    def structure(self, d: Mapping) -> tuple:
        return ()

    def parse_answer(self, d: Mapping, form: Mapping, context: Mapping) -> dict:
        raise NotImplementedError

    def grade(self, d: Mapping, answer: Mapping) -> bool | None:
        return None

    # Helpers shared by kinds -------------------------------------------------

    @staticmethod
    def _keyed_list(
        d: Mapping, name: str, where: Where, item_fields: dict[str, bool], min_items: int = 2
    ) -> list[tuple[int, str]]:
        """Check a list of mappings with unique `key`s; item_fields maps field -> required."""
        items = d.get(name)
        if not isinstance(items, list) or len(items) < min_items:
            return [(where(name), f"'{name}' must be a list of at least {min_items} entries")]
        problems, seen = [], set()
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                problems.append((where(name, i), f"each entry of '{name}' must be a mapping"))
                continue
            for field in sorted(set(item) - set(item_fields) - {"key"}):
                problems.append((where(name, i, field), f"unknown field '{field}' in '{name}'"))
            key = item.get("key")
            if not isinstance(key, str | int) or str(key).strip() == "":
                problems.append((where(name, i), f"an entry of '{name}' has no 'key'"))
            elif str(key) in seen:
                problems.append((where(name, i, "key"), f"duplicate key '{key}' in '{name}'"))
            else:
                seen.add(str(key))
            for field, is_required in item_fields.items():
                if field == "correct":
                    if field in item and not isinstance(item[field], bool):
                        problems.append((where(name, i, field), "'correct' must be true or false"))
                elif field in item and not _is_text(item[field]):
                    problems.append((where(name, i, field), f"'{field}' must be text"))
                elif is_required and field not in item:
                    problems.append((where(name, i), f"missing field '{field}' in '{name}'"))
        return problems

    @staticmethod
    def _keys(d: Mapping, name: str) -> list[str]:
        return [str(item["key"]) for item in d[name]]

    @staticmethod
    def _choice_by_position(d: Mapping, name: str, posted: Any) -> str:
        """Map a posted position in the shuffled list back to the item's key."""
        order = display_order(d["id"], ExerciseKind._keys(d, name))
        if not isinstance(posted, str) or not posted.isdigit() or int(posted) >= len(order):
            raise InvalidAnswer(_l("That answer is not one of the options."))
        return order[int(posted)]

    @staticmethod
    def _text(form: Mapping, name: str, *, required: bool, message: str) -> str:
        value = form.get(name, "")
        if not isinstance(value, str):
            raise InvalidAnswer(_l("That answer is not valid."))
        value = value.strip()
        if required and not value:
            raise InvalidAnswer(message)
        if len(value) > MAX_TEXT:
            raise InvalidAnswer(_l("Please keep your answer under %(n)d characters.", n=MAX_TEXT))
        return value


class SingleChoice(ExerciseKind):
    name = "single_choice"
    graded = True
    fields = {"options"}
    required = {"options"}

    def validate_kind(self, d, where):
        problems = self._keyed_list(
            d, "options", where, {"text": True, "feedback": False, "correct": False}
        )
        if not problems:
            correct = [o for o in d["options"] if o.get("correct") is True]
            if self.name == "single_choice" and len(correct) != 1:
                problems.append((where("options"), "exactly one option must be correct"))
            if self.name == "multiple_choice" and not correct:
                problems.append((where("options"), "at least one option must be correct"))
        return problems

    def structure(self, d):
        return tuple((str(o["key"]), bool(o.get("correct"))) for o in d["options"])

    def correct_keys(self, d) -> set[str]:
        return {str(o["key"]) for o in d["options"] if o.get("correct") is True}

    def parse_answer(self, d, form, context):
        return {"choice": self._choice_by_position(d, "options", form.get("choice"))}

    def grade(self, d, answer):
        return {answer["choice"]} == self.correct_keys(d)


class MultipleChoice(SingleChoice):
    name = "multiple_choice"

    def parse_answer(self, d, form, context):
        posted = form.getlist("choice") if hasattr(form, "getlist") else form.get("choice", [])
        if not posted:
            raise InvalidAnswer(_l("Choose at least one option."))
        choices = {self._choice_by_position(d, "options", p) for p in posted}
        if len(choices) != len(posted):
            raise InvalidAnswer(_l("That answer is not valid."))
        return {"choices": sorted(choices)}

    def grade(self, d, answer):
        return set(answer["choices"]) == self.correct_keys(d)


class Ordering(ExerciseKind):
    name = "ordering"
    graded = True
    fields = {"items"}
    required = {"items"}

    def validate_kind(self, d, where):
        return self._keyed_list(d, "items", where, {"text": True})

    def structure(self, d):
        return tuple(self._keys(d, "items"))

    def parse_answer(self, d, form, context):
        shown = display_order(d["id"], self._keys(d, "items"))
        positions = []
        for index in range(len(shown)):
            value = form.get(f"position-{index}")
            if not isinstance(value, str) or not value.isdigit():
                raise InvalidAnswer(_l("Give every item a place in the order."))
            positions.append(int(value))
        if sorted(positions) != list(range(1, len(shown) + 1)):
            raise InvalidAnswer(_l("Use each place in the order once."))
        order = [key for _, key in sorted(zip(positions, shown, strict=True))]
        return {"order": order}

    def grade(self, d, answer):
        return answer["order"] == self._keys(d, "items")


class Matching(ExerciseKind):
    name = "matching"
    graded = True
    fields = {"pairs"}
    required = {"pairs"}

    def validate_kind(self, d, where):
        return self._keyed_list(d, "pairs", where, {"term": True, "match": True})

    def structure(self, d):
        return tuple(self._keys(d, "pairs"))

    def parse_answer(self, d, form, context):
        matches = {}
        for key in self._keys(d, "pairs"):
            posted = form.get(f"match-{key}")
            if posted in (None, ""):
                raise InvalidAnswer(_l("Match every term."))
            matches[key] = self._choice_by_position(d, "pairs", posted)
        return {"matches": matches}

    def grade(self, d, answer):
        return all(term == match for term, match in answer["matches"].items())


class Dilemma(ExerciseKind):
    name = "dilemma"
    fields = {"options"}
    required = {"options"}

    def validate_kind(self, d, where):
        return self._keyed_list(d, "options", where, {"text": True, "discussion": True})

    def structure(self, d):
        return tuple(self._keys(d, "options"))

    def parse_answer(self, d, form, context):
        choice = self._choice_by_position(d, "options", form.get("choice"))
        why = self._text(
            form, "why", required=True, message=_l("Write a few words about why you chose this.")
        )
        return {"choice": choice, "why": why}


class Scale(ExerciseKind):
    name = "scale"
    fields = {"min", "max", "low_label", "high_label"}
    required = {"min", "max", "low_label", "high_label"}

    def validate_kind(self, d, where):
        low, high = d.get("min"), d.get("max")
        if not (isinstance(low, int) and isinstance(high, int)) or isinstance(low, bool):
            return [(where("min"), "'min' and 'max' must be whole numbers")]
        if not 0 < high - low <= 10:
            return [(where("max"), "'max' must be above 'min' by at most 10")]
        return []

    def structure(self, d):
        return (d["min"], d["max"])

    def parse_answer(self, d, form, context):
        value = form.get("value", "")
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise InvalidAnswer(_l("Choose a point on the scale.")) from None
        if not d["min"] <= number <= d["max"]:
            raise InvalidAnswer(_l("Choose a point on the scale."))
        return {"value": number}


class Reflection(ExerciseKind):
    name = "reflection"
    fields = {"theme"}

    def parse_answer(self, d, form, context):
        text = self._text(form, "text", required=True, message=_l("Write your reflection first."))
        return {"text": text}


class Goals(ExerciseKind):
    """Personal learning goals, set before, reviewed during and rated after the exchange."""

    name = "goals"
    fields = {"goal_set", "stage"}
    required = {"goal_set", "stage"}
    STAGES = ("set", "review", "final")
    MAX_GOALS = 3
    RATINGS = range(1, 6)

    def validate_kind(self, d, where):
        if d.get("stage") not in self.STAGES:
            return [(where("stage"), "'stage' must be set, review or final")]
        return []

    def structure(self, d):
        return (d["goal_set"], d["stage"])

    def _rating(self, form, name) -> int:
        value = form.get(name, "")
        if not (isinstance(value, str) and value.isdigit() and int(value) in self.RATINGS):
            raise InvalidAnswer(_l("Rate each goal from 1 to 5."))
        return int(value)

    def parse_answer(self, d, form, context):
        if d["stage"] == "set":
            goals = []
            for i in range(1, self.MAX_GOALS + 1):
                text = self._text(form, f"goal-{i}", required=False, message="")
                if text:
                    goals.append({"text": text, "rating": self._rating(form, f"rating-{i}")})
            if not goals:
                raise InvalidAnswer(_l("Write at least one goal."))
            return {"goals": goals}
        previous = context.get("goals") or []
        if not previous:
            raise InvalidAnswer(_l("You have not set any goals yet."))
        ratings = [self._rating(form, f"rating-{i}") for i in range(1, len(previous) + 1)]
        if d["stage"] == "review":
            comment = self._text(form, "comment", required=False, message="")
            return {"ratings": ratings, "comment": comment}
        at_home = self._text(
            form, "at_home", required=True, message=_l("Write what you will do with it at home.")
        )
        return {"ratings": ratings, "at_home": at_home}


EXERCISE_KINDS: dict[str, ExerciseKind] = {
    kind.name: kind
    for kind in (
        SingleChoice(),
        MultipleChoice(),
        Ordering(),
        Matching(),
        Dilemma(),
        Scale(),
        Reflection(),
        Goals(),
    )
}
