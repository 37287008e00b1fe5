/** Replays every saved fuzz case under test/fuzz/corpus/<property>/ (found crashes and interesting cases). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { properties } from './properties.js';
import { CORPUS_DIR } from './runner.js';

describe('fuzz corpus replay', function () {
  this.timeout(60_000);
  const files = fs.existsSync(CORPUS_DIR)
    ? fs.readdirSync(CORPUS_DIR).flatMap((d) => (fs.statSync(path.join(CORPUS_DIR, d)).isDirectory() ? fs.readdirSync(path.join(CORPUS_DIR, d)).filter((f) => f.endsWith('.json')).map((f) => path.join(d, f)) : [])).sort()
    : [];
  for (const rel of files) {
    it(rel, async () => {
      const c = JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, rel), 'utf8')) as { property: string; value: unknown };
      const prop = properties[c.property];
      if (!prop) throw new Error(`unknown property ${c.property}`);
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'siman-fuzz-replay-'));
      try {
        await prop.run(c.value as never, work);
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    });
  }
});
