"""How a submitter hears back. Email is built in; SMS/WeChat are pluggable backends.

``LAWBRIDGE_OPINION_NOTIFIERS`` lists dotted paths of classes with ``send(opinion, subject, body)``
returning True when they delivered something. The default sends email to submitters who gave an
email address and writes SMS to the log (console) for those who gave only a phone number — replace
``ConsoleSMSNotifier`` with a real gateway (阿里云短信, 腾讯云短信, 微信订阅消息) in production.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .masking import mask_phone

logger = logging.getLogger("lawbridge.opinions.notify")


class EmailNotifier:
    def send(self, opinion, subject: str, body: str) -> bool:
        if not opinion.email:
            return False
        send_mail(subject, body, None, [opinion.email])
        return True


class ConsoleSMSNotifier:
    """Development stand-in for an SMS gateway: logs what would be sent (phone masked)."""

    sent: list = []  # the last messages, for tests and the dev console

    def send(self, opinion, subject: str, body: str) -> bool:
        if not opinion.phone or opinion.email:
            return False
        message = f"[SMS to {mask_phone(opinion.phone)}] {subject}"
        logger.info(message)
        ConsoleSMSNotifier.sent = [*ConsoleSMSNotifier.sent[-99:], (opinion.phone, subject)]
        return True


def get_notifiers() -> list:
    paths = settings.LAWBRIDGE_OPINION_NOTIFIERS  # default in FormsConfig.default_settings
    return [import_string(path)() for path in paths]


def notify(opinion, subject: str, body: str) -> int:
    delivered = 0
    for notifier in get_notifiers():
        try:
            delivered += bool(notifier.send(opinion, subject, body))
        except Exception:  # one broken gateway must not stop the others
            logger.exception("notifier %s failed for opinion %s", notifier, opinion.pk)
    return delivered
