"""Reports of concern: anyone signed in reports; safeguarding officers follow up.

Every report is fetched through `report_visible_to` (queries.py): outside it, a 404 —
for administrators too.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.extensions import db
from app.safeguarding import queries, services
from app.safeguarding.forms import STATUS_NAMES, MessageForm, ReportForm, StatusForm
from app.safeguarding.models import ReportStatus
from app.security import role_required

bp = Blueprint("safeguarding", __name__, url_prefix="/safeguarding")


@bp.route("/report", methods=["GET", "POST"])
@login_required
def new():
    form = ReportForm()
    if form.validate_on_submit():
        report = services.safeguarding_report_create(
            reporter=current_user,
            what_happened=form.what_happened.data,
            people_involved=form.people_involved.data or "",
            may_contact=form.may_contact.data,
        )
        db.session.commit()
        flash(_("Thank you. Your report is with the safeguarding officers."), "success")
        return redirect(url_for("safeguarding.report", report_id=report.id))
    return render_template("safeguarding/new.html", form=form), 400 if form.errors else 200


@bp.get("/mine")
@login_required
def mine():
    return render_template(
        "safeguarding/mine.html",
        reports=queries.reports_of(current_user),
        status_names=STATUS_NAMES,
    )


@bp.get("/reports")
@role_required(Role.SAFEGUARDING)
def reports():
    wanted = request.args.get("status", "")
    status = ReportStatus(wanted) if wanted in {s.value for s in ReportStatus} else None
    return render_template(
        "safeguarding/reports.html",
        rows=queries.reports_for_officers(status),
        status=status,
        status_names=STATUS_NAMES,
    )


def _report_page(report, message_form=None, status_form=None, status_code=200):
    is_officer = current_user.role == Role.SAFEGUARDING
    return render_template(
        "safeguarding/report.html",
        report=report,
        is_officer=is_officer,
        status_names=STATUS_NAMES,
        message_form=message_form or MessageForm(formdata=None),
        status_form=status_form or StatusForm(formdata=None, status=report.status.value),
    ), status_code


@bp.get("/reports/<int:report_id>")
@login_required
def report(report_id: int):
    report = queries.get_visible_report_or_404(current_user, report_id)
    services.safeguarding_report_read_record(report=report, reader=current_user)
    db.session.commit()
    return _report_page(report)


@bp.post("/reports/<int:report_id>/messages")
@login_required
def message(report_id: int):
    report = queries.get_visible_report_or_404(current_user, report_id)
    form = MessageForm()
    if not form.validate_on_submit():
        return _report_page(report, message_form=form, status_code=400)
    services.safeguarding_message_add(report=report, author=current_user, body=form.body.data)
    db.session.commit()
    flash(_("Your message is sent."), "success")
    return redirect(url_for("safeguarding.report", report_id=report.id, _anchor="thread"))


@bp.post("/reports/<int:report_id>/status")
@login_required
def status(report_id: int):
    report = queries.get_visible_report_or_404(current_user, report_id)
    if current_user.role != Role.SAFEGUARDING:
        abort(404)
    form = StatusForm()
    if not form.validate_on_submit():
        return _report_page(report, status_form=form, status_code=400)
    services.safeguarding_report_set_status(
        report=report, status=ReportStatus(form.status.data), by=current_user
    )
    db.session.commit()
    flash(_("The status is saved."), "success")
    return redirect(url_for("safeguarding.report", report_id=report.id))
