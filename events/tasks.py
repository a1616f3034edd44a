"""Background work (django-tasks): the SMS with a sign-up's cancel code, and a late change of an
event told to everyone signed up. Both go through ``core.notify`` (SMS/e-mail gateways may be
down: what could not be sent is recorded, never raised)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from core import notify


def _language(registration) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return registration.language if registration.language in codes else settings.LANGUAGE_CODE


@task()
def send_cancel_code(registration_id: int) -> None:
    from .models import EventRegistration

    registration = (
        EventRegistration.objects.active()
        .select_related("event")
        .filter(pk=registration_id, code_sent__isnull=True)
        .first()
    )
    if registration is None:
        return
    with translation.override(_language(registration)):
        text = gettext(
            "【%(site)s】您已报名“%(title)s”，%(people)s人。取消码 %(code)s，"
            "如需取消请到活动页面的“取消报名”输入电话号码和取消码。"
        ) % {
            "site": gettext("立法连心桥"),
            "title": registration.event.title,
            "people": registration.people,
            "code": registration.cancel_code,
        }
    sent = notify.send(notify.Message(subject=text, body=text, phone=registration.phone))
    EventRegistration.objects.filter(pk=registration.pk).update(code_sent=sent)


@task()
def notify_change(notice_id: int) -> None:
    from .changes import describe
    from .models import EventChangeNotice

    notice = EventChangeNotice.objects.select_related("event").filter(pk=notice_id).first()
    if notice is None or notice.done:
        return
    event = notice.event
    not_reached = []
    sent = 0
    for registration in event.registrations.active().filter(created__lte=notice.created):
        with translation.override(_language(registration)):
            text = describe(event, notice.changes)
        if notify.send(notify.Message(subject=text, body=text, phone=registration.phone)):
            sent += 1
        else:
            not_reached.append(registration)
    notice.sent = sent
    notice.done = True
    notice.save(update_fields=["sent", "done"])
    notice.not_reached.set(not_reached)
