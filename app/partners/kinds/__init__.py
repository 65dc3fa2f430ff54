"""Exercise kinds the partners feature contributes: the work plan the host partner confirms,
and the host partner's own view at the mid-term review."""

from app.exercises.kinds import register_kind
from app.partners.kinds.host_view import HostView
from app.partners.kinds.work_plan import WorkPlan


def register() -> None:
    register_kind(WorkPlan())
    register_kind(HostView())
