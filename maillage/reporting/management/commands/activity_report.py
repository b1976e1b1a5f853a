"""`manage.py activity_report --network SLUG --from 2026-01-01 --to 2026-12-31 --format json`:
the same figures as the reporting page, outside the web."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.reporting.report import FORMATS, ArsTemplateError, build_report, render


class _CommandUser:
    full_name = "la commande activity_report"


def _date(value: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option} : « {value} » n'est pas une date au format AAAA-MM-JJ."
        ) from None


class Command(BaseCommand):
    help = "Rapport d'activité (indicateurs ARS) d'un réseau ou de toute la plateforme."

    def add_arguments(self, parser):
        parser.add_argument("--network", default="", help="slug du réseau (vide : plateforme)")
        parser.add_argument("--from", dest="start", required=True, help="début AAAA-MM-JJ")
        parser.add_argument("--to", dest="end", required=True, help="fin AAAA-MM-JJ (incluse)")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="json")
        parser.add_argument("--output", required=True, help="fichier à écrire ('-' : sortie)")
        parser.add_argument("--thematic", default="", help="code d'une thématique")
        parser.add_argument(
            "--hide-small-cells",
            action="store_true",
            help="affiche « < 10 » pour les effectifs de moins de 10 (publication hors ARS)",
        )
        parser.add_argument(
            "--ars-template", default="", help="modèle régional (templates_ars/<région>.toml)"
        )

    def handle(self, *args, **options):
        from maillage.networks.models import Network, Thematic

        start = _date(options["start"], "--from")
        end = _date(options["end"], "--to")
        if end < start:
            raise CommandError(
                f"Période : la fin ({end:%d/%m/%Y}) précède le début ({start:%d/%m/%Y})."
            )
        slug = options["network"]
        if slug:
            networks = list(Network.objects.filter(slug=slug))
            if not networks:
                raise CommandError(f"--network : aucun réseau « {slug} ».")
        else:
            networks = list(Network.objects.order_by("slug"))
        thematic = options["thematic"] or None
        if thematic and not Thematic.objects.filter(code=thematic).exists():
            raise CommandError(f"--thematic : aucune thématique « {thematic} ».")
        fmt = options["fmt"]
        if options["ars_template"] and fmt != "xlsx":
            raise CommandError("--ars-template : ce modèle se produit au format xlsx.")
        report = build_report(
            networks, start, end, thematic=thematic, mask_small=options["hide_small_cells"]
        )
        try:
            content = render(
                report, fmt, stamp_user=_CommandUser(), ars_template=options["ars_template"]
            )
        except ArsTemplateError as exc:
            raise CommandError(str(exc)) from exc
        if options["output"] == "-":
            self.stdout.write(content.decode("utf-8") if fmt == "json" else "")
        else:
            Path(options["output"]).write_bytes(content)
        if report.data["meta"]["empty"]:
            self.stderr.write(
                f"Aucune activité enregistrée du {start:%d/%m/%Y} au {end:%d/%m/%Y} : "
                "le rapport est vide."
            )
        self.stderr.write(f"{fmt} écrit : {options['output']} ({len(content)} octets).")
