#!/usr/bin/env python3
"""Le coût du diagnostic partagé, mesuré sur le corpus du banc d'essai.

Ajoute à un corpus portail (shared/bench/gen_corpus.py, graine 1) un diagnostic synthétique et
déterministe : des centaines d'indicateurs (un pour 30 pages, de 30 à 300), chacun avec le
territoire sur trois périodes, le département, la région, la France, et pour un tiers d'entre
eux une valeur par commune ; un constat pour cinq indicateurs ; un tiers des fiches répondent à
un constat. Construit le corpus sans puis avec le diagnostic dans un dossier vide (médianes de
3) et écrit ce que le diagnostic ajoute : temps, mémoire, fichiers, octets, plus grande page.

    bench/diagnostic.py [--tailles 1000,10000]      (après bench/run.sh, ou cargo build --release)

Le test de budget du diagnostic fait son propre corpus, en Rust (tests/diagnostic.rs).
Bibliothèque standard seulement.
"""

import argparse
import csv
import pathlib
import random
import shutil
import sys
import tomllib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import banc  # noqa: E402

PORTRAITS = ["territoire", "sante", "ressources"]
UNITS = [("%", 0, 60), ("pour 100 000 habitants", 20, 900), ("pour 10 000 habitants", 5, 90), ("habitants", 200, 9000)]
SENS = ["hausse-favorable", "hausse-defavorable", "neutre"]


def indicator_count(pages):
    return max(30, min(300, pages // 30))


def add_diagnostic(site, pages, seed=1):
    """Writes content/diagnostic/ into a generated portail corpus, and `constats` into a third
    of its fiches. The same (site, seed) gives the same files."""
    rng = random.Random(seed)
    cfg = tomllib.loads((site / "site.toml").read_text(encoding="utf-8"))
    communes = [c["code"] for c in cfg.get("communes", [])]
    d = site / "content" / "diagnostic"
    d.mkdir(parents=True, exist_ok=True)
    n = indicator_count(pages)
    ids = [f"indicateur-{i:03d}" for i in range(n)]
    with open(d / "indicateurs.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "libelle", "portrait", "unite", "sens", "definition", "source"])
        for i, id_ in enumerate(ids):
            unite = UNITS[i % len(UNITS)][0]
            w.writerow([id_, f"Indicateur de mesure numéro {i}", PORTRAITS[i % 3], unite, SENS[i % 3],
                        "Définition synthétique pour la mesure.", "Corpus de mesure (chiffres inventés)"])
    with open(d / "valeurs.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["indicateur", "echelle", "code", "nom", "periode", "valeur", "ic_bas", "ic_haut", "effectif", "secret", "note"])
        for i, id_ in enumerate(ids):
            _, lo, hi = UNITS[i % len(UNITS)]
            base = rng.uniform(lo, hi)
            for year in (2016, 2018, 2020):
                v = round(base * rng.uniform(0.9, 1.1), 1)
                w.writerow([id_, "territoire", "", "", year, v, round(v * 0.9, 1), round(v * 1.1, 1), "", "", ""])
            for scale, code in (("departement", "24"), ("region", "75"), ("france", "")):
                w.writerow([id_, scale, code, "", 2020, round(base * rng.uniform(0.8, 1.2), 1), "", "", "", "", ""])
            if i % 3 == 0:
                for c in communes:
                    if rng.random() < 0.1:
                        w.writerow([id_, "commune", c, "", 2020, "", "", "", "", "oui", ""])
                    else:
                        w.writerow([id_, "commune", c, "", 2020, round(base * rng.uniform(0.6, 1.4), 1), "", "", "", "", ""])
    findings = [f"constat-{k:03d}" for k in range(n // 5)]
    with open(d / "constats.toml", "w", encoding="utf-8") as f:
        for k, fid in enumerate(findings):
            linked = ", ".join(f'"{x}"' for x in ids[k * 5:k * 5 + 3])
            f.write(f'[[constats]]\nid = "{fid}"\ntitre = "Constat de mesure numéro {k}"\nportrait = "{PORTRAITS[k % 3]}"\n'
                    f'texte = "Un constat synthétique, appuyé sur trois indicateurs."\nindicateurs = [{linked}]\n'
                    f'paroles = ["« Une parole d\'habitant pour la mesure. »"]\n\n')
    (d / "_index.md").write_text(
        "+++\ntitre = \"Diagnostic du corpus de mesure\"\nauteur = \"Banc d'essai\"\ndate = 2021-06-01\n"
        f"chiffres_cles = [{', '.join(repr(x).replace(chr(39), chr(34)) for x in ids[:4])}]\n+++\n\nChiffres inventés.\n",
        encoding="utf-8")
    fiches = sorted((site / "content" / "actions").glob("*.md"))
    for j, fiche in enumerate(fiches):
        if j % 3 or not findings:
            continue
        text = fiche.read_text(encoding="utf-8")
        text = text.replace("+++\n", f'+++\nconstats = ["{findings[j % len(findings)]}"]\n', 1)
        fiche.write_text(text, encoding="utf-8")
    return n, len(findings)


def largest(out, prefix):
    pages = [(p.stat().st_size, p) for p in (out / prefix).rglob("*.html")]
    return max(pages) if pages else (0, None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tailles", default="1000,10000")
    ap.add_argument("--essais", type=int, default=3)
    ap.add_argument("--dossier", default="/tmp/portail-banc")
    args = ap.parse_args()
    work = pathlib.Path(args.dossier)
    work.mkdir(parents=True, exist_ok=True)
    lines = []
    say = lambda s="": (print(s, flush=True), lines.append(s))  # noqa: E731
    say("| pages | indicateurs | constats | sans diagnostic | avec | écart | mémoire max sans | avec | fichiers ajoutés | octets ajoutés | plus grande page du diagnostic |")
    say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for n in [int(x) for x in args.tailles.split(",")]:
        base = banc.generate(work, n, "portail")
        site = work / f"portail-diagnostic-{n}"
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(base, site)
        ni, nf = add_diagnostic(site, n)
        runs = {"sans": [], "avec": []}
        outs = {k: work / f"sortie-diagnostic-{k}-{n}" for k in runs}
        for i in range(args.essais + 1):
            for k, root in (("sans", base), ("avec", site)):
                shutil.rmtree(outs[k], ignore_errors=True)
                t = banc.timed([banc.PORTAIL, "build", "-q", "--root", root, "--output", outs[k]])
                if i:
                    runs[k].append(t[:2])
        s = banc.med([r[0] for r in runs["sans"]])
        a = banc.med([r[0] for r in runs["avec"]])
        ds, da = banc.du(outs["sans"]), banc.du(outs["avec"])
        size, page = largest(outs["avec"], "diagnostic")
        say(f"| {n} | {ni} | {nf} | {banc.fmt(s, ' s')} | {banc.fmt(a, ' s')} | {banc.fmt(a - s, ' s')} | "
            f"{banc.fmt(banc.med([r[1] for r in runs['sans']]), ' Mio', 0)} | {banc.fmt(banc.med([r[1] for r in runs['avec']]), ' Mio', 0)} | "
            f"{da[1] - ds[1]} | {banc.fmt((da[0] - ds[0]) / 1e6, ' Mo', 1)} | "
            f"{banc.fmt(size / 1e3, ' Ko', 0)} (/{page.relative_to(outs['avec']).parent}/) |")
    (banc.BENCH / "resultats-diagnostic.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
