from flask import Blueprint, render_template
from flask_login import current_user

from app.accounts.models import Role
from app.content import catalog
from app.partners.queries import organisation_participants, organisation_summary
from app.security import get_visible_participant_or_404, role_required

bp = Blueprint("partners", __name__)
partner_only = role_required(Role.PARTNER)


@bp.get("/organisation")
@partner_only
def organisation():
    rows = organisation_participants(catalog(), current_user.organisation_id or 0)
    return render_template(
        "partners/organisation.html",
        organisation=current_user.organisation,
        rows=rows,
        summary=organisation_summary(rows),
        courses=catalog().courses,
    )


@bp.get("/organisation/participants/<int:participant_id>")
@partner_only
def participant(participant_id: int):
    person = get_visible_participant_or_404(current_user, participant_id)
    rows = organisation_participants(
        catalog(), current_user.organisation_id or 0, participant_id=person.id
    )
    row = rows[0]  # the latest exchange with this organisation
    return render_template(
        "partners/participant.html", row=row, courses=catalog().courses, person=person
    )
