"""What a learner keeps of a course for offline use: its pages, their hashes, their weight.

The kept copy is a list of same-origin addresses, each with a hash of what it is made from
(the module's files in each language, the interface's assets and the page language), so the
browser fetches again exactly what changed. Only the learner's own course pages are listed:
nothing of anyone else's ever enters the list.
"""

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from flask import render_template, url_for

from app.content.model import Course, Module, Step

#: The static files every kept page needs (offline.js registers the worker and sends the queue).
KEPT_ASSETS = ("css/bru.css", "vendor/htmx-2.0.11.min.js", "js/bru.js", "js/offline.js")


@dataclass(frozen=True)
class KeptPage:
    url: str
    #: Changes whenever what the page is made from changes.
    hash: str


@dataclass(frozen=True)
class KeptCourse:
    course: Course
    language: str
    pages: tuple[KeptPage, ...]
    step_count: int
    #: About how many bytes keeping it transfers (compressed pages and assets).
    estimated_bytes: int

    @property
    def version(self) -> str:
        """One hash of every page's hash: the kept copy is current when this matches."""
        return _hash(*(f"{p.url} {p.hash}" for p in self.pages))


def _hash(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _module_hash(module: Module, language: str, interface: str) -> str:
    shown = module.localized(language)
    files = (text.fingerprint for _, text in sorted(module.versions.items()))
    return _hash(interface, shown.language, *files)


def _compressed_size(text: str) -> int:
    return len(gzip.compress(text.encode(), mtime=0))


@cache
def _page_frame_bytes(language: str) -> int:
    """The compressed weight of a page around its content (header, menu, footer): the
    offline page is the frame with a few words in it."""
    return _compressed_size(render_template("offline/offline.html"))


def kept_course(
    course: Course,
    language: str,
    asset: Callable[[str], str],
    asset_bytes: Callable[[str], int],
) -> KeptCourse:
    """`asset(name)`: the content-hashed URL of a static file; `asset_bytes(name)` its
    compressed size."""
    assets = tuple(KeptPage(asset(name), asset(name).rsplit("v=", 1)[-1]) for name in KEPT_ASSETS)
    interface = _hash(language, *(a.hash for a in assets))
    step_pages = []
    module_hashes = []
    content_bytes = 0
    for module in course.modules:
        module_hash = _module_hash(module, language, interface)
        module_hashes.append(module_hash)
        for shown in module.localized(language).steps:
            step = shown.step
            content_bytes += _compressed_size(step.title + step.body_html + _exercise_text(step))
            url = url_for(
                "learning.step", course_slug=course.slug, module_slug=module.slug, step_id=step.id
            )
            step_pages.append(KeptPage(url, module_hash))
    course_hash = _hash(interface, course.title(language), course.summary(language), *module_hashes)
    pages = (
        KeptPage(url_for("learning.course", course_slug=course.slug), course_hash),
        *step_pages,
        # Somewhere to write in the journal offline; the entry is sent when back online.
        KeptPage(url_for("journal.new"), interface),
        KeptPage(url_for("offline.offline_page"), interface),
    )
    estimated = (
        content_bytes
        + _page_frame_bytes(language) * len(pages)
        + sum(asset_bytes(name) for name in KEPT_ASSETS)
    )
    return KeptCourse(
        course=course,
        language=language,
        pages=(*pages, *assets),
        step_count=len(step_pages),
        estimated_bytes=estimated,
    )


def _exercise_text(step: Step) -> str:
    """An exercise's words, as they weigh in its form."""
    return str(dict(step.exercise.definition)) if step.exercise else ""
