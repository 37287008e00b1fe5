#!/usr/bin/env bash
# End-to-end demo on the digits CNN (conv 1->64, pool, conv 64->64 with
# padValue -1, pool, flatten, dense 256->10; uint5 8x8 images):
# exact reference inference, Verilog generation (sliding-window, pool and
# gather units around the folded MVUs), three-way verification
# (reference = cycle simulator = Verilator) on all 1797 images with 30%
# random stalls on both stream ends, and the analytic resource and power
# estimate per layer, window/pool/gather units included (milliseconds, no
# Yosys).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cli=(node "$root/dist/cli.js")
digits="$root/examples/digits/digits.csv"
out="${DEMO_OUT:-$root/out/digits-cnn}"
if [ ! -f "$root/dist/cli.js" ] || [ -n "$(find "$root/src" -name '*.ts' -newer "$root/dist/cli.js" -print -quit)" ]; then
  (cd "$root" && npm run --silent build)
fi
mkdir -p "$out"

echo "== infer: all 1797 images, float64 and bit-packed references cross-checked"
"${cli[@]}" infer "$here/digits-cnn.json" --input "$digits" --labels last --path both

echo "== generate: Verilog + memory files + manifest (pixel beats: one 5-bit pixel per beat, 64 beats per image)"
"${cli[@]}" generate "$here/digits-cnn.json" -o "$out/rtl"

echo "== simulate: cycle simulator alone, per-layer utilisation"
"${cli[@]}" simulate "$here/digits-cnn.json" --input "$digits" --labels last

if command -v verilator >/dev/null 2>&1 || [ -n "${SIMAN_HW_VERILATOR:-}" ]; then
  echo "== verify: all 1797 images through Verilator, 30% random stalls on both stream ends"
  "${cli[@]}" verify "$here/digits-cnn.json" --input "$digits" --labels last --stall 0.3
else
  echo "!! verify skipped: verilator is not installed (apt-get install verilator)" >&2
fi

echo "== estimate: iCE40 LUTs/FFs/carries per layer and per unit (window, MVU, pool, FIFO; calibrated"
echo "   formulas, no Yosys) and a power ESTIMATE at 48 MHz"
"${cli[@]}" estimate "$here/digits-cnn.json" --target ice40 --clock 48 --input "$digits" --labels last
