"""Read and validate `courses/`: every problem is reported as `file:line: problem`."""

import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

import click
import yaml
from markdown_it import MarkdownIt
from markupsafe import Markup

from app.content.model import (
    AUDIENCES,
    PHASES,
    Catalog,
    Course,
    Exercise,
    Module,
    ModuleText,
    Phase,
    Step,
)

STEP_HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*\{#(?P<id>[^}]*)\}\s*$")
STEP_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FENCE = re.compile(r"^(```|~~~)\s*(?P<info>\S*)")
FRONT_MATTER_FIELDS = {"title", "minutes", "translated_from"}
COURSE_FIELDS = {"phase", "audience", "default_language", "title", "summary", "modules"}


class ExerciseKind(Protocol):
    """What the loader asks of an exercise kind (the exercises feature provides them)."""

    name: str

    def validate(self, d: Mapping, where: Any) -> list[tuple[int, str]]: ...

    def structure(self, d: Mapping) -> tuple: ...

    def texts(self, d: Mapping) -> Iterator[tuple[tuple, str]]: ...


Kinds = Mapping[str, ExerciseKind]

# Course prose is trusted but still rendered without raw HTML: one less way in for mistakes.
_markdown = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable("table")


def render_inline(text: str) -> Markup:
    """One line of course text with its links and emphasis (for feedback shown in a sentence)."""
    return Markup(_markdown.renderInline(text))


class ContentError(click.ClickException):
    """Broken course files. A ClickException, so `flask ...` prints the list without a traceback."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("course content is invalid:\n" + "\n".join(problems))


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _yaml_where(node: yaml.Node | None, base_line: int):
    """Return where(*path) -> 1-based file line of the YAML node at `path`."""

    def where(*path) -> int:
        current, line = node, (node.start_mark.line if node is not None else 0)
        for part in path:
            if isinstance(current, yaml.MappingNode):
                pair = next(((k, v) for k, v in current.value if k.value == part), None)
                if pair is None:
                    break
                # The line of the key: where an author looks for "options:".
                line, current = pair[0].start_mark.line, pair[1]
            elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(current.value):
                    break
                current = current.value[part]
                line = current.start_mark.line
            else:
                break
        return base_line + line

    return where


def _load_yaml(text: str, path: str, base_line: int, problems: list[str]):
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = base_line + (mark.line if mark else 0)
        problems.append(f"{path}:{line}: invalid YAML: {getattr(error, 'problem', error)}")
        return None, _yaml_where(None, base_line)
    return data, _yaml_where(node, base_line)


def parse_module_file(
    path: Path, root: Path, kinds: Kinds, problems: list[str]
) -> ModuleText | None:
    """Parse one module file; append problems and return None when it is unusable."""
    name = str(path.relative_to(root.parent))
    raw = path.read_text(encoding="utf-8")
    lines = raw.splitlines()
    if not lines or lines[0].strip() != "---":
        problems.append(f"{name}:1: a module file starts with front matter between '---' lines")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.append(f"{name}:1: the front matter is not closed with '---'")
        return None
    before = len(problems)
    meta, where = _load_yaml("\n".join(lines[1:end]), name, 2, problems)
    if meta is None or not isinstance(meta, dict):
        if len(problems) == before:
            problems.append(f"{name}:2: the front matter must be a mapping")
        return None
    for field in sorted(set(meta) - FRONT_MATTER_FIELDS):
        problems.append(f"{name}:{where(field)}: unknown field '{field}' in front matter")
    if not isinstance(meta.get("title"), str) or not meta["title"].strip():
        problems.append(f"{name}:{where('title')}: missing 'title' in front matter")
    minutes = meta.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        problems.append(f"{name}:{where('minutes')}: 'minutes' must be a positive whole number")

    steps: list[Step] = []
    current: dict | None = None
    seen_ids: dict[str, int] = {}
    fence: str | None = None
    exercise_lines: list[str] | None = None
    exercise_start = 0

    def close_step():
        if current is None or current["id"] is None:
            return
        body = "\n".join(current["prose"]).strip()
        exercise = current["exercise"]
        words = len(current["title"].split()) + len(body.split())
        if exercise is not None:
            texts = kinds[exercise.kind].texts(exercise.definition)
            words += sum(len(text.split()) for _, text in texts)
        steps.append(
            Step(
                id=current["id"],
                title=current["title"],
                body_html=_markdown.render(body) if body else "",
                exercise=exercise,
                line=current["line"],
                words=words,
            )
        )

    for index in range(end + 1, len(lines)):
        line_no = index + 1
        line = lines[index]
        if exercise_lines is not None:
            if line.strip() == fence:
                exercise = _parse_exercise(
                    "\n".join(exercise_lines), name, exercise_start, kinds, problems
                )
                if current is not None and current["exercise"] is not None:
                    problems.append(f"{name}:{exercise_start}: a step holds at most one exercise")
                elif current is not None:
                    current["exercise"] = exercise
                exercise_lines, fence = None, None
            else:
                exercise_lines.append(line)
            continue
        fence_match = FENCE.match(line)
        if fence is not None:
            if line.strip() == fence:
                fence = None
            if current is not None:
                current["prose"].append(line)
            continue
        if fence_match:
            fence = fence_match.group(1)
            if fence_match.group("info") == "exercise":
                exercise_lines, exercise_start = [], line_no
                if current is None:
                    problems.append(f"{name}:{line_no}: an exercise must be inside a step")
                continue
        if line.startswith("# "):
            problems.append(f"{name}:{line_no}: use '##' for steps; the title is in front matter")
            continue
        if line.startswith("## "):
            close_step()
            heading = STEP_HEADING.match(line)
            if heading is None:
                problems.append(
                    f"{name}:{line_no}: step heading has no id, write '## Title {{#id}}'"
                )
                # Keep reading the step's lines so they are not reported a second time.
                current = {"id": None, "title": "", "prose": [], "exercise": None, "line": line_no}
                continue
            step_id = heading.group("id").strip().lstrip("#")
            if not STEP_ID.match(step_id):
                problems.append(
                    f"{name}:{line_no}: step id '{step_id}' may hold only a-z, 0-9 and '-'"
                )
            elif step_id in seen_ids:
                problems.append(
                    f"{name}:{line_no}: duplicate step id '{step_id}' "
                    f"(first on line {seen_ids[step_id]})"
                )
            seen_ids.setdefault(step_id, line_no)
            current = {
                "id": step_id,
                "title": heading.group("title"),
                "prose": [],
                "exercise": None,
                "line": line_no,
            }
            continue
        if current is None:
            if line.strip():
                problems.append(f"{name}:{line_no}: text before the first step heading")
            continue
        current["prose"].append(line)
    if exercise_lines is not None or fence is not None:
        problems.append(f"{name}:{len(lines)}: a fenced block is not closed")
    close_step()
    if not steps:
        problems.append(f"{name}:{end + 2}: the module has no steps ('## Title {{#id}}')")
    if len(problems) > before:
        return None
    return ModuleText(
        language=path.stem,
        title=meta["title"].strip(),
        minutes=meta["minutes"],  # a positive whole number: checked above
        steps=tuple(steps),
        path=name,
        translated_from=meta.get("translated_from"),
        fingerprint=fingerprint(raw),
    )


def _parse_exercise(text: str, name: str, fence_line: int, kinds: Kinds, problems: list[str]):
    before = len(problems)
    data, where = _load_yaml(text, name, fence_line + 1, problems)
    if len(problems) > before:
        return None
    if not isinstance(data, dict):
        problems.append(f"{name}:{fence_line}: an exercise block must be a YAML mapping")
        return None
    kind_name = data.get("kind")
    kind = kinds.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        known = ", ".join(sorted(kinds))
        problems.append(
            f"{name}:{where('kind')}: unknown exercise kind {data.get('kind')!r} (known: {known})"
        )
        return None
    if not isinstance(data.get("id"), str) or not STEP_ID.match(data.get("id", "")):
        problems.append(f"{name}:{where('id')}: an exercise needs an 'id' of a-z, 0-9 and '-'")
    for line, message in kind.validate(data, where):
        problems.append(f"{name}:{line}: {message}")
    if len(problems) > before:
        return None
    return Exercise(id=data["id"], kind=kind.name, definition=_freeze(data), line=fence_line)


def _freeze(value):
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _compare_translation(
    source: ModuleText, text: ModuleText, kinds: Kinds, problems: list[str]
) -> None:
    """A translation may only change text: same steps (or fewer), same exercise structure."""
    source_steps = {s.id: s for s in source.steps}
    source_ids = list(source_steps)
    order = []
    for step in text.steps:
        if step.id not in source_steps:
            problems.append(f"{text.path}:{step.line}: step '{step.id}' is not in {source.path}")
            continue
        order.append(source_ids.index(step.id))
        original = source_steps[step.id].exercise
        translated = step.exercise
        if (original is None) != (translated is None):
            problems.append(
                f"{text.path}:{step.line}: step '{step.id}' must "
                f"{'have' if original else 'not have'} an exercise, as in {source.path}"
            )
            continue
        if original is None or translated is None:
            continue
        kind = kinds[original.kind]
        if translated.id != original.id or translated.kind != original.kind:
            problems.append(
                f"{text.path}:{translated.line}: exercise must be '{original.id}' of kind "
                f"'{original.kind}', as in {source.path}"
            )
        elif kind.structure(translated.definition) != kind.structure(original.definition):
            problems.append(
                f"{text.path}:{translated.line}: exercise '{original.id}' differs from "
                f"{source.path} in its keys or answers; a translation may change only text"
            )
        else:
            # Every text of the source is translated: an exercise is never half in English.
            wanted = {path for path, _ in kind.texts(original.definition)}
            given = {path for path, _ in kind.texts(translated.definition)}
            for path in sorted(wanted - given, key=str):
                problems.append(
                    f"{text.path}:{translated.line}: exercise '{original.id}' lacks "
                    f"'{_dotted(path)}', which {source.path} has"
                )
            for path in sorted(given - wanted, key=str):
                problems.append(
                    f"{text.path}:{translated.line}: exercise '{original.id}' has "
                    f"'{_dotted(path)}', which {source.path} does not have"
                )
        for setting in ("retry", "complete_when"):
            if translated.get(setting) != original.get(setting):
                problems.append(
                    f"{text.path}:{translated.line}: exercise '{original.id}' must keep "
                    f"'{setting}' as in {source.path}"
                )
    if order != sorted(order):
        problems.append(f"{text.path}:1: steps must be in the same order as in {source.path}")


def _dotted(path: tuple) -> str:
    return ".".join(str(part) for part in path)


def _load_course(
    course_dir: Path, root: Path, languages: list[str], kinds: Kinds, problems: list[str]
):
    course_file = course_dir / "course.yaml"
    name = str(course_file.relative_to(root.parent))
    before = len(problems)
    data, where = _load_yaml(course_file.read_text(encoding="utf-8"), name, 1, problems)
    if len(problems) > before:
        return None
    if not isinstance(data, dict):
        problems.append(f"{name}:1: course.yaml must be a mapping")
        return None
    for field in sorted(set(data) - COURSE_FIELDS):
        problems.append(f"{name}:{where(field)}: unknown field '{field}'")
    if data.get("phase") not in PHASES:
        problems.append(f"{name}:{where('phase')}: 'phase' must be one of {', '.join(PHASES)}")
    audience = data.get("audience", "participants")
    if audience not in AUDIENCES:
        problems.append(
            f"{name}:{where('audience')}: 'audience' must be one of {', '.join(AUDIENCES)}"
        )
    default = data.get("default_language")
    if not isinstance(default, str) or default not in languages:
        problems.append(f"{name}:{where('default_language')}: unsupported language {default!r}")
        default = ""
    titles = data.get("title")
    if not isinstance(titles, dict) or default not in titles:
        problems.append(f"{name}:{where('title')}: 'title' needs at least the default language")
        titles = {}
    summaries = data.get("summary") or {}
    modules = data.get("modules")
    if not isinstance(modules, list) or not modules:
        problems.append(f"{name}:{where('modules')}: 'modules' must list the module folders")
        return None
    if len(problems) > before:
        return None
    loaded = []
    for i, slug in enumerate(modules):
        module_dir = course_dir / str(slug)
        if not module_dir.is_dir():
            problems.append(f"{name}:{where('modules', i)}: no module folder '{slug}'")
            continue
        versions = {}
        for path in sorted(module_dir.glob("*.md")):
            if path.stem not in languages:
                rel = path.relative_to(root.parent)
                problems.append(f"{rel}:1: unsupported language '{path.stem}'")
                continue
            text = parse_module_file(path, root, kinds, problems)
            if text is not None:
                versions[path.stem] = text
        source = versions.get(default)
        if source is None:
            if not (module_dir / f"{default}.md").exists():
                rel = module_dir.relative_to(root.parent)
                problems.append(f"{rel}/{default}.md:1: the default-language file is missing")
            continue
        for language, text in versions.items():
            if language != default:
                _compare_translation(source, text, kinds, problems)
        loaded.append(
            Module(
                course_slug=course_dir.name,
                slug=str(slug),
                default_language=default,
                versions=MappingProxyType(versions),
            )
        )
    ids: dict[str, str] = {}
    for module in loaded:
        for step in module.source.steps:
            if step.exercise is None:
                continue
            if step.exercise.id in ids:
                problems.append(
                    f"{module.source.path}:{step.exercise.line}: exercise id "
                    f"'{step.exercise.id}' is already used in {ids[step.exercise.id]}"
                )
            ids[step.exercise.id] = module.source.path
    return Course(
        slug=course_dir.name,
        phase=Phase(data["phase"]),
        default_language=default,
        audience=audience,
        titles=MappingProxyType(dict(titles)),
        summaries=MappingProxyType(dict(summaries)),
        modules=tuple(loaded),
    )


def load_catalog(root: str | Path, languages: list[str], kinds: Kinds) -> Catalog:
    """Load every course under `root`, or raise ContentError listing every problem found.

    `kinds` maps each exercise kind's name to the kind, which validates its exercises."""
    root = Path(root)
    problems: list[str] = []
    courses = []
    for course_dir in sorted(p for p in root.iterdir() if (p / "course.yaml").is_file()):
        course = _load_course(course_dir, root, languages, kinds, problems)
        if course is not None:
            courses.append(course)
    if problems:
        raise ContentError(problems)
    order = {phase: i for i, phase in enumerate(PHASES)}
    return Catalog(courses=tuple(sorted(courses, key=lambda c: (order[c.phase], c.slug))))
