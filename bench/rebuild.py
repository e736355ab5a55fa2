#!/usr/bin/env python3
"""Rebuild time of `portail serve` after editing one fiche-action, on the synthetic corpora.

Usage: python3 bench/rebuild.py [1000 10000 ...]   (after `cargo build --release`)

For each size: generates the corpus with bench/gen_corpus.py (a copy of shared/bench/gen_corpus.py), starts the preview, then
edits one fiche five times and measures, from the write to the reload event the browser gets,
the time the preview needs. Prints medians. The anchors (Hugo 622 ms, `zola serve --fast`
54 ms at 10k pages) come from shared/research/perf-anchors.md, measured on this machine class.
"""

import pathlib
import socket
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
GEN = ROOT / "bench" / "gen_corpus.py"
BIN = ROOT / "target" / "release" / "portail"


def sse(addr):
    host, port = addr.split(":")
    s = socket.create_connection((host, int(port)))
    s.sendall(f"GET /__portail/evenements HTTP/1.1\r\nHost: {addr}\r\n\r\n".encode())
    f = s.makefile("rb")
    while b": ouvert" not in f.readline():
        pass
    return s, f


def wait_reload(f):
    while True:
        line = f.readline()
        if not line:
            raise RuntimeError("flux fermé")
        if line.strip() == b"data: reload":
            return


def measure(n):
    site = pathlib.Path(f"/tmp/portail-bench-{n}")
    subprocess.run([sys.executable, str(GEN), "--pages", str(n), "--format", "portail", "--out", str(site), "--seed", "1"],
                   check=True, capture_output=True)
    return measure_site(site)


def measure_site(site):
    proc = subprocess.Popen([str(BIN), "serve", "--root", str(site), "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        addr = proc.stdout.readline().decode().strip().removeprefix("http://").rstrip("/")
        s, f = sse(addr)
        fiche = sorted((site / "content" / "actions").glob("*.md"))[0]
        original = fiche.read_text(encoding="utf-8")
        times = []
        for i in range(5):
            start = time.perf_counter()
            fiche.write_text(original + f"\nModification {i}.\n", encoding="utf-8")
            wait_reload(f)
            times.append((time.perf_counter() - start) * 1000)
            # After the reload, the preview rebuilds the search index (about 1 s at 10 000 pages):
            # wait for it, so that each edit is measured on its own.
            time.sleep(2.0)
        fiche.write_text(original, encoding="utf-8")
        s.close()
        # The preview's peak memory (it keeps the whole site in memory), after the five edits.
        status = pathlib.Path(f"/proc/{proc.pid}/status").read_text()
        peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
        return times, peak
    finally:
        proc.kill()


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    print("| pages | reconstruction après une fiche modifiée (médiane de 5, ms) | min–max | mémoire max de l'aperçu |")
    print("|---:|---:|---|---:|")
    for n in sizes:
        t, peak = measure(n)
        print(f"| {n} | {statistics.median(t):.0f} | {min(t):.0f}–{max(t):.0f} | {peak:.0f} Mio |")


if __name__ == "__main__":
    main()
