"""Background work (django-tasks): nothing here runs inside a visitor's or editor's request in
production (database backend + worker); tests and development run it inline."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task


def _status_url(language: str = "") -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        path = reverse("opinions_status")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _page_title(opinion) -> str:
    """The draft's title in the submitter's language (call inside ``translation.override``)."""
    page = opinion.page.localized if opinion.page_id else None
    return page.title if page is not None else opinion.page_title


def _language(opinion) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return opinion.language if opinion.language in codes else settings.LANGUAGE_CODE


@task()
def send_receipt(opinion_id: int) -> None:
    from .models import Opinion

    opinion = Opinion.objects.filter(pk=opinion_id).first()
    if opinion is None or not opinion.email:
        return
    with translation.override(_language(opinion)):
        context = {
            "opinion": opinion,
            "page_title": _page_title(opinion),
            "status_url": _status_url(opinion.language),
        }
        subject = _("意见已收到，回执码 %(code)s") % {"code": opinion.receipt_code}
        body = render_to_string("forms/email/receipt.txt", context)
    send_mail(subject, body, None, [opinion.email])


@task()
def notify_reply(opinion_id: int) -> None:
    from .models import Opinion
    from .notifiers import notify
    from .submission_kinds import kind_for

    opinion = Opinion.objects.filter(pk=opinion_id).first()
    if opinion is None or not opinion.has_contact:
        return
    with translation.override(_language(opinion)):
        context = {
            "opinion": opinion,
            "page_title": _page_title(opinion),
            "status_url": _status_url(opinion.language),
        }
        kind = kind_for(opinion)  # a proposal is 建议, answered 列入计划 … (SubmissionKind)
        if kind.noun:
            subject = _("您的%(noun)s已有答复（回执码 %(code)s）") % {
                "noun": kind.noun,
                "code": opinion.receipt_code,
            }
        else:
            subject = _("您的意见已有答复（回执码 %(code)s）") % {"code": opinion.receipt_code}
        body = render_to_string("forms/email/reply.txt", context)
    notify(opinion, subject, body)


@task()
def notify_referral_reply(referral_id: int) -> None:
    """The department's reply to a referred request (forms/referrals.py). Marked sent only when a
    notifier delivered it: a gateway that is down leaves it 未发送, to be sent again."""
    from .notifiers import notify
    from .referral_models import Referral

    referral = (
        Referral.objects.select_related("opinion", "department").filter(pk=referral_id).first()
    )
    if referral is None or not referral.is_replied or not referral.opinion.has_contact:
        return
    opinion = referral.opinion
    with translation.override(_language(opinion)):
        context = {
            "opinion": opinion,
            "referral": referral,
            "status_url": _status_url(opinion.language),
        }
        subject = _("您反映的问题已有答复（回执码 %(code)s）") % {"code": opinion.receipt_code}
        body = render_to_string("forms/email/referral_reply.txt", context)
    if notify(opinion, subject, body):
        Referral.objects.filter(pk=referral.pk).update(notified_at=timezone.now())


@task()
def send_form_page_mail(opinion_id: int) -> None:
    """The form page's own notification to its editors (``to_address``), without contact data."""
    from .models import Opinion

    opinion = Opinion.objects.filter(pk=opinion_id).select_related("page").first()
    if opinion is None or opinion.page is None:
        return
    page = opinion.page.specific
    if not getattr(page, "to_address", ""):
        return
    lines = [f"{_('回执码')}: {opinion.receipt_code}", f"{_('意见内容')}: {opinion.text}"]
    lines += [f"{key}: {value}" for key, value in opinion.form_data.items()]
    send_mail(
        page.subject or page.title,
        "\n".join(lines),
        page.from_address or None,
        [a.strip() for a in page.to_address.split(",") if a.strip()],
    )


@task()
def export_batch(batch_id: int, send: bool = False, user_id: int | None = None) -> None:
    """Write the batch's XLSX summary and DOCX report to private storage; email them when
    ``send``, and then move the batch's opinions to 已转交法工委 in the name of ``user_id``
    (``batches.forward_batch``: where the workflow allows it)."""
    from .exports import export_storage, save_batch_exports
    from .models import Batch
    from .workflow import Status

    batch = Batch.objects.get(pk=batch_id)
    opinions = batch.opinions.exclude(status=Status.WITHDRAWN)
    previous = [name for name in (batch.xlsx_file, batch.docx_file) if name]
    xlsx_name, docx_name = save_batch_exports(batch, opinions)
    batch.xlsx_file = xlsx_name
    batch.docx_file = docx_name
    batch.exported_at = timezone.now()
    fields = ["xlsx_file", "docx_file", "exported_at"]
    recipients = [a.strip() for a in batch.recipient.split(",") if a.strip()]
    if send and recipients:
        message = EmailMessage(
            subject=_("立法意见建议报送：%(title)s") % {"title": batch.title},
            body=render_to_string("forms/email/batch.txt", {"batch": batch}),
            to=recipients,
        )
        for name, mime in (
            (xlsx_name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (docx_name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ):
            with export_storage().open(name, "rb") as handle:
                message.attach(f"{batch.title}.{name.rsplit('.', 1)[-1]}", handle.read(), mime)
        message.send()
        batch.state = batch.State.SENT
        batch.sent_at = timezone.now()
        fields += ["state", "sent_at"]
    batch.save(update_fields=fields)
    if batch.state == batch.State.SENT and send:
        from django.contrib.auth import get_user_model

        from .batches import forward_batch

        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        forward_batch(batch, user=user)
    # Superseded exports are not kept: one copy of the committee's files, not one per click.
    for name in previous:
        export_storage().delete(name)


@task()
def group_page(page_id: int, run_id: int | None = None) -> dict | None:
    """Group near-identical opinions of one page (see ``dedupe``); with ``run_id``, the run
    started from the admin records its progress and summary (see ``grouping``)."""
    if run_id is not None:
        from .grouping import execute_run

        return execute_run(run_id)
    from .dedupe import group_duplicates

    return group_duplicates(page_id)


@task()
def purge_contact_details(days: int | None = None) -> int:
    """The retention purge as a background job (enqueue it daily, or run the command from cron)."""
    from .kept_uploads import purge_stale
    from .retention import purge

    purge_stale()  # attachments kept for refused forms never sent again
    return len(purge(days=days))


@task()
def send_reminders() -> dict:
    """Overdue replies, windows about to close, drafts opening for their points (``reminders``);
    enqueue it hourly, or run ``manage.py send_opinion_reminders`` from cron."""
    from .reminders import run

    return run()
