from django.core.management.base import BaseCommand

from consultations.reminders import run


class Command(BaseCommand):
    help = (
        "Remind each liaison point of a consultation task it has not reported: once a few days "
        "before the due date (CONSULTATION_REMINDER_DAYS) and once after it. Each reminder goes "
        "out once; one that reached nobody is tried again next run. Run it daily from cron."
    )

    def handle(self, *args, **options):
        sent = run()
        self.stdout.write(
            "sent task reminders: "
            + ", ".join(f"{kind} {count}" for kind, count in sorted(sent.items()))
        )
