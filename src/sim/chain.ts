/**
 * The cycle simulator of a design with image units (conv networks):
 *
 *   s_axis -> [window] -> mvu0 -> [pool] -> fifo -> [window|gather] -> mvu1 -> ... -> m_axis
 *
 * driven exactly like sim/harness.cpp (see simulate.ts): per cycle the
 * stall pattern is drawn twice (source, sink), the ready chain is
 * evaluated from the sink backwards (an MVU's s_tready depends on its
 * m_tready; the window unit's and the FIFO's are registers), transfers are
 * sampled, and every unit is clocked, downstream first, so each reads its
 * upstream's m_tdata of this cycle. Beats travel as element arrays; the
 * source sends one beat per pixel (all channels) for an image input.
 * Buffers are allocated once; a cycle allocates nothing.
 */
import type { LayerPlan, Plan, WindowPlan } from '../plan/plan.js';
import { MvuSim } from './mvu.js';
import { HwuSim } from './hwu.js';
import { WindowSim } from './window.js';
import { Xorshift32 } from './stall.js';
import { diag, UserError } from '../diagnostics.js';
import type { SimInputs, SimOptions, SimResult } from './simulate.js';
import { layerSimStats } from './layer-stats.js';
import type { PopcountPath } from './kernel-rows.js';

interface Node {
  readonly label: string;
  mValid(): boolean;
  sReady(mReady: boolean): boolean;
  step(mReady: boolean, sFire: boolean, up: Reader): void;
  read(dst: Int32Array, off: number): void;
  holdsData(): boolean;
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

class WindowNode implements Node {
  readonly sim: WindowSim;
  private up: Reader | null = null;
  private readonly load = (dst: Int32Array, off: number): void => this.up!.read(dst, off);
  constructor(wp: WindowPlan, readonly label: string) {
    this.sim = new WindowSim(wp);
  }
  mValid(): boolean {
    return this.sim.mTvalid;
  }
  sReady(): boolean {
    return this.sim.sTready;
  }
  step(mReady: boolean, sFire: boolean, up: Reader): void {
    this.up = up;
    this.sim.step(mReady, sFire, this.load);
  }
  read(dst: Int32Array, off: number): void {
    this.sim.read(dst, off);
  }
  holdsData(): boolean {
    return this.sim.holdsData();
  }
}

class MvuNode implements Node {
  readonly sim: MvuSim | HwuSim;
  private readonly buf: Int32Array;
  constructor(readonly lp: LayerPlan, readonly label: string, activity: boolean, popcounts: PopcountPath) {
    this.sim = lp.mode === 'hardwired' ? new HwuSim(lp, activity, popcounts) : new MvuSim(lp, activity, popcounts);
    this.buf = new Int32Array(lp.in + 1);
  }
  mValid(): boolean {
    return this.sim.mTvalid;
  }
  sReady(mReady: boolean): boolean {
    return this.sim.sReady(this.sim.mTvalid && !mReady);
  }
  step(mReady: boolean, sFire: boolean, up: Reader): void {
    this.sim.step(this.sim.mTvalid && !mReady, sFire);
    if (sFire) {
      up.read(this.buf, 0);
      this.sim.loadElements(this.buf, 0);
      // With border classes the window sends the class after the window's elements.
      if (this.lp.classes > 1 && this.sim instanceof MvuSim) this.sim.inCls = this.buf[this.lp.in]!;
    }
  }
  read(dst: Int32Array, off: number): void {
    const bits = this.sim.mBits;
    for (let c = 0; c < this.lp.out; c++) dst[off + c] = (bits[c >>> 5]! >>> (c & 31)) & 1;
  }
  holdsData(): boolean {
    return this.sim.holdsData();
  }
}

class FifoNode implements Node {
  private readonly mem: Int32Array;
  private rd = 0;
  private wr = 0;
  count = 0;
  maxCount = 0;
  constructor(
    private readonly depth: number,
    private readonly width: number,
    readonly label: string,
  ) {
    this.mem = new Int32Array(depth * width);
  }
  mValid(): boolean {
    return this.count > 0;
  }
  sReady(): boolean {
    return this.count < this.depth;
  }
  step(mReady: boolean, sFire: boolean, up: Reader): void {
    const pop = this.count > 0 && mReady;
    if (sFire) {
      up.read(this.mem, this.wr * this.width);
      this.wr = this.wr === this.depth - 1 ? 0 : this.wr + 1;
    }
    if (pop) this.rd = this.rd === this.depth - 1 ? 0 : this.rd + 1;
    this.count += (sFire ? 1 : 0) - (pop ? 1 : 0);
    if (this.count > this.maxCount) this.maxCount = this.count;
  }
  read(dst: Int32Array, off: number): void {
    dst.set(this.mem.subarray(this.rd * this.width, (this.rd + 1) * this.width), off);
  }
  holdsData(): boolean {
    return this.count > 0;
  }
}

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
  const N = nodes.length;
  const last = mvus[mvus.length - 1]!;
  const source = new SourceReader(inputs, plan);
  const mReady = new Uint8Array(N);
  const sFire = new Uint8Array(N);
  const rng = new Xorshift32(opts.seed);
  const permille = opts.stallPermille;
  const perVector = plan.inputBeatsPerVector;
  const totalBeats = inputs.count * perVector;
  const classes = plan.classes;
  const inputCycles: number[] = [];
  const outputCycles: number[] = [];
  const scores: Float64Array[] = [];
  let srcValid = false;
  let received = 0;
  let cycle = 0;
  let lastOutput = 0;
  while (received < inputs.count) {
    const srcDraw = rng.next() % 1000;
    const snkDraw = rng.next() % 1000;
    if (source.beat < totalBeats && !srcValid && srcDraw >= permille) srcValid = true;
    const sinkReady = snkDraw >= permille;
    let ready = sinkReady;
    for (let i = N - 1; i >= 0; i--) {
      mReady[i] = ready ? 1 : 0;
      ready = nodes[i]!.sReady(ready);
      const sv = i === 0 ? srcValid : nodes[i - 1]!.mValid();
      sFire[i] = sv && ready ? 1 : 0;
    }
    const inFire = sFire[0] === 1;
    const outFire = last.mValid() && sinkReady;
    if (inFire) inputCycles.push(cycle);
    if (outFire) {
      const s = new Float64Array(classes);
      last.sim.readScores(s);
      scores.push(s);
      outputCycles.push(cycle);
      received++;
      lastOutput = cycle;
    }
    for (let i = N - 1; i >= 0; i--) nodes[i]!.step(mReady[i] === 1, sFire[i] === 1, i === 0 ? source : nodes[i - 1]!);
    if (inFire) {
      source.beat++;
      srcValid = false;
    }
    cycle++;
    if (cycle - lastOutput > opts.watchdogCycles && received < inputs.count) {
      const holder = [...nodes].reverse().find((n) => n.holdsData());
      throw new UserError(
        diag('E_DEADLOCK', `simulation made no output for ${opts.watchdogCycles} cycles (received ${received} of ${inputs.count}): data is stuck in ${holder ? holder.label : 'no unit (the source delivered no further beat)'}`, undefined, {
          notes: [`design ${plan.top}: ${plan.layers.length} layer(s), planned II ${plan.iiCycles}, latency ${plan.latencyCycles}`],
          hint: 'raise --watchdog for very long stalls, or report the design and seed',
        }),
      );
    }
  }
  return {
    inputCycles,
    outputCycles,
    scores,
    totalCycles: cycle,
    // The layer's MVU registers stand for the whole layer (window and pool registers are not counted).
    layers: mvus.map((m) => layerSimStats(m.sim, m.lp.iiCycles * m.lp.positions, cycle, opts.activity === true)),
    fifoMaxOccupancy: fifos.map((f) => f.maxCount),
  };
}
