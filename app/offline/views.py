"""The installable app's manifest, the service worker, the offline page and the kept course."""

from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import LEARNERS
from app.i18n import page_language
from app.learning.pages import course_and_enrolment
from app.offline.queries import kept_course
from app.security import role_required

bp = Blueprint("offline", __name__)

THEME_COLOUR = "#0b5cad"


@bp.get("/manifest.webmanifest")
def web_app_manifest():
    """What "Add to home screen" installs: Bru's name in the page language, its icons."""
    asset: Callable[[str], str] = current_app.jinja_env.globals["asset"]  # type: ignore[assignment]  # Jinja types its globals as objects
    manifest = {
        "name": _("Bru — learning before, during and after an exchange"),
        "short_name": "Bru",
        "description": _("Your exchange courses and journal, also where the network is gone."),
        "lang": page_language(),
        "start_url": url_for("learning.dashboard"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {"src": asset(f"icons/bru-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ]
        + [{"src": asset("icons/bru.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = jsonify(manifest)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/sw.js")
def service_worker():
    """The worker, from the site's root so that it may answer for every page. Always asked
    for again (no-cache), so a new version takes over on the next visit."""
    source = Path(current_app.root_path, "static", "js", "sw.js").read_text()
    response = current_app.response_class(source, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline")
def offline_page():
    """Shown by the worker for a page that is not kept, when the network is gone."""
    return render_template("offline/offline.html")


@bp.get("/offline/courses/<course_slug>.json")
@role_required(*LEARNERS)
def kept_course_manifest(course_slug: str):
    """The pages a learner keeps of a course they walk, with their hashes and weight. Only
    while the course is open to them: the server decides, not the phone's clock."""
    course, enrolment = course_and_enrolment(course_slug)
    if enrolment is None:
        abort(404)  # a preview is read online only
    kept = kept_course(course, page_language(), *current_app.extensions["bru_assets"])
    return jsonify(
        course=course.slug,
        title=course.title(page_language()),
        url=url_for("learning.course", course_slug=course.slug),
        language=kept.language,
        version=kept.version,
        steps=kept.step_count,
        estimated_bytes=kept.estimated_bytes,
        user=current_user.id,
        pages=[{"url": p.url, "hash": p.hash} for p in kept.pages],
    )
