"""Personal data: download it all, ask for erasure; administrators carry erasures out."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.extensions import db
from app.privacy import queries, services
from app.privacy.export import personal_data_zip
from app.privacy.forms import CancelErasureForm, CarryOutErasureForm, ErasureRequestForm
from app.security import role_required

bp = Blueprint("privacy", __name__)


@bp.get("/privacy/export")
@login_required
def export():
    return Response(
        personal_data_zip(current_user),
        mimetype="application/zip",
        headers={"Content-Disposition": 'attachment; filename="bru-my-data.zip"'},
    )


@bp.route("/privacy/erasure", methods=["GET", "POST"])
@login_required
def erasure():
    pending = queries.pending_request_of(current_user)
    form = ErasureRequestForm()
    if pending is None and form.validate_on_submit():
        services.erasure_request_create(user=current_user)
        db.session.commit()
        flash(_("Your request is sent. An administrator will carry it out."), "success")
        return redirect(url_for("privacy.erasure"))
    return render_template(
        "privacy/erasure.html",
        form=form,
        pending=pending,
        cancel_form=CancelErasureForm(formdata=None),
    ), 400 if form.errors else 200


@bp.post("/privacy/erasure/cancel")
@login_required
def erasure_cancel():
    pending = queries.pending_request_of(current_user)
    if pending is not None and CancelErasureForm().validate_on_submit():
        services.erasure_request_cancel(request=pending)
        db.session.commit()
        flash(_("Your request is withdrawn. Nothing was erased."), "info")
    return redirect(url_for("privacy.erasure"))


# Administrators ---------------------------------------------------------------


@bp.get("/admin/privacy")
@role_required(Role.ADMIN)
def admin_requests():
    return render_template(
        "privacy/admin_requests.html",
        pending=queries.pending_requests(),
        completed=queries.completed_requests(),
    )


@bp.post("/admin/privacy/requests/<int:request_id>/erase")
@role_required(Role.ADMIN)
def admin_erase(request_id: int):
    request = queries.get_pending_request_or_none(request_id) or abort(404)
    form = CarryOutErasureForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to confirm the erasure."), "error")
    elif request.user_id == current_user.id:
        flash(_("You cannot erase your own account. Ask another administrator."), "error")
    else:
        services.user_erase(user=request.user, by=current_user, request=request)
        db.session.commit()
        flash(_("The person's data is erased."), "success")
    return redirect(url_for("privacy.admin_requests"))
