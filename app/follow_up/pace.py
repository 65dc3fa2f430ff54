"""The pace a participant's own exchange dates call for, stated once for every page that
says who is behind (matrix, participant page, reminders, per-organisation view).

Each course is expected done by a date of the exchange (`Exchange.course_due_on`). Its
modules are spread evenly over the course's time, from when it opens by those dates (or,
before departure, from when the participant joined the cohort) to that due date, so a
facilitator sees someone falling behind while there is still time to help, not only after
the phase has ended.
"""

import math
from datetime import date, timedelta

from app.content.model import Phase
from app.organisations.models import Exchange


def module_due_on(
    *, exchange: Exchange | None, phase: Phase, position: int, modules: int, joined_on: date | None
) -> date | None:
    """When the module at `position` (0-based) of a course of `modules` modules should be
    done; None without an exchange on file (nothing to measure against)."""
    if exchange is None:
        return None
    due = exchange.course_due_on(phase)
    start = min(exchange.course_opens_on(phase) or joined_on or due, due)
    # Rounded up: nobody is behind a day before their share of the time is over.
    days = math.ceil((due - start).days * (position + 1) / modules)
    return start + timedelta(days=days)


def is_behind(due_on: date | None, today: date) -> bool:
    """Behind once the day a module was due has passed (the due day itself is still fine)."""
    return due_on is not None and today > due_on
