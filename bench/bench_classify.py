"""Job-offer classification on the real labelled France Travail offers.

`python -m bench classify` prints top-1/top-3 accuracy of the classifier and of the title-only
TF-IDF baseline on the same offers, in the same run, and the classifier's throughput.

Truth. Each offer carries the `romeCode` France Travail gave it when it was published, with the
appellation (`appellationlibelle`) the recruiter picked. All those codes exist in ROME 4.0 v60
(the Ardèche file's 150 and the 18 data/AI offers), but some offers were coded before a ROME 4.0
fiche was split: the appellation now belongs to a child fiche (e.g. "Conseiller en économie
sociale et familiale" moved from K1201 to K1225 when ROME 4.0 grew to 1,584 fiches in June
2025; the Ardèche offers date from May 2025). We therefore report three figures:

- **strict**: the prediction equals the carried `romeCode`;
- **v60**: the carried `romeCode` expressed in ROME v60, the taxonomy the classifier predicts
  in: when v60 files the offer's appellation (`appellationlibelle`, picked by the recruiter)
  under one other fiche, that fiche is the truth (16 of the 168 offers), otherwise the carried
  code. This is the target figure: a v60 classifier cannot be asked for codes v60 moved;
- **reconciled**: the prediction equals the carried code *or* that v60 fiche.

Truths come from the offer's own fields and the official referential, never from predictions;
the classifier sees only `intitule` and `description` (plus, as the platform does, France
Travail's published hiring volumes per ROME fiche: `rome/rome3_naf_embauches_labonneboite.csv`).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from maillage_core.offers import Offer, OfferClassifier, Taxonomy, taxonomy_from_rome_rows
from maillage_core.offers.baseline import TitleBaseline
from maillage_core.offers.esco import EscoEntry, EscoSpotter
from maillage_core.offers.prior import hiring_volumes

ROOT = Path(__file__).resolve().parent.parent


def shared_data() -> Path:
    for candidate in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"):
        if (candidate / "README.md").exists():
            return candidate
    sys.exit("../shared/data is not present")


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def load_rome_taxonomy(data: Path) -> Taxonomy:
    """ROME 4.0 v60 from `rome/rome4_v460/` (the official RefRomeCsv files)."""
    d = data / "rome" / "rome4_v460"
    return taxonomy_from_rome_rows(
        fiches=_rows(d / "unix_referentiel_code_rome_v460_utf8.csv"),
        appellations=_rows(d / "unix_referentiel_appellation_v460_utf8.csv"),
        links=_rows(d / "unix_liens_rome_referentiels_v460_utf8.csv"),
        competences=_rows(d / "unix_referentiel_competence_v460_utf8.csv"),
        savoirs=_rows(d / "unix_referentiel_savoir_v460_utf8.csv"),
        texts=_rows(d / "unix_texte_v460_utf8.csv"),
        contexts=_rows(d / "unix_referentiel_contexte_travail_v460_utf8.csv"),
    )


def load_hirings(data: Path) -> dict[str, int]:
    """La Bonne Boîte's ROME v3 × NAF DPAE hirings, summed by ROME code."""
    return hiring_volumes(
        (r["rome_id"], int(r["hirings"] or 0))
        for r in _rows(data / "rome" / "rome3_naf_embauches_labonneboite.csv")
    )


def load_esco(data: Path) -> EscoSpotter:
    """ESCO v1 French skills (`esco/skills_fr.csv`: preferred and alternative labels)."""
    return EscoSpotter(
        EscoEntry(
            uri=r["conceptUri"],
            label=r["preferredLabel"],
            alt_labels=tuple(a.strip() for a in r["altLabels"].split("\n") if a.strip()),
            knowledge=r["skillType"] == "knowledge",
        )
        for r in _rows(data / "esco" / "skills_fr.csv")
    )


@dataclass(frozen=True)
class Labelled:
    offer: Offer
    rome: str  # the carried romeCode
    accepted: frozenset[str]  # rome + the v60 fiche(s) holding the offer's appellation today
    source: str

    @property
    def current(self) -> str:
        """The carried code in ROME v60: the one other fiche now holding the appellation."""
        moved = self.accepted - {self.rome}
        return next(iter(moved)) if len(moved) == 1 else self.rome


def load_labelled_offers(data: Path) -> list[Labelled]:
    """The 150 Ardèche offers (flattened CSV) and the 18 data/AI offers (raw API JSON)."""
    d = data / "rome" / "rome4_v460"
    holders: dict[str, set[str]] = {}
    for r in _rows(d / "unix_referentiel_appellation_v460_utf8.csv"):
        for label in (r["libelle_appellation_long"], r["libelle_appellation_court"]):
            holders.setdefault(label, set()).add(r["code_rome"])
    raw: list[tuple[dict[str, str], str]] = [
        (r, "ardeche")
        for r in _rows(data / "emploi" / "ft_offres_api_aplaties_ardeche_2025-05.csv")
    ]
    with (data / "emploi" / "ft_offres_api_brutes_data_ia_2026.json").open(encoding="utf-8") as fh:
        raw += [(r, "data_ia") for r in json.load(fh)]
    out = []
    for r, source in raw:
        rome = r["romeCode"]
        accepted = frozenset({rome} | holders.get(r.get("appellationlibelle") or "", set()))
        out.append(Labelled(Offer.from_json(r), rome, accepted, source))
    return out


@dataclass(frozen=True)
class Scores:
    n: int
    top1: float
    top3: float
    top1_reconciled: float
    top3_reconciled: float
    top1_v60: float
    top3_v60: float


def score(predictions: list[tuple[str, ...]], truth: list[Labelled]) -> Scores:
    n = len(truth)

    def rate(hit: list[bool]) -> float:
        return sum(hit) / n if n else 0.0

    return Scores(
        n=n,
        top1=rate([bool(p) and p[0] == t.rome for p, t in zip(predictions, truth, strict=True)]),
        top3=rate([t.rome in p[:3] for p, t in zip(predictions, truth, strict=True)]),
        top1_reconciled=rate(
            [bool(p) and p[0] in t.accepted for p, t in zip(predictions, truth, strict=True)]
        ),
        top3_reconciled=rate(
            [bool(set(p[:3]) & t.accepted) for p, t in zip(predictions, truth, strict=True)]
        ),
        top1_v60=rate(
            [bool(p) and p[0] == t.current for p, t in zip(predictions, truth, strict=True)]
        ),
        top3_v60=rate([t.current in p[:3] for p, t in zip(predictions, truth, strict=True)]),
    )


def evaluate(data: Path) -> dict[str, object]:
    taxonomy = load_rome_taxonomy(data)
    started = time.perf_counter()
    classifier = OfferClassifier(taxonomy, load_hirings(data), load_esco(data))
    build_s = time.perf_counter() - started
    baseline = TitleBaseline(taxonomy)
    labelled = load_labelled_offers(data)
    ours = [classifier.classify(t.offer).codes for t in labelled]
    base = [baseline.classify(t.offer.intitule) for t in labelled]
    return {
        "build_s": build_s,
        "classifier": score(ours, labelled),
        "baseline": score(base, labelled),
        "by_source": {
            src: (
                score(
                    [p for p, t in zip(ours, labelled, strict=True) if t.source == src],
                    [t for t in labelled if t.source == src],
                ),
                score(
                    [p for p, t in zip(base, labelled, strict=True) if t.source == src],
                    [t for t in labelled if t.source == src],
                ),
            )
            for src in ("ardeche", "data_ia")
        },
        "classifier_obj": classifier,
        "baseline_obj": baseline,
        "labelled": labelled,
        "predictions": ours,
    }


def _throughput(
    fn: Callable[[Offer], object], offers: list[Offer], seconds: float, rounds: int = 5
) -> tuple[float, float, float]:
    """(offers per wall-clock second, best and median offers per CPU second of this process).

    CPU time is the "one core" figure: the machine is shared, so wall-clock throughput drops
    with other people's load. CPU time still inflates under load (two busy hyperthreads share
    a core's caches), so ``seconds`` is cut into ``rounds`` rounds and, as `timeit` advises,
    the best round is the figure for the code; the median shows the spread.
    """
    per_round = seconds / rounds
    count, cpu_rates = 0, []
    wall = time.perf_counter()
    for _ in range(rounds):
        n, started, cpu = 0, time.perf_counter(), time.process_time()
        while time.perf_counter() - started < per_round:
            for o in offers:
                fn(o)
            n += len(offers)
        cpu_rates.append(n / (time.process_time() - cpu))
        count += n
    cpu_rates.sort()
    return count / (time.perf_counter() - wall), cpu_rates[-1], cpu_rates[len(cpu_rates) // 2]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench classify")
    parser.add_argument("--seconds", type=float, default=5.0, help="throughput measuring time")
    parser.add_argument("--errors", action="store_true", help="print the misclassified offers")
    args = parser.parse_args(argv)
    data = shared_data()
    result = evaluate(data)
    ours: Scores = result["classifier"]  # type: ignore[assignment]  # evaluate() builds these
    base: Scores = result["baseline"]  # type: ignore[assignment]  # evaluate() builds these
    print(f"ROME 4.0 v60 taxonomy indexed in {result['build_s']:.1f} s")
    print(
        f"{'':24}{'v60 top-1':>10}{'top-3':>7}{'strict top-1':>14}{'top-3':>7}"
        f"{'rec. top-1':>12}{'top-3':>7}   (n={ours.n})"
    )
    for name, s in (("classifier", ours), ("baseline (title TF-IDF)", base)):
        print(
            f"{name:24}{s.top1_v60:10.3f}{s.top3_v60:7.3f}{s.top1:14.3f}{s.top3:7.3f}"
            f"{s.top1_reconciled:12.3f}{s.top3_reconciled:7.3f}"
        )
    for src, (o, b) in result["by_source"].items():  # type: ignore[attr-defined]  # dict built above
        print(
            f"  {src:10} n={o.n:3}  top-1 v60 / strict: classifier {o.top1_v60:.3f} / "
            f"{o.top1:.3f}, baseline {b.top1_v60:.3f} / {b.top1:.3f}"
        )
    ratio = ours.top1_v60 / base.top1_v60 if base.top1_v60 else float("inf")
    print(f"top-1 (v60) ratio classifier / baseline: {ratio:.2f}x; target top-1 >= 0.75")
    classifier_: OfferClassifier = result["classifier_obj"]  # type: ignore[assignment]  # ditto
    labelled_: list[Labelled] = result["labelled"]  # type: ignore[assignment]  # ditto
    mentions = [classifier_.classify(t.offer).skills for t in labelled_]
    esco = [sum(1 for s in m if s.kind == "esco") for m in mentions]
    rome = [sum(1 for s in m if s.kind != "esco") for m in mentions]
    n = len(mentions)
    print(
        f"skills mentioned per offer: ROME {sum(rome) / n:.1f} "
        f"({sum(1 for k in rome if k) / n:.0%} of offers), "
        f"ESCO {sum(esco) / n:.1f} ({sum(1 for k in esco if k) / n:.0%} of offers)"
    )
    classifier: OfferClassifier = result["classifier_obj"]  # type: ignore[assignment]  # ditto
    baseline: TitleBaseline = result["baseline_obj"]  # type: ignore[assignment]  # ditto
    labelled: list[Labelled] = result["labelled"]  # type: ignore[assignment]  # ditto
    offers = [t.offer for t in labelled]
    ops, ops_cpu, ops_med = _throughput(classifier.classify, offers, args.seconds)
    base_ops, base_cpu, base_med = _throughput(
        lambda o: baseline.classify(o.intitule), offers, args.seconds
    )
    print(
        f"throughput, one core (CPU time, best of 5 rounds): classifier {ops_cpu:,.0f} offers/s, "
        f"baseline {base_cpu:,.0f} offers/s ({ops_cpu / base_cpu:.2f}x); target >= 1,000/s"
    )
    print(f"  median round: classifier {ops_med:,.0f} offers/s, baseline {base_med:,.0f} offers/s")
    print(
        f"throughput, wall clock (shared machine, load {os.getloadavg()[0]:.1f}): "
        f"classifier {ops:,.0f} offers/s, baseline {base_ops:,.0f} offers/s"
    )
    if args.errors:
        preds: list[tuple[str, ...]] = result["predictions"]  # type: ignore[assignment]  # ditto
        for t, p in zip(labelled, preds, strict=True):
            if not p or p[0] != t.current:
                print(f"  {t.current} {sorted(t.accepted)} got {p[:3]} | {t.offer.intitule[:70]}")


if __name__ == "__main__":
    main(sys.argv[1:])
