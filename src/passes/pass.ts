/**
 * Pass framework. A pass is a pure function from model to model: it never
 * mutates its input (unchanged layers and tensors may be shared by
 * reference, since nobody mutates them either), and it reports one line of
 * what it did.
 */
import type { Model } from '../ir/model.js';

/** Options shared by every pass of a pipeline run. */
export interface PassContext {
  /** Called with the model after each pass (for `--dump-ir`). */
  dump?(passName: string, model: Model): void;
  /** Called with each pass's summary line, `"<name>: <summary>"`. */
  log?(line: string): void;
}

/** Result of one pass. */
export interface PassResult {
  model: Model;
  /** False when the output is equivalent to the input (nothing to do). */
  changed: boolean;
  /** One human-readable line, e.g. "folded 2 batchnorms into thresholds". */
  summary: string;
}

export interface Pass {
  /** Literal kebab-case name, also used for dump file names. */
  name: string;
  /** One-line description of what the pass does. */
  description: string;
  run(model: Model, ctx: PassContext): PassResult;
}

/** Outcome of {@link runPasses}. */
export interface PipelineResult {
  model: Model;
  /** One line per pass, `"<name>: <summary>"`, in run order. */
  summaries: string[];
  /** Names of the passes that changed the model. */
  changed: string[];
}

/**
 * Run `passes` in order, each on the previous one's output. Calls
 * `ctx.dump` after every pass (changed or not, so a dump directory always
 * has one file per pass).
 */
export function runPasses(model: Model, passes: readonly Pass[], ctx: PassContext = {}): PipelineResult {
  let current = model;
  const summaries: string[] = [];
  const changed: string[] = [];
  for (const pass of passes) {
    const result = pass.run(current, ctx);
    current = result.model;
    const line = `${pass.name}: ${result.summary}`;
    summaries.push(line);
    ctx.log?.(line);
    if (result.changed) changed.push(pass.name);
    ctx.dump?.(pass.name, current);
  }
  return { model: current, summaries, changed };
}
