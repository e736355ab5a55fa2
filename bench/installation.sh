#!/usr/bin/env bash
# What a new portal's first CI job costs, from target/dist/ (run release/dist.sh first): a fresh
# Python environment (the CI image's), `pip install portail-cls==<version>` from the local index,
# `portail new`, `portail check` and `portail build`. Medians of N runs (default 5), in seconds.
#   bash bench/installation.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
dist=$PWD/target/dist
[ -d "$dist" ] || { echo "lancez d'abord : bash release/dist.sh" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
: > "$work/venv" ; : > "$work/pip" ; : > "$work/build" ; : > "$work/total"
for i in $(seq "$runs"); do
  d=$work/run$i
  t0=$(now)
  python3 -m venv "$d/py"
  t1=$(now)
  PIP_NO_INDEX=1 PIP_FIND_LINKS=$dist "$d/py/bin/pip" install --quiet --disable-pip-version-check "portail-cls==$version"
  t2=$(now)
  (cd "$d" && py/bin/portail new site 2>/dev/null && py/bin/portail check --root site >/dev/null 2>&1 && py/bin/portail build --quiet --root site)
  t3=$(now)
  awk "BEGIN {print $t1 - $t0}" >> "$work/venv"
  awk "BEGIN {print $t2 - $t1}" >> "$work/pip"
  awk "BEGIN {print $t3 - $t2}" >> "$work/build"
  awk "BEGIN {print $t3 - $t0}" >> "$work/total"
done
printf 'portail %s, %s essais, médianes :\n' "$version" "$runs"
printf '  environnement Python neuf   %6.2f s\n' "$(median < "$work/venv")"
printf '  pip install (index local)   %6.2f s\n' "$(median < "$work/pip")"
printf '  new + check + build         %6.2f s\n' "$(median < "$work/build")"
printf '  en tout                     %6.2f s\n' "$(median < "$work/total")"
printf 'roue : %s octets ; archive : %s octets ; programme : %s octets\n' \
  "$(stat -c %s "$dist"/*.whl)" "$(stat -c %s "$dist"/*.tar.gz)" \
  "$(stat -c %s target/x86_64-unknown-linux-gnu/ship/portail)"
