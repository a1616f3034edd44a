"""``python manage.py reset_two_factor <username>``: remove a user's authenticator devices (a lost
or replaced phone). At their next sign-in they set up a new one with password and a fresh QR code;
also a superuser from the user's page in the admin (``core.accounts``), never a
password-only session of the user themselves."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.accounts import remove_devices


class Command(BaseCommand):
    help = "Remove every two-step sign-in device of one user."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        count = remove_devices(user)
        self.stdout.write(f"{username}: {count} device(s) removed.")
