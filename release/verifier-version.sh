#!/usr/bin/env bash
# Before a release: the tag, Cargo.toml and CHANGELOG.md name the same version, the changelog
# section is dated, and Cargo.toml points at the repository being released from.
#   bash release/verifier-version.sh v0.1.0 [owner/name]
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${1:?usage : verifier-version.sh vX.Y.Z [propriétaire/dépôt]}
repo=${2:-}
version=${tag#v}
problems=0
say() { echo "erreur : $*" >&2; problems=$((problems + 1)); }

cargo_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[ "$tag" = "v$cargo_version" ] || say "l'étiquette $tag ne correspond pas à la version de Cargo.toml ($cargo_version) : étiquetez v$cargo_version"
grep -Eq "^## \[$version\] - [0-9]{4}-[0-9]{2}-[0-9]{2}$" CHANGELOG.md ||
  say "CHANGELOG.md n'a pas de section « ## [$version] - AAAA-MM-JJ » : renommez « ## [Non publié] » avant d'étiqueter"
if [ -n "$repo" ]; then
  grep -qx "repository = \"https://github.com/$repo\"" Cargo.toml ||
    say "Cargo.toml doit donner repository = \"https://github.com/$repo\" (le dépôt publié)"
fi
[ "$problems" -eq 0 ] || exit 1
echo "version $version : étiquette, Cargo.toml et CHANGELOG.md d'accord"
