from django.core.management.base import BaseCommand

from questionnaires.verification import purge_expired


class Command(BaseCommand):
    help = (
        "Delete questionnaire SMS codes nobody can use any more (expired, number not locked). "
        "Also done whenever a code is asked for; run it daily from cron to clear the last ones."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"deleted {purge_expired()} expired questionnaire SMS codes")
