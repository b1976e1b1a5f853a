"""Score one instrument from JSON answers: `manage.py score MNA_SF < answers.json`.

Answers come on standard input or from `--answers FILE`: `{"items": [2, 3, 2, 2, 2, 3]}` in the
official item order (booleans for yes/no items), or for AGGIR `{"variables": {...}}` where each
variable or sub-variable is a letter or the four adverbs. The result is printed as JSON
(`instrument`, `version`, `score`, `category`, `label`, `details`; AGGIR adds `gir`, `rank`,
`letters`). Invalid answers exit non-zero with a French message naming the item. `--list`
prints the instruments and their item counts.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.assessments.instruments import (
    INSTRUMENTS,
    AnswerError,
    UnknownInstrument,
    get_instrument,
)
from maillage.assessments.instruments.aggir import AggirInstrument


class Command(BaseCommand):
    help = "Calcule le résultat d'un instrument d'évaluation à partir de réponses JSON."
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests

    def add_arguments(self, parser):
        parser.add_argument("instrument", nargs="?", help="Code de l'instrument (ex. mna_sf).")
        parser.add_argument(
            "--answers", help="Fichier JSON des réponses (sinon l'entrée standard)."
        )
        parser.add_argument(
            "--list", action="store_true", help="Liste les instruments et leur nombre d'items."
        )

    def handle(self, *args, **options):
        if options["list"]:
            self._list()
            return
        if not options["instrument"]:
            raise CommandError("Indiquez un instrument (ou --list pour les voir).")
        try:
            instrument = get_instrument(options["instrument"])
        except UnknownInstrument as exc:
            raise CommandError(str(exc)) from exc
        answers = self._read_answers(options["answers"], options.get("stdin") or sys.stdin)
        try:
            result = instrument.score(answers)
        except AnswerError as exc:
            raise CommandError("Réponses refusées :\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))

    def _read_answers(self, path: str | None, stdin):
        if path:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Fichier de réponses illisible : {path} ({exc}).") from exc
        else:
            text = stdin.read()
        if not text.strip():
            raise CommandError("Aucune réponse reçue : donnez un JSON sur l'entrée standard.")
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"JSON invalide à la ligne {exc.lineno}, colonne {exc.colno} : {exc.msg}."
            ) from exc

    def _list(self):
        for code, instrument in INSTRUMENTS.items():
            if isinstance(instrument, AggirInstrument):
                count = (
                    f"{instrument.item_count} variables discriminantes "
                    f"({instrument.subvariable_count} avec les sous-variables), "
                    "7 illustratives"
                )
            else:
                n = instrument.item_count
                count = f"{n} item" if n == 1 else f"{n} items"
            self.stdout.write(f"{code}\t{count}\t{instrument.name} — version {instrument.version}")
