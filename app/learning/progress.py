"""Where a learner stands in a module: its status and the share done, defined once for every
page and export that shows them."""

import enum

from flask_babel import lazy_gettext as _l


class Status(enum.StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    #: Behind the pace the learner's own exchange dates call for (facilitators' view).
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return str(_LABELS[self])

    @property
    def symbol(self) -> str:
        """A sign beside the label, so status is never told by colour alone."""
        return _SYMBOLS[self]


_LABELS = {
    Status.DONE: _l("Done"),
    Status.IN_PROGRESS: _l("In progress"),
    Status.NOT_STARTED: _l("Not started"),
    Status.OVERDUE: _l("Overdue"),
}
_SYMBOLS = {
    Status.DONE: "✓",
    Status.IN_PROGRESS: "◐",
    Status.NOT_STARTED: "○",
    Status.OVERDUE: "!",
}


def module_status(*, done: int, total: int, started: bool, overdue: bool = False) -> Status:
    """A module is done when every step is; overdue (when the caller says so) when it is not
    done in time; in progress once a step is done or visited."""
    if done >= total:
        return Status.DONE
    if overdue:
        return Status.OVERDUE
    return Status.IN_PROGRESS if done or started else Status.NOT_STARTED


def percent_done(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0
