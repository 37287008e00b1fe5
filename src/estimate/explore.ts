/**
 * Design-space search over foldings: for every pipeline II a folding can
 * reach, each layer takes the folding with the fewest estimated LUTs whose
 * own cycles per input stay within that II (layers are independent for
 * LUTs; the pipeline II is the slowest layer's). Each candidate is planned
 * again with planNetwork, so II and latency are the planner's exact cycles,
 * and estimated with the analytic model. The Pareto front keeps the points
 * no other visited point beats on LUTs, II and latency at once. With
 * `searchModes` (`--mode auto`) a layer's candidates are its folded and its
 * hardwired foldings, so the weight mode is chosen per layer the same way.
 */
import type { Network } from '../ir/network.js';
import { planNetwork, type Plan } from '../plan/plan.js';
import { divisors, type Folding } from '../plan/folding.js';
import { formatFolds, parseFoldSpec } from '../plan/fold-spec.js';
import { formatModes, resolveModes, type LayerMode, type ModeSpec } from '../plan/mode-spec.js';
import type { LowerSpec } from '../plan/lower-spec.js';
import { fail } from '../diagnostics.js';
import { estimatePlan } from './analytic.js';
import { addDesignCounts, type DesignCounts } from './design-estimate.js';
import { estimateLayerUnits } from './window-estimate.js';

/** One visited folding with its exact cycles and estimated resources. */
export interface ExplorePoint {
  /** The fold spec, as `--fold` takes it. */
  fold: string;
  /** Weight mode per layer, as `--mode` takes it. */
  mode: string;
  iiCycles: number;
  latencyCycles: number;
  /** Inputs per second at the clock: clock / II. */
  vectorsPerSecond: number;
  resources: DesignCounts;
}

export interface ExploreResult {
  target: string;
  clockMhz: number;
  /** Every distinct folding the search planned. */
  visited: ExplorePoint[];
  /** Non-dominated points, fastest (smallest II) first. */
  front: ExplorePoint[];
}

const ZERO: DesignCounts = { luts: 0, ffs: 0, carries: 0, brams: 0, lutrams: 0 };

/** `a` dominates `b`: no worse on LUTs, II and latency, better on one. */
export function dominates(a: ExplorePoint, b: ExplorePoint): boolean {
  const le = a.resources.luts <= b.resources.luts && a.iiCycles <= b.iiCycles && a.latencyCycles <= b.latencyCycles;
  const lt = a.resources.luts < b.resources.luts || a.iiCycles < b.iiCycles || a.latencyCycles < b.latencyCycles;
  return le && lt;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The non-dominated subset of `points`, ordered by II then LUTs then fold text. */
export function paretoFront(points: readonly ExplorePoint[]): ExplorePoint[] {
  const front = points.filter((p) => !points.some((q) => dominates(q, p)));
  return front.sort((a, b) => a.iiCycles - b.iiCycles || a.resources.luts - b.resources.luts || cmp(a.fold, b.fold) || cmp(a.mode, b.mode));
}

/** A ModeSpec naming every layer's mode. */
export function modesSpec(modes: readonly LayerMode[]): ModeSpec {
  return { kind: 'explicit', layers: new Map(modes.map((m, i) => [i, m])) };
}

/** `lower` for a candidate's modes: a per-layer `L:on` applies only where layer L is hardwired (folded layers are never lowered). */
function lowerFor(lower: LowerSpec | undefined, modes: readonly LayerMode[]): LowerSpec | undefined {
  if (!lower || lower.kind === 'all') return lower;
  return { kind: 'explicit', layers: new Map([...lower.layers].filter(([i]) => modes[i] === 'hardwired')) };
}

function planFor(network: Network, top: string, folds: readonly Folding[], modes: readonly LayerMode[], lower: LowerSpec | undefined): Plan {
  const l = lowerFor(lower, modes);
  return planNetwork(network, { top, fold: parseFoldSpec(formatFolds(folds)), mode: modesSpec(modes), ...(l ? { lower: l } : {}) });
}

function resourcesOf(plan: Plan, target: string): DesignCounts {
  const base = estimatePlan(plan, target);
  let total = ZERO;
  for (const l of base.layers) {
    const units = estimateLayerUnits(plan.layers[l.index]!, target);
    for (const c of [units.window?.counts, l.mvu, units.pool?.counts, l.fifo ?? undefined]) if (c) total = addDesignCounts(total, c);
  }
  return total;
}

/**
 * One folding (and per-layer weight mode) planned and estimated exactly as
 * the search does it, so a design's own folding can be placed next to the
 * front.
 */
export function explorePoint(network: Network, target: string, clockMhz: number, folds: readonly Folding[], modes: readonly LayerMode[], opts: { top?: string; lower?: LowerSpec } = {}): ExplorePoint {
  const plan = planFor(network, opts.top ?? 'siman_top', folds, modes, opts.lower);
  return {
    fold: formatFolds(folds),
    mode: formatModes(modes),
    iiCycles: plan.iiCycles,
    latencyCycles: plan.latencyCycles,
    vectorsPerSecond: (clockMhz * 1e6) / plan.iiCycles,
    resources: resourcesOf(plan, target),
  };
}

/** Options of {@link exploreFoldings}. */
export interface ExploreOptions {
  top?: string;
  /** Fixed weight mode per layer (default: every layer folded); ignored when `searchModes`. */
  mode?: ModeSpec;
  /** Let every layer be folded or hardwired, whichever the estimate finds cheaper at each II (`--mode auto`). */
  searchModes?: boolean;
  /** `--lower` for hardwired xnor layers (default auto). */
  lower?: LowerSpec;
}

interface Candidate {
  f: Folding;
  mode: LayerMode;
  /** The layer's cycles per input (II times positions). */
  cycles: number;
  /** The layer's own latency in cycles. */
  latency: number;
  luts: number;
}

/** `x` is a better pick than `best` for one layer: fewer LUTs; ties towards lower latency, fewer cycles, larger SIMD, then folded. */
function betterPick(x: Candidate, best: Candidate): boolean {
  if (x.luts !== best.luts) return x.luts < best.luts;
  if (x.latency !== best.latency) return x.latency < best.latency;
  if (x.cycles !== best.cycles) return x.cycles < best.cycles;
  if (x.f.simd !== best.f.simd) return x.f.simd > best.f.simd;
  return x.mode === 'folded' && best.mode !== 'folded';
}

/**
 * Search the foldings of `network` for `target` at `clockMhz`. A hardwired
 * layer keeps SIMD = fan-in and varies only PE; with `searchModes` each
 * layer's candidates are its folded and its hardwired foldings together.
 */
export function exploreFoldings(network: Network, target: string, clockMhz: number, opts: ExploreOptions = {}): ExploreResult {
  const top = opts.top ?? 'siman_top';
  const search = opts.searchModes === true;
  // Plan once to learn each layer's shape, positions and mode.
  const baseModes = resolveModes(network.stages.length, search || !opts.mode ? { kind: 'all', mode: 'folded' } : opts.mode);
  const probeLower = lowerFor(opts.lower, baseModes);
  const probe = planNetwork(network, { top, fold: { kind: 'default' }, mode: modesSpec(baseModes), ...(probeLower ? { lower: probeLower } : {}) });
  const base = probe.layers.map((l) => ({ pe: l.pe, simd: l.simd }));
  // Per layer, every legal folding with its cycles per input and LUTs. A
  // layer's estimate depends only on its own folding and mode, so it is
  // measured in a plan where the other layers keep their default folding.
  const options = probe.layers.map((l, i) => {
    const modes: LayerMode[] = search ? ['folded', 'hardwired'] : [l.mode];
    const list: Candidate[] = [];
    for (const mode of modes) {
      const simds = mode === 'hardwired' ? [l.in] : divisors(l.in);
      for (const pe of divisors(l.out)) {
        for (const simd of simds) {
          const folds = base.map((b, j) => (j === i ? { pe, simd } : b));
          const plan = planFor(network, top, folds, baseModes.map((m, j) => (j === i ? mode : m)), opts.lower);
          const e = estimatePlan(plan, target).layers[i]!;
          const u = estimateLayerUnits(plan.layers[i]!, target);
          const luts = e.mvu.luts + (u.window?.counts.luts ?? 0) + (u.pool?.counts.luts ?? 0);
          const lp = plan.layers[i]!;
          list.push({ f: { pe, simd }, mode, cycles: lp.iiCycles * lp.positions, latency: lp.latencyCycles, luts });
        }
      }
    }
    return list;
  });
  const targets = [...new Set(options.flatMap((o) => o.map((x) => x.cycles)))].sort((a, b) => a - b);
  const seen = new Map<string, ExplorePoint>();
  for (const t of targets) {
    const picks: Candidate[] = [];
    for (const o of options) {
      let best: Candidate | null = null;
      for (const x of o) {
        if (x.cycles > t) continue;
        if (best === null || betterPick(x, best)) best = x;
      }
      if (best === null) break;
      picks.push(best);
    }
    if (picks.length !== options.length) continue;
    const folds = picks.map((p) => p.f);
    const modes = picks.map((p) => p.mode);
    const key = `${formatFolds(folds)}|${formatModes(modes)}`;
    if (seen.has(key)) continue;
    seen.set(key, explorePoint(network, target, clockMhz, folds, modes, { top, ...(opts.lower ? { lower: opts.lower } : {}) }));
  }
  const visited = [...seen.values()];
  return { target, clockMhz, visited, front: paretoFront(visited) };
}

/** A `--fold auto:KEY=N` budget. */
export interface FoldBudget {
  key: 'fps' | 'luts' | 'ii';
  value: number;
}

const BUDGET_HINT = "format: --fold auto:fps=N (smallest design reaching N vectors/s), auto:luts=N (fastest design within N LUTs) or auto:ii=N (smallest design with II ≤ N cycles)";

/** Parse `auto:fps=N` / `auto:luts=N` / `auto:ii=N`; null for any other fold text (E_FOLD on a malformed auto: form). */
export function parseFoldBudget(text: string | undefined): FoldBudget | null {
  const t = text?.trim() ?? '';
  if (!t.startsWith('auto:')) return null;
  const m = /^auto:(fps|luts|ii)=(\d+(?:\.\d+)?)$/.exec(t);
  if (!m || !(Number(m[2]) > 0)) fail('E_FOLD', `bad --fold budget '${t}'`, undefined, { hint: BUDGET_HINT });
  return { key: m[1] as FoldBudget['key'], value: Number(m[2]) };
}

function describe(p: ExplorePoint): string {
  return `${p.fold}${p.mode === 'folded' ? '' : ` with --mode ${p.mode}`} (II ${p.iiCycles} cycles, ${p.vectorsPerSecond.toPrecision(4)} vectors/s, ~${p.resources.luts} LUTs)`;
}

/**
 * The front point a budget asks for: for fps / ii the fewest LUTs among the
 * points fast enough; for luts the smallest II among the points that fit
 * (ties: fewer LUTs). Infeasible → E_FOLD naming the closest feasible point.
 */
export function chooseFold(r: ExploreResult, budget: FoldBudget): ExplorePoint {
  const { key, value } = budget;
  const ok = (p: ExplorePoint): boolean =>
    key === 'fps' ? p.vectorsPerSecond >= value : key === 'ii' ? p.iiCycles <= value : p.resources.luts <= value;
  const feasible = r.front.filter(ok);
  if (feasible.length === 0) {
    // Fastest point for a speed budget, smallest for a LUT budget (the front always has both).
    const closest = key === 'luts' ? r.front.reduce((a, b) => (b.resources.luts < a.resources.luts ? b : a)) : r.front[0]!;
    const what = key === 'fps' ? `${value} vectors/s at ${r.clockMhz} MHz` : key === 'ii' ? `II ≤ ${value} cycles` : `${value} LUTs on ${r.target}`;
    fail('E_FOLD', `no folding reaches --fold auto:${key}=${value} (${what})`, undefined, { hint: `closest feasible point: ${describe(closest)}` });
  }
  const better = key === 'luts'
    ? (a: ExplorePoint, b: ExplorePoint): boolean => a.iiCycles < b.iiCycles || (a.iiCycles === b.iiCycles && a.resources.luts < b.resources.luts)
    : (a: ExplorePoint, b: ExplorePoint): boolean => a.resources.luts < b.resources.luts || (a.resources.luts === b.resources.luts && a.iiCycles < b.iiCycles);
  return feasible.reduce((a, b) => (better(b, a) ? b : a));
}

/** One-line description of a chosen point, as design commands print it. */
export function describePoint(p: ExplorePoint): string {
  return describe(p);
}
