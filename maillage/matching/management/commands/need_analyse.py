"""`maillage need analyse "TEXT" [--commune INSEE | --postcode CP | --department DD] --json`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.matching.engine import (
    MatchError,
    need_analyse,
    place_resolve,
    profile_json,
)
from maillage_core.matching import EmptyNeedError, NeedProfile


class Command(BaseCommand):
    help = "Analyse un besoin en français : domaines, compétences, lieu, urgence… et leurs indices."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="le besoin, tel que le demandeur l'écrit")
        parser.add_argument("--commune", help="code INSEE de la commune du demandeur")
        parser.add_argument("--postcode", help="code postal du demandeur")
        parser.add_argument("--department", help="département du demandeur (ex. 14)")
        parser.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            place = place_resolve(
                commune=options["commune"],
                postcode=options["postcode"],
                department=options["department"],
            )
            profile = need_analyse(options["text"], place=place)
        except (MatchError, EmptyNeedError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(profile_json(profile), ensure_ascii=False))
            return
        for line in describe(profile):
            self.stdout.write(line)


def describe(profile: NeedProfile) -> list[str]:
    """The profile for people: one line per part, with the words that said so."""

    def ev(words: tuple[str, ...] | str) -> str:
        return " « " + " », « ".join([words] if isinstance(words, str) else words) + " »"

    out = [f"domaines : {d.key} {d.weight:.2f}{ev(d.evidence)}" for d in profile.domains]
    out += [f"compétence : {s.key} {s.weight:.2f}{ev(s.evidence)}" for s in profile.skills]
    if profile.place:
        p = profile.place
        out.append(f"lieu : {p.name} ({p.kind} {p.code}){ev(p.evidence)} — {p.why}")
    if profile.sector:
        out.append(f"secteur : {profile.sector.label}{ev(profile.sector.evidence)}")
    if profile.size:
        s = profile.size
        out.append(f"taille : {s.size_class or '?'} {s.headcount or ''}{ev(s.evidence)}".strip())
    if profile.urgency:
        out.append(f"urgence : incident en cours{ev(profile.urgency.evidence)}")
    if profile.budget:
        b = profile.budget
        out.append(f"budget : {b.low}–{b.high} €{ev(b.evidence)}")
    if profile.time_frame:
        out.append(f"échéance : {profile.time_frame.kind}{ev(profile.time_frame.evidence)}")
    for r in profile.required_labels:
        out.append(f"label attendu : {' ou '.join(r.labels)}{ev(r.evidence)}")
    if profile.truncated:
        out.append("texte tronqué (trop long)")
    return out or ["aucun domaine ni compétence reconnus"]
