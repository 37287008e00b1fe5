/**
 * The cycle simulator of a design with image units (conv networks):
 *
 *   s_axis -> [window] -> mvu0 -> [pool] -> fifo -> [window|gather] -> mvu1 -> ... -> m_axis
 *
 * driven by the pipeline driver of src/schedule/pipeline.ts (exactly like
 * sim/harness.cpp, see simulate.ts). Each node is the schedule's stage of
 * its unit (the timing control) with the unit's data path on top: a node
 * reads its upstream's m_tdata when its s_fire is set. Beats travel as
 * element arrays; the source sends one beat per pixel (all channels) for an
 * image input. Buffers are allocated once; a cycle allocates nothing.
 */
import type { LayerPlan, Plan, WindowPlan } from '../plan/plan.js';
import { MvuSim } from './mvu.js';
import { HwuSim } from './hwu.js';
import { WindowSim } from './window.js';
import { FifoControl } from '../schedule/fifo-control.js';
import { FifoStage, runPipeline, UnitStage, WindowStage, type StreamStage } from '../schedule/pipeline.js';
import { diag, UserError } from '../diagnostics.js';
import type { SimInputs, SimOptions, SimResult } from './simulate.js';
import { layerSimStats } from './layer-stats.js';
import type { PopcountPath } from './kernel-rows.js';

interface Node extends StreamStage {
  /** Where s_tdata comes from (the source or the node before). */
  up: Reader;
  read(dst: Int32Array, off: number): void;
}

interface Reader {
  read(dst: Int32Array, off: number): void;
}

class SourceReader implements Reader {
  beat = 0;
  constructor(
    private readonly inputs: SimInputs,
    private readonly plan: Plan,
  ) {}
  read(dst: Int32Array, off: number): void {
    const { data, width } = this.inputs;
    const per = this.plan.inputBeatsPerVector;
    const n = Math.floor(this.beat / per);
    if (per === 1) {
      for (let i = 0; i < width; i++) dst[off + i] = data[n * width + i]!;
      return;
    }
    const p = this.beat % per;
    const c = width / per;
    for (let ci = 0; ci < c; ci++) dst[off + ci] = data[n * width + ci * per + p]!;
  }
}

class WindowNode extends WindowStage implements Node {
  readonly sim: WindowSim;
  up: Reader = NO_READER;
  private readonly load = (dst: Int32Array, off: number): void => this.up.read(dst, off);
  constructor(wp: WindowPlan, label: string) {
    const sim = new WindowSim(wp);
    super(sim.ctl, label);
    this.sim = sim;
  }
  override step(mReady: boolean, sFire: boolean): void {
    this.sim.step(mReady, sFire, this.load);
  }
  read(dst: Int32Array, off: number): void {
    this.sim.read(dst, off);
  }
}

class MvuNode extends UnitStage<MvuSim | HwuSim> implements Node {
  up: Reader = NO_READER;
  private readonly buf: Int32Array;
  constructor(readonly lp: LayerPlan, label: string, activity: boolean, popcounts: PopcountPath) {
    super(lp.mode === 'hardwired' ? new HwuSim(lp, activity, popcounts) : new MvuSim(lp, activity, popcounts), label);
    this.buf = new Int32Array(lp.in + 1);
  }
  get sim(): MvuSim | HwuSim {
    return this.unit;
  }
  override step(mReady: boolean, sFire: boolean): void {
    super.step(mReady, sFire);
    if (sFire) {
      const sim = this.unit;
      this.up.read(this.buf, 0);
      sim.loadElements(this.buf, 0);
      // With border classes the window sends the class after the window's elements.
      if (this.lp.classes > 1 && sim instanceof MvuSim) sim.inCls = this.buf[this.lp.in]!;
    }
  }
  read(dst: Int32Array, off: number): void {
    const bits = this.unit.mBits;
    for (let c = 0; c < this.lp.out; c++) dst[off + c] = (bits[c >>> 5]! >>> (c & 31)) & 1;
  }
}

class FifoNode extends FifoStage implements Node {
  up: Reader = NO_READER;
  private readonly mem: Int32Array;
  constructor(
    depth: number,
    private readonly width: number,
    label: string,
  ) {
    super(new FifoControl(depth), label);
    this.mem = new Int32Array(depth * width);
  }
  override step(mReady: boolean, sFire: boolean): void {
    if (sFire) this.up.read(this.mem, this.ctl.wrPtr * this.width);
    super.step(mReady, sFire);
  }
  read(dst: Int32Array, off: number): void {
    const rd = this.ctl.rdPtr;
    dst.set(this.mem.subarray(rd * this.width, (rd + 1) * this.width), off);
  }
}

const NO_READER: Reader = {
  read() {
    throw new Error('chain: a node read before it was connected');
  },
};

/** Elements of one beat leaving a layer (after its pool unit). */
function beatElements(l: LayerPlan): number {
  return l.pool ? l.pool.c : l.out;
}

/** Simulate `inputs` through the image pipeline of `plan` (see the file comment). */
export function simulateImageChain(plan: Plan, inputs: SimInputs, opts: SimOptions): SimResult {
  if (inputs.width !== plan.inputElements) throw new Error(`simulateImageChain: inputs have ${inputs.width} elements, the design takes ${plan.inputElements}`);
  const nodes: Node[] = [];
  const mvus: MvuNode[] = [];
  const fifos: FifoNode[] = [];
  const windows: WindowNode[] = [];
  const source = new SourceReader(inputs, plan);
  for (const l of plan.layers) {
    if (l.window) {
      const w = new WindowNode(l.window, `layer ${l.index} (${l.name}) ${l.window.role} unit`);
      windows.push(w);
      nodes.push(w);
    }
    const m = new MvuNode(l, `layer ${l.index} (${l.name}) MVU`, opts.activity === true, opts.popcounts ?? 'auto');
    mvus.push(m);
    nodes.push(m);
    if (l.pool) {
      const p = new WindowNode(l.pool, `layer ${l.index} (${l.name}) pool unit`);
      windows.push(p);
      nodes.push(p);
    }
    const f = plan.fifos.find((x) => x.after === l.index);
    if (f) {
      const fn = new FifoNode(f.depth, beatElements(l), `the FIFO after layer ${l.index}`);
      fifos.push(fn);
      nodes.push(fn);
    }
  }
  nodes.forEach((n, i) => (n.up = i === 0 ? source : nodes[i - 1]!));
  const last = mvus[mvus.length - 1]!;
  const classes = plan.classes;
  const scores: Float64Array[] = [];
  const { inputCycles, outputCycles, totalCycles: cycle } = runPipeline(nodes, {
    inputBeats: inputs.count * plan.inputBeatsPerVector,
    outputs: inputs.count,
    seed: opts.seed,
    stallPermille: opts.stallPermille,
    watchdogCycles: opts.watchdogCycles,
    onOutput: () => {
      const s = new Float64Array(classes);
      last.sim.readScores(s);
      scores.push(s);
    },
    onInput: () => source.beat++,
    deadlock: (received, holder) =>
      new UserError(
        diag('E_DEADLOCK', `simulation made no output for ${opts.watchdogCycles} cycles (received ${received} of ${inputs.count}): data is stuck in ${holder ? holder.label : 'no unit (the source delivered no further beat)'}`, undefined, {
          notes: [`design ${plan.top}: ${plan.layers.length} layer(s), planned II ${plan.iiCycles}, latency ${plan.latencyCycles}`],
          hint: 'raise --watchdog for very long stalls, or report the design and seed',
        }),
      ),
  });
  return {
    inputCycles,
    outputCycles,
    scores,
    totalCycles: cycle,
    // The layer's MVU registers stand for the whole layer (window and pool registers are not counted).
    layers: mvus.map((m) => layerSimStats(m.sim, m.lp.iiCycles * m.lp.positions, cycle, opts.activity === true)),
    fifoMaxOccupancy: fifos.map((f) => f.ctl.maxCount),
  };
}
