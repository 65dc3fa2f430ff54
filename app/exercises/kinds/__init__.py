"""The registry of exercise kinds. The contract a kind fulfils is in `base.py`.

Adding a kind: a folder with the class and its `form.html` and `feedback.html`, and one
`register_kind(...)` line (here for the kinds every course may use; a feature that contributes
a kind registers it from its own package, as `app.partners` does).
"""

from collections.abc import Iterator, Mapping
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateNotFound

from app.exercises.kinds.base import (
    CohortSummary,
    ExerciseKind,
    InvalidAnswer,
    Shown,
    display_order,
    whole_number,
)
from app.exercises.kinds.choice import MultipleChoice, SingleChoice
from app.exercises.kinds.dilemma import Dilemma
from app.exercises.kinds.goals import Goals
from app.exercises.kinds.matching import Matching
from app.exercises.kinds.ordering import Ordering
from app.exercises.kinds.reflection import Reflection
from app.exercises.kinds.scale import Scale
from app.exercises.kinds.task import Task

__all__ = [
    "EXERCISE_KINDS",
    "CohortSummary",
    "ExerciseKind",
    "InvalidAnswer",
    "KindTemplateLoader",
    "Shown",
    "display_order",
    "register_kind",
    "unregister_kind",
    "whole_number",
]


class KindRegistry(Mapping[str, ExerciseKind]):
    """Kind name -> the kind. Read by the content loader, the views and the templates."""

    def __init__(self) -> None:
        self._kinds: dict[str, ExerciseKind] = {}

    def __getitem__(self, name: str) -> ExerciseKind:
        return self._kinds[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def register(self, kind: ExerciseKind) -> ExerciseKind:
        known = self._kinds.get(kind.name)
        if known is not None and type(known) is not type(kind):
            raise ValueError(f"exercise kind {kind.name!r} is already registered")
        self._kinds[kind.name] = kind
        return kind

    def unregister(self, name: str) -> None:
        self._kinds.pop(name, None)


EXERCISE_KINDS = KindRegistry()
register_kind = EXERCISE_KINDS.register
unregister_kind = EXERCISE_KINDS.unregister

register_kind(SingleChoice())
register_kind(MultipleChoice())
register_kind(Ordering())
register_kind(Matching())
register_kind(Dilemma())
register_kind(Scale())
register_kind(Reflection())
register_kind(Task())
register_kind(Goals())


class KindTemplateLoader(BaseLoader):
    """Finds `kinds/<kind>/<file>` in the folder of the registered kind."""

    def get_source(self, environment: Environment, template: str):
        prefix, _, rest = template.partition("/")
        name, _, filename = rest.partition("/")
        kind = EXERCISE_KINDS.get(name) if prefix == "kinds" and filename else None
        if kind is None:
            raise TemplateNotFound(template)
        path = kind.template_folder / filename
        if not path.is_file():
            raise TemplateNotFound(template)
        mtime = path.stat().st_mtime
        source = path.read_text(encoding="utf-8")
        return source, str(path), lambda: _unchanged(path, mtime)


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False
