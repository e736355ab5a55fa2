#!/usr/bin/env bash
# Compares, byte for byte, what two revisions of portail make of the same sites: the demo, every
# fixture of tests/fixtures/, and the 10,000-page synthetic corpus (shared/bench/gen_corpus.py,
# seed 1). For a redesign that must not change the output.
#
#   bash tests/identique.sh REV      # REV: the revision to compare with (a commit, a tag, HEAD~3)
#   bash tests/identique.sh --binaires REF NEW   # two programs already built: no compilation
#
# Both binaries are built in release mode (the reference in a temporary git worktree, into
# target/reference/, which later runs reuse) and build the current checkout's sites into empty
# folders on the same fixed day (SOURCE_DATE_EPOCH). Prints one line per site and every file that
# differs; exits 1 when anything differs. Not part of the default test command (it compiles a
# second binary): run it before and after each step of a redesign.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage : bash tests/identique.sh REVISION, ou --binaires RÉFÉRENCE ACTUEL}
work=$(mktemp -d)
cleanup() {
  git worktree remove --force "$work/ref" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# With whole-program optimisation a release build takes minutes: two programs already built
# (kept from earlier builds) are compared as they are.
if [ "$rev" = --binaires ]; then
  cp "${2:?le programme de référence}" "$work/portail-ref"
  cp "${3:?le programme actuel}" "$work/portail-new"
  echo "== programmes donnés : $2 (référence), $3 (actuel)"
else
  git worktree add --quiet --detach "$work/ref" "$rev"
  echo "== portail de référence ($rev, $(git rev-parse --short "$rev"))"
  # The reference builds in a target folder of its own: sharing target/ lets one package's binary
  # stand in for the other's at target/release/portail (same name, both "fresh").
  (cd "$work/ref" && CARGO_TARGET_DIR="$OLDPWD/target/reference" cargo build --release --locked --quiet)
  cp target/reference/release/portail "$work/portail-ref"
  echo "== portail actuel ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', avec les modifications en cours'))"
  # Relinked for sure: the theme is embedded by build.rs.
  touch build.rs
  cargo build --release --locked --quiet
  cp target/release/portail "$work/portail-new"
fi
cmp -s "$work/portail-ref" "$work/portail-new" && echo "attention : les deux binaires sont identiques"

corpus="$work/corpus-10k"
python3 ../shared/bench/gen_corpus.py --pages 10000 --format portail --out "$corpus" --seed 1 >/dev/null

# The day of the build decides the agenda, the holidays and which dates are in the future: the
# same for both, after every date of the demo.
export SOURCE_DATE_EPOCH=1796083200 # 2026-12-01
sites=(".=demo")
for f in tests/fixtures/*/; do
  f=${f%/}
  sites+=("$f=${f##*/}")
done
sites+=("$corpus=corpus-10k")

status=0
for entry in "${sites[@]}"; do
  root=${entry%%=*}
  name=${entry#*=}
  for who in ref new; do
    # A copy: a build keeps its image cache in the site's root. The repository's themes/ is the
    # source of the theme each binary embeds, not a theme of the demo: copied, it would replace
    # the reference's own templates with the current ones.
    rm -rf "$work/site"
    mkdir -p "$work/site"
    skip=()
    [ "$root" = . ] && skip=(--exclude=./themes)
    (cd "$root" && tar --exclude=./public --exclude=./target --exclude=./.git --exclude=./tests \
      --exclude=./.portail-cache --exclude=./bench --exclude=./fuzz "${skip[@]}" -cf - .) | tar -xf - -C "$work/site"
    set +e
    "$work/portail-$who" build --quiet --root "$work/site" --output "$work/out-$who/$name" >"$work/log-$who" 2>&1
    echo $? >"$work/code-$who"
    set -e
  done
  files=$( (find "$work/out-new/$name" -type f 2>/dev/null || true) | wc -l)
  if [ "$(cat "$work/code-new")" = "$(cat "$work/code-ref")" ] && diff -r -q "$work/out-ref/$name" "$work/out-new/$name" >"$work/diff" 2>&1; then
    echo "$name : $files fichiers, identiques octet pour octet (code de sortie $(cat "$work/code-new"))"
  else
    status=1
    echo "$name : DIFFÉRENT (codes de sortie : référence $(cat "$work/code-ref"), actuel $(cat "$work/code-new"))"
    sed 's/^/    /' "$work/diff" 2>/dev/null | head -50 || true
    tail -3 "$work/log-new" | sed 's/^/    /'
  fi
done
exit $status
