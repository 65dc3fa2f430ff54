"""Writes for the partners' part in an exchange: the host partner's answer to the work plan,
its mid-term view, and the notices that tell each side (by email, in their own language,
never with the text of a journal entry)."""

from app.accounts.models import Role, User, utcnow
from app.audit.services import audit_record
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.mail.services import email_queue, public_link
from app.organisations.models import Exchange
from app.partners.models import MidTermView, WorkPlanResponse, WorkPlanReview
from app.partners.queries import organisation_contacts


def work_plan_submitted(*, answer: ExerciseAnswer, exchange: Exchange | None) -> int:
    """Tell the host partner's contact persons that a work plan waits for them; returns how
    many were told (none when the participant has no exchange on file yet)."""
    if exchange is None:
        return 0
    participant = db.session.get_one(User, answer.user_id)
    contacts = organisation_contacts(exchange.host_organisation_id)
    for contact in contacts:
        email_queue(
            to=contact,
            template="work_plan_submitted",
            participant=participant,
            link=public_link("partners.participant", participant_id=participant.id),
        )
    return len(contacts)


def work_plan_review_record(
    *, answer: ExerciseAnswer, reviewer: User, response: WorkPlanResponse, comment: str
) -> WorkPlanReview:
    """The host contact confirms the plan or comments on it; the participant is told."""
    review = WorkPlanReview(
        answer_id=answer.id,
        participant_id=answer.user_id,
        reviewer_id=reviewer.id,
        response=response,
        comment=comment.strip(),
    )
    db.session.add(review)
    db.session.flush()
    participant = db.session.get_one(User, answer.user_id)
    email_queue(
        to=participant,
        template="work_plan_reviewed",
        reviewer=reviewer,
        review=review,
        link=public_link(
            "learning.step",
            course_slug=answer.course_slug,
            module_slug=answer.module_slug,
            step_id=answer.step_id,
        ),
    )
    audit_record(
        actor=reviewer, action="work_plan.review", object_type="user", object_id=participant.id
    )
    return review


def _view_for(exchange: Exchange) -> MidTermView:
    view = db.session.scalar(db.select(MidTermView).where(MidTermView.exchange_id == exchange.id))
    if view is None:
        view = MidTermView(exchange_id=exchange.id, text="")
        db.session.add(view)
    return view


def mid_term_view_request(*, exchange: Exchange, participant: User) -> MidTermView:
    """The participant asks the host partner for its view; its contact persons are told."""
    view = _view_for(exchange)
    first_time = view.requested_at is None
    view.requested_at = view.requested_at or utcnow()
    db.session.flush()
    if first_time:
        for contact in organisation_contacts(exchange.host_organisation_id):
            email_queue(
                to=contact,
                template="mid_term_view_requested",
                participant=participant,
                link=public_link("partners.participant", participant_id=participant.id),
            )
    return view


def mid_term_view_write(
    *, exchange: Exchange, author: User, text: str, read_at: tuple[str, str, str] | None
) -> MidTermView:
    """The host contact writes (or rewrites) its view; the participant is told, with a link
    to `read_at` (course, module, step: where they read it) when there is such a step."""
    view = _view_for(exchange)
    view.text = text.strip()
    view.author_id = author.id
    view.written_at = utcnow()
    db.session.flush()
    participant = db.session.get_one(User, exchange.participant_id)
    link = None
    if read_at is not None:
        course_slug, module_slug, step_id = read_at
        link = public_link(
            "learning.step", course_slug=course_slug, module_slug=module_slug, step_id=step_id
        )
    email_queue(to=participant, template="mid_term_view_written", author=author, link=link)
    audit_record(
        actor=author, action="mid_term_view.write", object_type="user", object_id=participant.id
    )
    return view


def shared_entry_notify(*, author: User) -> int:
    """A participant shared a journal entry with their partner organisations: tell the
    contact persons of both (never the text, which they read in Bru)."""
    exchange = db.session.scalar(
        db.select(Exchange)
        .where(Exchange.participant_id == author.id)
        .order_by(Exchange.departs_on.desc())
        .limit(1)
    )
    if exchange is None:
        return 0
    told = 0
    for organisation_id in {exchange.home_organisation_id, exchange.host_organisation_id}:
        for contact in organisation_contacts(organisation_id):
            if contact.role == Role.PARTNER:
                email_queue(
                    to=contact,
                    template="entry_shared_with_organisation",
                    author=author,
                    link=public_link("partners.shared_entries"),
                )
                told += 1
    return told
