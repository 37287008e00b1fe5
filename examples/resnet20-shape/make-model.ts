/**
 * Writes the ResNet-20 shape of the official SiMaN CIFAR-10 code with
 * seeded random latent weights (`resnet20Shape`, src/testing/random-residual.ts)
 * as a model file, and 8 seeded random uint8 32×32×3 images as CSV:
 *
 *   npx tsx examples/resnet20-shape/make-model.ts [OUT_DIR]   (default out/resnet20-shape)
 *
 * Deterministic: the same seed always writes the same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeModel } from '../../src/model/write.js';
import { randomInputs } from '../../src/testing/random-model.js';
import { resnet20Shape } from '../../src/testing/random-residual.js';
import { createRng } from '../../src/testing/rng.js';

/** Write `resnet20-shape.json` and `images.csv` into `dir`; returns their paths. */
export function writeResnet20Shape(dir: string, seed = 20, images = 8): { model: string; images: string } {
  fs.mkdirSync(dir, { recursive: true });
  const rng = createRng(seed);
  const model = resnet20Shape(rng);
  const inputs = randomInputs(rng, model.input, images);
  const rows: string[] = [];
  for (let r = 0; r < inputs.count; r++) rows.push(Array.from(inputs.data.subarray(r * inputs.width, (r + 1) * inputs.width)).join(','));
  const files = { model: path.join(dir, 'resnet20-shape.json'), images: path.join(dir, 'images.csv') };
  fs.writeFileSync(files.model, serializeModel(model));
  fs.writeFileSync(files.images, rows.join('\n') + '\n');
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const files = writeResnet20Shape(process.argv[2] ?? path.join(root, 'out', 'resnet20-shape'));
  console.log(`wrote ${files.model} and ${files.images}`);
}
