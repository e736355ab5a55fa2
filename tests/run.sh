#!/usr/bin/env bash
# The whole test suite, as CI runs it. Installs what it needs when it is missing:
# rustfmt and clippy, Debian's chromium and a Java runtime, and the npm packages of
# tests/browser from their committed lockfile, and make and a C compiler for the C parts.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add rustfmt clippy
fi

# jemalloc and libwebp are compiled from C with the crate: a C compiler and make.
if ! command -v make >/dev/null 2>&1 || ! command -v cc >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make gcc >/dev/null
fi

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings
echo "== cargo test"
cargo test --locked

echo "== paquet crates.io (cargo publish --dry-run)"
# --no-verify: verifying compiles the packaged copy in target/package/ with the same target
# folder, and cargo then reuses that copy's build script for the repository, whose theme
# stops being re-embedded. test_release.py checks instead that every tracked file of src/
# and themes/ is in the package.
cargo publish --dry-run --locked --allow-dirty --quiet --no-verify
echo "== versions publiées : archive et roue (release/dist.sh)"
bash release/dist.sh

echo "== installation des outils de test"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v rsync >/dev/null 2>&1 || missing+=(rsync)
command -v objdump >/dev/null 2>&1 || missing+=(binutils)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" fonts-dejavu-core >/dev/null
fi
if [ ! -d tests/browser/node_modules ] || ! (cd tests/browser && npm ls --silent >/dev/null 2>&1); then
  (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --silent)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --locked --quiet
bin=target/debug/portail
"$bin" build --quiet --output "$work/demo/public"
cp -r tests/fixtures/complet "$work/complet"
"$bin" build --quiet --root "$work/complet"
"$bin" build --quiet --root tests/fixtures/xss --output "$work/xss/public"
"$bin" build --quiet --root tests/fixtures/diagnostic --output "$work/diagnostic/public"
# Long lists cut into pages: the benchmark's corpus at 5 000 pages (lists of up to 1 900 items).
python3 bench/gen_corpus.py --pages 5000 --format portail --seed 1 --out "$work/listes" >/dev/null
"$bin" build --quiet --root "$work/listes"
sites="$work/demo/public=/ $work/complet/public=/cls/"
mkdir -p "$work/rapport"
"$bin" check --report "$work/rapport/falc.html" >/dev/null 2>&1

echo "== données ouvertes (schémas data·inclusion, GeoJSON, iCalendar) et publication (Python)"
venv=tests/python/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r tests/python/requirements.txt
PORTAIL_SITES="$sites" "$venv/bin/pytest" -q tests/python

echo "== navigateur : vnu, axe-core et contrôles de mise en page"
(cd tests/browser && PORTAIL_PYTHON="$PWD/../../$venv/bin/python" PORTAIL_BIN="$PWD/../../$bin" node run.mjs --rapport="$work/rapport/falc.html" --xss="$work/xss/public=/cls/" --diagnostic="$work/diagnostic/public=/" --listes="$work/listes/public" $sites)
