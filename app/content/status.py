"""Translation status: how much of each course exists in each language, and what is stale."""

from dataclasses import dataclass

from app.content.model import Catalog


@dataclass(frozen=True)
class TranslationStatus:
    course_slug: str
    language: str
    translated_steps: int
    total_steps: int
    #: Modules whose translation was made from an older version of the source file.
    stale_modules: tuple[str, ...]
    #: Modules translated without recording which source version they follow.
    unstamped_modules: tuple[str, ...]

    @property
    def percent(self) -> int:
        return round(100 * self.translated_steps / self.total_steps) if self.total_steps else 0


def translation_status(catalog: Catalog, languages: list[str]) -> list[TranslationStatus]:
    rows = []
    for course in catalog.courses:
        for language in languages:
            translated, stale, unstamped = 0, [], []
            for module in course.modules:
                text = module.versions.get(language)
                if text is None:
                    continue
                translated += len(text.steps)
                if language == module.default_language:
                    continue
                if text.translated_from is None:
                    unstamped.append(module.slug)
                elif text.translated_from != module.source.fingerprint:
                    stale.append(module.slug)
            rows.append(
                TranslationStatus(
                    course_slug=course.slug,
                    language=language,
                    translated_steps=translated,
                    total_steps=course.step_count,
                    stale_modules=tuple(stale),
                    unstamped_modules=tuple(unstamped),
                )
            )
    return rows
