"""What keeping each course for offline use costs in transfer, on the demo data.

    .venv/bin/python scripts/offline_cost.py

For every participant course: the demo participant the course is open for, the number of
pages kept, the size the course page announces, and the bytes keeping really sends (every
kept page and static file fetched once, brotli-compressed, as the browser would).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo_app import demo_app  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app.accounts.models import Role, User  # noqa: E402
from app.extensions import db  # noqa: E402

#: What keeping the whole preparatory course may cost (tests/offline holds it there too).
LIMIT = 200 * 1024


def course_costs(app) -> list[tuple[str, str, int, int, int]]:
    """(course, learner, pages, announced bytes, sent bytes) for each participant course."""
    catalog = app.extensions["bru_catalog"]
    with app.app_context():
        learners = db.session.scalars(
            select(User).where(User.role == Role.PARTICIPANT, User.active).order_by(User.id)
        ).all()
        ids = [(u.get_id(), u.email) for u in learners]
    rows = []
    for course in catalog.courses_for("participants"):
        for user_id, email in ids:
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"], session["_fresh"] = user_id, True
            listed = client.get(f"/offline/courses/{course.slug}.json")
            if listed.status_code != 200:
                continue  # not open for this person yet: the next one
            kept = listed.get_json()
            sent = sum(
                len(
                    client.get(
                        page["url"], headers={"Accept-Encoding": "br", "X-Bru-Purpose": "keep"}
                    ).data
                )
                for page in kept["pages"]
            )
            rows.append((course.slug, email, len(kept["pages"]), kept["estimated_bytes"], sent))
            break
    return rows


def main() -> None:
    with demo_app() as app:
        rows = course_costs(app)
    print("| course | kept for | pages | announced | sent |")
    print("|---|---|---:|---:|---:|")
    for slug, email, pages, announced, sent in rows:
        print(f"| {slug} | {email} | {pages} | {announced / 1024:.1f} KB | {sent / 1024:.1f} KB |")
    over = [slug for slug, *_, sent in rows if sent > LIMIT]
    if over:
        sys.exit(f"Over {LIMIT // 1024} KB to keep: {', '.join(over)}")


if __name__ == "__main__":
    main()
