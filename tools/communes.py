#!/usr/bin/env python3
"""Writes src/new/communes.tsv.gz, the compact copy of the official lists that `portail new
--epci` reads: every current commune (INSEE code, name, EPCI, legal population, postcodes) and
every EPCI (SIREN, kind, name), from the data folder of @etalab/decoupage-administratif.

Usage: tools/communes.py <package>/data <version> <population year> <output>
The gzip header carries no date, so the same package gives the same bytes."""

import gzip
import json
import sys
from pathlib import Path

data, version, year, out = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
communes = json.loads((data / "communes.json").read_text(encoding="utf-8"))
epcis = json.loads((data / "epci.json").read_text(encoding="utf-8"))
epci_of = {m["code"]: e["code"] for e in epcis for m in e["membres"]}

def clean(s):
    return str(s).replace("\t", " ").replace("\n", " ")

lines = [f"#\t@etalab/decoupage-administratif\t{version}\t{year}"]
for e in sorted(epcis, key=lambda e: e["code"]):
    lines.append("\t".join(["E", e["code"], clean(e["type"]), clean(e["nom"])]))
for c in sorted(communes, key=lambda c: c["code"]):
    if c.get("type") != "commune-actuelle":
        continue
    lines.append("\t".join([
        "C", c["code"], clean(c["nom"]), epci_of.get(c["code"], ""), str(c.get("population", "")),
        " ".join(c.get("codesPostaux", [])), c.get("departement", ""), c.get("region", ""),
    ]))
text = ("\n".join(lines) + "\n").encode("utf-8")
with open(out, "wb") as f:
    with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, compresslevel=9, filename="") as g:
        g.write(text)
print(f"{out} : {len(lines) - 1} lignes, {out.stat().st_size} octets", file=sys.stderr)
