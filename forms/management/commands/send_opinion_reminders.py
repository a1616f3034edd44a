from django.core.management.base import BaseCommand

from forms.reminders import CLOSING_DAYS, run


class Command(BaseCommand):
    help = (
        "Send the reminders that are due, each once: to the office when a page's reply deadline "
        f"has passed with opinions unanswered and {CLOSING_DAYS} days before a comment window "
        "closes; to each liaison point's staff when a draft it is linked to opens. "
        "Run it hourly from cron."
    )

    def handle(self, *args, **options):
        sent = run()
        self.stdout.write(
            "sent reminders: "
            + ", ".join(f"{kind} {count}" for kind, count in sorted(sent.items()))
        )
