"""`maillage match "TEXT" [--commune INSEE] [--postcode CP] [--department DD] [--limit N] --json`
and `maillage match --batch needs.jsonl` (one need per line in, one result line out).

Batch lines are `{"id", "text", "commune"?, "postcode"?, "department"?}` (other keys are
ignored). A file that cannot be read, or a line that is not a JSON object with a text, refuses
the whole file before anything is printed. A line whose place is unknown or inconsistent
(a commune outside the département given with it) answers `{"id", "error"}` and the other
lines still answer; the exit status is then 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.matching.engine import (
    MAX_LIMIT,
    MatchError,
    match,
    match_profile,
    need_analyse,
    place_resolve,
    ranked_rows,
)
from maillage_core.matching import EmptyNeedError, NeedProfile

MAX_BATCH_BYTES = 64 * 1024 * 1024
PLACE_KEYS = ("commune", "postcode", "department")


class Command(BaseCommand):
    help = (
        "Propose les prestataires de l'annuaire les mieux placés pour un besoin, avec les raisons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", nargs="?", help="le besoin, tel que le demandeur l'écrit")
        parser.add_argument("--commune", help="code INSEE de la commune du demandeur")
        parser.add_argument("--postcode", help="code postal du demandeur")
        parser.add_argument("--department", help="département du demandeur (ex. 14)")
        parser.add_argument("--limit", type=int, default=10, help=f"résultats (1 à {MAX_LIMIT})")
        parser.add_argument(
            "--emergency", action="store_true", help="urgence cyber : intervenants d'astreinte"
        )
        parser.add_argument("--batch", help="fichier JSONL : un besoin par ligne")
        parser.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"]:
            if options["text"]:
                raise CommandError("Donnez soit un texte, soit --batch, pas les deux.")
            self._batch(Path(options["batch"]), options["limit"], options["emergency"])
            return
        if options["text"] is None:
            raise CommandError("Indiquez le besoin (texte) ou --batch FICHIER.")
        try:
            ranked = match(
                options["text"],
                commune=options["commune"],
                postcode=options["postcode"],
                department=options["department"],
                limit=options["limit"],
                emergency=options["emergency"],
            )
        except (MatchError, EmptyNeedError) as exc:
            raise CommandError(str(exc)) from exc
        rows = ranked_rows(ranked)
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write("aucun prestataire trouvé")
        for position, row in enumerate(rows, start=1):
            distance = f"{row['distance_km']:.0f} km" if row["distance_km"] is not None else ""
            self.stdout.write(
                f"{position:>3}  {row['score']:>6.3f}  {row['name'][:44]:<44}  {distance:>7}"
            )
            for reason in row["reasons"]:
                self.stdout.write(f"       · {reason}")

    def _batch(self, path: Path, limit: int, emergency: bool) -> None:
        """Every line is checked and analysed before anything is written: a bad file gives
        one error naming the line, and no output."""
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"Le nombre de résultats doit être entre 1 et {MAX_LIMIT}.")
        needs = _read_batch(path)
        failed = 0
        for need_id, profile in needs:
            if isinstance(profile, str):
                failed += 1
                self.stderr.write(f"{path.name}, besoin {need_id!r} : {profile}")
                line: dict[str, Any] = {"id": need_id, "error": profile}
            else:
                ranked = match_profile(profile, limit=limit, emergency=emergency)
                line = {"id": need_id, "results": ranked_rows(ranked)}
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        if failed:
            raise CommandError(f"{failed} besoin(s) sans réponse : lieu inconnu ou incohérent.")


def _read_batch(path: Path) -> list[tuple[Any, NeedProfile | str]]:
    try:
        if path.stat().st_size > MAX_BATCH_BYTES:
            raise CommandError(f"{path.name} : fichier trop gros (64 Mo au plus).")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"Fichier introuvable : {path}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path.name} : le fichier n'est pas du texte UTF-8.") from None
    except OSError as exc:
        raise CommandError(f"{path.name} : lecture impossible ({exc.strerror}).") from None
    out: list[tuple[Any, NeedProfile | str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            out.append(_parse_line(raw))
        except (MatchError, EmptyNeedError, ValueError) as exc:
            raise CommandError(f"{path.name}, ligne {number} : {exc}") from None
    return out


def _parse_line(raw: str) -> tuple[Any, NeedProfile | str]:
    """(id, profile), or (id, the French reason) when the line's place cannot be used."""
    try:
        item = json.loads(raw)
    except json.JSONDecodeError:
        raise ValueError("JSON invalide") from None
    if not isinstance(item, dict):
        raise ValueError('un objet JSON est attendu : {"id", "text", "commune"…}')
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('le champ "text" manque ou est vide')
    places = {k: item[k] for k in PLACE_KEYS if item.get(k)}
    if any(not isinstance(v, (str, int)) or isinstance(v, bool) for v in places.values()):
        raise ValueError("commune, postcode et department sont des chaînes")
    try:
        place = place_resolve(**{k: str(v) for k, v in places.items()})
    except MatchError as exc:
        return item.get("id"), str(exc)
    return item.get("id"), need_analyse(text, place=place)
