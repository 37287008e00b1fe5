/**
 * The pipeline driver: steps a chain of streaming stages cycle by cycle,
 * exactly like the Verilator harness (sim/harness.cpp) drives the RTL.
 * Per cycle the stall pattern is drawn twice (source, sink), the ready
 * chain is evaluated from the sink backwards (a compute unit's s_tready
 * depends on its m_tready; the window unit's and the FIFO's are
 * registers), transfers are sampled, and every stage is clocked,
 * downstream first, so each reads its upstream's m_tdata of this cycle.
 *
 * The stages are control-only for the planner's schedule and carry their
 * data path in the simulator (src/sim/chain.ts subclasses the stages
 * below); either way the timing rules are those of src/schedule.
 */
import { Xorshift32 } from './stall.js';
import type { FifoControl } from './fifo-control.js';
import type { WindowControl } from './window-control.js';

/** One streaming stage between the source and the sink. */
export interface StreamStage {
  /** Names the stage in a deadlock diagnosis. */
  readonly label: string;
  mValid(): boolean;
  /** s_tready this cycle, given the stage's m_tready. */
  sReady(mReady: boolean): boolean;
  /** One rising edge. */
  step(mReady: boolean, sFire: boolean): void;
  holdsData(): boolean;
}

/** A compute unit's control surface (MvuControl, HwuControl, or a simulator unit built on one). */
export interface ComputeUnit {
  readonly mTvalid: boolean;
  sReady(stall: boolean): boolean;
  step(stall: boolean, sFire: boolean): void;
  holdsData(): boolean;
}

/** A compute unit as a stage: its stall is m_tvalid && !m_tready. */
export class UnitStage<U extends ComputeUnit = ComputeUnit> implements StreamStage {
  constructor(
    readonly unit: U,
    readonly label: string,
  ) {}
  mValid(): boolean {
    return this.unit.mTvalid;
  }
  sReady(mReady: boolean): boolean {
    return this.unit.sReady(this.unit.mTvalid && !mReady);
  }
  step(mReady: boolean, sFire: boolean): void {
    this.unit.step(this.unit.mTvalid && !mReady, sFire);
  }
  holdsData(): boolean {
    return this.unit.holdsData();
  }
}

/** A window / pool / gather unit as a stage (s_tready = !holdV). */
export class WindowStage implements StreamStage {
  constructor(
    readonly ctl: WindowControl,
    readonly label: string,
  ) {}
  mValid(): boolean {
    return this.ctl.mTvalid;
  }
  sReady(): boolean {
    return !this.ctl.holdV;
  }
  step(mReady: boolean, sFire: boolean): void {
    this.ctl.step(mReady, sFire);
  }
  holdsData(): boolean {
    return this.ctl.holdsData();
  }
}

/** An inter-layer FIFO as a stage: push = s_fire, pop = !empty && m_tready. */
export class FifoStage implements StreamStage {
  constructor(
    readonly ctl: FifoControl,
    readonly label: string,
  ) {}
  mValid(): boolean {
    return !this.ctl.empty;
  }
  sReady(): boolean {
    return !this.ctl.full;
  }
  step(mReady: boolean, sFire: boolean): void {
    this.ctl.step(sFire, !this.ctl.empty && mReady);
  }
  holdsData(): boolean {
    return !this.ctl.empty;
  }
}

/** How to drive a pipeline. */
export interface PipelineRun {
  /** Beats the source sends. */
  inputBeats: number;
  /** Output handshakes to wait for. */
  outputs: number;
  /** Seed of the stall pattern (non-zero). */
  seed: number;
  /** Stall probability in permille (0 = no stalls). */
  stallPermille: number;
  /** Fail when no output appears for this many cycles. */
  watchdogCycles: number;
  /** An output handshake, before the edge (the sink samples m_tdata). */
  onOutput?: () => void;
  /** An input handshake, after the edge (the source moves to its next beat). */
  onInput?: () => void;
  /** The error to throw when the watchdog fires: `holder` is the stage nearest the sink that holds data. */
  deadlock: (received: number, holder: StreamStage | null) => Error;
}

/** Handshake cycles of a run (cycle 0 = the first rising edge). */
export interface PipelineTrace {
  inputCycles: number[];
  outputCycles: number[];
  /** Cycles run until the last output handshake (inclusive). */
  totalCycles: number;
}

/** Run `stages` (source side first) until `run.outputs` outputs have left the last one. */
export function runPipeline(stages: readonly StreamStage[], run: PipelineRun): PipelineTrace {
  const N = stages.length;
  if (N === 0) throw new Error('runPipeline: no stages');
  const last = stages[N - 1]!;
  const mReady = new Uint8Array(N);
  const sFire = new Uint8Array(N);
  const rng = new Xorshift32(run.seed);
  const permille = run.stallPermille;
  const { inputBeats, outputs, watchdogCycles, onInput, onOutput } = run;
  const inputCycles: number[] = [];
  const outputCycles: number[] = [];
  let srcValid = false;
  let sent = 0;
  let received = 0;
  let cycle = 0;
  let lastOutput = 0;
  while (received < outputs) {
    const srcDraw = rng.next() % 1000;
    const snkDraw = rng.next() % 1000;
    if (sent < inputBeats && !srcValid && srcDraw >= permille) srcValid = true;
    const sinkReady = snkDraw >= permille;
    let ready = sinkReady;
    for (let i = N - 1; i >= 0; i--) {
      mReady[i] = ready ? 1 : 0;
      ready = stages[i]!.sReady(ready);
      const sv = i === 0 ? srcValid : stages[i - 1]!.mValid();
      sFire[i] = sv && ready ? 1 : 0;
    }
    const inFire = sFire[0] === 1;
    if (inFire) inputCycles.push(cycle);
    if (last.mValid() && sinkReady) {
      if (onOutput) onOutput();
      outputCycles.push(cycle);
      received++;
      lastOutput = cycle;
    }
    for (let i = N - 1; i >= 0; i--) stages[i]!.step(mReady[i] === 1, sFire[i] === 1);
    if (inFire) {
      sent++;
      srcValid = false;
      if (onInput) onInput();
    }
    cycle++;
    if (cycle - lastOutput > watchdogCycles && received < outputs) {
      let holder: StreamStage | null = null;
      for (let i = N - 1; i >= 0 && !holder; i--) if (stages[i]!.holdsData()) holder = stages[i]!;
      throw run.deadlock(received, holder);
    }
  }
  return { inputCycles, outputCycles, totalCycles: cycle };
}
