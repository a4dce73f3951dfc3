#!/usr/bin/env bash
# A sweep on one machine with GNU parallel (Debian: apt-get install parallel):
#
#   scripts/sweep/run-local.sh [--jobs N] [--out DIR] search|rl-seeds [sweep plan options]
#   scripts/sweep/run-local.sh [--jobs N] [--out DIR] --plan FILE   (a plan made before)
#
# writes DIR/plan.txt (`sweep plan`, or a copy of FILE; DIR is sweep-out by default), runs its
# lines N at a time (default: one per core) with --halt never (a failed run never stops the
# others): each run's JSON line into DIR/results.jsonl, their stderr into DIR/runs.log,
# parallel's joblog into DIR/joblog.tsv; then merges them with `sweep collect`: the table on
# stderr, the summary in DIR/summary.json and on stdout. Exit status: collect's, 0 when at
# least one run reported (failed runs are listed in the summary and counted on stderr).
set -uo pipefail

jobs=""
out="sweep-out"
plan=""
usage() {
  echo "usage: $0 [--jobs N] [--out DIR] (search|rl-seeds [sweep plan options] | --plan FILE)" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs|--out|--plan)
      [ $# -ge 2 ] || usage
      case "$1" in --jobs) jobs="$2" ;; --out) out="$2" ;; --plan) plan="$2" ;; esac
      shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) break ;;
  esac
done
if { [ -z "$plan" ] && [ $# -eq 0 ]; } || { [ -n "$plan" ] && [ $# -gt 0 ]; }; then
  usage
fi
if ! command -v parallel > /dev/null; then
  echo "GNU parallel is missing: apt-get install parallel (Debian/Ubuntu)" >&2
  exit 2
fi
if [ -n "$jobs" ] && ! [[ "$jobs" =~ ^[1-9][0-9]{0,2}$ ]]; then
  echo "--jobs must be an integer in [1, 999], got \"$jobs\"" >&2
  exit 2
fi

mkdir -p "$out" || exit 2
out="$(cd "$out" && pwd)"
if [ -n "$plan" ]; then
  # Copied before the cd below, so that a relative FILE is the caller's.
  [ "$(realpath "$plan")" = "$out/plan.txt" ] || cp "$plan" "$out/plan.txt" || exit 2
fi
# The plan's lines run from the repository root.
cd "$(dirname "$0")/../.." || exit 2
cli=(node --import tsx src/cli/main.ts)

if [ -z "$plan" ]; then
  "${cli[@]}" sweep plan "$@" > "$out/plan.txt" 2> "$out/plan.log" || {
    cat "$out/plan.log" >&2
    exit 2
  }
fi
runs=$(grep -c . "$out/plan.txt")
echo "sweep: $runs runs, ${jobs:-one per core} at a time; results in $out" >&2

# Default: --jobs 100% (one per core). Output is grouped per job, so lines never interleave.
parallel --jobs "${jobs:-100%}" --halt never --joblog "$out/joblog.tsv" \
  < "$out/plan.txt" > "$out/results.jsonl" 2> "$out/runs.log"
failed=$?
# parallel's status: how many runs failed (101: more than 100; 255: parallel itself failed).
[ "$failed" -ne 0 ] && echo "parallel: exit status $failed (failed runs); see $out/runs.log" >&2

"${cli[@]}" sweep collect --plan "$out/plan.txt" --joblog "$out/joblog.tsv" "$out/results.jsonl" \
  > "$out/summary.json"
status=$?
cat "$out/summary.json"
exit $status
