from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partners.screening import services
from partners.screening.consolidated_list import ListFileError


class Command(BaseCommand):
    help = (
        "Import the UN Security Council Consolidated List from a file or from its configured "
        "address (SCREENING_LIST_URL), then screen the registry against what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", help="a consolidated.xml on disk")
        parser.add_argument("--url", help="download from this address instead of the setting")
        parser.add_argument(
            "--screen-now",
            action="store_true",
            help="screen the registry in this process instead of queueing the task",
        )

    def handle(self, *args, **options):
        try:
            if options["file"]:
                path = Path(options["file"])
                version = services.list_import(content=path.read_bytes(), source=str(path))
            else:
                version = services.list_import_from_url(url=options["url"])
        except (ListFileError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"version {version.pk}: {version.entries} entries, {version.added} added, "
            f"{version.changed} changed, {version.removed} removed"
        )
        if options["screen_now"]:
            matches = services.list_version_screen(version_id=version.pk)
            self.stdout.write(f"{len(matches)} possible matches raised or refreshed")
