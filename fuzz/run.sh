#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 300 s each), two at a time.
#   bash fuzz/run.sh [secondes]
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The stable toolchain is enough:
# RUSTC_BOOTSTRAP lets it accept the sanitizer flags cargo-fuzz passes.
# A finding is saved under fuzz/artifacts/<cible>/ and the script exits 1: turn it into a
# regression test (tests/invalid.rs or a unit test) before fixing it.
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-300}
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
cargo fuzz build -O || exit 1
status=0
mkdir -p logs
targets=(entete markdown import horaires site)
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pids=()
  for t in "${targets[@]:i:2}"; do
    cargo fuzz run -O "$t" -- -max_total_time="$secs" -rss_limit_mb=2048 > "logs/$t.log" 2>&1 &
    pids+=("$!:$t")
  done
  for p in "${pids[@]}"; do
    wait "${p%%:*}" || { echo "ÉCHEC ${p#*:} (voir fuzz/logs/${p#*:}.log)"; status=1; }
  done
done
for t in "${targets[@]}"; do
  echo "$t : $(grep -E '^Done [0-9]+ runs' "logs/$t.log" | tail -1)"
done
exit $status
