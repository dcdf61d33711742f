#!/bin/bash
# Queues a sharded zopa job on Slurm: an array of N shards, then the merge,
# which runs only once every shard has succeeded. Prints both job ids.
#
#   examples/slurm/submit.sh SCENARIO N [OUT]
#
# e.g. examples/slurm/submit.sh scenarios/ukraine_2026.ron 10 results
# with ZOPA_ARGS="--trials 10000000" (or ZOPA_COMMAND=sweep ZOPA_ARGS="--param ...
# --range ...") in the environment. SHARD_DIR (default: shards) must be
# empty or absent: shards of an earlier job there would be merged too (and
# refused, unless they are of the same job). Extra sbatch options for both
# jobs (a partition, an account) go in SBATCH_OPTIONS, e.g.
# SBATCH_OPTIONS="--partition=short --account=myproject".
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: $0 SCENARIO N [OUT]" >&2
    exit 2
fi
export SCENARIO="$1" SHARDS="$2" OUT="${3:-}"
export SHARD_DIR="${SHARD_DIR:-shards}"
case "$SHARDS" in
    '' | *[!0-9]* | 0) echo "$0: N must be a whole number of at least 1, not '$SHARDS'" >&2; exit 2 ;;
esac
if [ -n "$(ls -A "$SHARD_DIR" 2>/dev/null)" ]; then
    echo "$0: $SHARD_DIR already holds shards of another job; move it away or set SHARD_DIR" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
read -r -a options <<< "${SBATCH_OPTIONS:-}"
# --parsable prints "jobid" or "jobid;cluster".
array=$(sbatch --parsable ${options[@]+"${options[@]}"} --array="0-$((SHARDS - 1))" \
    --export=ALL "$here/zopa-shard.sbatch")
array="${array%%;*}"
merge=$(sbatch --parsable ${options[@]+"${options[@]}"} --dependency="afterok:$array" \
    --kill-on-invalid-dep=yes --export=ALL "$here/zopa-merge.sbatch")
merge="${merge%%;*}"
echo "array job $array (shards 0-$((SHARDS - 1))), merge job $merge"
