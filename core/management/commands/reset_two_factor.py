"""``python manage.py reset_two_factor <username>``: remove a user's authenticator devices (a lost
or replaced phone). At their next sign-in they set up a new one with password and a fresh QR code;
only someone with shell access to the server can do this, never a password-only web session."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user


class Command(BaseCommand):
    help = "Remove every two-step sign-in device of one user."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        count = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            count += 1
        self.stdout.write(f"{username}: {count} device(s) removed.")
