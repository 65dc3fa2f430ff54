"""The contract every exercise kind fulfils, and the helpers kinds share.

An exercise kind is one self-contained unit: a folder under `app/exercises/kinds/` (or inside
the feature that contributes it) holding a subclass of `ExerciseKind` and its two templates,
`form.html` (the fields inside the answer form) and `feedback.html` (what is shown after an
answer). Core code never names a kind; it asks the kind. A kind is made known with one line,
`register_kind(MyKind())` (see `app/exercises/kinds/__init__.py`).

What a kind says, in the order an exercise meets it:

Content (at start-up and in `flask content check`)
- `fields`, `required`: what the author may and must write beyond the common fields;
- `validate_kind(d, where)`: problems in the author's YAML, each `(line, message)`;
- `structure(d)`: what a translation must keep identical (keys, answers, bounds);
- `texts(d)`: every translatable text with its path, so a translation is checked for
  completeness and counted in the translation status.

Showing (templates receive the kind as `kind`)
- `shown(d)`: options or items in the order the form shows them, each with the position the
  form posts back, so correct answers never leave the server before the answer;
- `summary_rows(d)`, `summary_key(answer)`: the rows of the cohort's distribution,
  `(label, key)`, and the row an answer counts in.

Answering
- `context(user=..., course=..., exercise=...)`: anything beyond the definition that the form
  and the parser need (a goal review needs the goals set earlier);
- `parse_answer(d, form, context)`: the participant's answer as plain JSON data, or
  `InvalidAnswer` with a message the participant can read;
- `field_errors(d, form, context)`: after a refused answer, the posted fields at fault, each
  with the message the form shows next to it (the form keeps what was posted);
- `grade(d, answer)`: True / False for graded kinds, None otherwise;
- `mistakes(d, answer)`: for graded kinds, the keys of the parts that are wrong;
- `mistake_feedback(d, answer)`: the course's own feedback on the wrong parts, by key (when
  there is none, the page gives the exercise's explanation instead);
- `journal_text(answer)`: the text an answer writes into the person's journal, if any;
- `after_answer(..., record)`: side effects of a stored answer, in the same transaction (by
  default: the journal entry).

Following up
- `summarised`, `summarise(d, answers)`: whether the cohort's latest answers are shown after
  answering, and those answers counted;
- `describe(d, answer)`: the answer in words, for facilitators' pages and exports;
- `demo_answer(d, rng, context)`: a plausible answer for the demo data.
"""

from __future__ import annotations

import hashlib
import inspect
import random
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import lazy_gettext as _l

if TYPE_CHECKING:
    from app.accounts.models import User
    from app.content.model import Course, Exercise, Module
    from app.exercises.models import ExerciseAnswer

Where = Callable[..., int]  # where("options", 2, "key") -> line of that node in the file
Problems = list[tuple[int, str]]

COMMON_FIELDS = frozenset({"id", "kind", "prompt", "explanation", "retry", "complete_when"})
#: Fields that hold settings, keys or numbers: everything else an author writes is text.
NOT_TEXT = frozenset(
    {
        "id",
        "kind",
        "key",
        "correct",
        "min",
        "max",
        "values",
        "mode",
        "theme",
        "goal_set",
        "stage",
        "retry",
        "complete_when",
    }
)
MAX_TEXT = 20_000


class InvalidAnswer(ValueError):
    """The posted answer does not fit the exercise (tampered, malformed or empty)."""


def display_order(exercise_id: str, keys: Sequence[str]) -> list[str]:
    """A stable shuffle of `keys` that is never the authored (correct) order."""
    shuffled = sorted(keys, key=lambda k: hashlib.sha256(f"{exercise_id}:{k}".encode()).digest())
    if len(keys) > 1 and shuffled == list(keys):
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def whole_number(value: Any, *, below: int) -> int | None:
    """`value` as a whole number 0 <= n < below, or None: ASCII digits only, never huge."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    if len(value) > len(str(below)):
        return None
    number = int(value)
    return number if number < below else None


@dataclass(frozen=True)
class Shown:
    """One option or item as the form shows it."""

    #: What the form posts back for it: its place in the shown order, never its key.
    position: int
    key: str
    item: Mapping


@dataclass(frozen=True)
class CohortSummary:
    """The cohort's latest answers, counted; names never reach it."""

    respondents: int
    #: option key or scale value -> respondents
    counts: Mapping[Any, int] = field(default_factory=dict)
    average: float | None = None

    def share(self, key: Any) -> int:
        return round(100 * self.counts.get(key, 0) / self.respondents) if self.respondents else 0


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


class ExerciseKind:
    name: ClassVar[str]
    graded: ClassVar[bool] = False
    #: Fields this kind accepts beyond the common ones, and which of them are required.
    fields: ClassVar[frozenset[str]] = frozenset()
    required: ClassVar[frozenset[str]] = frozenset()
    #: The cohort's answers are counted (`summarise`) and shown after answering.
    summarised: ClassVar[bool] = False
    #: The list field that holds this kind's options or items, when it has one.
    choices_field: ClassVar[str | None] = None

    @property
    def template_folder(self) -> Path:
        """The folder of the module that defines the kind holds its templates."""
        return Path(inspect.getfile(type(self))).parent

    def template(self, part: str) -> str:
        """The name the template loader knows this kind's `part` (form, feedback) by."""
        return f"kinds/{self.name}/{part}.html"

    # Content -----------------------------------------------------------------------

    def validate(self, d: Mapping, where: Where) -> Problems:
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
        if problems:
            return problems
        return self.validate_kind(d, where)

    def validate_kind(self, d: Mapping, where: Where) -> Problems:
        return []

    def structure(self, d: Mapping) -> tuple:
        return ()

    def texts(self, d: Mapping) -> Iterator[tuple[tuple, str]]:
        """Every translatable text of the definition, with its path in the YAML."""

        def walk(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
            if isinstance(value, Mapping):
                for name, inner in value.items():
                    if name not in NOT_TEXT:
                        yield from walk(inner, (*path, name))
            elif isinstance(value, list | tuple):
                for index, inner in enumerate(value):
                    yield from walk(inner, (*path, index))
            elif isinstance(value, str):
                yield path, value

        yield from walk(d, ())

    # Showing -----------------------------------------------------------------------

    def shown(self, d: Mapping) -> list[Shown]:
        """The options or items in the order the form shows them (a stable shuffle)."""
        if self.choices_field is None:
            return []
        items = {str(item["key"]): item for item in d[self.choices_field]}
        return [
            Shown(position, key, items[key])
            for position, key in enumerate(display_order(d["id"], list(items)))
        ]

    def summary_rows(self, d: Mapping) -> list[tuple[str, Any]]:
        return [(shown.item["text"], shown.key) for shown in self.shown(d)]

    def summary_key(self, answer: Mapping) -> Any:
        """Which row of the summary an answer counts in (highlighted as the person's own)."""
        return None

    # Answering ---------------------------------------------------------------------

    def context(self, *, user: User, course: Course, exercise: Exercise) -> dict:
        return {}

    def parse_answer(self, d: Mapping, form: Mapping, context: Mapping) -> dict:
        raise NotImplementedError

    def field_errors(self, d: Mapping, form: Mapping, context: Mapping) -> dict[str, str]:
        return {}

    def errors_by_field(self, d: Mapping, form: Mapping, context: Mapping) -> dict[str, str]:
        """`field_errors` of a refused form; none for a form too broken to say (tampered:
        the message above the form says what is wrong)."""
        try:
            return self.field_errors(d, form, context)
        except InvalidAnswer:
            return {}

    def grade(self, d: Mapping, answer: Mapping) -> bool | None:
        return None

    def mistakes(self, d: Mapping, answer: Mapping) -> frozenset[str]:
        return frozenset()

    def mistake_feedback(self, d: Mapping, answer: Mapping) -> dict[str, str]:
        """The `feedback` the author wrote on each wrong option, item or pair."""
        if self.choices_field is None:
            return {}
        wrong = self.mistakes(d, answer)
        return {
            str(item["key"]): item["feedback"]
            for item in d[self.choices_field]
            if str(item["key"]) in wrong and item.get("feedback")
        }

    def journal_text(self, answer: Mapping) -> str | None:
        """The text an answer writes into the person's journal, if any (a reflection's
        answer is a journal entry)."""
        return None

    def after_answer(
        self,
        *,
        user: User,
        course: Course,
        module: Module,
        step_id: str,
        exercise: Exercise,
        record: ExerciseAnswer,
    ) -> None:
        text = self.journal_text(record.answer)
        if text is None:
            return
        from app.journal.services import journal_entry_record_reflection

        # The answer is the journal entry, in the same transaction.
        journal_entry_record_reflection(
            author=user, course=course, module=module, step_id=step_id, exercise=exercise, text=text
        )

    # Following up ------------------------------------------------------------------

    def summarise(self, d: Mapping, answers: Sequence[Mapping]) -> CohortSummary | None:
        return None

    def describe(self, d: Mapping, answer: Mapping) -> str:
        return ""

    def demo_answer(self, d: Mapping, rng: random.Random, context: Mapping) -> dict:
        raise NotImplementedError

    # Helpers for kinds -------------------------------------------------------------

    @staticmethod
    def keyed_list(
        d: Mapping, name: str, where: Where, item_fields: dict[str, bool], min_items: int = 2
    ) -> Problems:
        """Check a list of mappings with unique `key`s; item_fields maps field -> required."""
        items = d.get(name)
        if not isinstance(items, list | tuple) or len(items) < min_items:
            return [(where(name), f"'{name}' must be a list of at least {min_items} entries")]
        problems, seen = [], set()
        for i, item in enumerate(items):
            if not isinstance(item, Mapping):
                problems.append((where(name, i), f"each entry of '{name}' must be a mapping"))
                continue
            for item_field in sorted(set(item) - set(item_fields) - {"key"}):
                problems.append(
                    (where(name, i, item_field), f"unknown field '{item_field}' in '{name}'")
                )
            key = item.get("key")
            if not isinstance(key, str | int) or str(key).strip() == "":
                problems.append((where(name, i), f"an entry of '{name}' has no 'key'"))
            elif str(key) in seen:
                problems.append((where(name, i, "key"), f"duplicate key '{key}' in '{name}'"))
            else:
                seen.add(str(key))
            for item_field, is_required in item_fields.items():
                if item_field == "correct":
                    if item_field in item and not isinstance(item[item_field], bool):
                        problems.append(
                            (where(name, i, item_field), "'correct' must be true or false")
                        )
                elif item_field in item and not _is_text(item[item_field]):
                    problems.append((where(name, i, item_field), f"'{item_field}' must be text"))
                elif is_required and item_field not in item:
                    problems.append((where(name, i), f"missing field '{item_field}' in '{name}'"))
        return problems

    @staticmethod
    def keys(d: Mapping, name: str) -> list[str]:
        return [str(item["key"]) for item in d[name]]

    def key_at(self, d: Mapping, posted: Any, name: str | None = None) -> str:
        """Map a posted position in the shown order back to the item's key."""
        order = display_order(d["id"], self.keys(d, name or self.choices_field or ""))
        position = whole_number(posted, below=len(order))
        if position is None:
            raise InvalidAnswer(_l("That answer is not one of the options."))
        return order[position]

    @staticmethod
    def text(form: Mapping, name: str, *, required: bool, message: str = "") -> str:
        value = form.get(name, "")
        if not isinstance(value, str):
            raise InvalidAnswer(_l("That answer is not valid."))
        value = value.strip()
        if required and not value:
            raise InvalidAnswer(message)
        if len(value) > MAX_TEXT:
            raise InvalidAnswer(_l("Please keep your answer under %(n)d characters.", n=MAX_TEXT))
        return value

    @staticmethod
    def count(values: Sequence[Any]) -> CohortSummary:
        return CohortSummary(respondents=len(values), counts=dict(Counter(values)))
