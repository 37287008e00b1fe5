/**
 * Collects the problems found while loading a model or an input file, so
 * the user sees all of them at once (up to a cap) instead of one per run.
 */
import { UserError, type Diagnostic } from '../diagnostics.js';

/** Most diagnostics reported for one file; the rest are counted in a note. */
export const MAX_DIAGNOSTICS = 20;

/** A capped list of diagnostics. */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  private dropped = 0;

  constructor(readonly cap: number = MAX_DIAGNOSTICS) {}

  /** Record a problem (silently counted once the cap is reached). */
  add(d: Diagnostic): void {
    if (this.list.length < this.cap) this.list.push(d);
    else this.dropped++;
  }

  /** Record every diagnostic of a {@link UserError}; rethrow anything else. */
  catch(e: unknown): void {
    if (e instanceof UserError) e.diagnostics.forEach((d) => this.add(d));
    else throw e;
  }

  /** True once the cap is reached: further checks are pointless. */
  get full(): boolean {
    return this.list.length >= this.cap;
  }

  get count(): number {
    return this.list.length;
  }

  /** Throw a {@link UserError} carrying everything collected, if anything was. */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const list = this.list.slice();
    if (this.dropped > 0) {
      const last = list[list.length - 1]!;
      list[list.length - 1] = { ...last, notes: [...last.notes, `${this.dropped} more problem(s) not shown (limit ${this.cap})`] };
    }
    throw new UserError(list);
  }
}
