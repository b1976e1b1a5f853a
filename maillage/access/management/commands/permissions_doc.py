"""`manage.py permissions_doc [--check]`: writes docs/permissions.md from the matrix module."""

from django.core.management.base import BaseCommand, CommandError

from maillage.access import docs


class Command(BaseCommand):
    help = "Génère docs/permissions.md à partir de maillage/access/matrix.py."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Ne rien écrire ; code de sortie 1 si le document n'est pas à jour.",
        )

    def handle(self, *args, check: bool, **options):
        text = docs.render()
        current = docs.DOC_PATH.read_text(encoding="utf-8") if docs.DOC_PATH.exists() else ""
        if check:
            if current != text:
                raise CommandError(
                    "docs/permissions.md n'est pas à jour : lancez « python manage.py "
                    "permissions_doc ».",
                    returncode=1,
                )
            self.stdout.write("docs/permissions.md est à jour.")
            return
        docs.DOC_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Écrit : {docs.DOC_PATH}"))
