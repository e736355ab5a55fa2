#!/usr/bin/env bash
# Tries the artefacts of target/dist/ as a coordinator would, with no network and no Rust:
# - the wheel installs into a fresh virtual environment from target/dist/ alone;
# - `portail --version`, `portail new` and `portail build` run with an empty environment
#   (`env -i`, empty HOME) in an empty folder, far from this repository;
# - the archive's binary needs nothing newer than GLIBC_2.17, runs, and matches its checksum.
# Exits 1 at the first problem, saying which.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
dist=$PWD/target/dist
archive=portail-$version-x86_64-unknown-linux-gnu
fail() { echo "échec : $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== sommes de contrôle"
(cd "$dist" && sha256sum --quiet -c SHA256SUMS && for f in *.sha256; do sha256sum --quiet -c "$f"; done) ||
  fail "une somme de contrôle ne correspond pas"

echo "== la roue, installée sans réseau"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index --find-links "$dist" "portail-cls==$version"
bin=$work/venv/bin/portail
[ -x "$bin" ] || fail "la roue n'a pas installé la commande portail"
mkdir "$work/home" "$work/vide"
run() { (cd "$work/vide" && env -i HOME="$work/home" PATH=/usr/bin:/bin "$@"); }
out=$(run "$bin" --version)
case "$out" in "portail $version ("*")") ;; *) fail "portail --version a répondu « $out »" ;; esac
echo "$out"
run "$bin" new mon-portail 2>/dev/null
run "$bin" build --quiet --root mon-portail
[ -f "$work/vide/mon-portail/public/index.html" ] || fail "le nouveau portail n'a pas de page d'accueil"
[ -n "$(ls -A "$work/vide/mon-portail/public/recherche/index" 2>/dev/null)" ] ||
  fail "le nouveau portail n'a pas d'index de recherche"
if [ -n "$(ls -A "$work/home")" ]; then fail "portail a écrit dans HOME : $(ls -A "$work/home")"; fi
echo "nouveau portail construit : $(find "$work/vide/mon-portail/public" -type f | wc -l) fichiers"

echo "== l'archive : glibc 2.17 au plus"
tar -xzf "$dist/$archive.tar.gz" -C "$work"
for f in portail README.md CHANGELOG.md LICENCE; do [ -f "$work/$archive/$f" ] || fail "l'archive n'a pas $f"; done
cmp -s "$work/$archive/portail" "$bin" || fail "l'archive et la roue n'ont pas le même programme"
newest=$(objdump -T "$work/$archive/portail" | grep -o 'GLIBC_[0-9.]*' | sort -u -V | tail -n 1)
echo "version de glibc la plus récente demandée : $newest"
[ "$(printf '%s\nGLIBC_2.17\n' "$newest" | sort -V | tail -n 1)" = "GLIBC_2.17" ] ||
  fail "le programme demande $newest, plus récent que GLIBC_2.17"
run "$work/$archive/portail" --version >/dev/null || fail "le programme de l'archive ne démarre pas"
echo "taille du programme : $(stat -c %s "$work/$archive/portail") octets"
echo "essai des versions publiées : réussi"
