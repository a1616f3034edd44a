from django.core.management.base import BaseCommand

from forms import kept_uploads
from forms.retention import purge, retention_days


class Command(BaseCommand):
    help = (
        "Erase name, phone, email and address of opinions N days after their draft's feedback "
        "was published (OPINION_CONTACT_RETENTION_DAYS, default 180); text and figures stay. "
        "Also deletes attachments kept for a refused form that was never sent again (after a day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="default: the setting")
        parser.add_argument("--dry-run", action="store_true", help="only count")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = retention_days() if days is None else days
        ids = purge(days=days, dry_run=dry_run)
        verb = "would erase" if dry_run else "erased"
        self.stdout.write(f"{verb} contact details of {len(ids)} opinions (feedback ≥ {days} days)")
        if not dry_run:
            removed = kept_uploads.purge_stale()
            self.stdout.write(f"deleted {removed} pending attachments of unsent forms")
