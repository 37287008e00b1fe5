/**
 * Emit a planned design as files: the generated top level (from
 * templates/top.v.hbs), the hand-written primitives it instantiates (copied
 * from rtl/ so the output directory is self-contained), the `$readmemh`
 * memory images, and manifest.json (the top-level contract of DESIGN §2b).
 * Output is a pure function of the plan: byte-identical on every run.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../plan/plan.js';
import { constMemory, weightMemory } from '../plan/memory.js';
import { formatFolds } from '../plan/fold-spec.js';
import { renderTemplate } from './handlebars.js';
import { commentText, fileStem } from './identifiers.js';

/** Folder of the hand-written RTL primitives. */
export const RTL_DIR = fileURLToPath(new URL('../../rtl/', import.meta.url));

export interface Manifest {
  format: 'siman-hw.manifest/v1';
  generator: string;
  top: string;
  model: string;
  inputEncoding: 'uint' | 'bipolar';
  inputElements: number;
  inputElementBits: number;
  inputBits: number;
  outputBits: number;
  scoreBits: number;
  classes: number;
  iiCycles: number;
  latencyCycles: number;
  fold: string;
  layers: Array<{
    index: number;
    name: string;
    in: number;
    out: number;
    pe: number;
    simd: number;
    semantics: string;
    inputMode: string;
    outputMode: string;
    accWidth: number;
    scoreWidth: number;
    depth: number;
    iiCycles: number;
    latencyCycles: number;
    weightFile: string;
    constFile: string;
  }>;
  /** Files needed to build the design, relative to the manifest. */
  files: { verilog: string[]; memory: string[] };
}

export interface EmittedDesign {
  files: Map<string, string>;
  manifest: Manifest;
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The primitives shipped in rtl/ (sorted). */
export function primitiveFiles(): string[] {
  return readdirSync(RTL_DIR)
    .filter((f) => f.endsWith('.v'))
    .sort();
}

/** Render every file of the design. */
export function emitDesign(plan: Plan): EmittedDesign {
  const stem = fileStem(plan.top);
  const version = packageVersion();
  const memName = (i: number, kind: 'w' | 'c'): string => `${stem}_l${i}_${kind}.mem`;
  const last = plan.layers.length - 1;

  const context = {
    top: plan.top,
    version,
    modelComment: commentText(plan.network.name),
    pipelineComment: plan.layers.map((l) => `mvu${l.index}`).join(' -> fifo -> '),
    iiCycles: plan.iiCycles,
    latencyCycles: plan.latencyCycles,
    inputElementBits: plan.inputElementBits,
    scoreBits: plan.scoreBits,
    inputMsb: plan.inputBits - 1,
    outputMsb: plan.outputBits - 1,
    lastIndex: last,
    layers: plan.layers.map((l) => ({
      index: l.index,
      comment: commentText(l.name),
      in: l.in,
      out: l.out,
      pe: l.pe,
      simd: l.simd,
      nf: l.nf,
      sf: l.sf,
      iiCycles: l.iiCycles,
      semantics: l.semantics,
      inputMode: l.inputMode,
      outputMode: l.outputMode,
      inputModeParam: l.inputMode === 'uint' ? 1 : 0,
      semanticsParam: l.semantics === 'xnor' ? 1 : 0,
      outputModeParam: l.outputMode === 'score' ? 1 : 0,
      eb: l.eb,
      accWidth: l.accWidth,
      // SW is unused in threshold mode but must be a legal value.
      swParam: l.outputMode === 'score' ? l.scoreWidth : 2,
      depth: l.depth,
      outMsb: l.outBits - 1,
      weightFile: memName(l.index, 'w'),
      constFile: memName(l.index, 'c'),
      srcData: l.index === 0 ? 's_axis_tdata' : `f${l.index - 1}_m_tdata`,
      srcValid: l.index === 0 ? 's_axis_tvalid' : `f${l.index - 1}_m_tvalid`,
    })),
    fifos: plan.fifos.map((f) => ({ after: f.after, next: f.after + 1, width: f.width, msb: f.width - 1, depth: f.depth })),
  };

  const files = new Map<string, string>();
  const topFile = `${stem}.v`;
  files.set(topFile, renderTemplate('top.v.hbs', context));
  const prims = primitiveFiles();
  for (const f of prims) files.set(f, readFileSync(RTL_DIR + f, 'utf8'));
  const memories: string[] = [];
  for (const l of plan.layers) {
    files.set(memName(l.index, 'w'), weightMemory(l).join('\n') + '\n');
    files.set(memName(l.index, 'c'), constMemory(l).join('\n') + '\n');
    memories.push(memName(l.index, 'w'), memName(l.index, 'c'));
  }

  const manifest: Manifest = {
    format: 'siman-hw.manifest/v1',
    generator: `siman-hw ${version}`,
    top: plan.top,
    model: plan.network.name,
    inputEncoding: plan.network.input.encoding.kind,
    inputElements: plan.inputElements,
    inputElementBits: plan.inputElementBits,
    inputBits: plan.inputBits,
    outputBits: plan.outputBits,
    scoreBits: plan.scoreBits,
    classes: plan.classes,
    iiCycles: plan.iiCycles,
    latencyCycles: plan.latencyCycles,
    fold: formatFolds(plan.layers),
    layers: plan.layers.map((l) => ({
      index: l.index,
      name: l.name,
      in: l.in,
      out: l.out,
      pe: l.pe,
      simd: l.simd,
      semantics: l.semantics,
      inputMode: l.inputMode,
      outputMode: l.outputMode,
      accWidth: l.accWidth,
      scoreWidth: l.scoreWidth,
      depth: l.depth,
      iiCycles: l.iiCycles,
      latencyCycles: l.latencyCycles,
      weightFile: memName(l.index, 'w'),
      constFile: memName(l.index, 'c'),
    })),
    files: { verilog: [topFile, ...prims], memory: memories },
  };
  files.set('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return { files, manifest };
}
