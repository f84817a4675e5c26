#!/usr/bin/env bash
# Emulates the CI matrix on one machine: N `sockgrade batch --shard i/N` processes at once, each
# with its own out dir, then `sockgrade merge` of them all, as the GitHub workflow and the
# Kubernetes Jobs do. A way to try a course's set-up before pushing it to CI.
#
#   ci/run-shards-locally.sh SUBMISSIONS N OUT [batch options…]
#   ci/run-shards-locally.sh submissions 3 runs/lab3 --config sockgrade.config.json
#
# OUT/out-1 … OUT/out-N are the shards' out dirs and OUT/gradebook the merged one. $SOCKGRADE is
# the command to run (default: sockgrade on PATH).
set -euo pipefail

if [ "$#" -lt 3 ]; then
  echo "usage: $0 SUBMISSIONS N OUT [batch options...]" >&2
  exit 2
fi
submissions=$1
shards=$2
out=$3
shift 3
case $shards in
  '' | *[!0-9]* | 0) echo "N must be a whole number of at least 1, got ${shards}" >&2; exit 2 ;;
esac
read -r -a sockgrade <<< "${SOCKGRADE:-sockgrade}"

mkdir -p "$out"
pids=()
# Every shard process is ended if this script is stopped.
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' INT TERM
for i in $(seq 1 "$shards"); do
  "${sockgrade[@]}" batch "$submissions" --out "${out}/out-${i}" --shard "${i}/${shards}" --report-only --quiet "$@" \
    > "${out}/shard-${i}.log" 2>&1 &
  pids+=("$!")
done
failed=0
for i in $(seq 1 "$shards"); do
  if ! wait "${pids[$((i - 1))]}"; then
    echo "shard ${i}/${shards} failed; its output is in ${out}/shard-${i}.log" >&2
    failed=1
  fi
done
[ "$failed" -eq 0 ] || exit 1
outs=()
for i in $(seq 1 "$shards"); do outs+=("${out}/out-${i}"); done
"${sockgrade[@]}" merge "${outs[@]}" --out "${out}/gradebook"
