#!/usr/bin/env bash
# End-to-end demo on the digits MLP (64 -> 256 -> 10, uint5 pixels):
# binarize + fold, exact reference inference, Verilog generation, a
# Verilator run of the generated RTL checked against the reference, and
# the analytic resource and power estimate (milliseconds, no Yosys).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cli=(node "$root/dist/cli.js")
out="${DEMO_OUT:-$root/out/digits}"
# Build when dist/ is missing or older than any source file.
if [ ! -f "$root/dist/cli.js" ] || [ -n "$(find "$root/src" -name '*.ts' -newer "$root/dist/cli.js" -print -quit)" ]; then
  (cd "$root" && npm run --silent build)
fi
mkdir -p "$out"

echo "== binarize: float weights -> {0,+1} bits + integer thresholds"
"${cli[@]}" binarize "$here/digits-mlp.json" -o "$out/digits-mlp.bits.json"

echo "== infer: test split (rows 1437-1796) with the binarized model"
tail -n +1438 "$here/digits.csv" > "$out/digits-test.csv"
"${cli[@]}" infer "$out/digits-mlp.bits.json" --input "$out/digits-test.csv" --labels last

echo "== infer: all 1797 rows, float64 and bit-packed references cross-checked"
"${cli[@]}" infer "$here/digits-mlp.json" --input "$here/digits.csv" --labels last --path both

echo "== generate: Verilog + memory files + manifest (default folding)"
"${cli[@]}" generate "$here/digits-mlp.json" -o "$out/rtl"

if command -v verilator >/dev/null 2>&1 || [ -n "${SIMAN_HW_VERILATOR:-}" ]; then
  echo "== verify: all 1797 rows through Verilator, 30% random stalls on both stream ends"
  "${cli[@]}" verify "$here/digits-mlp.json" --input "$here/digits.csv" --labels last --stall 0.3
else
  echo "!! verify skipped: verilator is not installed (apt-get install verilator)" >&2
fi

echo "== estimate: iCE40 LUTs/FFs/carries per layer (calibrated formulas, no Yosys) and a power ESTIMATE"
echo "   at 48 MHz with switching activity simulated on all 1797 rows"
"${cli[@]}" estimate "$here/digits-mlp.json" --target ice40 --clock 48 --input "$here/digits.csv" --labels last
