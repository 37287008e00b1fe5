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
import { formatModes } from '../plan/mode-spec.js';
import { constFieldWidth, hardwiredConsts, hardwiredLanes, verilogBits } from '../plan/hardwired.js';
import type { LayerPlan, WindowPlan } from '../plan/plan.js';
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
  /** Bits of one input beat. */
  inputBits: number;
  /** 'vector': one beat per input vector; 'pixel': an image [c,h,w] as h·w beats, row-major, channel c at [c·EB +: EB]. */
  inputBeat: 'vector' | 'pixel';
  inputBeatsPerVector: number;
  outputBits: number;
  scoreBits: number;
  classes: number;
  iiCycles: number;
  latencyCycles: number;
  fold: string;
  /** The `--fold auto:…` budget the fold was chosen for, when one was given (absent otherwise). */
  foldBudget?: FoldBudgetRecord;
  /** Weight mode per layer in the `--mode` syntax (`folded`, `hardwired`, or `0:hardwired;1:folded`). */
  mode: string;
  /** Weight ROM placement asked of synthesis for folded layers (`--weights`). */
  weights: 'auto' | 'bram' | 'lut';
  layers: Array<{
    index: number;
    name: string;
    mode: 'folded' | 'hardwired';
    /** Hardwired `xnor` lowered onto the AND datapath with one shared input popcount (`--lower`). */
    lowered: boolean;
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
    /** Memory images of a folded layer; null for a hardwired one (weights and constants are logic). */
    weightFile: string | null;
    constFile: string | null;
    /** Verilog module of a hardwired layer (in its own file); null when folded. */
    module: string | null;
    /** Window unit in front of the MVU (conv: sliding window; gather: flatten) and pool unit behind it. */
    window: { role: string; c: number; h: number; w: number; kernel: [number, number]; stride: [number, number]; padding: [number, number]; positions: number } | null;
    pool: { c: number; h: number; w: number; kernel: [number, number]; stride: [number, number]; positions: number } | null;
    /** MVU vectors per image (conv windows), 1 for a dense layer. */
    positions: number;
  }>;
  /** Files needed to build the design, relative to the manifest. */
  files: { verilog: string[]; memory: string[] };
}

/** A fold budget and what the search estimated for the chosen fold. */
export interface FoldBudgetRecord {
  spec: string;
  target: string;
  clockMhz: number;
  estimatedLuts: number;
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
export function emitDesign(plan: Plan, opts: { foldBudget?: FoldBudgetRecord } = {}): EmittedDesign {
  const stem = fileStem(plan.top);
  const version = packageVersion();
  const memName = (i: number, kind: 'w' | 'c'): string => `${stem}_l${i}_${kind}.mem`;
  const hwModule = (i: number): string => `${plan.top}_l${i}_hw`;
  const hwFile = (i: number): string => `${stem}_l${i}_hw.v`;
  const last = plan.layers.length - 1;
  const layerContext = (l: LayerPlan) => ({
    index: l.index,
    comment: commentText(l.name),
    mode: l.mode,
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
    // siman_rom STYLE: 0 auto, 1 block RAM, 2 logic.
    weightStyleParam: ({ auto: 0, bram: 1, lut: 2 } as const)[plan.weights],
    module: hwModule(l.index),
    srcData: l.index === 0 ? 's_axis_tdata' : `f${l.index - 1}_m_tdata`,
    srcValid: l.index === 0 ? 's_axis_tvalid' : `f${l.index - 1}_m_tvalid`,
    // With a window/gather unit the MVU reads its windows; with a pool unit it writes the pool's input.
    mvuSrcData: l.window ? `l${l.index}_x_tdata` : l.index === 0 ? 's_axis_tdata' : `f${l.index - 1}_m_tdata`,
    mvuSrcValid: l.window ? `l${l.index}_x_tvalid` : l.index === 0 ? 's_axis_tvalid' : `f${l.index - 1}_m_tvalid`,
    mvuSReady: l.window ? `l${l.index}_x_tready` : `l${l.index}_s_tready`,
    mvuDst: l.pool ? `l${l.index}_c` : `l${l.index}_m`,
    wires: [
      ...(l.window ? [{ name: `l${l.index}_x`, msb: l.window.outBits - 1 }] : []),
      ...(l.pool ? [{ name: `l${l.index}_c`, msb: l.outBits - 1 }] : []),
      { name: `l${l.index}_m`, msb: l.beatBits - 1 },
    ],
    window: l.window
      ? [{ ...l.window, index: l.index, srcData: l.index === 0 ? 's_axis_tdata' : `f${l.index - 1}_m_tdata`, srcValid: l.index === 0 ? 's_axis_tvalid' : `f${l.index - 1}_m_tvalid`, classParams: windowClassParams(l.window) }]
      : [],
    mvuClassParams: l.classes > 1 ? `, .CLASSES(${l.classes}), .CLS_W(${l.classWidth})` : '',
    pool: l.pool ? [{ ...l.pool, index: l.index, ops: verilogBits((l.pool.ops ?? []).map((o) => (o === 'and' ? 1 : 0))) }] : [],
  });

  const context = {
    top: plan.top,
    version,
    modelComment: commentText(plan.network.name),
    pipelineComment: plan.layers
      .map((l) => [l.window ? `${l.window.role}${l.index}` : '', `mvu${l.index}`, l.pool ? `pool${l.index}` : ''].filter((x) => x).join(' -> '))
      .join(' -> fifo -> '),
    inputBeatComment:
      plan.inputBeat === 'pixel'
        ? `one pixel of the image, row-major (${plan.inputBeatsPerVector} beats per image), channel c at [c*${plan.inputElementBits} +: ${plan.inputElementBits}]`
        : `element i at [i*${plan.inputElementBits} +: ${plan.inputElementBits}]`,
    iiCycles: plan.iiCycles,
    latencyCycles: plan.latencyCycles,
    inputElementBits: plan.inputElementBits,
    scoreBits: plan.scoreBits,
    inputMsb: plan.inputBits - 1,
    outputMsb: plan.outputBits - 1,
    lastIndex: last,
    layers: plan.layers.map((l) => {
      const ctx = layerContext(l);
      return { ...ctx, folded: l.mode === 'folded' ? [ctx] : [], hardwired: l.mode === 'hardwired' ? [ctx] : [] };
    }),
    fifos: plan.fifos.map((f) => ({ after: f.after, next: f.after + 1, width: f.width, msb: f.width - 1, depth: f.depth })),
  };

  const files = new Map<string, string>();
  const topFile = `${stem}.v`;
  files.set(topFile, renderTemplate('top.v.hbs', context));
  const prims = primitiveFiles();
  for (const f of prims) files.set(f, readFileSync(RTL_DIR + f, 'utf8'));
  const memories: string[] = [];
  const layerFiles: string[] = [];
  for (const l of plan.layers) {
    if (l.mode === 'hardwired') {
      files.set(hwFile(l.index), renderTemplate('hw-layer.v.hbs', hardwiredContext(l, hwModule(l.index), plan.top, version)));
      layerFiles.push(hwFile(l.index));
      continue;
    }
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
    inputBeat: plan.inputBeat,
    inputBeatsPerVector: plan.inputBeatsPerVector,
    outputBits: plan.outputBits,
    scoreBits: plan.scoreBits,
    classes: plan.classes,
    iiCycles: plan.iiCycles,
    latencyCycles: plan.latencyCycles,
    fold: formatFolds(plan.layers),
    ...(opts.foldBudget ? { foldBudget: opts.foldBudget } : {}),
    mode: formatModes(plan.layers.map((l) => l.mode)),
    weights: plan.weights,
    layers: plan.layers.map((l) => ({
      index: l.index,
      name: l.name,
      mode: l.mode,
      lowered: l.lowered,
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
      weightFile: l.mode === 'folded' ? memName(l.index, 'w') : null,
      constFile: l.mode === 'folded' ? memName(l.index, 'c') : null,
      module: l.mode === 'hardwired' ? hwModule(l.index) : null,
      window: l.window
        ? { role: l.window.role, c: l.window.c, h: l.window.h, w: l.window.w, kernel: [l.window.kh, l.window.kw], stride: [l.window.sh, l.window.sw], padding: [l.window.ph, l.window.pw], positions: l.window.positions }
        : null,
      pool: l.pool ? { c: l.pool.c, h: l.pool.h, w: l.pool.w, kernel: [l.pool.kh, l.pool.kw], stride: [l.pool.sh, l.pool.sw], positions: l.pool.positions } : null,
      positions: l.positions,
    })),
    files: { verilog: [topFile, ...layerFiles, ...prims], memory: memories },
  };
  files.set('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return { files, manifest };
}

/** Flat context of templates/hw-layer.v.hbs: the lanes' wiring and constants, all precomputed. */
function hardwiredContext(l: LayerPlan, module: string, top: string, version: string): object {
  const lanes = hardwiredLanes(l);
  const eb = l.eb;
  const param = {
    nf: l.nf,
    inputModeParam: l.inputMode === 'uint' ? 1 : 0,
    eb,
    // A lowered lane is an `and` lane over its side.
    semanticsParam: l.semantics === 'xnor' && !l.lowered ? 1 : 0,
    depth: l.depth,
    accWidth: l.accWidth,
  };
  const laneOut = l.lowered ? 's' : 'q';
  // Operand j of a lane sits at [j*EB +: EB] of its x port: a concatenation lists the MSB operand first.
  const selection = (inputs: number[]): string => {
    if (inputs.length === l.in) return 'x';
    const parts = inputs
      .slice()
      .reverse()
      .map((i) => (l.inputMode === 'uint' ? `x[${i * eb} +: ${eb}]` : `x[${i}]`));
    return `{${parts.join(', ')}}`;
  };
  return {
    module,
    top,
    version,
    index: l.index,
    comment: commentText(l.name),
    in: l.in,
    out: l.out,
    pe: l.pe,
    nf: l.nf,
    semantics: l.semantics,
    inputMode: l.inputMode,
    outputMode: l.outputMode,
    wiredInputs: lanes.reduce((a, x) => a + x.inputs.length, 0),
    inMsb: l.inBits - 1,
    outMsb: l.outBits - 1,
    foldMsb: Math.max(1, Math.ceil(Math.log2(l.nf))) - 1,
    qMsb: l.pe * l.accWidth - 1,
    inputModeParam: param.inputModeParam,
    eb,
    outputModeParam: l.outputMode === 'score' ? 1 : 0,
    accWidth: l.accWidth,
    swParam: l.outputMode === 'score' ? l.scoreWidth : 2,
    depth: l.depth,
    consts: hardwiredConsts(l),
    constFieldWidth: constFieldWidth(l),
    lower: l.lowered
      ? [{ in: l.in, pe: l.pe, inputModeParam: param.inputModeParam, eb, depth: l.depth, accWidth: l.accWidth, qMsb: l.pe * l.accWidth - 1, signs: verilogBits(lanes.map((x) => x.side)), sumName: l.inputMode === 'uint' ? 'sum' : 'popcount' }]
      : [],
    lanes: lanes
      .filter((x) => x.inputs.length > 0)
      .map((x) => ({ ...param, lane: x.lane, count: x.inputs.length, mask: verilogBits(x.mask), selection: selection(x.inputs), qLsb: x.lane * l.accWidth, laneOut })),
    emptyLanes: lanes
      .filter((x) => x.inputs.length === 0)
      .map((x) => ({
        lane: x.lane,
        qLsb: x.lane * l.accWidth,
        accWidth: l.accWidth,
        zero: `${l.accWidth}'d0`,
        laneOut,
        emptyWhy: l.lowered ? `no input on its side (weight ${x.side === 0 ? 1 : 0}) in any fold` : 'every weight is 0',
      })),
  };
}

/** The border class parameters of a window unit (empty without classes): CLASSES, CLS_W and the ROW_CLS / COL_CLS tables as packed literals. */
function windowClassParams(wp: WindowPlan): string {
  if (wp.classes <= 1) return '';
  const table = (values: number[]): string => {
    const bits: number[] = [];
    for (const v of values) for (let b = 0; b < wp.classWidth; b++) bits.push((v >> b) & 1);
    return verilogBits(bits);
  };
  return `,\n    .CLASSES(${wp.classes}), .CLS_W(${wp.classWidth}), .ROW_CLS(${table(wp.rowClassBase)}), .COL_CLS(${table(wp.colClass)})`;
}
