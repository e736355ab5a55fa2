#!/usr/bin/env bash
# Refreshes src/new/communes.tsv.gz from the official lists on npm (@etalab/decoupage-administratif:
# COG communes, EPCI members from the DGCL, Insee legal populations). Pass the package version and
# the year of the legal populations it carries (its README names the Insee release):
#   tools/actualiser-communes.sh 6.0.0 2023
set -euo pipefail
version="${1:?version du paquet, par exemple 6.0.0}"
year="${2:?année des populations légales, par exemple 2023}"
here="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@etalab/decoupage-administratif@$version" >/dev/null && tar xzf ./*.tgz)
python3 "$here/tools/communes.py" "$tmp/package/data" "$version" "$year" "$here/src/new/communes.tsv.gz"
