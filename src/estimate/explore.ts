/**
 * Design-space search over foldings: for every pipeline II a folding can
 * reach, each layer takes the folding with the fewest estimated LUTs whose
 * own cycles per input stay within that II (layers are independent for
 * LUTs; the pipeline II is the slowest layer's). Each candidate is planned
 * again with planNetwork, so II and latency are the planner's exact cycles,
 * and estimated with the analytic model. The Pareto front keeps the points
 * no other visited point beats on LUTs, II and latency at once.
 */
import type { Network } from '../ir/network.js';
import { planNetwork, type Plan } from '../plan/plan.js';
import { divisors, type Folding } from '../plan/folding.js';
import { formatFolds, parseFoldSpec } from '../plan/fold-spec.js';
import type { ModeSpec } from '../plan/mode-spec.js';
import type { LowerSpec } from '../plan/lower-spec.js';
import { fail } from '../diagnostics.js';
import { estimatePlan } from './analytic.js';
import { addDesignCounts, type DesignCounts } from './design-estimate.js';
import { estimateLayerUnits } from './window-estimate.js';

/** One visited folding with its exact cycles and estimated resources. */
export interface ExplorePoint {
  /** The fold spec, as `--fold` takes it. */
  fold: string;
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

/** The non-dominated subset of `points`, ordered by II then LUTs then fold text. */
export function paretoFront(points: readonly ExplorePoint[]): ExplorePoint[] {
  const front = points.filter((p) => !points.some((q) => dominates(q, p)));
  return front.sort((a, b) => a.iiCycles - b.iiCycles || a.resources.luts - b.resources.luts || (a.fold < b.fold ? -1 : a.fold > b.fold ? 1 : 0));
}

function planFor(network: Network, top: string, folds: readonly Folding[], mode: ModeSpec | undefined, lower: LowerSpec | undefined): Plan {
  return planNetwork(network, { top, fold: parseFoldSpec(formatFolds(folds)), ...(mode ? { mode } : {}), ...(lower ? { lower } : {}) });
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
 * Search the foldings of `network` for `target` at `clockMhz`. A hardwired
 * layer (from `mode`) keeps SIMD = fan-in and varies only PE.
 */
export function exploreFoldings(network: Network, target: string, clockMhz: number, opts: { top?: string; mode?: ModeSpec; lower?: LowerSpec } = {}): ExploreResult {
  const top = opts.top ?? 'siman_top';
  // Plan once to learn each layer's shape, positions and mode.
  const probe = planNetwork(network, { top, fold: { kind: 'default' }, ...(opts.mode ? { mode: opts.mode } : {}), ...(opts.lower ? { lower: opts.lower } : {}) });
  const cost = new Map<string, number>();
  const layerCost = (plan: Plan, i: number): number => {
    const l = plan.layers[i]!;
    const key = `${i}:${l.pe},${l.simd}`;
    let c = cost.get(key);
    if (c === undefined) {
      const e = estimatePlan(plan, target).layers[i]!;
      const u = estimateLayerUnits(l, target);
      c = e.mvu.luts + (u.window?.counts.luts ?? 0) + (u.pool?.counts.luts ?? 0);
      cost.set(key, c);
    }
    return c;
  };
  // Per layer, every legal folding with its cycles per input and LUTs. A
  // layer's MVU estimate depends only on its own folding, so it is measured
  // in a plan where the other layers keep their default folding.
  const base = probe.layers.map((l) => ({ pe: l.pe, simd: l.simd }));
  const options = probe.layers.map((l, i) => {
    const simds = l.mode === 'hardwired' ? [l.in] : divisors(l.in);
    const list: Array<{ f: Folding; cycles: number; luts: number }> = [];
    for (const pe of divisors(l.out)) {
      for (const simd of simds) {
        const folds = base.map((b, j) => (j === i ? { pe, simd } : b));
        const plan = planFor(network, top, folds, opts.mode, opts.lower);
        list.push({ f: { pe, simd }, cycles: plan.layers[i]!.iiCycles * plan.layers[i]!.positions, luts: layerCost(plan, i) });
      }
    }
    return list;
  });
  const targets = [...new Set(options.flatMap((o) => o.map((x) => x.cycles)))].sort((a, b) => a - b);
  const seen = new Map<string, ExplorePoint>();
  for (const t of targets) {
    const folds: Folding[] = [];
    for (const o of options) {
      let best: { f: Folding; cycles: number; luts: number } | null = null;
      for (const x of o) {
        if (x.cycles > t) continue;
        // Fewest LUTs; ties towards fewer cycles, then larger SIMD.
        if (best === null || x.luts < best.luts || (x.luts === best.luts && (x.cycles < best.cycles || (x.cycles === best.cycles && x.f.simd > best.f.simd)))) best = x;
      }
      if (best === null) break;
      folds.push(best.f);
    }
    if (folds.length !== options.length) continue;
    const fold = formatFolds(folds);
    if (seen.has(fold)) continue;
    const plan = planFor(network, top, folds, opts.mode, opts.lower);
    seen.set(fold, {
      fold,
      iiCycles: plan.iiCycles,
      latencyCycles: plan.latencyCycles,
      vectorsPerSecond: (clockMhz * 1e6) / plan.iiCycles,
      resources: resourcesOf(plan, target),
    });
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
  return `${p.fold} (II ${p.iiCycles} cycles, ${p.vectorsPerSecond.toPrecision(4)} vectors/s, ~${p.resources.luts} LUTs)`;
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
