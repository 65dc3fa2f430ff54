"""The course catalog: immutable values built once from the files in `courses/`."""

import enum
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from flask_babel import lazy_gettext as _l


class Phase(enum.StrEnum):
    """Before, during and after an exchange: where an exchange stands on a day, and which
    phase a course belongs to. The rules that map dates to phases are on the exchange."""

    PRE = "pre"
    MID = "mid"
    POST = "post"

    @property
    def label(self) -> str:
        return str(_PHASE_LABELS[self])


_PHASE_LABELS = {
    Phase.PRE: _l("Before the exchange"),
    Phase.MID: _l("During the exchange"),
    Phase.POST: _l("After the exchange"),
}
PHASES = tuple(Phase)
#: Who a course is for: participants, or the staff of partner organisations.
AUDIENCES = ("participants", "partners")


@dataclass(frozen=True)
class Exercise:
    id: str
    kind: str
    #: The parsed YAML block, as the author wrote it (read-only view).
    definition: MappingProxyType
    line: int

    def __getitem__(self, key: str) -> Any:
        return self.definition[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.definition.get(key, default)


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    body_html: str
    exercise: Exercise | None
    line: int
    #: Words of text to translate: the title, the prose and every text of the exercise.
    words: int = 0


@dataclass(frozen=True)
class ModuleText:
    """One language version of a module, exactly as its file says."""

    language: str
    title: str
    minutes: int
    steps: tuple[Step, ...]
    path: str
    #: Fingerprint of the default-language file this translation was made from.
    translated_from: str | None
    fingerprint: str

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


@dataclass(frozen=True)
class LocalizedStep:
    step: Step
    #: The language the step is actually shown in (differs from the wanted one on fallback).
    language: str
    is_fallback: bool


@dataclass(frozen=True)
class LocalizedModule:
    course_slug: str
    slug: str
    title: str
    minutes: int
    language: str
    wanted_language: str
    steps: tuple[LocalizedStep, ...]

    @property
    def is_fallback(self) -> bool:
        """True when the module has no file at all in the wanted language."""
        return self.language != self.wanted_language

    @property
    def has_step_fallback(self) -> bool:
        return any(s.is_fallback for s in self.steps)

    def index_of(self, step_id: str) -> int | None:
        return next((i for i, s in enumerate(self.steps) if s.step.id == step_id), None)


@dataclass(frozen=True)
class Module:
    course_slug: str
    slug: str
    default_language: str
    versions: MappingProxyType  # language -> ModuleText

    # Cached: the catalog never changes after loading, and pages ask for these per row.
    @cached_property
    def source(self) -> ModuleText:
        return self.versions[self.default_language]

    @cached_property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.source.steps)

    @property
    def key(self) -> str:
        return f"{self.course_slug}/{self.slug}"

    def exercise(self, step_id: str) -> Exercise | None:
        """The exercise as the default language states it: what answers are checked against."""
        step = self.source.step(step_id)
        return step.exercise if step else None

    def exercise_in(self, step_id: str, language: str) -> tuple[Exercise, str] | None:
        """The exercise of a step in `language` where translated, with the language it is
        in: a translation has every text of the exercise (the loader checks), so falling back
        is all or nothing, with the step."""
        localized = self.localized(language)
        index = localized.index_of(step_id)
        if index is None:
            return None
        shown = localized.steps[index]
        if shown.step.exercise is None:
            return None
        return shown.step.exercise, shown.language

    @cached_property
    def _localized(self) -> dict[str, "LocalizedModule"]:
        return {}

    def localized(self, language: str) -> LocalizedModule:
        """The module in `language`, step by step falling back to the default language."""
        cached = self._localized.get(language)
        if cached is None:
            cached = self._localized[language] = self._localize(language)
        return cached

    def _localize(self, language: str) -> LocalizedModule:
        text = self.versions.get(language)
        steps = []
        for source_step in self.source.steps:
            translated = text.step(source_step.id) if text else None
            if translated is not None:
                steps.append(LocalizedStep(translated, language, False))
            else:
                steps.append(LocalizedStep(source_step, self.default_language, True))
        shown = text or self.source
        return LocalizedModule(
            course_slug=self.course_slug,
            slug=self.slug,
            title=shown.title,
            minutes=shown.minutes,
            language=shown.language,
            wanted_language=language,
            steps=tuple(steps),
        )


@dataclass(frozen=True)
class Course:
    slug: str
    phase: Phase
    default_language: str
    #: "participants" or "partners" (see AUDIENCES).
    audience: str
    titles: MappingProxyType
    summaries: MappingProxyType
    modules: tuple[Module, ...]

    def text_language(self, language: str) -> str:
        """The language the course's title and summary are shown in for `language`."""
        return language if language in self.titles else self.default_language

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles[self.default_language]

    def summary(self, language: str) -> str:
        return self.summaries.get(language) or self.summaries.get(self.default_language, "")

    def module(self, slug: str) -> Module | None:
        return next((m for m in self.modules if m.slug == slug), None)

    @cached_property
    def step_count(self) -> int:
        return sum(len(m.step_ids) for m in self.modules)


@dataclass(frozen=True)
class Catalog:
    courses: tuple[Course, ...] = field(default_factory=tuple)

    def course(self, slug: str) -> Course | None:
        return next((c for c in self.courses if c.slug == slug), None)

    def courses_in_phase(self, phase: str) -> tuple[Course, ...]:
        return tuple(c for c in self.courses if c.phase == phase)

    def courses_for(self, audience: str) -> tuple[Course, ...]:
        return tuple(c for c in self.courses if c.audience == audience)

    def module(self, course_slug: str, module_slug: str) -> Module | None:
        course = self.course(course_slug)
        return course.module(module_slug) if course else None
