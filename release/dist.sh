#!/usr/bin/env bash
# Builds the release artefacts into target/dist/, from one cargo build:
#   portail_cls-<version>-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
#   portail-<version>-x86_64-unknown-linux-gnu.tar.gz   (portail, README.md, CHANGELOG.md, LICENCE)
#   a .sha256 beside each, and SHA256SUMS for all.
# The binary is linked by zig against glibc 2.17, so it runs on any Linux of the last ten years.
# musl and aarch64 are not built: this machine has only the x86_64-unknown-linux-gnu standard
# library (README, « Installer portail »).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
target=x86_64-unknown-linux-gnu
dist=target/dist
venv=release/.venv

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r release/requirements.txt

# The commit for `portail --version`, and the date of every file in the archive and the wheel:
# the same commit gives the same artefacts.
if git rev-parse --git-dir >/dev/null 2>&1; then
  PORTAIL_COMMIT=$(git rev-parse --short=12 HEAD)
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)
else
  PORTAIL_COMMIT=${PORTAIL_COMMIT:-inconnu}
  SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-315532800}
fi
export PORTAIL_COMMIT SOURCE_DATE_EPOCH

rm -rf "$dist"
mkdir -p "$dist"
echo "== portail $version ($PORTAIL_COMMIT) : roue Python et programme (glibc 2.17)"
PATH="$PWD/$venv/bin:$PATH" maturin build --quiet --locked --profile ship --target "$target" \
  --zig --compatibility manylinux2014 --out "$dist"

bin=target/$target/ship/portail
name=portail-$version-$target
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$bin" "$stage/$name/portail"
cp README.md CHANGELOG.md LICENCE "$stage/$name/"
chmod 0755 "$stage/$name/portail"
chmod 0644 "$stage/$name/"*.md "$stage/$name/LICENCE"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
  -C "$stage" -cf - "$name" | gzip -9 -n > "$dist/$name.tar.gz"

(
  cd "$dist"
  for f in *.tar.gz *.whl; do sha256sum "$f" > "$f.sha256"; done
  sha256sum ./*.tar.gz ./*.whl | sed 's| \./| |' > SHA256SUMS
)
echo "== target/dist/"
ls -l "$dist"
