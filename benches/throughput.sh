#!/usr/bin/env bash
# Throughput as `zopa run` reports it: trials_per_second from summary.json, with
# the threads it ran on and the machine's load as it started. These are the
# figures the README quotes; run this to reproduce them on your machine.
#
#   benches/throughput.sh [TRIALS_SCALE]
#
# TRIALS_SCALE (default 1) multiplies every row's trial count; 0.1 gives a
# quick look. Each row runs once on 1 thread and once on 2, SVG charts only
# (the PNG rasteriser's cost is measured separately in the README).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
cargo build --release --quiet
zopa=target/release/zopa
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

flagship=scenarios/ukraine_2026.ron          # quadratic value functions (as shipped)
linear=scenarios/ukraine_2026_linear.ron     # the same with linear value functions
# The flagship with the United States given a veto too: three veto actors.
sed 's|veto: false,  // mediator and guarantor|veto: true,  // mediator and guarantor|' \
    "$flagship" >"$work/three_veto.ron"
grep -q 'veto: true,  // mediator and guarantor' "$work/three_veto.ron"
# Both with time-dependent play instead of Nash.
for name in flagship linear; do
    sed 's/^    model: Nash,/    model: AlternatingOffers(behaviour: TimeDependent(e: 0.2)),/' \
        "${!name}" >"$work/time_dependent_$name.ron"
done

row() { # label, scenario, model ("" = the scenario's), trials
    local label=$1 file=$2 model=$3 trials
    trials=$(python3 -c "print(max(1000, int($4 * $scale)))")
    local cells=""
    for threads in 1 2; do
        local out="$work/out"
        rm -rf "$out"
        "$zopa" run "$file" ${model:+--model "$model"} --trials "$trials" --threads "$threads" \
            --format svg --quiet --out "$out" >/dev/null
        cells+=$(python3 -c "
import json; d = json.load(open('$out/summary.json'))
print(' {:,} (load {:.2f}) |'.format(int(d['trials_per_second']), d.get('load_average', float('nan'))))")
    done
    printf '| %s | %s |%s\n' "$label" "$(python3 -c "print(f'{$trials:,}')")" "$cells"
}

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; $(date -u +%Y-%m-%d)"
echo
echo "| flagship run | trials | 1 thread | 2 threads |"
echo "|---|---|---|---|"
row "compromise" "$flagship" compromise 1000000
row "nash (quadratic, as shipped)" "$flagship" nash 1000000
row "nash, linear (ukraine_2026_linear.ron)" "$linear" nash 1000000
row "kalai-smorodinsky" "$flagship" kalai-smorodinsky 500000
row "alternating-offers, TimeDependent(e: 0.2)" "$work/time_dependent_flagship.ron" "" 200000
row "alternating-offers, TimeDependent(e: 0.2), linear" "$work/time_dependent_linear.ron" "" 1000000
row "alternating-offers, Equilibrium" "$flagship" alternating-offers 100000
row "expected-utility (10 rounds)" "$flagship" expected-utility 200000
row "nash, three veto actors (the United States too)" "$work/three_veto.ron" nash 500000
row "kalai-smorodinsky, three veto actors" "$work/three_veto.ron" kalai-smorodinsky 100000
