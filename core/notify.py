"""Telling one person something by SMS or e-mail, for any plugin, without it knowing the gateway.

A plugin builds a ``Message`` (already translated into the person's language) and calls
``send(message)``; the channels in ``settings.LAWBRIDGE_NOTIFY_CHANNELS`` (dotted paths of classes
with ``send(message) -> bool``) each deliver what they can: e-mail to an address, SMS to a phone.
The default SMS channel only writes to the log (a development stand-in): plug a gateway in
(阿里云短信, 腾讯云短信) in production.

A gateway may be down: ``send`` never raises. It says whether any channel delivered, so the caller
can record who was not reached and staff can phone them instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

__all__ = ["Channel", "ConsoleSMSChannel", "EmailChannel", "Message", "send"]

logger = logging.getLogger("lawbridge.notify")

DEFAULT_CHANNELS = ["core.notify.EmailChannel", "core.notify.ConsoleSMSChannel"]


@dataclass(frozen=True)
class Message:
    """One notice to one person: a short ``subject`` (the whole SMS) and a longer ``body``."""

    subject: str
    body: str = ""
    phone: str = ""
    email: str = ""


@runtime_checkable
class Channel(Protocol):
    def send(self, message: Message) -> bool:
        """Deliver if this channel can reach the person; True when something was sent."""


class EmailChannel:
    def send(self, message: Message) -> bool:
        if not message.email:
            return False
        send_mail(message.subject, message.body or message.subject, None, [message.email])
        return True


class ConsoleSMSChannel:
    """Development stand-in for an SMS gateway: logs that a message went out (phone masked)."""

    sent: list = []  # the last messages (phone, subject), for tests and the dev console

    def send(self, message: Message) -> bool:
        if not message.phone:
            return False
        masked = message.phone[:3] + "****" + message.phone[-4:]
        logger.info("[SMS to %s] %s", masked, message.subject)
        ConsoleSMSChannel.sent = [*ConsoleSMSChannel.sent[-99:], (message.phone, message.subject)]
        return True


def channels() -> list[Channel]:
    paths = getattr(settings, "LAWBRIDGE_NOTIFY_CHANNELS", DEFAULT_CHANNELS)
    return [import_string(path)() for path in paths]


def send(message: Message) -> bool:
    """Whether any channel delivered ``message``; a failing channel is logged, never raised."""
    delivered = False
    for channel in channels():
        try:
            delivered = bool(channel.send(message)) or delivered
        except Exception:  # one broken gateway must not stop the others, nor the caller
            logger.exception("notify channel %s failed", type(channel).__name__)
    return delivered
