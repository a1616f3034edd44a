"""The point's 汇总报告: prefilled from what it recorded (its steps, their participants, the
opinions credited to it on the task's draft), edited by the point, then submitted once — the
DOCX generated at that moment is what the office receives and keeps.

The office may send a submitted report back (退回补充, ``send_back``) with a reason: the point reads
it, edits its steps and report and submits again. Each return is kept (``ReportReturn``) with the
DOCX the office had received, so nothing the point once sent is lost."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .evidence import credited
from .models import ConsultationTask, ReportReturn, TaskAssignment, TaskReport
from .notices import report_returned, report_submitted
from .workflow import AssignmentState, TransitionError, transition

__all__ = ["ReportRefused", "prefill", "report_for", "send_back", "submit"]

MAX_REASON = 2000


class ReportRefused(Exception):
    pass


def _steps(assignment):
    return list(assignment.steps.order_by("date", "pk"))


def prefill(assignment: TaskAssignment) -> dict:
    """Report text from the steps: one paragraph per step, the 梳理汇总 note as the opinions and
    the 反馈采纳 note as the feedback, participants added up."""
    steps = _steps(assignment)
    lines = []
    for step in steps:
        line = _("%(date)s，%(step)s") % {
            "date": step.date.strftime("%Y-%m-%d"),
            "step": step.get_step_display(),
        }
        if step.participants:
            line += _("（%(n)s 人参与）") % {"n": step.participants}
        if step.note:
            line += _("：%(note)s") % {"note": step.note}
        lines.append(line)
    by_step = {step.step: step for step in steps}
    figures = credited(assignment)
    participants = sum(step.participants or 0 for step in steps) or None
    return {
        "summary": "\n".join(lines),
        "opinions": by_step["summary"].note if "summary" in by_step else "",
        "feedback": by_step["feedback"].note if "feedback" in by_step else "",
        "participants": participants,
        "opinions_count": figures["collected"] if figures else None,
    }


def report_for(assignment: TaskAssignment) -> TaskReport:
    """The report, made from the steps the first time it is opened (unsaved until edited)."""
    report = TaskReport.objects.filter(assignment=assignment).first()
    if report is None:
        report = TaskReport(assignment=assignment, **prefill(assignment))
    return report


@transaction.atomic
def submit(report: TaskReport, user) -> TaskReport:
    """Save the report, generate its DOCX and mark the assignment reported, once."""
    from .report_docx import report_docx

    assignment = (
        TaskAssignment.objects.select_for_update(of=("self",))
        .select_related("task")
        .get(pk=report.assignment_id)
    )
    if assignment.state == AssignmentState.NOT_STARTED:
        transition(assignment, AssignmentState.IN_PROGRESS)
    if (
        assignment.state not in (AssignmentState.IN_PROGRESS, AssignmentState.RETURNED)
        or assignment.task.state != ConsultationTask.State.SENT
    ):
        raise ReportRefused
    now = timezone.now()
    report.assignment = assignment
    report.submitted_at = now
    report.submitted_by = user
    report.save()
    content = report_docx(report)
    report.docx.save(f"report-{assignment.pk}.docx", ContentFile(content), save=False)
    report.save(update_fields=["docx"])
    transition(assignment, AssignmentState.REPORTED)
    assignment.reported_at = now
    assignment.save(update_fields=["state", "reported_at"])
    transaction.on_commit(lambda: report_submitted(assignment))
    return report


@transaction.atomic
def send_back(assignment: TaskAssignment, reason: str, user=None) -> ReportReturn:
    """退回补充: return the submitted report to the point with ``reason`` (required); refused
    (``ReportRefused``) when the report is not submitted or the task is closed, so a second click
    stores nothing twice."""
    reason = (reason or "").replace("\x00", "").strip()[:MAX_REASON]
    if not reason:
        raise ValueError("a reason is required")
    assignment = (
        TaskAssignment.objects.select_for_update(of=("self",))
        .select_related("task")
        .get(pk=assignment.pk)
    )
    if assignment.task.state != ConsultationTask.State.SENT:
        raise ReportRefused
    try:
        transition(assignment, AssignmentState.RETURNED)
    except TransitionError as exc:
        raise ReportRefused from exc
    report = TaskReport.objects.filter(assignment=assignment).first()
    returned = ReportReturn.objects.create(
        assignment=assignment,
        reason=reason,
        returned_by=user if getattr(user, "is_authenticated", False) else None,
        submitted_at=report.submitted_at if report else assignment.reported_at,
        docx=report.docx.name if report and report.docx else "",
    )
    if report is not None:
        # The point edits a draft again; the DOCX the office received stays with the return.
        report.submitted_at = None
        report.docx = ""
        report.save(update_fields=["submitted_at", "docx"])
    assignment.save(update_fields=["state"])
    transaction.on_commit(lambda: report_returned(assignment, reason))
    return returned
