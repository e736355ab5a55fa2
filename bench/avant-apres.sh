#!/usr/bin/env bash
# Times two revisions of portail side by side on the 10,000-page synthetic corpus, alternating
# runs, and prints medians and the ratio (current / reference) from this one run: for a redesign
# that must not be slower. bench/run.sh compares portail with Hugo and Pagefind; this compares
# portail with itself.
#
#   bash bench/avant-apres.sh REV [RUNS]     # RUNS per case, 3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage : bash bench/avant-apres.sh REVISION [ESSAIS]}
runs=${2:-3}
work=$(mktemp -d)
cleanup() {
  git worktree remove --force "$work/ref" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

git worktree add --quiet --detach "$work/ref" "$rev"
# The reference builds in a target folder of its own: sharing target/ lets one package's binary
# stand in for the other's at target/release/portail (same name, both "fresh").
(cd "$work/ref" && CARGO_TARGET_DIR="$OLDPWD/target/reference" cargo build --release --locked --quiet)
cp target/reference/release/portail "$work/portail-ref"
# Relinked for sure: the theme is embedded by build.rs.
touch build.rs
cargo build --release --locked --quiet
cp target/release/portail "$work/portail-new"
cmp -s "$work/portail-ref" "$work/portail-new" && echo "attention : les deux binaires sont identiques"
python3 ../shared/bench/gen_corpus.py --pages 10000 --format portail --out "$work/corpus" --seed 1 >/dev/null
export SOURCE_DATE_EPOCH=1796083200

# Seconds of one build, from the shell's clock.
timed() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }' 
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# `check` does every stage but writing: the code's cost alone. Writing tens of thousands of files
# on this machine's disk varies by a factor of two from one run to the next, whichever binary runs.
for case in check reconstruction vide; do
  declare -a ref=() new=()
  for who in ref new; do rm -rf "$work/out-$who"; "$work/portail-$who" build -q --root "$work/corpus" --output "$work/out-$who" >/dev/null 2>&1 || true; done
  for ((i = 0; i < runs; i++)); do
    # Each goes first in turn: the disk is slower just after the other has written.
    order="ref new"
    [ $((i % 2)) -eq 1 ] && order="new ref"
    for who in $order; do
      [ "$case" = vide ] && rm -rf "$work/out-$who" && sync
      if [ "$case" = check ]; then
        t=$(timed "$work/portail-$who" check --root "$work/corpus")
      else
        t=$(timed "$work/portail-$who" build -q --root "$work/corpus" --output "$work/out-$who")
      fi
      if [ "$who" = ref ]; then ref+=("$t"); else new+=("$t"); fi
    done
  done
  r=$(median "${ref[@]}")
  n=$(median "${new[@]}")
  printf '10 000 pages, %s : référence %.2f s, actuel %.2f s, rapport %.2f (essais : %s | %s)\n' \
    "$case" "$r" "$n" "$(awk -v a="$n" -v b="$r" 'BEGIN { print a / b }')" "${ref[*]}" "${new[*]}"
done
