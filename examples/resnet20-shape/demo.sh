#!/usr/bin/env bash
# The ResNet-20 shape (CIFAR-10 scale, 18 Bi-Real residual blocks, option-A
# shortcuts) with seeded random weights: both residual references on 8
# random 32x32x3 images, cross-checked, and the hardware commands'
# E_UNSUPPORTED today. See README.md: no accuracy is claimed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cli=(node "$root/dist/cli.js")
out="${DEMO_OUT:-$root/out/resnet20-shape}"
if [ ! -f "$root/dist/cli.js" ] || [ -n "$(find "$root/src" -name '*.ts' -newer "$root/dist/cli.js" -print -quit)" ]; then
  (cd "$root" && npm run --silent build)
fi
(cd "$root" && npx tsx examples/resnet20-shape/make-model.ts "$out")

echo "== infer: integer stream semantics and float64 model, cross-checked"
"${cli[@]}" infer "$out/resnet20-shape.json" --input "$out/images.csv" --path both

echo "== generate: not supported yet for residual networks (exit 2 expected)"
if "${cli[@]}" generate "$out/resnet20-shape.json" -o "$out/rtl"; then
  echo "unexpected: generate accepted a residual network" >&2
  exit 1
fi
