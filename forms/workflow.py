"""The status workflow of an opinion: which transitions exist, and the one place that makes them.

已接收 → 审核中 → 已转交法工委 → 已采纳 / 部分采纳 / 未采纳 (each with a reply); 重复 (duplicate of
another) and 无效 (spam, abuse: kept, never deleted) branch off before a decision. A request that
is not about law-making at all (a broken street lamp, a housing complaint) is 已转办: referred to
a department, whose reply the office records (forms/referrals.py).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("已接收")
    REVIEWING = "reviewing", _("审核中")
    FORWARDED = "forwarded", _("已转交法工委")
    ADOPTED = "adopted", _("已采纳")
    PARTLY_ADOPTED = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")
    DUPLICATE = "duplicate", _("重复/合并")
    INVALID = "invalid", _("无效")
    WITHDRAWN = "withdrawn", _("已撤回")
    REFERRED = "referred", _("已转办")


DECISIONS = {Status.ADOPTED, Status.PARTLY_ADOPTED, Status.NOT_ADOPTED}
# 已转办 is final for law-making (no decision, never overdue for a draft's reply deadline); the
# department's reply and the resident's rating are followed on the referral itself.
FINAL_STATUSES = {*DECISIONS, Status.DUPLICATE, Status.INVALID, Status.WITHDRAWN, Status.REFERRED}
# Not counted, shown or exported: spam, and opinions their submitters withdrew.
UNCOUNTED_STATUSES = {Status.INVALID, Status.WITHDRAWN}
# Moderated opinions that may be shown publicly (when the submitter allowed it).
PUBLIC_STATUSES = {Status.REVIEWING, Status.FORWARDED, *DECISIONS}


class Publication(models.TextChoices):
    """公开审核: whether and how an opinion's text is shown to the public, decided on its own,
    apart from the handling status, by someone with the personal-data right."""

    PENDING = "pending", _("待公开审核")
    MASKED = "masked", _("公开（隐去个人信息）")
    EDITED = "edited", _("公开编辑后的文本")
    RELEASED = "released", _("公开原文（已核准）")
    WITHHELD = "withheld", _("不公开")


PUBLISHED = {Publication.MASKED, Publication.EDITED, Publication.RELEASED}

TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.REVIEWING, Status.DUPLICATE, Status.INVALID, Status.REFERRED},
    Status.REVIEWING: {
        Status.FORWARDED,
        Status.DUPLICATE,
        Status.INVALID,
        Status.RECEIVED,
        Status.REFERRED,
    },
    Status.FORWARDED: {*DECISIONS, Status.DUPLICATE, Status.REVIEWING},
    Status.ADOPTED: set(),
    Status.PARTLY_ADOPTED: set(),
    Status.NOT_ADOPTED: set(),
    # A wrong call can be undone: back into review.
    Status.DUPLICATE: {Status.REVIEWING},
    Status.INVALID: {Status.REVIEWING},
    # Referred by mistake (it was about a draft after all): back into review. Only while the
    # department has not replied: see ``referrals.can_take_back``.
    Status.REFERRED: {Status.REVIEWING},
    # Only the submitter withdraws (``withdraw``), and that cannot be undone by an editor.
    Status.WITHDRAWN: set(),
}


class TransitionError(ValueError):
    """A transition the workflow does not allow, or one missing what it needs."""


def allowed_transitions(status: str) -> list[str]:
    return [s for s in Status.values if s in TRANSITIONS.get(status, set())]


def transition(
    opinion,
    to_status: str,
    *,
    user=None,
    note: str = "",
    reply: str = "",
    duplicate_of=None,
    notify: bool = True,
    referred_to=None,
):
    """Move ``opinion`` to ``to_status`` and record who did it. Raises TransitionError."""
    from django.db import transaction
    from django.utils import timezone

    from .models import StatusChange

    if to_status not in Status.values:
        raise TransitionError(_("未知状态。"))
    if to_status not in TRANSITIONS.get(opinion.status, set()):
        raise TransitionError(
            _("不能从“%(from)s”改为“%(to)s”。")
            % {"from": Status(opinion.status).label, "to": Status(to_status).label}
        )
    reply = (reply or "").strip()
    if to_status in DECISIONS and not reply:
        raise TransitionError(_("采纳结果需要填写答复。"))
    if to_status == Status.REFERRED and referred_to is None:
        # Only ``referrals.refer`` refers: it stores the department with the status.
        raise TransitionError(_("请选择转办单位。"))
    if to_status == Status.DUPLICATE:
        if duplicate_of is None:
            raise TransitionError(_("请指明与哪条意见重复。"))
        if duplicate_of.pk == opinion.pk:
            raise TransitionError(_("意见不能与自己重复。"))
    with transaction.atomic():
        if opinion.status == Status.REFERRED:
            from .referrals import cancel

            cancel(opinion)  # refused once the department replied
        change = StatusChange.objects.create(
            opinion=opinion, from_status=opinion.status, to_status=to_status, note=note, user=user
        )
        opinion.status = to_status
        fields = ["status", "updated_at"]
        if to_status in DECISIONS:
            opinion.reply = reply
            opinion.replied_at = timezone.now()
            fields += ["reply", "replied_at"]
        if to_status == Status.DUPLICATE:
            opinion.duplicate_of = duplicate_of
            fields.append("duplicate_of")
        opinion.save(update_fields=fields)
        if notify and to_status in DECISIONS and opinion.has_contact:
            from .tasks import notify_reply

            pk = opinion.pk
            transaction.on_commit(lambda: notify_reply.enqueue(pk))
    return change


def transition_many(opinions, to_status: str, **kwargs) -> tuple[int, list[str]]:
    """Apply one transition to many opinions (a group, a bulk action). Returns (done, errors)."""
    done, errors = 0, []
    for opinion in opinions:
        try:
            transition(opinion, to_status, **kwargs)
            done += 1
        except TransitionError as exc:
            errors.append(f"{opinion.receipt_code}: {exc}")
    return done, errors


# Withdrawal is refused once the opinion has a decision: the decision is part of the figures the
# page publishes (采纳情况反馈: received, adopted, partly, not adopted, adoption rate) and of what
# was reported to the committee. Taking it out afterwards would make those published figures
# untrue without anyone saying so; keeping it counted while calling it "withdrawn" would mislead
# the resident. Before a decision, withdrawing changes only live counts nobody has reported yet.
# The resident is told why, and where to go to have the text withheld or the contact erased
# (which changes no figure; contact details are also erased by retention after the feedback).
NOT_WITHDRAWABLE = {*DECISIONS, Status.WITHDRAWN}


def can_withdraw(opinion) -> bool:
    return not withdraw_refusal(opinion)


def withdraw_refusal(opinion) -> str:
    """Why this opinion cannot be withdrawn ('' if it can), in the resident's words."""
    if opinion.status == Status.WITHDRAWN:
        return str(_("这条意见已经撤回。"))
    if opinion.status in DECISIONS:
        return str(
            _(
                "这条意见已有办理结果（%(status)s），并已计入公开的意见采纳情况统计，所以不能再"
                "撤回：撤回会让已经公布的数字不再真实。如不希望公开您的意见内容，或要删除您的"
                "联系方式，请联系联系点办理，这不会改变统计数字。"
            )
            % {"status": opinion.status_display}  # in the page's words (SubmissionKind)
        )
    if opinion.status == Status.REFERRED:
        # The same reason for a department's reply: it counts in the published reply and
        # satisfaction rates (forms/referrals.py).
        from .referrals import open_referral

        referral = open_referral(opinion)
        if referral is not None and referral.is_replied:
            return str(
                _(
                    "有关单位已经答复，这次转办已计入公开的回复率和满意度统计，所以不能再撤回。"
                    "如要删除您的联系方式，请联系联系点办理，这不会改变统计数字。"
                )
            )
    return ""


def withdraw(opinion, *, note: str = ""):
    """The submitter withdraws their opinion (receipt code + contact checked by the caller): it
    leaves public display, counts and exports, the history records it, and the contact details
    are erased at once (PIPL: consent withdrawn). The text stays, marked 已撤回. Refused (with
    the reason) once the opinion has a decision: see ``NOT_WITHDRAWABLE``."""
    from django.db import transaction

    from .models import StatusChange

    with transaction.atomic():
        # The status as it is now, locked: a decision recorded since the resident's lookup wins.
        opinion.status = (
            type(opinion)
            .objects.select_for_update()
            .values_list("status", flat=True)
            .get(pk=opinion.pk)
        )
        if refusal := withdraw_refusal(opinion):
            raise TransitionError(refusal)
        change = StatusChange.objects.create(
            opinion=opinion,
            from_status=opinion.status,
            to_status=Status.WITHDRAWN,
            note=note or str(_("提交人撤回；联系方式已删除。")),
        )
        opinion.status = Status.WITHDRAWN
        for field in ("name", "phone", "email", "region"):
            setattr(opinion, field, "")
        opinion.save(update_fields=["status", "name", "phone", "email", "region", "updated_at"])
    return change


def decide_publication(opinion, decision: str, *, user, note: str = "", public_text: str = ""):
    """The 公开审核 step: record who decided what, and set what the public may read.

    The resident's text is never changed: an edited public text goes in its own field. Releasing
    the original text unmasked is an access to personal data and is audit-logged by the caller
    (the view has the request). Raises TransitionError."""
    from django.db import transaction

    from .masking import can_view_personal_data
    from .models import PublicationDecision

    if decision not in Publication.values or decision == Publication.PENDING:
        raise TransitionError(_("未知的公开审核结果。"))
    if not can_view_personal_data(user):
        raise TransitionError(_("只有可查看个人信息的人员才能进行公开审核。"))
    public_text = (public_text or "").strip()
    if decision == Publication.EDITED and not public_text:
        raise TransitionError(_("请填写公开的文本。"))
    with transaction.atomic():
        record = PublicationDecision.objects.create(
            opinion=opinion,
            from_decision=opinion.publication,
            decision=decision,
            public_text=public_text if decision == Publication.EDITED else "",
            note=note,
            user=user,
        )
        opinion.publication = decision
        opinion.published_text = public_text if decision == Publication.EDITED else ""
        opinion.save(update_fields=["publication", "published_text", "updated_at"])
    return record
