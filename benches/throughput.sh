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

flagship=scenarios/ukraine_2026.ron
# Variants of the flagship: every continuous stance quadratic; time-dependent play.
python3 - "$flagship" "$work" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def quadratic(m):
    return m.group(0) if m.group(1).lstrip().startswith('"') else \
        '(position: ' + m.group(1) + ', shape: Quadratic,'
open(sys.argv[2] + '/quadratic.ron', 'w').write(
    re.sub(r'\(position: ((?:[A-Za-z]+\([^)]*\))|[^,]+),', quadratic, text))
open(sys.argv[2] + '/time_dependent.ron', 'w').write(
    text.replace('\n    model: Nash,', '\n    model: AlternatingOffers(behaviour: TimeDependent(e: 0.2)),'))
EOF

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
row "nash, linear" "$flagship" nash 1000000
row "nash, every continuous stance Quadratic" "$work/quadratic.ron" nash 1000000
row "kalai-smorodinsky" "$flagship" kalai-smorodinsky 500000
row "alternating-offers, TimeDependent(e: 0.2)" "$work/time_dependent.ron" "" 1000000
row "alternating-offers, Equilibrium" "$flagship" alternating-offers 20000
row "expected-utility (10 rounds)" "$flagship" expected-utility 20000
