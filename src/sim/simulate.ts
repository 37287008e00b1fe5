/**
 * The cycle simulator of a whole generated design (templates/top.v.hbs:
 * s_axis -> mvu0 -> fifo0 -> mvu1 -> ... -> m_axis), driven exactly like
 * the Verilator harness (sim/harness.cpp): cycle 0 is the first rising edge
 * after reset; every cycle draws the shared stall pattern twice (source,
 * then sink), drives the ports, samples the transfers before the edge,
 * then clocks every register. Built from the plan only.
 */
import { diag, UserError } from '../diagnostics.js';
import { encodeInputBeat, setField } from '../ir/beats.js';
import type { Plan } from '../plan/plan.js';
import type { StreamTrace } from '../schedule/trace-timing.js';
import { FifoSim } from './fifo.js';
import { MvuSim } from './mvu.js';
import { HwuSim } from './hwu.js';
import { Xorshift32 } from './stall.js';
import { simulateImageChain } from './chain.js';
import { layerSimStats, type LayerSimStats } from './layer-stats.js';
import type { VcdWriter } from './vcd.js';
import type { PopcountPath } from './kernel-rows.js';

export interface SimOptions {
  /** Seed of the stall pattern (non-zero). */
  seed: number;
  /** Stall probability in permille (0 = no stalls), see src/sim/stall.ts. */
  stallPermille: number;
  /** Fail when no output appears for this many cycles. */
  watchdogCycles: number;
  /** Count register toggles (slower). */
  activity?: boolean;
  /**
   * Where the units' popcounts run: the WebAssembly kernel for long rows
   * (`auto`, default), always (`kernel`) or never (`js`); the results are
   * the same.
   */
  popcounts?: PopcountPath;
  /** Dump the ports and per-layer handshake / accumulator signals. */
  vcd?: VcdWriter;
}

export type { LayerSimStats } from './layer-stats.js';

export interface SimResult extends StreamTrace {
  layers: LayerSimStats[];
  /** Highest occupancy of each inter-layer FIFO. */
  fifoMaxOccupancy: number[];
}

/** Row-major input vectors (uint values, or ±1 for bipolar). */
export interface SimInputs {
  count: number;
  width: number;
  data: Int32Array;
}

/** The cycle model of one layer: folded (siman_mvu) or hardwired (siman_hwu + lanes). */
export type UnitSim = MvuSim | HwuSim;

/** Nanoseconds per cycle in the VCD time axis (cycle c at time 10·c). */
export const VCD_CYCLE_TIME = 10;

/** Simulate `inputs` streaming through the design of `plan`. */
export function simulateDesign(plan: Plan, inputs: SimInputs, opts: SimOptions): SimResult {
  if (plan.convTiming) {
    if (opts.vcd) throw new UserError(diag('E_UNSUPPORTED', 'VCD dumps are not written for conv networks yet'));
    return simulateImageChain(plan, inputs, opts);
  }
  if (inputs.width !== plan.inputElements) throw new Error(`simulateDesign: inputs have ${inputs.width} elements, the design takes ${plan.inputElements}`);
  const activity = opts.activity === true;
  const pc = opts.popcounts ?? 'auto';
  const mvus: UnitSim[] = plan.layers.map((lp) => (lp.mode === 'hardwired' ? new HwuSim(lp, activity, pc) : new MvuSim(lp, activity, pc)));
  const fifos = plan.fifos.map((f) => new FifoSim(f));
  const L = mvus.length;
  const last = mvus[L - 1]!;
  const stall = new Uint8Array(L);
  const sReady = new Uint8Array(L);
  const sFire = new Uint8Array(L);
  const rng = new Xorshift32(opts.seed);
  const permille = opts.stallPermille;
  const count = inputs.count;
  const classes = plan.classes;
  const vcd = opts.vcd ? vcdProbe(plan, mvus, fifos, inputs, opts.vcd) : null;

  const inputCycles: number[] = [];
  const outputCycles: number[] = [];
  const scores: Float64Array[] = [];
  let next = 0;
  let srcValid = false;
  let received = 0;
  let cycle = 0;
  let lastOutput = 0;
  while (received < count) {
    const srcDraw = rng.next() % 1000;
    const snkDraw = rng.next() % 1000;
    if (next < count && !srcValid && srcDraw >= permille) srcValid = true;
    const sinkReady = snkDraw >= permille;

    // Combinational wires of this cycle, from the current registers.
    for (let i = 0; i < L; i++) {
      const m = mvus[i]!;
      const mReady = i === L - 1 ? sinkReady : !fifos[i]!.full;
      const st = m.mTvalid && !mReady;
      stall[i] = st ? 1 : 0;
      const sr = m.sReady(st);
      sReady[i] = sr ? 1 : 0;
      const sv = i === 0 ? srcValid : !fifos[i - 1]!.empty;
      sFire[i] = sv && sr ? 1 : 0;
    }
    const inFire = sFire[0] === 1;
    const outFire = last.mTvalid && sinkReady;
    if (vcd) vcd(cycle, next, srcValid, sinkReady, stall, sReady);
    if (inFire) inputCycles.push(cycle);
    if (outFire) {
      const s = new Float64Array(classes);
      last.readScores(s);
      scores.push(s);
      outputCycles.push(cycle);
      received++;
      lastOutput = cycle;
    }

    // Rising edge, downstream first so every reader sees the old values.
    for (let i = L - 1; i >= 0; i--) {
      const m = mvus[i]!;
      const fire = sFire[i] === 1;
      m.step(stall[i] === 1, fire);
      if (i === 0) {
        if (fire) m.loadElements(inputs.data, next * inputs.width);
      } else {
        const f = fifos[i - 1]!;
        if (fire) m.loadWords(f.mem, f.headOffset());
        const up = mvus[i - 1]!;
        f.step(up.mTvalid && !f.full, fire, up.mBits);
      }
    }
    if (inFire) {
      next++;
      srcValid = false;
    }
    cycle++;
    if (cycle - lastOutput > opts.watchdogCycles && received < count) {
      throw deadlock(plan, mvus, fifos, opts.watchdogCycles, received, count, next);
    }
  }
  if (opts.vcd) {
    opts.vcd.time(cycle * VCD_CYCLE_TIME);
    opts.vcd.close();
  }

  return {
    inputCycles,
    outputCycles,
    scores,
    totalCycles: cycle,
    layers: mvus.map((m) => layerSimStats(m, m.lp.iiCycles, cycle, activity)),
    fifoMaxOccupancy: fifos.map((f) => f.maxCount),
  };
}

/** E_DEADLOCK naming the most downstream place that still holds data. */
function deadlock(plan: Plan, mvus: UnitSim[], fifos: FifoSim[], watchdog: number, received: number, count: number, sent: number): UserError {
  let where = '';
  for (let i = mvus.length - 1; i >= 0 && !where; i--) {
    const m = mvus[i]!;
    if (m.holdsData()) {
      where = `layer ${i} (${m.lp.name}) holds a vector (in_valid=${+m.inValid}, m_tvalid=${+m.mTvalid}, sf=${m.sfCnt}, nf=${m.nfCnt})`;
    } else if (i > 0 && !fifos[i - 1]!.empty) {
      where = `the FIFO between layer ${i - 1} and layer ${i} holds ${fifos[i - 1]!.count} beat(s) that layer ${i} does not take`;
    }
  }
  if (!where) where = sent < count ? 'no data inside the pipeline: the source delivered no further vector' : 'no data inside the pipeline';
  return new UserError(
    diag('E_DEADLOCK', `simulation made no output for ${watchdog} cycles (received ${received} of ${count}): data is stuck in ${where}`, undefined, {
      notes: [`design ${plan.top}: ${plan.layers.length} layer(s), planned II ${plan.iiCycles}, latency ${plan.latencyCycles}`],
      hint: 'raise --watchdog for very long stalls, or report the design and seed',
    }),
  );
}

type Probe = (cycle: number, next: number, srcValid: boolean, sinkReady: boolean, stall: Uint8Array, sReady: Uint8Array) => void;

/** Declare the VCD signals and return the per-cycle dumper. */
function vcdProbe(plan: Plan, mvus: UnitSim[], fifos: FifoSim[], inputs: SimInputs, w: VcdWriter): Probe {
  w.scope(plan.top);
  const sValid = w.wire('s_axis_tvalid', 1);
  const sReadyTop = w.wire('s_axis_tready', 1);
  const sData = w.wire('s_axis_tdata', plan.inputBits);
  const mValid = w.wire('m_axis_tvalid', 1);
  const mReadyTop = w.wire('m_axis_tready', 1);
  const mData = w.wire('m_axis_tdata', plan.outputBits);
  const maxAcc = 64;
  const layerVars = mvus.map((m, i) => {
    w.scope(`l${i}`);
    const v = {
      sValid: w.wire('s_tvalid', 1),
      sReady: w.wire('s_tready', 1),
      mValid: w.wire('m_tvalid', 1),
      mReady: w.wire('m_tready', 1),
      stall: w.wire('stall', 1),
      inValid: w.wire('in_valid', 1),
      issue: w.wire('issue', 1),
      sf: w.wire('sf_cnt', Math.max(1, Math.ceil(Math.log2(m.sf)))),
      nf: w.wire('nf_cnt', Math.max(1, Math.ceil(Math.log2(m.nf)))),
      accv: w.wire('accv', 1),
      acc: Array.from({ length: Math.min(m.pe, maxAcc) }, (_, p) => w.wire(`acc_${p}`, m.accW)),
    };
    w.upscope();
    return v;
  });
  const fifoVars = fifos.map((f) => {
    w.scope(`f${f.plan.after}`);
    const c = w.wire('count', Math.max(1, Math.ceil(Math.log2(f.depth + 1))));
    w.upscope();
    return c;
  });
  w.upscope();
  const encoding = plan.network.input.encoding;
  const zeroBeat = new Uint32Array(Math.ceil(plan.inputBits / 32));
  let beatIndex = -1;
  let beat: Uint32Array = zeroBeat;
  const outWords = new Uint32Array(Math.ceil(plan.outputBits / 32));
  const last = mvus[mvus.length - 1]!;
  return (cycle, next, srcValid, sinkReady, stall, sReady) => {
    w.time(cycle * VCD_CYCLE_TIME);
    if (next !== beatIndex) {
      beatIndex = next;
      beat = next < inputs.count ? encodeInputBeat(inputs.data.subarray(next * inputs.width, (next + 1) * inputs.width), encoding) : zeroBeat;
    }
    w.set(sValid, srcValid);
    w.set(sReadyTop, sReady[0] === 1);
    w.setWords(sData, beat);
    w.set(mValid, last.mTvalid);
    w.set(mReadyTop, sinkReady);
    outWords.fill(0);
    for (let c = 0; c < plan.classes; c++) setField(outWords, c * plan.scoreBits, plan.scoreBits, last.mVals[c]!);
    w.setWords(mData, outWords);
    mvus.forEach((m, i) => {
      const v = layerVars[i]!;
      const st = stall[i] === 1;
      w.set(v.sValid, i === 0 ? srcValid : !fifos[i - 1]!.empty);
      w.set(v.sReady, sReady[i] === 1);
      w.set(v.mValid, m.mTvalid);
      w.set(v.mReady, i === mvus.length - 1 ? sinkReady : !fifos[i]!.full);
      w.set(v.stall, st);
      w.set(v.inValid, m.inValid);
      w.set(v.issue, m.inValid && !st);
      w.set(v.sf, m.sfCnt);
      w.set(v.nf, m.nfCnt);
      w.set(v.accv, m.accv);
      v.acc.forEach((h, p) => w.set(h, m.acc[p]!));
    });
    fifos.forEach((f, i) => w.set(fifoVars[i]!, f.count));
  };
}
