"""Answering many opinions with one reply (批量答复), typed or from a reply template.

Each opinion still goes through ``workflow.transition``: its own StatusChange row, its own reply
and its own notice to the submitter (notify_reply, queued on commit). A bulk answer is only a
loop over that one door, so the history reads the same as if each had been answered by hand.
Opinions the decision cannot reach (not yet forwarded, already answered, another draft's
template) are returned with their reason, never skipped in silence.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .workflow import DECISIONS, Status, TransitionError, transition

__all__ = ["DECISION_CHOICES", "answer_many", "blocked_reason"]

# In the order the office reads them.
DECISION_CHOICES = [
    (s, Status(s).label) for s in (Status.ADOPTED, Status.PARTLY_ADOPTED, Status.NOT_ADOPTED)
]


def blocked_reason(opinion, template=None) -> str:
    """Why this opinion cannot be answered now ("" if it can): shown on the confirmation page
    before anything is done, and again, per opinion, after."""
    from .workflow import TRANSITIONS

    if template is not None and not template.applies_to(opinion):
        return _("答复模板“%(name)s”只用于另一草案。") % {"name": template.name}
    if not TRANSITIONS.get(opinion.status, set()) & DECISIONS:
        return _("当前状态“%(status)s”不能答复（需先转交法工委）。") % {
            "status": Status(opinion.status).label
        }
    return ""


def answer_many(
    opinions, decision: str, *, reply: str, template=None, user=None, note: str = ""
) -> tuple[int, list[str]]:
    """Answer each opinion with ``decision`` and the reply (the template's text when no reply is
    typed). Returns (answered, errors: one line per opinion not answered, with its receipt code)."""
    if decision not in DECISIONS:
        raise TransitionError(_("请选择采纳结果。"))
    text = (reply or (template.text if template is not None else "")).strip()
    done, errors = 0, []
    for opinion in opinions:
        reason = blocked_reason(opinion, template)
        if not reason:
            try:
                transition(opinion, decision, user=user, note=note, reply=text)
            except TransitionError as exc:
                reason = str(exc)
        if reason:
            errors.append(f"{opinion.receipt_code}：{reason}")
        else:
            done += 1
    return done, errors
