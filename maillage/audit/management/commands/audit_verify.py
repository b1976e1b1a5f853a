"""`manage.py audit_verify [--database ALIAS]`: checks the whole audit chain; exit code 1 and the
first broken event when it is not intact."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from maillage.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Vérifie la chaîne d'empreintes du journal d'audit (code de sortie 1 si elle est rompue)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Alias de la base à vérifier (par défaut : default).",
        )

    def handle(self, *args, database: str, **options):
        report = verify_chain(using=database)
        if report.starts_after_purge:
            self.stdout.write(
                "Note : le plus ancien évènement conservé suit des évènements purgés "
                "(durée de conservation) ; la chaîne est vérifiée à partir de lui."
            )
        if not report.ok:
            event = report.broken_event
            at = timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M:%S")
            raise CommandError(
                f"Journal d'audit ROMPU au premier évènement fautif n° {event.pk} "
                f"({at}, action « {event.action} ») : {report.reason}. "
                f"{report.checked} évènement(s) intègre(s) avant lui.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal d'audit intègre : {report.checked} évènement(s) vérifié(s)."
            )
        )
