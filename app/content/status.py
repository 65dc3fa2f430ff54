"""Translation status: how much of each course exists in each language, and what is stale."""

from dataclasses import dataclass
from pathlib import Path

import click

from app.content.model import Catalog


@dataclass(frozen=True)
class TranslationStatus:
    course_slug: str
    language: str
    translated_steps: int
    total_steps: int
    #: Words of the source (prose and exercises) whose step exists in this language.
    translated_words: int
    total_words: int
    #: Modules whose translation was made from an older version of the source file.
    stale_modules: tuple[str, ...]
    #: Modules translated without recording which source version they follow.
    unstamped_modules: tuple[str, ...]

    @property
    def percent(self) -> int:
        """By words, exercises included: a step with a long dilemma weighs more than a heading.
        Rounded down, so that 100 % means everything."""
        if not self.total_words:
            return 0
        return 100 * self.translated_words // self.total_words


def translation_status(catalog: Catalog, languages: list[str]) -> list[TranslationStatus]:
    rows = []
    for course in catalog.courses:
        for language in languages:
            translated, stale, unstamped = 0, [], []
            words = total_words = 0
            for module in course.modules:
                text = module.versions.get(language)
                # A loaded translation has only steps of its source (the loader checks).
                source_words = {step.id: step.words for step in module.source.steps}
                total_words += sum(source_words.values())
                if text is None:
                    continue
                translated += len(text.steps)
                words += sum(source_words[step.id] for step in text.steps)
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
                    translated_words=words,
                    total_words=total_words,
                    stale_modules=tuple(stale),
                    unstamped_modules=tuple(unstamped),
                )
            )
    return rows


def translation_stamp(catalog: Catalog, content_dir: str, module_key: str, language: str) -> Path:
    """Write the source's current fingerprint into a translation's front matter."""
    course_slug, _, module_slug = module_key.partition("/")
    module = catalog.module(course_slug, module_slug)
    if module is None or language not in module.versions or language == module.default_language:
        raise click.ClickException(f"no translation {language} of {module_key}")
    path = Path(content_dir) / course_slug / module_slug / f"{language}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1)
    stamp = f"translated_from: {module.source.fingerprint}"
    front = [line for line in lines[1:end] if not line.startswith("translated_from:")]
    path.write_text("\n".join(["---", *front, stamp, *lines[end:]]), encoding="utf-8")
    return path
